/**
 * The module store (generator/module-store.ts): a run into an output folder
 * with the cache on takes the files of every module whose fingerprint is
 * unchanged from that folder instead of making them, in a new process too;
 * the package is byte for byte what a run without any cache writes, and the
 * store is used only when it is provably this generator's record and every
 * file reads back as recorded. (Which inputs a module's files depend on is
 * the fingerprint's business, the same for a session: test/session.test.ts
 * proves it after every kind of change.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, tempDir, treeHash } from "./helpers/cli";
import { writeOutput } from "../generator/index";
import { EVEREST_TREE, defsInputs, everestInputs, type Inputs } from "./helpers/run-inputs";
import { CACHE_DIR, cacheMac } from "../generator/job-cache";
import { MODULE_STORE_NAME } from "../generator/module-store";
import { EMITTERS, type JobEmitter } from "../generator/emit/emitters";
import type { ValidatorJob } from "../generator/emit/validators/compile";
import { inBothThreadModes } from "./helpers/thread-modes";

process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = tempDir("etg-store-secret-");


/** `inputs` with a comment appended to the interface file (in defs/, each type file refers to the other, so a change to either remakes both). */
function withComment(inputs: Inputs): Inputs {
  const interfaces = inputs.options.interfaces!.map((f) => ({ ...f, content: Buffer.from(`${String(f.content)}# added by the test\n`) }));
  return { ...inputs, options: { ...inputs.options, interfaces } };
}

/** The package a run with no cache at all writes for `inputs` (the cache folder aside, which it has none of). */
async function fresh(inputs: Inputs): Promise<Record<string, string>> {
  const out = path.join(tempDir("etg-store-fresh-"), "out");
  await writeOutput(out, inputs.types, { ...inputs.options, cache: false });
  return treeHash(out);
}

function packageOf(out: string): Record<string, string> {
  return Object.fromEntries(Object.entries(treeHash(out)).filter(([p]) => !p.startsWith(`${CACHE_DIR}/`)));
}

async function run(out: string, inputs: Inputs) {
  const r = await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.modules!;
}

const storeFile = (out: string): string => path.join(out, CACHE_DIR, MODULE_STORE_NAME);

