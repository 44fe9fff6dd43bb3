/**
 * The check store (generator/load/check-store.ts): a run in a new process
 * takes the checks of the input files whose bytes are unchanged from the
 * output folder's cache, and judges and writes exactly what a run without
 * it does: the same files, the same reports in the same order, the same
 * budget drawn. A record that is damaged, forged, a link, or made by another
 * generator is ignored and written anew; a result that is not plain data is
 * never kept; the record holds only the last run's files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { ROOT, copyDir, runCli, tempDir, treeHash } from "./helpers/cli";
import { copyOfEverestTree } from "./helpers/shared-trees";
import { EVEREST_API_FOLDER, modelOptions, readInputsOrFail } from "../generator/cli/read-input";
import { MANIFEST_PATH, createSession, generate, readDefs, writeOutput, type InputFile, type ModelOptions } from "../generator/index";
import { CACHE_DIR, readSignedBytes, writeSigned } from "../generator/job-cache";
import { knownFinding, redosFinding, rememberFinding } from "../generator/check/redos";
import { CHECK_KIND, CHECK_STORE_NAME, bytesToCheck, decodeEntries, encodeEntries, openCheckStore } from "../generator/load/check-store";
import { DiagnosticBag } from "../generator/diagnostics";
import * as readYamlFileModule from "../generator/load/read-yaml-file";
import { LIMITS, newLoadBudget } from "../generator/limits";

// The cache's HMAC secret in a folder of this test's own (the CLI runs below inherit it).
const SECRET_DIR = tempDir("etg-checks-secret-");
process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = SECRET_DIR;

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const hasTree = fs.existsSync(path.join(TREE, "types"));

const defs = (): InputFile[] => readDefs(path.join(ROOT, "defs"));
const options = (): ModelOptions => ({ interfaces: readDefs(path.join(ROOT, "defs", "interfaces")), errors: readDefs(path.join(ROOT, "defs", "errors")) });
const INPUTS = (): number => defs().length + (options().interfaces?.length ?? 0) + (options().errors?.length ?? 0);
const POS = { file: "types/a.yaml", line: 1, col: 1 };

/** The tree without the cache folder: what the package is. */
function packageTree(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(treeHash(dir)).filter(([p]) => !p.startsWith(`${CACHE_DIR}/`)));
}

/** The package and its manifest, but the generator's hash: the CLI's tree is made by dist/, these tests' by the sources. */
function packageAnyGenerator(dir: string): unknown {
  const { [MANIFEST_PATH]: _manifest, ...files } = packageTree(dir);
  const { generator: _generator, ...manifest } = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_PATH), "utf8")) as Record<string, unknown>;
  return { files, manifest };
}

/** defs/ with one type added to display_message.yaml. */
function changedDefs(): InputFile[] {
  return defs().map((f) => (f.path.endsWith("display_message.yaml") ? { ...f, content: `${f.content}  ChecksProbe:\n    description: A type the check store test adds\n    type: string\n` } : f));
}

