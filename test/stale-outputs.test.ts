/**
 * scripts/stale-outputs.js, which the build uses to remove what tsc compiled
 * earlier from sources since deleted or renamed: exactly those files, never
 * an output whose source is there, a file of another kind or anything in a
 * skipped folder.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { staleOutputs } = require("../scripts/stale-outputs.js") as { staleOutputs(sourceDir: string, outDir: string, skip?: string[]): string[] };

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "etg-stale-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function files(root: string, rels: string[]): void {
  for (const rel of rels) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), "x");
  }
}

test("the compiled files of sources that are gone, and nothing else", () => {
  const src = path.join(tmp, "generator");
  const out = path.join(tmp, "dist");
  files(src, ["a.ts", "cli/b.ts", "cli/c.d.ts", "emit/d.ts", "x.y.ts"]);
  files(out, [
    // compiled from sources that are there
    "a.js",
    "a.d.ts",
    "a.js.map",
    "cli/b.js",
    "cli/b.d.ts",
    "emit/d.js",
    "x.y.js",
    // compiled from sources that are gone
    "gone.js",
    "gone.d.ts",
    "gone.js.map",
    "gone.d.ts.map",
    "cli/renamed.js",
    "cli/renamed.d.ts",
    "old/deep/e.js",
    // not tsc's kinds of output
    "notes.txt",
    "data.json",
    "cli/.build-stamp.json",
    // a folder the build fills by other means
    "emit/runtime/assets/runtime.js",
    "emit/runtime/assets/runtime.d.ts",
  ]);
  expect(staleOutputs(src, out, [path.join("emit", "runtime", "assets")])).toEqual(
    ["cli/renamed.d.ts", "cli/renamed.js", "gone.d.ts", "gone.d.ts.map", "gone.js", "gone.js.map", "old/deep/e.js"].map((p) => p.split("/").join(path.sep)),
  );
});

test("a link or folder named like an output is not a stale file, and a missing output folder has none", () => {
  const src = path.join(tmp, "generator");
  const out = path.join(tmp, "dist");
  files(src, ["a.ts"]);
  fs.mkdirSync(path.join(out, "folder.js"), { recursive: true });
  fs.symlinkSync(path.join(src, "a.ts"), path.join(out, "link.js"));
  expect(staleOutputs(src, out)).toEqual([]);
  expect(staleOutputs(src, path.join(tmp, "none"))).toEqual([]);
});
