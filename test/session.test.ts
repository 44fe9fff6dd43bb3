/**
 * Sessions (generator/session.ts): runs that reuse what the last run of the
 * same process made (the files of modules a change cannot touch, the YAML
 * trees of unchanged files, the output folder's unchanged files by hard
 * link) give byte for byte what a run without a session gives, after every
 * kind of change; and the reuse really happens, or these tests would prove
 * nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, tempDir, treeHash } from "./helpers/cli";
import { createSession, generate, readDefs, writeOutput, type GenerateSession, type InputFile, type ModelOptions } from "../generator/index";
import { DiagnosticBag } from "../generator/diagnostics";
import { newLoadBudget } from "../generator/limits";
import { ParseMemo } from "../generator/load/parse-memo";
import { readYamlFile } from "../generator/load/read-yaml-file";
import { CACHE_DIR } from "../generator/job-cache";
import { indexAgain } from "./helpers/reindex";
import { inBothThreadModes } from "./helpers/thread-modes";

process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = tempDir("etg-session-secret-");

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");

interface Inputs {
  readonly types: InputFile[];
  readonly options: ModelOptions;
}

const defsInputs = (): Inputs => ({
  types: readDefs(path.join(ROOT, "defs")),
  options: { interfaces: readDefs(path.join(ROOT, "defs", "interfaces")), errors: readDefs(path.join(ROOT, "defs", "errors")) },
});

/** `inputs` with the file whose path ends with `suffix` changed by `change` (it must exist). */
function edit(inputs: Inputs, suffix: string, change: (text: string) => string): Inputs {
  let found = 0;
  const apply = (files: readonly InputFile[] | undefined): InputFile[] | undefined =>
    files?.map((f) => {
      if (!f.path.endsWith(suffix)) return f;
      found++;
      return { ...f, content: change(String(f.content)) };
    });
  const out: Inputs = {
    types: apply(inputs.types)!,
    options: {
      ...inputs.options,
      ...(inputs.options.interfaces ? { interfaces: apply(inputs.options.interfaces)! } : {}),
      ...(inputs.options.errors ? { errors: apply(inputs.options.errors)! } : {}),
      ...(inputs.options.api ? { api: apply(inputs.options.api)! } : {}),
    },
  };
  if (found !== 1) throw new Error(`test setup: ${suffix} matched ${found} files`);
  return out;
}

/**
 * A run without the session and one with it, compared. Both keep their
 * validators in one cache folder, which changes no byte (test/cache.test.ts)
 * and spares compiling them twice.
 */
async function sameAsFresh(session: GenerateSession, inputs: Inputs, cacheDir: string): Promise<{ reused: number; made: number }> {
  const fresh = await generate(inputs.types, { ...inputs.options, cache: { dir: cacheDir } });
  const withSession = await generate(inputs.types, { ...inputs.options, session, cache: { dir: cacheDir } });
  expect(withSession.diagnostics).toEqual(fresh.diagnostics);
  expect(withSession.files.map((f) => f.path)).toEqual(fresh.files.map((f) => f.path));
  for (let i = 0; i < fresh.files.length; i++) {
    if (withSession.files[i]!.content !== fresh.files[i]!.content) throw new Error(`${fresh.files[i]!.path} differs from a run without the session`);
  }
  return { reused: session.last.reused, made: session.last.made };
}