describe("writeOutput with the cache", () => {
  test("a second run takes every unchanged file's check, and writes and reports what a run without the cache does", async () => {
    const out = path.join(tempDir("etg-checks-"), "gen");
    const plainOut = path.join(tempDir("etg-checks-plain-"), "gen");
    const first = await writeOutput(out, defs(), { ...options(), cache: true });
    expect(first.checks).toEqual({ taken: 0, checked: INPUTS() });
    expect(fs.lstatSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME)).isFile()).toBe(true);
    const second = await writeOutput(out, changedDefs(), { ...options(), cache: true });
    expect(second.checks).toEqual({ taken: INPUTS() - 1, checked: 1 });
    const plain = await writeOutput(plainOut, changedDefs(), options());
    expect(plain.checks).toBeUndefined();
    expect(packageTree(out)).toEqual(packageTree(plainOut));
    expect(second.diagnostics).toEqual(plain.diagnostics);
    // Nothing changed: every check is taken.
    const third = await writeOutput(out, changedDefs(), { ...options(), cache: true });
    expect(third.checks).toEqual({ taken: INPUTS(), checked: 0 });
    expect(packageTree(out)).toEqual(packageTree(plainOut));
  });

  test("a check that reported warnings reports them again, in the same order among the run's reports", async () => {
    // Two files with warnings (keywords with no effect on their type), around one without.
    const files: InputFile[] = [
      { path: "defs/a.yaml", content: "description: File A\ntypes:\n  A:\n    description: Type A\n    type: string\n    maxLength: 3\n    minimum: 2\n" },
      { path: "defs/b.yaml", content: "description: File B\ntypes:\n  B:\n    description: Type B\n    type: string\n" },
      { path: "defs/c.yaml", content: "description: File C\ntypes:\n  C:\n    description: Type C\n    type: integer\n    maxLength: 4\n" },
    ];
    const out = path.join(tempDir("etg-checks-warn-"), "gen");
    const first = await writeOutput(out, files, { cache: true });
    expect(first.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["defs/a.yaml W101", "defs/c.yaml W101"]);
    const second = await writeOutput(out, files, { cache: true });
    expect(second.checks).toEqual({ taken: 3, checked: 0 });
    expect(second.diagnostics).toEqual(first.diagnostics);
  });

  test("a damaged, truncated, forged or linked record, or one of another generator, is ignored and written anew", async () => {
    const out = path.join(tempDir("etg-checks-bad-"), "gen");
    await writeOutput(out, defs(), { ...options(), cache: true });
    const record = path.join(out, CACHE_DIR, CHECK_STORE_NAME);
    const good = fs.readFileSync(record);
    const nl = good.indexOf(0x0a);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10] = (flipped[flipped.length - 10]! + 1) % 256;
    const header = JSON.parse(good.toString("utf8", 0, nl)) as { key: string; hmac: string };
    const cases: [string, (file: string) => void][] = [
      ["a byte of a result changed", (f) => fs.writeFileSync(f, flipped)],
      ["truncated", (f) => fs.writeFileSync(f, good.subarray(0, good.length - 100))],
      ["no header", (f) => fs.writeFileSync(f, good.subarray(nl + 1))],
      ["an HMAC made without the secret", (f) => fs.writeFileSync(f, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, hmac: "0".repeat(64) })}\n`), good.subarray(nl + 1)]))],
      ["another generator's or node's tag", (f) => fs.writeFileSync(f, Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, key: `${header.key}x` })}\n`), good.subarray(nl + 1)]))],
      ["garbage", (f) => fs.writeFileSync(f, "not a record\n\u0000\u0001")],
      [
        "a link to a good record",
        (f) => {
          const elsewhere = path.join(tempDir("etg-checks-link-"), "checks");
          fs.writeFileSync(elsewhere, good);
          fs.rmSync(f);
          fs.symlinkSync(elsewhere, f);
        },
      ],
      ["a folder", (f) => (fs.rmSync(f), fs.mkdirSync(f))],
    ];
    for (const [what, damage] of cases) {
      damage(record);
      const run = await writeOutput(out, defs(), { ...options(), cache: true });
      expect([what, run.checks]).toEqual([what, { taken: 0, checked: INPUTS() }]);
      expect(fs.lstatSync(record).isFile()).toBe(true);
      // Written anew: the next run takes every check from it.
      const next = await writeOutput(out, defs(), { ...options(), cache: true });
      expect([what, next.checks]).toEqual([what, { taken: INPUTS(), checked: 0 }]);
    }
  });

  test("the record holds only the last run's files; none without the cache, nor from a session's later runs, which keep their checks in memory", async () => {
    const dir = tempDir("etg-checks-grow-");
    const out = path.join(dir, "gen");
    const only = (name: string): InputFile[] => defs().filter((f) => f.path.endsWith(name));
    await writeOutput(out, only("display_message.yaml"), { cache: true });
    const sizeOne = fs.statSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME)).size;
    const entriesOne = recordEntries(out);
    await writeOutput(out, [...only("display_message.yaml"), ...only("ocpp.yaml")], { cache: true });
    await writeOutput(out, only("display_message.yaml"), { cache: true });
    expect(fs.statSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME)).size).toBe(sizeOne);
    const bare = path.join(dir, "bare");
    await writeOutput(bare, defs());
    expect(fs.existsSync(path.join(bare, CACHE_DIR))).toBe(false);
    // A session's first run into a folder reads and writes the record as a run without one does; its later runs keep
    // their checks in memory, and carry the folder's record on as it is (the next test).
    const session = createSession();
    const watched = await writeOutput(path.join(dir, "watched"), only("display_message.yaml"), { cache: true, session });
    expect(watched.checks).toEqual({ taken: 0, checked: 1 });
    // The same entries (V8 may serialize the same values in other bytes: the session's are frozen).
    expect(recordEntries(path.join(dir, "watched"))).toEqual(entriesOne);
    const record = fs.readFileSync(path.join(dir, "watched", CACHE_DIR, CHECK_STORE_NAME));
    const later = await writeOutput(path.join(dir, "watched"), [...only("display_message.yaml"), ...only("ocpp.yaml")], { cache: true, session });
    await session.removing;
    expect(later.checks).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, "watched", CACHE_DIR, CHECK_STORE_NAME))).toEqual(record);
  });

  test("a session's first run into a folder takes the checks of its record; its next run takes them from the session, and both write what runs without either do", async () => {
    const out = path.join(tempDir("etg-checks-watch-first-"), "gen");
    await writeOutput(out, defs(), { ...options(), cache: true });
    const session = createSession();
    const first = await writeOutput(out, defs(), { ...options(), cache: true, session });
    // A watch's first run: every file's check from the folder's record, none read.
    expect(first.checks).toEqual({ taken: INPUTS(), checked: 0 });
    await session.removing;
    const plainFirst = await writeOutput(path.join(tempDir("etg-checks-watch-first-plain-"), "gen"), defs(), options());
    expect(first.diagnostics).toEqual(plainFirst.diagnostics);
    // Its next run, after one file changed: the others' checks come from the session, as the objects the first run
    // took from the record, so only the changed file is read as YAML (without the session's key by bytes, every file was).
    const reads = jest.spyOn(readYamlFileModule, "readYamlFile");
    let second: Awaited<ReturnType<typeof writeOutput>>;
    try {
      second = await writeOutput(out, changedDefs(), { ...options(), cache: true, session });
      await session.removing;
      expect(reads.mock.calls.map(([file]) => file.path)).toEqual([changedDefs().find((f) => f.path.endsWith("display_message.yaml"))!.path]);
    } finally {
      reads.mockRestore();
    }
    expect(second.checks).toBeUndefined();
    const plainOut = path.join(tempDir("etg-checks-watch-first-plain-"), "gen");
    const plain = await writeOutput(plainOut, changedDefs(), options());
    expect(packageTree(out)).toEqual(packageTree(plainOut));
    expect(second.diagnostics).toEqual(plain.diagnostics);
  });

  test("a session's runs carry the folder's record on: a run in a new process after a watch takes every check unchanged since", async () => {
    const out = path.join(tempDir("etg-checks-carried-"), "gen");
    await writeOutput(out, defs(), { ...options(), cache: true });
    const record = fs.readFileSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME));
    // Two runs of a watch, the second after a change: each tree has the record the folder held, as it was.
    const session = createSession();
    await writeOutput(out, defs(), { ...options(), cache: true, session });
    await writeOutput(out, changedDefs(), { ...options(), cache: true, session });
    // The session's old tree goes after the run returns (its stat index after that): gone before the next run.
    await session.removing;
    expect(fs.readFileSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME))).toEqual(record);
    // The next run without the session (a new process): only the file changed during the watch is checked.
    const after = await writeOutput(out, changedDefs(), { ...options(), cache: true });
    expect(after.checks).toEqual({ taken: INPUTS() - 1, checked: 1 });
    const plainOut = path.join(tempDir("etg-checks-carried-plain-"), "gen");
    const plain = await writeOutput(plainOut, changedDefs(), options());
    expect(packageTree(out)).toEqual(packageTree(plainOut));
    expect(after.diagnostics).toEqual(plain.diagnostics);
    // A link in the record's place is not carried, and the next run checks every file.
    const elsewhere = path.join(tempDir("etg-checks-carried-link-"), "checks");
    fs.copyFileSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME), elsewhere);
    fs.rmSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME));
    fs.symlinkSync(elsewhere, path.join(out, CACHE_DIR, CHECK_STORE_NAME));
    await writeOutput(out, changedDefs(), { ...options(), cache: true, session });
    await session.removing;
    expect(fs.existsSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME))).toBe(false);
    const through = await writeOutput(out, changedDefs(), { ...options(), cache: true });
    expect(through.checks).toEqual({ taken: 0, checked: INPUTS() });
  });
});

