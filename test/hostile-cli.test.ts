/**
 * Hostile input at the command line: nothing is lost and every failure is a
 * clean message.
 *
 * - `check` and `validate` never write: the whole work folder (the output
 *   folder and everything beside it) hashes the same before and after, in
 *   every outcome (up to date, drift, broken definitions, missing output,
 *   valid, invalid and unreadable data).
 * - `generate` replaces only a tree it wrote: `--out` naming a folder of the
 *   user's (or a file) is refused before anything is written, and a failed
 *   write leaves the previous tree as it was.
 * - Every failure exits 2 and prints `file:line:col: error CODE: message`
 *   lines, or one `everest-typegen: ...` line (commander's `error: ...` for
 *   usage), never a stack trace; `--debug` adds the stack of an internal
 *   error. Text from definitions and data cannot break a message into more
 *   lines or reach the terminal as escape sequences.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, copyDir, runCli, tempDir, treeHash } from "./helpers/cli";
import { copyOfDefsTree, generatedOnce } from "./helpers/shared-trees";
import { MANIFEST_PATH, OutputFolderError, readDefs, writeOutput } from "../generator/index";
import { withDiskFullAt } from "./helpers/full-disk";

const DEFS = path.join(ROOT, "defs");
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;
const DIAGNOSTIC = /^[^\s:][^:]*:\d+:\d+: (error|warning) [EW]\d{3}: \S.*$/;
const ONE_LINE = /^everest-typegen: \S.*$/;
/** A type file that generates with no warning. */
const A_FILE = "description: Test types\ntypes:\n  A:\n    description: a\n    type: string\n";
/** An output folder as generate left it for a defs folder of A_FILE: generated on first use, copied from then on. */
const earlierOutput = generatedOnce({ "a.yaml": A_FILE });
afterAll(() => earlierOutput.remove());

/** Exit 2, stdout empty, every stderr line a diagnostic or a one-line message, no stack trace. */
function expectClean(r: { code: number | null; stdout: string; stderr: string }, label: string): void {
  const lines = r.stderr.replace(/\n$/, "").split("\n");
  const bad = lines.filter((l) => !DIAGNOSTIC.test(l) && !ONE_LINE.test(l));
  expect({ label, code: r.code, bad, stack: STACK_TRACE.test(r.stderr) }).toEqual({ label, code: 2, bad: [], stack: false });
  expect(lines.length).toBeGreaterThan(0);
}

