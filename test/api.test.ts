/**
 * The programmatic API build tools use: generate() returns the files,
 * writeOutput() writes them into an output folder safely, check() compares
 * without writing (from the manifest when it can).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_PATH, OutputFolderError, check, generate, readDefs, writeOutput, type InputFile } from "../generator/index";
import { ROOT, tempDir, treeHash } from "./helpers/cli";
import { withDiskFullAt } from "./helpers/full-disk";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require("../bench/corpus.js") as {
  generateCorpus(o: { types: number; seed: number }): { path: string; content: string }[];
};

const defs = (): InputFile[] => readDefs(path.join(ROOT, "defs"));
const BROKEN = [{ path: "defs/x.yaml", content: "description: x\ntypes: 3\n" }];
/** A type file whose only problem is a warning (W103, a property without description). */
const WARNS = [{ path: "defs/w.yaml", content: "description: Test types\ntypes:\n  A:\n    description: a\n    type: object\n    properties:\n      n:\n        type: integer\n" }];

let work: string;
beforeEach(() => {
  work = tempDir("etg-api-");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

test("generate() and check() with strict stop at the checks when there are warnings: no emitter starts, the diagnostics are the same", async () => {
  let loads = 0;
  const made: string[] = [];
  const options = { loadTsMorph: () => void loads++ };
  const strict = await generate(WARNS, { ...options, strict: true }, (f) => void made.push(f.path));
  expect([strict.files, strict.model, loads, made]).toEqual([[], undefined, 0, []]);
  const loose = await generate(WARNS, options, (f) => void made.push(f.path));
  expect(loose.diagnostics).toEqual(strict.diagnostics);
  expect(strict.diagnostics.map((d) => d.code)).toEqual(["W103"]);
  // Without strict the same run emits: the stop above is strict's doing.
  expect([loads, made.length > 0, loose.model !== undefined]).toEqual([1, true, true]);
  // check: the warnings decide, whatever the folder holds; nothing is generated to compare.
  const checked = await check(WARNS, path.join(work, "none"), { ...options, strict: true, fastPath: false });
  expect([checked.upToDate, checked.files, checked.diagnostics]).toEqual([false, [], strict.diagnostics]);
  expect(loads).toBe(1);
  // Without warnings strict changes nothing.
  const clean = await generate(defs().filter((f) => f.path.endsWith("display_message.yaml")), { strict: true });
  expect([clean.diagnostics, clean.files.length > 0]).toEqual([[], true]);
});

test("check() reports an up-to-date tree, then changed, missing and extra files, and never writes", async () => {
  const out = path.join(work, "out");
  // Without the cache: no stat index, so the manifest is not taken at its word, and the tree is generated and compared.
  await writeOutput(out, defs());
  const same = await check(defs(), out);
  expect(same).toMatchObject({ upToDate: true, confirmedByManifest: false, changed: [], missing: [], extra: [] });
  expect(same.refused).toBeUndefined();
  // The same files without the manifest: a folder generate would refuse to replace is never up to date.
  const manifest = fs.readFileSync(path.join(out, MANIFEST_PATH));
  fs.rmSync(path.join(out, MANIFEST_PATH));
  const bare = await check(defs(), out);
  expect(bare).toMatchObject({ upToDate: false, changed: [], missing: [], extra: [] });
  expect(bare.refused).toMatch(/refusing to replace a folder that everest-typegen did not write \(it has no \.everest-typegen-manifest\.json\)/);
  fs.writeFileSync(path.join(out, MANIFEST_PATH), manifest);
  fs.appendFileSync(path.join(out, "ocpp.d.ts"), "// edited\n");
  fs.rmSync(path.join(out, "docs", "ocpp.md"));
  fs.writeFileSync(path.join(out, "stray.js"), "");
  const before = treeHash(out);
  const r = await check(defs(), out);
  expect(r).toMatchObject({ upToDate: false, changed: ["ocpp.d.ts"], missing: ["docs/ocpp.md"], extra: ["stray.js"] });
  expect(r.files.find((f) => f.path === "ocpp.d.ts")!.content).toBe(fs.readFileSync(path.join(out, "ocpp.d.ts"), "utf8").replace("// edited\n", ""));
  expect(treeHash(out)).toEqual(before);
});

test("check() on broken definitions returns their errors", async () => {
  const r = await check([{ path: "defs/x.yaml", content: "description: x\n" }], work);
  expect(r.upToDate).toBe(false);
  expect(r.diagnostics.map((d) => d.code)).toContain("E013");
});

test("writeOutput() writes every file and the manifest; with the cache, check() then confirms the tree from the manifest alone, and still catches an edit", async () => {
  const out = path.join(work, "out");
  const interfaces = readDefs(path.join(ROOT, "defs", "interfaces"));
  const w = await writeOutput(out, defs(), { interfaces });
  const expected = (await generate(defs(), { interfaces })).files;
  expect(w.model).toBeDefined();
  expect(w.written).toBe(expected.length);
  expect(fs.readdirSync(work)).toEqual(["out"]);
  expect(Object.keys(treeHash(out)).sort()).toEqual([...expected.map((f) => f.path), MANIFEST_PATH].sort());
  for (const f of expected) expect([f.path, fs.readFileSync(path.join(out, f.path), "utf8") === f.content]).toEqual([f.path, true]);

  // Without the cache no stat index names the manifest as generate wrote it: it is not taken at its word, and the
  // tree is generated and compared.
  expect(await check(defs(), out, { interfaces })).toMatchObject({ upToDate: true, confirmedByManifest: false, changed: [], missing: [], extra: [] });
  // With it, the manifest is confirmed (and the files it records hashed or vouched for) without generating.
  await writeOutput(out, defs(), { interfaces, cache: true });
  expect(await check(defs(), out, { interfaces })).toMatchObject({ upToDate: true, confirmedByManifest: true, diagnostics: [], files: [] });
  // Other inputs than the manifest records: generated and compared.
  expect(await check(defs(), out)).toMatchObject({ upToDate: false, confirmedByManifest: false });
  // fastPath: false checks the definitions (and finds the tree up to date by comparing).
  expect(await check(defs(), out, { interfaces, fastPath: false })).toMatchObject({ upToDate: true, confirmedByManifest: false });
  fs.appendFileSync(path.join(out, "docs", "ocpp.txt"), "x");
  expect(await check(defs(), out, { interfaces })).toMatchObject({ upToDate: false, confirmedByManifest: false, changed: ["docs/ocpp.txt"] });
});

test("a corpus of 300 types: the folder holds exactly generate()'s files, written as they are made by both threads", async () => {
  const files = generateCorpus({ types: 300, seed: 11 });
  const out = path.join(work, "out");
  const w = await writeOutput(out, files);
  const expected = (await generate(files)).files;
  expect(w.written).toBe(expected.length);
  expect(Object.keys(treeHash(out)).sort()).toEqual([...expected.map((f) => f.path), MANIFEST_PATH].sort());
  for (const f of expected) expect([f.path, fs.readFileSync(path.join(out, f.path), "utf8") === f.content]).toEqual([f.path, true]);
});

describe("writeOutput() leaves the output folder as it was", () => {
  let out: string;
  let before: Record<string, string>;
  beforeEach(async () => {
    out = path.join(work, "out");
    await writeOutput(out, defs());
    before = treeHash(work);
  });

  test("on errors: nothing is staged", async () => {
    const w = await writeOutput(out, BROKEN);
    expect([w.written, w.model]).toEqual([0, undefined]);
    expect(w.diagnostics.length).toBeGreaterThan(0);
    expect(treeHash(work)).toEqual(before);
  });

  test("on warnings with strict: the staging folder is removed", async () => {
    const w = await writeOutput(out, WARNS, { strict: true });
    expect([w.written, w.model]).toEqual([0, undefined]);
    expect(w.diagnostics.map((d) => d.code)).toEqual(["W103"]);
    expect(treeHash(work)).toEqual(before);
    expect(fs.readdirSync(work)).toEqual(["out"]);
    // Without strict, the same definitions are written.
    expect((await writeOutput(out, WARNS)).written).toBeGreaterThan(0);
  });

  test("on a failure half-way through (a file that cannot be written): no leftovers", async () => {
    await expect(withDiskFullAt(5, () => writeOutput(out, generateCorpus({ types: 300, seed: 3 })))).rejects.toThrow("ENOSPC");
    expect(treeHash(work)).toEqual(before);
    expect(fs.readdirSync(work)).toEqual(["out"]);
  });

  test("a folder the tool did not write, or a file, is refused before anything is written", async () => {
    const mine = path.join(work, "src");
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, "main.ts"), "keep me\n");
    const mineBefore = treeHash(work);
    await expect(writeOutput(mine, defs())).rejects.toThrow(OutputFolderError);
    await expect(writeOutput(path.join(mine, "main.ts"), defs())).rejects.toThrow(OutputFolderError);
    expect(treeHash(work)).toEqual(mineBefore);
    expect(fs.readdirSync(work).sort()).toEqual(["out", "src"]);
  });
});