describe("generate() with a cache folder", () => {
  test("keeps the checks there too, and a second call takes them; the files are those of a call without it", async () => {
    const dir = path.join(tempDir("etg-checks-api-"), "cache");
    const plain = await generate(changedDefs(), options());
    const cold = await generate(defs(), { ...options(), cache: { dir } });
    const warm = await generate(changedDefs(), { ...options(), cache: { dir } });
    expect(cold.checks).toEqual({ taken: 0, checked: INPUTS() });
    expect(warm.checks).toEqual({ taken: INPUTS() - 1, checked: 1 });
    expect(warm.files).toEqual(plain.files);
    expect(warm.diagnostics).toEqual(plain.diagnostics);
    expect(plain.checks).toBeUndefined();
  });
});

describe("openCheckStore", () => {
  const file: InputFile = { path: "defs/a.yaml", content: "description: A\n" };
  const saved = (dir: string, run: (store: ReturnType<typeof openCheckStore>) => void): void => {
    const store = openCheckStore(dir, "1".repeat(64));
    run(store);
    store.save(dir);
  };

  test("a result is taken again with its reports and charges only where the same bytes were checked, and only when the budget allows", () => {
    const dir = tempDir("etg-checks-unit-");
    saved(dir, (store) =>
      store.run("types", file, new DiagnosticBag(), newLoadBudget(), () => {
        return { checked: true, list: [1, -0, undefined, "x"] };
      }),
    );
    const diags = new DiagnosticBag();
    const budget = newLoadBudget();
    let ran = 0;
    const store = openCheckStore(dir, "1".repeat(64));
    const again: unknown = store.run("types", file, diags, budget, () => ++ran);
    expect(ran).toBe(0);
    expect(again).toEqual({ checked: true, list: [1, -0, undefined, "x"] });
    expect(Object.is((again as { list: unknown[] }).list[1], -0)).toBe(true);
    // Other bytes, another path or another kind: checked.
    store.run("types", { ...file, content: "description: B\n" }, diags, budget, () => ++ran);
    store.run("types", { ...file, path: "defs/b.yaml" }, diags, budget, () => ++ran);
    store.run("interface", file, diags, budget, () => ++ran);
    expect(ran).toBe(3);
    expect(store.counts()).toEqual({ taken: 1, checked: 3 });
  });

  test("holds: what run would take, by kind, path and bytes; bytesToCheck counts the bytes of the rest", () => {
    const dir = tempDir("etg-checks-holds-");
    const iface: InputFile = { path: "interfaces/i.yaml", content: new TextEncoder().encode("description: I\n") };
    saved(dir, (store) => {
      store.run(CHECK_KIND.types, file, new DiagnosticBag(), newLoadBudget(), () => "checked");
      store.run(CHECK_KIND.interfaces, iface, new DiagnosticBag(), newLoadBudget(), () => "checked");
    });
    const store = openCheckStore(dir, "1".repeat(64));
    expect(store.holds(CHECK_KIND.types, file)).toBe(true);
    expect(store.holds(CHECK_KIND.interfaces, iface)).toBe(true);
    const other: InputFile = { ...file, content: "description: B\n" };
    expect([store.holds(CHECK_KIND.types, other), store.holds(CHECK_KIND.types, { ...file, path: "defs/b.yaml" }), store.holds(CHECK_KIND.errors, file)]).toEqual([false, false, false]);
    // Asking takes nothing and checks nothing: the counts are run's alone.
    expect(store.counts()).toEqual({ taken: 0, checked: 0 });
    const api: InputFile = { path: "EVerest_API/x_API.yaml", content: "x".repeat(1000) };
    expect(bytesToCheck([file, other], { interfaces: [iface], api: [api] }, store)).toBe(other.content.length + 1000);
    // Without a store, every byte: a string's in UTF-16 units, an array's bytes.
    expect(bytesToCheck([file, other], { interfaces: [iface], api: [api] })).toBe(file.content.length + other.content.length + (iface.content as Uint8Array).byteLength + 1000);
    // A store that holds nothing (another secret reads no record).
    expect(bytesToCheck([file], {}, openCheckStore(dir, "2".repeat(64)))).toBe(file.content.length);
    // ... is asked without hashing: the file's bytes are not even read.
    let reads = 0;
    const counted = {
      path: file.path,
      get content(): string {
        reads++;
        return "description: A\n";
      },
    };
    expect([openCheckStore(undefined, "1".repeat(64)).holds(CHECK_KIND.types, counted), openCheckStore(dir, "2".repeat(64)).holds(CHECK_KIND.types, counted), reads]).toEqual([false, false, 0]);
    expect(store.holds(CHECK_KIND.types, counted)).toBe(true);
    expect(reads).toBe(1);
  });

  test("reports and charges are made again exactly; too little budget left means the file is checked", () => {
    const dir = tempDir("etg-checks-charges-");
    saved(dir, (store) =>
      store.run("types", file, new DiagnosticBag(), newLoadBudget(), () => {
        return "checked";
      }),
    );
    const recorded = tempDir("etg-checks-charges2-");
    saved(recorded, (store) => {
      const diags = new DiagnosticBag();
      const budget = newLoadBudget();
      store.run("types", file, diags, budget, () => {
        budget.nodes -= 11;
        budget.chars -= 5;
        diags.warning("W999", POS, "reported by the check");
        return "checked";
      });
    });
    const diags = new DiagnosticBag();
    const budget = newLoadBudget();
    expect(openCheckStore(recorded, "1".repeat(64)).run("types", file, diags, budget, () => "ran")).toBe("checked");
    expect(diags.all()).toEqual([{ severity: "warning", code: "W999", message: "reported by the check", ...POS }]);
    expect(budget.nodes).toBe(newLoadBudget().nodes - 11);
    expect(budget.chars).toBe(newLoadBudget().chars - 5);
    const poor = { ...newLoadBudget(), nodes: 10 };
    expect(openCheckStore(recorded, "1".repeat(64)).run("types", file, new DiagnosticBag(), poor, () => "ran")).toBe("ran");
  });

  test("a result is recorded as the check gave it, whatever a later step does to it", () => {
    const dir = tempDir("etg-checks-later-");
    saved(dir, (store) => {
      const value = store.run("types", file, new DiagnosticBag(), newLoadBudget(), () => ({ items: ["a"] }))!;
      value.items.push("changed later");
    });
    expect(openCheckStore(dir, "1".repeat(64)).run("types", file, new DiagnosticBag(), newLoadBudget(), () => ({ items: [] }))).toEqual({ items: ["a"] });
  });

  test("a record made under other bounds (../limits.ts) is not read", () => {
    const dir = tempDir("etg-checks-limits-");
    saved(dir, (store) => store.run("types", file, new DiagnosticBag(), newLoadBudget(), () => "checked"));
    const limits = LIMITS as Record<keyof typeof LIMITS, number>;
    const before = limits.maxEnumValues;
    limits.maxEnumValues = before - 1;
    try {
      expect(openCheckStore(dir, "1".repeat(64)).run("types", file, new DiagnosticBag(), newLoadBudget(), () => "ran")).toBe("ran");
    } finally {
      limits.maxEnumValues = before;
    }
    expect(openCheckStore(dir, "1".repeat(64)).run("types", file, new DiagnosticBag(), newLoadBudget(), () => "ran")).toBe("checked");
  });

  test("results that are not plain data, or whose check ran out of budget, are not kept; another secret reads nothing", () => {
    const dir = tempDir("etg-checks-plain-");
    class Checked {
      readonly x = 1;
    }
    const accessor = Object.defineProperty({}, "x", { get: () => 1, enumerable: true });
    const kept = ["class", "getter", "function", "exhausted", "fine"];
    saved(dir, (store) => {
      const run = (name: string, value: () => unknown, budget = newLoadBudget()): unknown => store.run("types", { ...file, path: `defs/${name}.yaml` }, new DiagnosticBag(), budget, value);
      run("class", () => ({ value: new Checked() }));
      run("getter", () => ({ value: accessor }));
      run("function", () => ({ value: () => 1 }));
      const poor = newLoadBudget();
      run("exhausted", () => ((poor.exhausted = true), "checked"), poor);
      run("fine", () => ({ shared: [POS, POS] }));
    });
    const store = openCheckStore(dir, "1".repeat(64));
    const taken = kept.filter((name) => store.run("types", { ...file, path: `defs/${name}.yaml` }, new DiagnosticBag(), newLoadBudget(), () => undefined) !== undefined);
    expect(taken).toEqual(["fine"]);
    const shared = store.run<unknown>("types", { ...file, path: "defs/fine.yaml" }, new DiagnosticBag(), newLoadBudget(), () => undefined) as { shared: unknown[] };
    // Objects shared within a result stay shared.
    expect(shared.shared[0]).toBe(shared.shared[1]);
    expect(openCheckStore(dir, "2".repeat(64)).run("types", { ...file, path: "defs/fine.yaml" }, new DiagnosticBag(), newLoadBudget(), () => "ran")).toBe("ran");
  });
});