let work: string;
let out: string;
beforeEach(() => {
  work = tempDir("etg-hostile-cli-");
  out = path.join(work, "generated");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function defsWith(files: Record<string, string | Uint8Array>): string {
  const dir = path.join(work, "defs");
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

describe("check and validate never write", () => {
  beforeEach(() => {
    // A copy of the tree generate wrote once for the run: these tests are about check and validate.
    copyOfDefsTree(out);
    // A leftover of a killed run beside the output: check must not clean it up either (only generate does).
    fs.mkdirSync(path.join(work, "generated.old-99999999"));
    fs.writeFileSync(path.join(work, "generated.old-99999999", "x"), "old");
  });

  test("check in every outcome: up to date (fast path and full), drift, broken defs, a missing output folder", () => {
    const runs: [string, string[], number][] = [
      ["up to date", ["check", "--defs", DEFS, "--out", out], 0],
      ["missing output", ["check", "--defs", DEFS, "--out", path.join(work, "absent")], 1],
    ];
    for (const [label, args, code] of runs) {
      const before = treeHash(work);
      expect({ label, code: runCli(args).code }).toEqual({ label, code });
      expect(treeHash(work)).toEqual(before);
    }
    expect(fs.existsSync(path.join(work, "absent"))).toBe(false);

    // Drift: an edited file, and an edited manifest (no fast path).
    fs.appendFileSync(path.join(out, "docs", "ocpp.txt"), "edited\n");
    fs.writeFileSync(path.join(out, MANIFEST_PATH), "{}");
    let before = treeHash(work);
    expect(runCli(["check", "--defs", DEFS, "--out", out]).code).toBe(1);
    expect(treeHash(work)).toEqual(before);

    const broken = path.join(work, "broken");
    copyDir(DEFS, broken);
    fs.writeFileSync(path.join(broken, "ocpp.yaml"), "description: [\n");
    before = treeHash(work);
    const r = runCli(["check", "--defs", broken, "--out", out]);
    expectClean(r, "check with broken defs");
    expect(treeHash(work)).toEqual(before);
  });

  test("validate in every outcome: valid, invalid, unknown type, invalid JSON, unreadable file, standard input", () => {
    const good = path.join(work, "good.json");
    const bad = path.join(work, "bad.json");
    fs.writeFileSync(good, JSON.stringify({ content: "hi", format: "UTF8" }));
    fs.writeFileSync(bad, '{"__proto__": {"polluted": true}, "content": 1}');
    const runs: [string[], string | undefined, number][] = [
      [["validate", "display_message/MessageContent", good, "--out", out], undefined, 0],
      [["validate", "display_message/MessageContent", bad, "--out", out], undefined, 1],
      [["validate", "display_message/Nope", good, "--out", out], undefined, 2],
      [["validate", "display_message/MessageContent", "--out", out], "{ nope", 2],
      [["validate", "display_message/MessageContent", path.join(work, "absent.json"), "--out", out], undefined, 2],
      [["validate", "/display_message#/MessageContent", "-", "--out", out], '{"content":"x"}', 0],
    ];
    for (const [args, input, code] of runs) {
      const before = treeHash(work);
      const r = runCli(args, input === undefined ? {} : { input });
      expect({ args, code: r.code }).toEqual({ args, code });
      if (code === 2) expectClean(r, args.join(" "));
      expect(treeHash(work)).toEqual(before);
    }
  });
});

describe("generate replaces only a tree it wrote", () => {
  test("--out naming a folder of the user's, the current folder, or a file is refused; nothing is written or removed", () => {
    const defs = defsWith({ "a.yaml": A_FILE });
    const mine = path.join(work, "src");
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, "keep.ts"), "precious\n");
    const file = path.join(work, "notes.txt");
    fs.writeFileSync(file, "precious\n");
    const before = treeHash(work);
    const cases: [string[], string, string][] = [
      [["--out", mine], `everest-typegen: ${mine}: refusing to replace a folder that everest-typegen did not write (it has no ${MANIFEST_PATH}); remove it, or choose another --out\n`, work],
      [["--out", file], `everest-typegen: ${file}: exists and is not a folder; refusing to replace it with the generated package\n`, work],
      [["--out", "."], `everest-typegen: .: refusing to replace a folder that everest-typegen did not write (it has no ${MANIFEST_PATH}); remove it, or choose another --out\n`, mine],
      // The current folder holding the defs: the overlap is named first.
      [["--out", "."], `everest-typegen: --defs ${defs} lies inside the output folder --out ., which every run replaces as a whole: it would be deleted; move it out, or choose another --out\n`, work],
    ];
    for (const [args, stderr, cwd] of cases) {
      const r = runCli(["generate", "--defs", defs, ...args], { cwd });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 2, stderr });
      expect(treeHash(work)).toEqual(before);
      expect(fs.readdirSync(work).sort()).toEqual(["defs", "notes.txt", "src"]);
    }
  });

  test("an empty folder, a folder with only node_modules, and an earlier output are replaced; node_modules stays", () => {
    const defs = defsWith({ "a.yaml": A_FILE });
    fs.mkdirSync(out);
    expect(runCli(["generate", "--defs", defs, "--out", out]).code).toBe(0);
    fs.mkdirSync(path.join(out, "node_modules", "dep"), { recursive: true });
    fs.writeFileSync(path.join(out, "node_modules", "dep", "index.js"), "kept\n");
    expect(runCli(["generate", "--defs", defs, "--out", out]).code).toBe(0);
    expect(fs.readFileSync(path.join(out, "node_modules", "dep", "index.js"), "utf8")).toBe("kept\n");
    const onlyModules = path.join(work, "fresh");
    fs.mkdirSync(path.join(onlyModules, "node_modules"), { recursive: true });
    expect(runCli(["generate", "--defs", defs, "--out", onlyModules]).code).toBe(0);
    expect(fs.existsSync(path.join(onlyModules, MANIFEST_PATH))).toBe(true);
  });

  test("leftovers of a killed run are recovered, but look-alike names of the user's are left alone", () => {
    const defs = defsWith({ "a.yaml": A_FILE });
    earlierOutput.copyTo(out);
    // No process can have this pid (above Linux's largest pid_max): the run that made it is gone.
    fs.mkdirSync(path.join(work, "generated.tmp-99999999"));
    fs.mkdirSync(path.join(work, "generated.old-backup"));
    fs.writeFileSync(path.join(work, "generated.tmp-notes"), "mine\n");
    expect(runCli(["generate", "--defs", defs, "--out", out]).code).toBe(0);
    expect(fs.readdirSync(work).sort()).toEqual(["defs", "generated", "generated.old-backup", "generated.tmp-notes"]);
  });

  test("the staging folder of a run still going (another generate on the same folder) is left alone", () => {
    const defs = defsWith({ "a.yaml": A_FILE });
    earlierOutput.copyTo(out);
    // This test's own process stands in for the other run: it is alive.
    const live = path.join(work, `generated.tmp-${process.pid}`);
    fs.mkdirSync(live);
    fs.writeFileSync(path.join(live, "half.d.ts"), "// being written\n");
    expect(runCli(["generate", "--defs", defs, "--out", out]).code).toBe(0);
    expect(fs.readFileSync(path.join(live, "half.d.ts"), "utf8")).toBe("// being written\n");
  });

  test("a write that fails half-way leaves the previous tree exactly as it was, with no leftovers", async () => {
    await writeOutput(out, readDefs(DEFS));
    const before = treeHash(work);
    await expect(withDiskFullAt(5, () => writeOutput(out, [{ path: "defs/a.yaml", content: A_FILE }]))).rejects.toThrow("ENOSPC");
    expect(treeHash(work)).toEqual(before);
    expect(fs.readdirSync(work)).toEqual(["generated"]);
    await expect(writeOutput(path.join(out, "index.js"), [{ path: "defs/a.yaml", content: A_FILE }])).rejects.toThrow(OutputFolderError);
    expect(treeHash(work)).toEqual(before);
  });
});

