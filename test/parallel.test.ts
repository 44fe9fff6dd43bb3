/** The CLI's two-thread generate gives exactly generate()'s output, diagnostics included. */
import * as path from "node:path";
import { ROOT } from "./helpers/cli";
import { readDefs } from "../generator/write/read-defs";
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