(hasTree ? describe : describe.skip)("EVerest's tree", () => {
  test("every unchanged file's check is taken; the tree and reports are those of a run that checked everything", async () => {
    const work = tempDir("etg-checks-ev-");
    const tree = path.join(work, "tree");
    for (const sub of ["types", "interfaces", "errors", EVEREST_API_FOLDER]) {
      if (fs.existsSync(path.join(TREE, sub))) copyDir(path.join(TREE, sub), path.join(tree, sub));
    }
    const out = path.join(work, "out");
    // Global setup's tree, whose record is signed with another secret than this file's: ignored.
    expect(copyOfEverestTree(TREE, out).code).toBe(0);
    const read = (): { files: InputFile[]; options: ModelOptions; count: number } => {
      const inputs = readInputsOrFail({ defs: "defs", everest: tree, out });
      const options = modelOptions(inputs);
      return { files: inputs.defs, options, count: inputs.defs.length + (options.interfaces?.length ?? 0) + (options.errors?.length ?? 0) + (options.api?.length ?? 0) };
    };
    const original = read();
    const first = await writeOutput(out, original.files, { ...original.options, cache: true });
    expect(first.checks).toEqual({ taken: 0, checked: original.count });
    const changed = path.join(tree, "types", "evse_manager.yaml");
    fs.chmodSync(changed, 0o644);
    const text = fs.readFileSync(changed, "utf8");
    fs.appendFileSync(changed, "  ChecksProbe:\n    description: Added by the check store test\n    type: string\n");
    const probe = read();
    const second = await writeOutput(out, probe.files, { ...probe.options, cache: true });
    expect(second.checks).toEqual({ taken: original.count - 1, checked: 1 });
    fs.writeFileSync(changed, text);
    const back = await writeOutput(out, original.files, { ...original.options, cache: true });
    expect(back.checks).toEqual({ taken: original.count - 1, checked: 1 });
    // Taken checks judge and make what checking every file made: the first run's reports, and global setup's tree.
    expect(back.diagnostics).toEqual(first.diagnostics);
    const reference = path.join(work, "reference");
    copyOfEverestTree(TREE, reference);
    expect(packageAnyGenerator(out)).toEqual(packageAnyGenerator(reference));
  }, 180_000);
});