describe("every failure is clean", () => {
  test("broken definitions of every kind: file:line:col diagnostics, a summary line, exit 2", () => {
    const cases: Record<string, string | Uint8Array> = {
      "syntax.yaml": "description: x\ntypes:\n  A: [1, 2\n",
      "binary.yaml": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]),
      "utf16.yaml": Buffer.from("\ufeffdescription: x\n", "utf16le"),
      "empty.yaml": "",
      "tags.yaml": "description: !!js/function 'function () { process.exit(99) }'\ntypes: {}\n",
      "refs.yaml": "description: Test types\ntypes:\n  A:\n    description: a\n    type: object\n    $ref: /../etc#/passwd\n",
    };
    for (const [name, content] of Object.entries(cases)) {
      fs.rmSync(path.join(work, "defs"), { recursive: true, force: true });
      const defs = defsWith({ [name]: content });
      // From the folder holding defs/: diagnostics name files relative to it.
      const r = runCli(["generate", "--defs", defs, "--out", out], { cwd: path.dirname(defs) });
      expectClean(r, name);
      expect(r.stderr).toMatch(new RegExp(`^defs/${name.replace(".", "\\.")}:\\d+:\\d+: error E0\\d\\d: `));
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  (hasMkfifo ? test : test.skip)("validate with a FIFO in place of the package's index.js: one line, exit 2, nothing blocks", () => {
    const pkg = path.join(work, "pkg");
    fs.mkdirSync(pkg);
    expect(spawnSync("mkfifo", [path.join(pkg, "index.js")]).status).toBe(0);
    const r = runCli(["validate", "x/Y", "-", "--out", pkg], { input: "{}" });
    expectClean(r, "validate with a FIFO index.js");
    expect(r.stderr).toMatch(/^everest-typegen: .*pkg: its index\.js is not a regular file, so not a generated package \(run `everest-typegen generate`\)\n$/);
  });

  test("usage and input problems: one line each", () => {
    const file = path.join(work, "file.txt");
    fs.writeFileSync(file, "x");
    const empty = path.join(work, "empty");
    fs.mkdirSync(empty);
    const cases: [string[], RegExp][] = [
      [["generate", "--defs", path.join(work, "absent"), "--out", out], /^everest-typegen: .*absent: no such file or directory\n$/],
      [["generate", "--defs", empty, "--out", out], /^everest-typegen: .*empty: no \.yaml files found\n$/],
      [["check", "--defs", empty, "--out", out], /^everest-typegen: .*empty: no \.yaml files found\n$/],
      [["validate", "x/Y", "--out", path.join(work, "nothing")], /^everest-typegen: .*nothing: no generated package here \(run `everest-typegen generate` first\)\n$/],
      [["generate", "--defs", defsWith({ "a.yaml": A_FILE }), "--out", path.join(file, "sub")], /^everest-typegen: .*file\.txt\/sub: not a directory, .*\n$/],
    ];
    for (const [args, stderr] of cases) {
      const r = runCli(args, { input: "{}" });
      expectClean(r, args.join(" "));
      expect(r.stderr).toMatch(stderr);
      expect(r.stderr.split("\n")).toHaveLength(2);
    }
    for (const args of [["frobnicate"], ["generate", "--nope"], ["validate"]]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
  });

  test("an internal error (an --out that cannot be written) is one line; --debug adds its stack", () => {
    const file = path.join(work, "file.txt");
    fs.writeFileSync(file, "x");
    const args = ["generate", "--defs", defsWith({ "a.yaml": A_FILE }), "--out", path.join(file, "sub")];
    const plain = runCli(args);
    expectClean(plain, "unwritable --out");
    expect(plain.stderr.split("\n")).toHaveLength(2);
    const debug = runCli([...args, "--debug"]);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(STACK_TRACE);
    expect(debug.stderr).toMatch(/ENOTDIR/);
    expect(debug.stderr.trim().split("\n").pop()).toBe(plain.stderr.trim());
  });

  test("definition text and data cannot add lines to a message or reach the terminal raw", () => {
    const ESC = "\u001b";
    const defs = defsWith({
      "a.yaml": `description: Test types\ntypes:\n  A:\n    description: a\n    type: string\n    pattern: "(${"\\u001b"}[2J\\nfake.yaml:1:1: error E000: forged"\n`,
    });
    const r = runCli(["generate", "--defs", defs, "--out", out]);
    expectClean(r, "escape in a pattern");
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).toContain("\\u001b[2J\\u000afake.yaml:1:1: error E000: forged");
    expect(r.stderr.split("\n").filter((l) => l.includes("E000"))).toHaveLength(1);

    // The tree generate writes from defs/, made once for the run: what follows is about validate.
    copyOfDefsTree(out);
    const data = JSON.stringify({ content: 1, [`${ESC}[31mred\nforged: valid`]: 1 });
    const v = runCli(["validate", `display_message/MessageContent`, "-", "--out", out], { input: data });
    expect(v.code).toBe(1);
    expect(v.stdout).toBe("<stdin>: invalid display_message/MessageContent\n  /content: must be string\n");
    const closed = runCli(["validate", "ocpp/KeyValue", "-", "--out", out], { input: JSON.stringify({ key: "k", read_only: true, [`${ESC}]0;pwned\u0007\nforged`]: 1 }) });
    expect(closed.code).toBe(1);
    expect(closed.stdout).toBe("<stdin>: invalid ocpp/KeyValue\n  /\\u001b]0;pwned\\u0007\\u000aforged: property is not allowed\n");
    const badName = path.join(work, `bad${ESC}[2J\nname.json`);
    fs.writeFileSync(badName, "{ nope");
    const n = runCli(["validate", "ocpp/KeyValue", badName, "--out", out]);
    expectClean(n, "escape in a file name");
    expect(n.stderr).not.toContain(ESC);
    expect(n.stderr.split("\n")).toHaveLength(2);
  });
});
