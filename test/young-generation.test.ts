/**
 * The CLI's generate keeps V8's young generations from growing
 * (generator/young-generation.ts): on its main thread too, after its worker
 * thread has started, whose setting up resets V8's flag. The API leaves them
 * to V8. Measured as the main thread's new space when the process exits,
 * which V8 grows to 32 MB (two semi-spaces of 16) in a generate of the
 * project's defs/ when it is let.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, ROOT, cliEnv, tempDir } from "./helpers/cli";

let work: string;
beforeEach(() => {
  work = tempDir("etg-young-");
  // Written where the test's process can read it back: the new space's size as the process exits.
  fs.writeFileSync(
    path.join(work, "new-space.js"),
    'process.on("exit", () => { const s = require("node:v8").getHeapSpaceStatistics().find((x) => x.space_name === "new_space"); require("node:fs").writeFileSync(process.env.NEW_SPACE_OUT, String(s.space_size)); });\n',
  );
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const MB = 1024 * 1024;

/** Runs node with the new-space probe and `args`; returns the main thread's new space at exit, in MB. */
function newSpaceAfter(args: readonly string[]): number {
  const out = path.join(work, "new-space.txt");
  const r = spawnSync(process.execPath, ["-r", path.join(work, "new-space.js"), ...args], { cwd: ROOT, encoding: "utf8", env: cliEnv({ NEW_SPACE_OUT: out }), timeout: 60_000 });
  expect([r.status, r.stderr]).toEqual([0, ""]);
  return Number(fs.readFileSync(out, "utf8")) / MB;
}

test("a CLI generate: the main thread's young generation stays small; through the API, V8 grows it", () => {
  const defs = path.join(ROOT, "defs");
  const cli = newSpaceAfter([BIN, "generate", "-q", "--no-cache", "--defs", defs, "--out", path.join(work, "cli")]);
  // The API in a process of its own, as an application calls it: the same run, with V8's own sizing.
  const api = newSpaceAfter(["-e", `const g = require(${JSON.stringify(path.join(ROOT, "dist", "generator", "index.js"))}); g.writeOutput(${JSON.stringify(path.join(work, "api"))}, g.readDefs(${JSON.stringify(defs)})).then((r) => { if (r.written === 0) process.exitCode = 1; });`]);
  // It may grow once or twice before the worker thread sets the flag again; V8's own sizing goes to 32 MB.
  expect(cli).toBeLessThanOrEqual(8);
  expect(api).toBeGreaterThanOrEqual(16);
});