describe("the ReDoS analysis's findings in the record", () => {
  // A type file with a pattern the analysis flags (W115) and one it clears, both with repetitions: either loads its libraries.
  const REDOS_FILE = [
    "description: Patterns",
    "types:",
    "  Flagged:",
    "    description: Backtracks exponentially",
    "    type: string",
    '    pattern: "^(a+)+$"',
    "  Cleared:",
    "    description: Two digits",
    "    type: string",
    '    pattern: "^[0-9]{2}$"',
    "",
  ].join("\n");
  const probe = (n: number): string => `  Probe${n}:\n    description: Added by the test\n    type: string\n`;

  /** `generate` in a new process, and whether it loaded any of the analysis's libraries (a preload lists them as it exits). */
  function generateLoading(args: string[], dir: string): { code: number | null; stderr: string; loaded: string[] } {
    const preload = path.join(dir, "list-regex-libs.js");
    const listed = path.join(dir, "regex-libs.json");
    fs.writeFileSync(
      preload,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(listed)}, JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](refa|scslre|@eslint-community[\\\\/]regexpp)[\\\\/]/.test(k)))));\n`,
    );
    fs.rmSync(listed, { force: true });
    const r = runCli(["generate", ...args], { env: { NODE_OPTIONS: `--require ${preload}` } });
    return { code: r.code, stderr: r.stderr, loaded: JSON.parse(fs.readFileSync(listed, "utf8")) as string[] };
  }

  /** The warnings a run printed, without its summary line (which names the output folder). */
  const warnings = (stderr: string): string[] => stderr.split("\n").filter((l) => / warning W\d+: /.test(l));

  test("a changed file whose patterns were analysed before is checked without the analysis, and warns as a run without the cache does", () => {
    const dir = tempDir("etg-checks-redos-");
    const defsDir = path.join(dir, "defs");
    fs.mkdirSync(defsDir);
    const file = path.join(defsDir, "patterns.yaml");
    const other = path.join(defsDir, "other.yaml");
    fs.writeFileSync(file, REDOS_FILE);
    fs.writeFileSync(other, 'description: Other\ntypes:\n  Hex:\n    description: Hex digits\n    type: string\n    pattern: "^[a-f0-9]+$"\n');
    const out = path.join(dir, "out");
    const run = (): ReturnType<typeof generateLoading> => generateLoading(["--defs", defsDir, "--out", out], dir);
    const first = run();
    expect(first.code).toBe(0);
    expect(first.loaded.length).toBeGreaterThan(0);
    expect(warnings(first.stderr)).toEqual([expect.stringMatching(/patterns\.yaml:6:14: warning W115: `pattern` can take exponential time: "\(a\+\)\+" at index 1 /)]);

    // Only the other file changed: its pattern's finding comes from the record, and patterns.yaml's check is taken.
    fs.appendFileSync(other, probe(1));
    const otherChanged = run();
    expect([otherChanged.code, otherChanged.loaded]).toEqual([0, []]);
    // Then patterns.yaml: its findings come from the record the last run wrote, where its check was taken, not made.
    fs.appendFileSync(file, probe(2));
    const warm = run();
    const plain = generateLoading(["--no-cache", "--defs", defsDir, "--out", path.join(dir, "plain")], dir);
    expect([warm.code, plain.code]).toEqual([0, 0]);
    expect(warm.loaded).toEqual([]);
    expect(plain.loaded.length).toBeGreaterThan(0);
    expect(warnings(warm.stderr)).toEqual(warnings(plain.stderr));
    expect(warnings(warm.stderr)).toEqual(warnings(first.stderr));

    // A new repeating pattern is analysed.
    fs.appendFileSync(file, '  Fresh:\n    description: Not seen before\n    type: string\n    pattern: "^x+y$"\n');
    const fresh = run();
    expect(fresh.code).toBe(0);
    expect(fresh.loaded.length).toBeGreaterThan(0);
  });

  test("a file taken from the record keeps its patterns' findings in the next record, even once the analysis's cache has dropped them", () => {
    const dir = tempDir("etg-checks-redos-keep-");
    const secret = "3".repeat(64);
    const file: InputFile = { path: "defs/k.yaml", content: "description: K\n" };
    const pattern = "^((k1)+)+$";
    const asking = (budget: ReturnType<typeof newLoadBudget>) => (): string => {
      budget.patternsAsked?.add(pattern);
      budget.patternsSeen.add(pattern);
      return "checked";
    };
    const first = openCheckStore(undefined, secret);
    const budget = newLoadBudget();
    first.run("types", file, new DiagnosticBag(), budget, asking(budget));
    rememberFinding(pattern, redosFinding(pattern));
    first.save(dir);
    const second = openCheckStore(dir, secret);
    let ran = 0;
    const again = newLoadBudget();
    second.run("types", file, new DiagnosticBag(), again, () => (ran++, asking(again)()));
    expect(second.counts()).toEqual({ taken: 1, checked: 0 });
    // The cache empties itself when full (10,000 patterns).
    for (let i = 0; i <= 10_000 && knownFinding(pattern) !== undefined; i++) rememberFinding(`^filler${i}$`, undefined);
    expect(knownFinding(pattern)).toBeUndefined();
    const next = tempDir("etg-checks-redos-keep-next-");
    second.save(next);
    const { entries, findingsKey } = signedRecord(next, secret);
    expect(v8.deserialize(entries.get(findingsKey)!)).toEqual([[pattern, redosFinding(pattern)]]);
    expect(redosFinding(pattern)?.kind).toBe("exponential");
    expect(ran).toBe(0);
  });

  test("findings of another shape, even in a record signed with the secret, are not believed", () => {
    const dir = tempDir("etg-checks-redos-bad-");
    const secret = "2".repeat(64);
    const file: InputFile = { path: "defs/p.yaml", content: "description: P\n" };
    // A record of one file whose check asked about a pattern (found by the analysis as any check finds it).
    const store = openCheckStore(undefined, secret);
    const budget = newLoadBudget();
    store.run("types", file, new DiagnosticBag(), budget, () => {
      budget.patternsAsked?.add("^(a+)+$");
      budget.patternsSeen.add("^(a+)+$");
      return redosFinding("^(a+)+$")?.kind;
    });
    store.save(dir);
    const { tag, entries, findingsKey } = signedRecord(dir, secret);
    expect(v8.deserialize(entries.get(findingsKey)!)).toEqual([["^(a+)+$", redosFinding("^(a+)+$")]]);
    /** Opens a store on the record with `findings` in place of its findings; patterns no check of this process has asked about. */
    const primes = (findings: unknown, pattern: string): ReturnType<typeof knownFinding> => {
      entries.set(findingsKey, v8.serialize(findings));
      writeSigned(dir, CHECK_STORE_NAME, secret, tag, encodeEntries(entries), 64 * 1024 * 1024);
      openCheckStore(dir, secret);
      return knownFinding(pattern);
    };
    const made = { kind: "polynomial", reason: "made by the test", attack: '"b"×50000 + "!"', parts: { prefix: "", pump: "b", suffix: "!" } };
    expect(primes([["^(b1+)+$", made]], "^(b1+)+$")).toEqual({ finding: made });
    expect(primes([["^(b2+)+$", null]], "^(b2+)+$")).toEqual({ finding: undefined });
    const shapes: [string, (p: string) => unknown][] = [
      ["an unknown kind", (p) => [[p, { kind: "none", reason: "r", attack: "" }]]],
      ["a pair of three", (p) => [[p, null, "extra"]]],
      ["a pattern that is not a string", (p) => [[p, null], [42, null]]],
      ["an object, not pairs", (p) => ({ [p]: null })],
      ["parts that are not strings", (p) => [[p, { ...made, parts: { prefix: 1, pump: "b", suffix: "!" } }]]],
      ["no reason", (p) => [[p, { kind: "exponential", attack: "a" }]]],
    ];
    for (const [i, [what, shape]] of shapes.entries()) {
      const pattern = `^((c${i})+)+$`;
      expect([what, primes(shape(pattern), pattern)]).toEqual([what, undefined]);
    }
    // What the analysis finds is then its own.
    expect(redosFinding("^((c0)+)+$")?.kind).toBe("exponential");
  });
});

/** The entries of the check store record of the output folder `out`, deserialized (its signature unchecked). */
function recordEntries(out: string): Map<string, unknown> {
  const bytes = fs.readFileSync(path.join(out, CACHE_DIR, CHECK_STORE_NAME));
  return new Map([...decodeEntries(bytes.subarray(bytes.indexOf(0x0a) + 1))!].map(([key, value]) => [key, v8.deserialize(value) as unknown]));
}

/** The check store record in `dir`, read with `secret`: its tag (from its header), its entries, and the key of its findings (the one key that starts with NUL). */
function signedRecord(dir: string, secret: string): { tag: string; entries: Map<string, Buffer>; findingsKey: string } {
  const record = path.join(dir, CHECK_STORE_NAME);
  const bytes = fs.readFileSync(record);
  const tag = (JSON.parse(bytes.toString("utf8", 0, bytes.indexOf(0x0a))) as { key: string }).key;
  const entries = decodeEntries(readSignedBytes(record, 64 * 1024 * 1024, secret, tag)!)!;
  const findingsKey = [...entries.keys()].find((k) => k.startsWith("\u0000"))!;
  expect(findingsKey).toBeDefined();
  return { tag, entries, findingsKey };
}