describe("defs/: every kind of change gives what a run without the session gives", () => {
  inBothThreadModes(() => {
    test("types, interfaces, errors, package settings, a broken file and back", async () => {
      const session = createSession();
      const cache = tempDir("etg-session-cache-");
      let inputs = defsInputs();
      const first = await sameAsFresh(session, inputs, cache);
      expect(first.reused).toBe(0);
      // Nothing changed: everything reused.
      expect(await sameAsFresh(session, inputs, cache)).toEqual({ reused: first.made, made: 0 });
      // A type appended. (In defs/ every module refers to, or is referred to by, every other, so all are made again;
      // EVerest's tree below shows the reuse.)
      inputs = edit(inputs, "display_message.yaml", (t) => `${t}  SessionProbe:\n    description: Added by the session test\n    type: string\n`);
      expect((await sameAsFresh(session, inputs, cache)).made).toBeGreaterThan(0);
      // A format no module used before: every module's validator job holds the run's formats (its context).
      inputs = edit(inputs, "display_message.yaml", (t) => `${t}  SessionProbeUri:\n    description: Added by the session test\n    type: string\n    format: uri\n`);
      await sameAsFresh(session, inputs, cache);
      // A description changed in a type file, then in the interface.
      inputs = edit(inputs, "defs/ocpp.yaml", (t) => t.replace(/description: /, "description: Changed by the session test. "));
      await sameAsFresh(session, inputs, cache);
      // The interface, and the error file it raises from.
      inputs = edit(inputs, "interfaces/ocpp.yaml", (t) => t.replace(/description: /, "description: Changed by the session test. "));
      await sameAsFresh(session, inputs, cache);
      inputs = edit(inputs, "errors/generic.yaml", (t) => `${t}  - name: SessionProbeError\n    description: Added by the session test\n`);
      await sameAsFresh(session, inputs, cache);
      // A broken file: errors, no files; then mended.
      const broken = edit(inputs, "display_message.yaml", (t) => `${t}  Broken: [\n`);
      const failed = await generate(broken.types, { ...broken.options, session });
      expect(failed.model).toBeUndefined();
      await sameAsFresh(session, inputs, cache);
      // Other package settings reach every module: nothing is reused.
      const renamed = { ...inputs, options: { ...inputs.options, package: { name: "@acme/session-probe" } } };
      expect((await sameAsFresh(session, renamed, cache)).reused).toBe(0);
    }, 120_000);

    test("a new type file, and one removed", async () => {
      const session = createSession();
      const cache = tempDir("etg-session-cache-");
      const base = defsInputs();
      await sameAsFresh(session, base, cache);
      const added = { ...base, types: [...base.types, { path: "defs/session_probe.yaml", content: "description: Added by the session test\ntypes:\n  Probe:\n    description: A probe\n    type: integer\n" }] };
      await sameAsFresh(session, added, cache);
      await sameAsFresh(session, base, cache);
    }, 60_000);
  });
});