describe("module store", () => {
  inBothThreadModes(() => {
    test("an unchanged tree is taken whole from the folder; after a change only what depends on it is made; the same bytes as without a cache", async () => {
      const out = path.join(tempDir("etg-store-"), "out");
      const inputs = defsInputs();
      const first = await run(out, inputs);
      expect(first.stored).toBe(0);
      expect(first.made).toBeGreaterThan(0);
      expect(fs.existsSync(storeFile(out))).toBe(true);
      // Nothing changed: no module's files are made.
      const again = await run(out, inputs);
      expect(again).toEqual({ reused: 0, stored: first.made, made: 0 });
      expect(packageOf(out)).toEqual(await fresh(inputs));
      // The interface's bytes changed: its files are made, the type files' taken.
      const changed = withComment(inputs);
      const after = await run(out, changed);
      expect(after.made).toBeGreaterThan(0);
      expect(after.stored).toBeGreaterThan(0);
      expect(after.made + after.stored).toBe(first.made);
      expect(packageOf(out)).toEqual(await fresh(changed));
      // A description changed in a type file: the interface reaching it shows it in its declarations, so its files are made again too.
      const described = { ...changed, types: changed.types.map((f) => (f.path.endsWith("/ocpp.yaml") ? { ...f, content: Buffer.from(String(f.content).replace(/description: /, "description: Changed by the test. ")) } : f)) };
      await run(out, described);
      expect(packageOf(out)).toEqual(await fresh(described));
    });

    test("a file edited, replaced by a link, or removed in the folder is made again, not taken", async () => {
      const out = path.join(tempDir("etg-store-edit-"), "out");
      const inputs = defsInputs();
      const first = await run(out, inputs);
      const expected = packageOf(out);
      fs.appendFileSync(path.join(out, "docs", "ocpp.md"), "\nedited\n");
      const elsewhere = path.join(tempDir("etg-store-link-"), "ocpp.json");
      fs.copyFileSync(path.join(out, "schemas", "ocpp.json"), elsewhere);
      fs.rmSync(path.join(out, "schemas", "ocpp.json"));
      // The very bytes, but through a link: never read through.
      fs.symlinkSync(elsewhere, path.join(out, "schemas", "ocpp.json"));
      fs.rmSync(path.join(out, "docs", "ocpp.txt"));
      const r = await run(out, inputs);
      expect(r.made).toBe(3);
      expect(r.stored).toBe(first.made - 3);
      expect(packageOf(out)).toEqual(expected);
    });

    test("a forged record, or one of another generator, is not used", async () => {
      const out = path.join(tempDir("etg-store-forged-"), "out");
      const inputs = defsInputs();
      const first = await run(out, inputs);
      const expected = packageOf(out);
      const [header, payload] = splitRecord(fs.readFileSync(storeFile(out), "utf8"));
      // Payload changed, old HMAC: refused.
      const docs = path.join(out, "docs", "ocpp.md");
      const forgedText = `${fs.readFileSync(docs, "utf8")}\nforged\n`;
      const forgedHash = require("node:crypto").createHash("sha256").update(forgedText).digest("hex") as string;
      const entries = JSON.parse(payload) as { generator: string; entries: Record<string, [string, [string, string][]]> };
      for (const e of Object.values(entries.entries)) for (const f of e[1]) if (f[0] === "docs/ocpp.md") f[1] = forgedHash;
      fs.writeFileSync(docs, forgedText);
      fs.writeFileSync(storeFile(out), `${header}\n${JSON.stringify(entries)}`);
      expect(await run(out, inputs)).toEqual({ reused: 0, stored: 0, made: first.made });
      expect(packageOf(out)).toEqual(expected);
      // Signed with the right secret but naming another generator: refused too.
      const [, good] = splitRecord(fs.readFileSync(storeFile(out), "utf8"));
      const other = JSON.stringify({ ...JSON.parse(good), generator: "0".repeat(64) });
      const secret = fs.readFileSync(path.join(process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"]!, "job-cache.key"), "utf8").trim();
      fs.writeFileSync(storeFile(out), `${JSON.stringify({ key: "everest-typegen module store 2", hmac: cacheMac(secret, "everest-typegen module store 2", other) })}\n${other}`);
      expect(await run(out, inputs)).toEqual({ reused: 0, stored: 0, made: first.made });
      // The test can tell: the same record signed with the right secret is used.
      fs.writeFileSync(storeFile(out), `${JSON.stringify({ key: "everest-typegen module store 2", hmac: cacheMac(secret, "everest-typegen module store 2", good) })}\n${good}`);
      expect(await run(out, inputs)).toEqual({ reused: 0, stored: first.made, made: 0 });
    });

    test("an unchanged module's validator job is looked up by its recorded key, unmade; one whose cache entry is gone is made and compiled", async () => {
      const out = path.join(tempDir("etg-store-jobs-"), "out");
      const inputs = defsInputs();
      const validators = EMITTERS.find((e) => e.name === "validators") as JobEmitter<ValidatorJob>;
      const made = jest.spyOn(validators, "moduleJob");
      try {
        const first = await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
        const modules = first.model!.modules.length;
        expect(made).toHaveBeenCalledTimes(modules);
        made.mockClear();
        // Nothing changed: no job is made, every one is a cache hit.
        const again = await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
        expect(made).not.toHaveBeenCalled();
        expect(again.cache).toEqual({ hits: modules, misses: 0 });
        expect(packageOf(out)).toEqual(await fresh(inputs));
        // The interface changed: only its job is made (a comment changes none of its validators, so it is found in the cache).
        const changed = withComment(inputs);
        made.mockClear();
        const after = await writeOutput(out, changed.types, { ...changed.options, cache: true });
        expect(made.mock.calls.map(([m]) => m.path)).toEqual(["interfaces/ocpp.yaml"]);
        expect(after.cache).toEqual({ hits: modules, misses: 0 });
        made.mockClear();
        // Every cache entry removed: each known job misses, and is made and compiled; the package is the same.
        for (const name of fs.readdirSync(path.join(out, CACHE_DIR))) if (name.endsWith(".json")) fs.rmSync(path.join(out, CACHE_DIR, name));
        const gone = await writeOutput(out, changed.types, { ...changed.options, cache: true });
        expect(made).toHaveBeenCalledTimes(modules);
        expect(gone.cache).toEqual({ hits: 0, misses: modules });
        expect(packageOf(out)).toEqual(await fresh(changed));
        expect(fs.readdirSync(path.join(out, CACHE_DIR)).filter((n) => n.endsWith(".json"))).toHaveLength(modules);
        // And recorded again: the next run makes none.
        made.mockClear();
        await writeOutput(out, changed.types, { ...changed.options, cache: true });
        expect(made).not.toHaveBeenCalled();
      } finally {
        made.mockRestore();
      }
    });
  });

  test("a run in a new process with nothing changed takes every file, whole-package files included, and never loads ts-morph", async () => {
    const out = path.join(tempDir("etg-store-noop-"), "out");
    // The compiled generator, as the CLI runs it, each run in a process of its own (the store names the generator's
    // hash, and this process runs its TypeScript sources).
    const script = `
      const api = require(${JSON.stringify(path.join(ROOT, "dist", "generator", "index.js"))});
      const read = (d) => api.readDefs(require("node:path").join(${JSON.stringify(path.join(ROOT, "defs"))}, d));
      api.writeOutput(process.argv[1], read(""), { interfaces: read("interfaces"), errors: read("errors"), cache: true }).then((r) => {
        const tsMorph = Object.keys(require.cache).some((k) => k.includes("/node_modules/ts-morph/"));
        process.stdout.write(JSON.stringify({ modules: r.modules, tsMorph }));
      });`;
    const generateAlone = (): { modules: { reused: number; stored: number; made: number }; tsMorph: boolean } => {
      const r = spawnSync(process.execPath, ["-e", script, out], { encoding: "utf8", env: process.env });
      expect(r.stderr).toBe("");
      return JSON.parse(r.stdout);
    };
    const first = generateAlone();
    expect(first.tsMorph).toBe(true);
    const expected = packageOf(out);
    expect(generateAlone()).toEqual({ modules: { reused: 0, stored: first.modules.made, made: 0 }, tsMorph: false });
    expect(packageOf(out)).toEqual(expected);
  });

  test("without the cache no record is written or read", async () => {
    const out = path.join(tempDir("etg-store-nocache-"), "out");
    const inputs = defsInputs();
    await run(out, inputs);
    const r = await writeOutput(out, inputs.types, { ...inputs.options, cache: false });
    expect(r.modules).toBeUndefined();
    expect(fs.existsSync(path.join(out, CACHE_DIR))).toBe(false);
  });
});

const hasTree = fs.existsSync(path.join(EVEREST_TREE, "types"));
if (!hasTree) console.log(`module store: EVerest tree test skipped, no tree at ${EVEREST_TREE} (set EVEREST_DIR)`);
(hasTree ? describe : describe.skip)("EVerest's tree", () => {
  test("after a type file changed, only the modules that depend on it are made, and the package is the one without a cache", async () => {
    const inputs = everestInputs();
    const out = path.join(tempDir("etg-store-ev-"), "out");
    const first = await run(out, inputs);
    const types = inputs.types.map((f) => (f.path.endsWith("/evse_manager.yaml") ? { ...f, content: Buffer.from(`${String(f.content)}  AddedByTest:\n    description: A type added by the test\n    type: string\n`) } : f));
    const changed: Inputs = { ...inputs, types };
    const after = await run(out, changed);
    // The type file and the modules reaching it: a few of 107 modules, for each emitter.
    expect(after.made).toBeGreaterThan(0);
    expect(after.made).toBeLessThan(first.made / 5);
    expect(after.stored + after.made).toBe(first.made);
    expect(packageOf(out)).toEqual(await fresh(changed));
  }, 120_000);
});

function splitRecord(text: string): [string, string] {
  const nl = text.indexOf("\n");
  return [text.slice(0, nl), text.slice(nl + 1)];
}
