/** The CLI's two-thread generate gives exactly generate()'s output, diagnostics included. */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/cli";
import { readDefs } from "../generator/load/read-defs";
import { generate } from "../generator/index";

// The compiled module (built by the global setup): the worker thread needs compiled code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateParallel } = require(path.join(ROOT, "dist", "generator", "parallel.js")) as typeof import("../generator/parallel");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require("../bench/corpus.js") as {
  generateCorpus(o: { types: number; seed: number }): { path: string; content: string }[];
};

const strip = (r: { files: readonly { path: string; content: string }[]; diagnostics: readonly unknown[] }) => ({
  files: r.files.map((f) => [f.path, f.content]),
  diagnostics: r.diagnostics,
});

test("defs/ with its interfaces: same files, same bytes, same diagnostics", async () => {
  const files = readDefs(path.join(ROOT, "defs"));
  const interfaces = readDefs(path.join(ROOT, "defs", "interfaces")).map((f) => ({ ...f, path: `interfaces/${path.basename(f.path)}` }));
  const seq = generate(files, { interfaces });
  const par = await generateParallel(files, { interfaces });
  expect(strip(par)).toEqual(strip(seq));
  expect(par.files.some((f) => f.path.startsWith("internal/validators/"))).toBe(true);
});

test("a synthetic corpus of 300 types: same output", async () => {
  const files = generateCorpus({ types: 300, seed: 7 });
  expect(strip(await generateParallel(files))).toEqual(strip(generate(files)));
});

test("definitions with errors: the same diagnostics and no files", async () => {
  const files = [{ path: "defs/x.yaml", content: "description: x\ntypes: 3\n" }];
  const par = await generateParallel(files);
  expect(par.files).toEqual([]);
  expect(par.diagnostics).toEqual(generate(files).diagnostics);
  expect(par.diagnostics.length).toBeGreaterThan(0);
});

describe("generateStaged: files written as they are made", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateStaged } = require(path.join(ROOT, "dist", "generator", "parallel.js")) as typeof import("../generator/parallel");
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "etg-staged-"));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const sha = (s: string): string => crypto.createHash("sha256").update(s).digest("hex");

  test("a corpus of 300 types: the staging folder holds exactly generate()'s files, each listed once with its hash; commit swaps it in", async () => {
    const files = generateCorpus({ types: 300, seed: 11 });
    const out = path.join(work, "out");
    const r = await generateStaged(files, {}, out);
    expect(r.model).toBeDefined();
    const expected = generate(files).files;
    expect([...r.written!].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(expected.map((f) => [f.path, sha(f.content)]));
    for (const f of expected) expect([f.path, fs.readFileSync(path.join(r.staged!.dir, f.path), "utf8") === f.content]).toEqual([f.path, true]);
    expect(fs.existsSync(out)).toBe(false);
    r.staged!.commit();
    expect(fs.readdirSync(work)).toEqual(["out"]);
    expect(fs.readFileSync(path.join(out, expected[0]!.path), "utf8")).toBe(expected[0]!.content);
  });

  test("definitions with errors: no staging folder is made and the output folder is untouched", async () => {
    const out = path.join(work, "out");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, ".everest-typegen-manifest.json"), "{}\n");
    const r = await generateStaged([{ path: "defs/x.yaml", content: "description: x\ntypes: 3\n" }], {}, out);
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(fs.readdirSync(work)).toEqual(["out"]);
    expect(fs.readdirSync(out)).toEqual([".everest-typegen-manifest.json"]);
  });

  test("an output folder the tool did not write is refused before anything is staged", async () => {
    const out = path.join(work, "src");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "main.ts"), "keep me\n");
    await expect(generateStaged(generateCorpus({ types: 20, seed: 1 }), {}, out)).rejects.toThrow("refusing to replace a folder that everest-typegen did not write");
    expect(fs.readdirSync(work)).toEqual(["src"]);
    expect(fs.readFileSync(path.join(out, "main.ts"), "utf8")).toBe("keep me\n");
  });
});