describe("writeOutput with a session: unchanged files are linked from the folder, only when provably what was written", () => {
  const ino = (file: string): bigint => fs.lstatSync(file, { bigint: true }).ino;
  /** A tree's hashes but the cache folder's. */
  const strip = (t: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(t).filter(([p]) => !p.startsWith(`${CACHE_DIR}/`)));

  /** defs/'s package written with the cache into `out`, and indexed again once no file of it is racy; `expected`: its tree. */
  const indexedRun = async (out: string): Promise<{ inputs: Inputs; expected: Record<string, string> }> => {
    const inputs = defsInputs();
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
    // The index again, a clock tick after the run: a file written in the tick the index was made in is racy and never
    // vouched for (write/stat-index.ts), and on a fast machine the run's last files can be.
    await new Promise((r) => setTimeout(r, 30));
    expect(indexAgain(out)).toBeDefined();
    return { inputs, expected: treeHash(out) };
  };

  /** A session that has written defs/'s package into a new folder `out` once; `expected`: that package as a run without a session writes it. */
  const firstRun = async (): Promise<{ session: GenerateSession; out: string; inputs: Inputs; expected: Record<string, string> }> => {
    const session = createSession();
    const out = path.join(tempDir("etg-session-out-"), "gen");
    const plain = tempDir("etg-session-plain-");
    const inputs = defsInputs();
    await writeOutput(plain, inputs.types, inputs.options);
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true, session });
    return { session, out, inputs, expected: treeHash(plain) };
  };

  test("linked when unchanged; written anew when edited in place, replaced, or a link", async () => {
    const { session, out, inputs, expected } = await firstRun();
    const readme = path.join(out, "README.md");
    const schema = path.join(out, "schemas", "ocpp.json");
    const dts = path.join(out, "ocpp.d.ts");
    const before = { readme: ino(readme), schema: ino(schema), dts: ino(dts) };
    // Edited in place, size kept: the same inode, so only its change time tells.
    const text = fs.readFileSync(readme, "utf8");
    fs.writeFileSync(readme, text.replace(/[a-z]/, "#"));
    // Replaced by a copy with the very same bytes: another file, not the one written.
    const copy = `${schema}.copy`;
    fs.copyFileSync(schema, copy);
    fs.renameSync(copy, schema);
    const replaced = ino(schema);
    // A link in place of a file.
    const elsewhere = path.join(tempDir("etg-session-elsewhere-"), "x.d.ts");
    fs.writeFileSync(elsewhere, fs.readFileSync(dts));
    fs.rmSync(dts);
    fs.symlinkSync(elsewhere, dts);
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true, session });
    const tree = strip(treeHash(out));
    expect(tree).toEqual(expected);
    expect(fs.lstatSync(dts).isSymbolicLink()).toBe(false);
    expect(ino(schema)).not.toBe(replaced);
    expect(ino(readme)).not.toBe(before.readme);
    // Everything else was linked: the same inodes as before.
    const others = ["ocpp.js", "display_message.d.ts", "docs/ocpp.md", "package.json"].map((p) => path.join(out, p));
    const inodes = others.map(ino);
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true, session });
    expect(others.map(ino)).toEqual(inodes);
    // The old tree is removed after the run returns; once that is done, nothing but the output is left beside it.
    await session.removing;
    expect(fs.readdirSync(path.dirname(out))).toEqual(["gen"]);
    expect(strip(treeHash(out))).toEqual(expected);
  }, 60_000);

  test("a file edited after the swap, before the run's record is taken, is written anew, never linked", async () => {
    const { session, out, inputs, expected } = await firstRun();
    // The second run keeps its old tree and records its files once that is removed, after it returns.
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true, session });
    // Edited now, before the old tree is gone and the record taken: the record must not vouch for these bytes.
    const dts = path.join(out, "ocpp.d.ts");
    fs.appendFileSync(dts, "// edited by hand\n");
    await session.removing;
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true, session });
    await session.removing;
    const tree = strip(treeHash(out));
    expect(tree).toEqual(expected);
    expect(fs.readFileSync(dts, "utf8")).not.toContain("edited by hand");
  }, 60_000);

  test("without a session, the folder's stat index vouches for what may be linked; without the cache nothing is", async () => {
    const out = path.join(tempDir("etg-session-out-"), "gen");
    const { inputs, expected } = await indexedRun(out);
    const linked = path.join(out, "ocpp.js");
    const edited = path.join(out, "ocpp.d.ts");
    const first = { linked: ino(linked), edited: ino(edited) };
    // An edit in place after the index was made: not vouched for any more.
    await new Promise((r) => setTimeout(r, 20));
    const text = fs.readFileSync(edited, "utf8");
    fs.writeFileSync(edited, text.replace(/[a-z]/, "#"));
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
    expect(ino(linked)).toBe(first.linked);
    expect(ino(edited)).not.toBe(first.edited);
    expect(strip(treeHash(out))).toEqual(strip(expected));
    // --no-cache: no index is read, every file is written.
    const before = ino(linked);
    await writeOutput(out, inputs.types, inputs.options);
    expect(ino(linked)).not.toBe(before);
    expect(strip(treeHash(out))).toEqual(strip(expected));
  }, 60_000);

  test("a forged stat index vouches for nothing", async () => {
    const out = path.join(tempDir("etg-session-out-"), "gen");
    const inputs = defsInputs();
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
    const index = path.join(out, CACHE_DIR, "stat-index");
    const text = fs.readFileSync(index, "utf8");
    // One digit of the first identity line changed: the HMAC no longer matches.
    fs.writeFileSync(index, text.replace(/\n(\d)/, (_m, d: string) => `\n${(Number(d) + 1) % 10}`));
    const file = path.join(out, "ocpp.js");
    const first = ino(file);
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
    expect(ino(file)).not.toBe(first);
  }, 60_000);

  test("a folder moved out and linked back: its files are written anew, never linked from outside, and those outside are left alone", async () => {
    const work = tempDir("etg-session-moved-");
    const out = path.join(work, "gen");
    const { inputs, expected } = await indexedRun(out);
    // The docs moved elsewhere and linked back: each file keeps the identity the stat index recorded.
    const site = path.join(work, "site");
    fs.mkdirSync(site);
    fs.renameSync(path.join(out, "docs"), path.join(site, "docs"));
    fs.symlinkSync(path.join(site, "docs"), path.join(out, "docs"));
    const outside = path.join(site, "docs", "ocpp.md");
    const before = { ino: ino(outside), text: fs.readFileSync(outside, "utf8"), linked: ino(path.join(out, "ocpp.js")) };
    await writeOutput(out, inputs.types, { ...inputs.options, cache: true });
    expect(fs.lstatSync(path.join(out, "docs")).isDirectory()).toBe(true);
    expect(ino(path.join(out, "docs", "ocpp.md"))).not.toBe(before.ino);
    // The file outside is the user's as it was: one link, its bytes.
    expect(fs.lstatSync(outside).nlink).toBe(1);
    expect(fs.readFileSync(outside, "utf8")).toBe(before.text);
    // The rest of the folder is still linked: the same inode as before the run.
    expect(ino(path.join(out, "ocpp.js"))).toBe(before.linked);
    expect(strip(treeHash(out))).toEqual(strip(expected));
  }, 60_000);
});

describe("the YAML trees of a session (load/parse-memo.ts)", () => {
  const file: InputFile = { path: "defs/probe.yaml", content: "description: A probe\ntypes:\n  A:\n    type: string\n" };

  test("taken again for the same bytes, charged to the budget as the parse was", () => {
    const memo = new ParseMemo();
    let parses = 0;
    const read = (f: InputFile, d: DiagnosticBag, b: ReturnType<typeof newLoadBudget>) => (parses++, readYamlFile(f, d, b));
    const b1 = newLoadBudget();
    const t1 = memo.read("yaml", read, file, new DiagnosticBag(), b1);
    memo.finish();
    const b2 = newLoadBudget();
    const t2 = memo.read("yaml", read, file, new DiagnosticBag(), b2);
    memo.finish();
    expect(parses).toBe(1);
    expect(t2).toBe(t1);
    expect({ bytes: b2.bytes, nodes: b2.nodes, chars: b2.chars }).toEqual({ bytes: b1.bytes, nodes: b1.nodes, chars: b1.chars });
    // Other bytes, or another reader: parsed.
    memo.read("yaml", read, { ...file, content: `${file.content}\n` }, new DiagnosticBag(), newLoadBudget());
    memo.read("api", read, file, new DiagnosticBag(), newLoadBudget());
    expect(parses).toBe(3);
  });

  test("not taken when the budget left is smaller than the parse took, nor kept when the parse reported anything", () => {
    const memo = new ParseMemo();
    let parses = 0;
    const read = (f: InputFile, d: DiagnosticBag, b: ReturnType<typeof newLoadBudget>) => (parses++, readYamlFile(f, d, b));
    memo.read("yaml", read, file, new DiagnosticBag(), newLoadBudget());
    memo.finish();
    const tight = newLoadBudget();
    tight.nodes = 1;
    const diags = new DiagnosticBag();
    expect(memo.read("yaml", read, file, diags, tight)).toBeUndefined();
    expect(parses).toBe(2);
    expect(diags.count).toBeGreaterThan(0);
    memo.finish();
    const bad: InputFile = { path: "defs/bad.yaml", content: "types: [\n" };
    for (let i = 0; i < 2; i++) {
      const d = new DiagnosticBag();
      memo.read("yaml", read, bad, d, newLoadBudget());
      expect(d.count).toBeGreaterThan(0);
      memo.finish();
    }
    expect(parses).toBe(4);
  });
});

const hasTree = fs.existsSync(path.join(TREE, "types"));
if (!hasTree) console.log(`session: EVerest tree test skipped, no tree at ${TREE} (set EVEREST_DIR)`);
(hasTree ? describe : describe.skip)("EVerest's tree", () => {
  test("after a change to a type file, an interface, an error file and an API spec: what a run without the session gives", async () => {
    const read = (sub: string): InputFile[] => readDefs(path.join(TREE, sub));
    let inputs: Inputs = {
      types: read("types"),
      options: { interfaces: read("interfaces"), errors: read("errors"), api: read(path.join("docs", "source", "reference", "EVerest_API")) },
    };
    const session = createSession();
    const cache = tempDir("etg-session-ev-cache-");
    await sameAsFresh(session, inputs, cache);
    const steps: [string, (t: string) => string][] = [
      ["types/evse_manager.yaml", (t) => `${t}\n  SessionProbe:\n    description: Added by the session test\n    type: string\n`],
      // A new ref into a file nothing referred to from here: that file's docs page now lists who uses the type.
      ["types/evse_manager.yaml", (t) => `${t}\n  SessionProbeRef:\n    description: Added by the session test\n    type: object\n    properties:\n      t:\n        $ref: /temperature#/Temperature\n`],
      ["interfaces/ISO15118_charger.yaml", (t) => `${t}\n# changed by the session test\n`],
      ["errors/evse_manager.yaml", (t) => `${t}\n# changed by the session test\n`],
      ["EVerest_API/powermeter_API.yaml", (t) => `${t}\n# changed by the session test\n`],
    ];
    for (const [file, change] of steps) {
      inputs = edit(inputs, file, change);
      const used = await sameAsFresh(session, inputs, cache);
      expect(used.reused).toBeGreaterThan(used.made);
    }
  }, 300_000);
});
