/**
 * Hostile output folders, paths and folder names.
 *
 * - Terminal: `check` on a tampered output folder (file names with line
 *   breaks, `::` workflow commands, terminal escapes, bidi marks; changed
 *   files holding the same), and paths on the command line that hold them,
 *   print no line that GitHub Actions would run as a workflow command (one
 *   that starts with `::` once leading spaces are trimmed, or that holds `##[`
 *   anywhere) and no control character, line separator or invisible mark;
 *   every tampered name is one line of the report.
 * - Comments: a defs, interfaces or errors folder whose name holds `-->`,
 *   `--->`, `<script>`, line breaks, escapes or bidi marks (and, through the
 *   API, `*\/`) cannot end a comment early in any emitted format: the Markdown
 *   banner is one complete `<!-- ... -->` line with no `--`, `<` or `>` inside,
 *   the `//` banner of every module is one line comment with no `<`, JSDoc and
 *   code parse to exactly the statements a plain folder name gives, JSON
 *   `$comment`s stay one visible line, and every file has as many lines as with
 *   a plain folder name.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { spawn } from "node:child_process";
import { BIN, ROOT, copyDir, runCli, tempDir, stopProcess, type CliResult } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";
import { auditPackage } from "./helpers/emitted-code";
import { generate, type InputFile } from "../generator/index";
import { readDefs } from "../generator/load/read-defs";
import { MANIFEST_PATH } from "../generator/write/manifest";
import { CACHE_DIR } from "../generator/job-cache";

const DEFS = path.join(ROOT, "defs");

/** The package from defs/ with plain folder names (generated here, not the committed one, which may lag the generator). */
let plainDir: string;
beforeAll(() => {
  plainDir = tempDir("etg-hostile-output-plain-");
  // A copy of the tree generate wrote once for the run, by the generator global setup built.
  copyOfDefsTree(path.join(plainDir, "generated"));
});
afterAll(() => fs.rmSync(plainDir, { recursive: true, force: true }));

/** What no printed line may hold: control characters (tab too), line separators, bidi marks and other invisible format characters. */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Lines of `text` a CI runner or a terminal would act on. */
function unsafeLines(text: string): string[] {
  return text
    .replace(/\n$/, "")
    .split("\n")
    .filter((l) => /^\s*::/.test(l) || l.includes("##[") || /##vso\[/i.test(l) || TERMINAL_UNSAFE.test(l));
}

function expectSafe(r: CliResult, label: string): void {
  expect({ label, stdout: unsafeLines(r.stdout), stderr: unsafeLines(r.stderr) }).toEqual({ label, stdout: [], stderr: [] });
}

/** Every file below `dir`, by `/`-separated path, sorted; the validator cache (not part of the package) left out. */
function readTree(dir: string): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (p !== ".everest-typegen-cache") walk(p);
      } else out.push({ path: p, content: fs.readFileSync(path.join(dir, p), "utf8") });
    }
  };
  walk("");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

let work: string;
beforeEach(() => {
  work = tempDir("etg-hostile-output-");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

describe("check prints no workflow command and no escape, whatever the output folder holds", () => {
  /** Names of files put into the output folder (each must be reported on one line). */
  const NAMES = [
    "x\n::error file=README.md,line=1::check passed",
    "::error file=README.md,line=1::check passed",
    "  ::warning::indented",
    "\u00a0\u3000::notice::unicode spaces",
    ":",
    "\u001b]0;owned\u0007\u001b[31mred\u001b[0m",
    "\u001b[2J\u001b[Hcleared",
    "\u202eevil\u2066.js",
    "\r::error::carriage return",
    "x\u2028::error::line separator",
    "x\u0085::error::next line",
    "x##[error]legacy command",
    "x##vso[task.logissue type=error]azure",
    "zero\u200b::width\ufeff",
  ];
  /** Lines appended to a generated file: they show in check's diff. */
  const CONTENT = [
    "::error file=README.md,line=1::check passed",
    "  ::warning::indented",
    "\u001b]8;;https://example.invalid\u0007link\u001b]8;;\u0007",
    "\u001b[2Jcleared\r::error::after a carriage return",
    "mid ##[error]legacy command",
    "\u202eright to left\u2066",
    "tab\there",
    "a\u2028::error::line separator",
  ];

  test("tampered file names and contents: every line safe, every name one line", () => {
    const out = path.join(work, "generated");
    copyDir(path.join(plainDir, "generated"), out);
    for (const name of NAMES) fs.writeFileSync(path.join(out, name), "x\n");
    const sub = path.join(out, "sub\n::error::folder");
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, "::error::file.js"), "x\n");
    fs.appendFileSync(path.join(out, "docs", "ocpp.txt"), `${CONTENT.join("\n")}\n`);
    // The first line of a page replaced: the hostile line is the diff's first removed line.
    const md = path.join(out, "docs", "ocpp.md");
    fs.writeFileSync(md, `${CONTENT.join("\n")}\n${fs.readFileSync(md, "utf8").split("\n").slice(1).join("\n")}`);

    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(1);
    expectSafe(r, "check");
    const extra = r.stdout.split("\n").filter((l) => l.startsWith("  extra:   "));
    expect(extra).toHaveLength(NAMES.length + 1);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("  changed: "))).toEqual(["  changed: docs/ocpp.md", "  changed: docs/ocpp.txt"]);
    // Shown, not acted on: escapes and breaks as \uXXXX, the leading colon escaped.
    expect(r.stdout).toContain("  extra:   x\\u000a::error file=README.md,line=1::check passed\n");
    expect(r.stdout).toContain("  extra:   \\u003a:error file=README.md,line=1::check passed\n");
    expect(r.stdout).toContain("-\\u001b]8;;https://example.invalid\\u0007link\\u001b]8;;\\u0007\n");
    expect(r.stdout).toContain("-\\u001b[2Jcleared\\u000d::error::after a carriage return\n");
    expect(r.stdout).toContain("--- a/docs/ocpp.txt\n+++ b/docs/ocpp.txt\n");
  });

  test("a changed file whose unchanged lines start with `::` (diff context lines, indented by one space)", () => {
    const out = path.join(work, "generated");
    copyDir(path.join(plainDir, "generated"), out);
    // Make the expected file hold the hostile lines too: a defs file whose description is them.
    const defs = path.join(work, "defs");
    copyDir(DEFS, defs);
    const ocpp = path.join(defs, "ocpp.yaml");
    const yaml = fs.readFileSync(ocpp, "utf8");
    fs.writeFileSync(ocpp, yaml.replace(/^description: .*$/m, 'description: "::error::one\\n  ::warning::two\\nthree"'));
    expect(runCli(["generate", "--defs", defs, "--out", out]).code).toBe(0);
    const txt = path.join(out, "docs", "ocpp.txt");
    fs.writeFileSync(txt, fs.readFileSync(txt, "utf8").replace("\nthree\n", "\nfour\n"));
    const r = runCli(["check", "--defs", defs, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("\n \\u003a:error::one\n");
    expectSafe(r, "check with context lines");
  });

  test("paths on the command line: up to date (fast path and full), out of date, missing, errors", () => {
    const out = path.join(work, "gen\n::error::out\u001b[31m");
    // The tree generate writes from defs/, made once for the run (generate to a hostile --out: the next test).
    copyOfDefsTree(out);
    const runs: [string, string[], number][] = [
      ["fast path", ["check", "--defs", DEFS, "--out", out], 0],
      ["--strict", ["check", "--strict", "--defs", DEFS, "--out", out], 2],
      ["missing output", ["check", "--defs", DEFS, "--out", path.join(work, "::error::absent")], 1],
      ["relative --out", ["check", "--defs", DEFS, "--out", "::error::absent"], 1],
      ["missing defs", ["check", "--defs", path.join(work, "d\n::error::defs"), "--out", out], 2],
      ["relative missing defs", ["check", "--defs", "::error::defs", "--out", out], 2],
      ["missing interfaces", ["check", "--defs", DEFS, "--interfaces", "::error::i\u202e", "--out", out], 2],
      ["generate to a file", ["generate", "--defs", DEFS, "--out", path.join(work, "::error::file")], 2],
    ];
    fs.writeFileSync(path.join(work, "::error::file"), "x");
    for (const [label, args, code] of runs) {
      const r = runCli(args, { cwd: work });
      expect({ label, code: r.code }).toEqual({ label, code });
      expectSafe(r, label);
    }
    // Without the stat index (the cache folder) the manifest is not taken at its word: the full comparison, up to date,
    // then out of date.
    fs.rmSync(path.join(out, CACHE_DIR), { recursive: true, force: true });
    const full = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/^everest-typegen: .*gen\\u000a::error::out\\u001b\[31m is up to date \(\d+ files\)\n$/);
    expectSafe(full, "full");
    fs.writeFileSync(path.join(out, "stray.js"), "x\n");
    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toContain("gen\\u000a::error::out\\u001b[31m is out of date");
    expectSafe(r, "out of date");
  });

  test("generate's summary, commander's usage errors and the --watch lines", async () => {
    const gen = runCli(["generate", "--defs", DEFS, "--out", "g\n::error::gen"], { cwd: work });
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/ to g\\u000a::error::gen in \d+ ms/);
    expectSafe(gen, "generate summary");
    const usage = runCli(["check", "--x\n::error::boom"], { cwd: work });
    expect(usage.code).toBe(2);
    expectSafe(usage, "unknown option");
    const watched = spawn(process.execPath, [BIN, "generate", "--watch", "--defs", "::error::d", "--out", "::error::w"], { cwd: work });
    let stdout = "";
    let stderr = "";
    watched.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    watched.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
      for (let i = 0; i < 400 && !stdout.includes("watching"); i++) await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toContain("watching");
      expect(stderr).toContain("no such file or directory");
      expectSafe({ code: 0, stdout, stderr }, "watch");
    } finally {
      await stopProcess(watched);
    }
  });

  test("diagnostics naming a file in a folder called `::error::...`", () => {
    const defs = path.join(work, "::error file=x::defs");
    fs.mkdirSync(defs);
    fs.writeFileSync(path.join(defs, "bad.yaml"), "description: [\n");
    const r = runCli(["check", "--defs", "::error file=x::defs", "--out", "out"], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\\u003a:error file=x::defs\/bad\.yaml:\d+:\d+: error /);
    expectSafe(r, "diagnostics");
  });

  test("validate: documents named `::error::...`", () => {
    const out = path.join(work, "generated");
    copyDir(path.join(plainDir, "generated"), out);
    fs.writeFileSync(path.join(work, "::error::valid.json"), JSON.stringify({ content: "hi", format: "UTF8" }));
    fs.writeFileSync(path.join(work, "  ::warning::invalid.json"), JSON.stringify({ content: 1 }));
    const r = runCli(["validate", "display_message/MessageContent", "::error::valid.json", "  ::warning::invalid.json", "--out", out], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe("\\u003a:error::valid.json: valid display_message/MessageContent");
    expectSafe(r, "validate");
  });
});

/** The hostile characters of the folder names below: none may reach any file raw. */
const RAW = /[\u001b\u202e\u2066\u2028\r]/;

/** Problems of one emitted file whose sources sit in hostile folders; `plain` is the same file from plain folder names. */
function commentProblems(p: string, content: string, plain: string | undefined): string[] {
  const problems: string[] = [];
  const lines = content.split("\n");
  const first = lines[0]!;
  if (plain === undefined) return [`${p}: not emitted for plain folder names`];
  if (lines.length !== plain.split("\n").length) problems.push(`${p}: ${lines.length} lines, ${plain.split("\n").length} with plain folder names`);
  if (RAW.test(content)) problems.push(`${p}: holds a raw control character or mark of a folder name`);
  if (p.endsWith(".md")) {
    const m = /^<!-- (.*) -->$/.exec(first);
    if (m === null) problems.push(`${p}: line 1 is not one complete comment: ${JSON.stringify(first)}`);
    else if (/--|[<>]/.test(m[1]!)) problems.push(`${p}: the banner holds --, < or >: ${JSON.stringify(first)}`);
    // CommonMark ends an HTML comment block at the first line holding `-->`: it must be line 1's own end.
    if (first.indexOf("-->") !== first.length - 3) problems.push(`${p}: line 1 ends the comment early`);
    if (!lines[1]!.startsWith("# ")) problems.push(`${p}: line 2 is not the title`);
  } else if (/\.(d\.m?ts|m?js)$/.test(p)) {
    if (!first.startsWith("// ") || first.includes("<")) problems.push(`${p}: banner ${JSON.stringify(first)}`);
    const ranges = ts.getLeadingCommentRanges(content, 0) ?? [];
    if (ranges[0]?.kind !== ts.SyntaxKind.SingleLineCommentTrivia || ranges[0].end !== first.length) problems.push(`${p}: the banner is not one line comment`);
    const kind = /\.d\.m?ts$/.test(p) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const shape = (text: string): string[] =>
      ts.createSourceFile(p, text, ts.ScriptTarget.Latest, false, kind).statements.map((s) => ts.SyntaxKind[s.kind]);
    if (JSON.stringify(shape(content)) !== JSON.stringify(shape(plain))) problems.push(`${p}: parses to other statements than with plain folder names`);
  } else if (p.endsWith(".json")) {
    const doc = JSON.parse(content) as Record<string, unknown>;
    for (const key of ["$comment", "//"]) {
      const v = doc[key];
      if (typeof v === "string" && TERMINAL_UNSAFE.test(v)) problems.push(`${p}: ${key} holds a line break, control character or mark`);
    }
  } else if (content !== plain) {
    problems.push(`${p}: differs from the file with plain folder names`);
  }
  return problems;
}

/** Names for the defs, interfaces and errors folders (a name cannot hold `/` or NUL, anything else goes). */
const FOLDER_NAMES = [
  "x---><img src=x onerror=alert(1)>",
  "a-->b--->c---->d-",
  "--!><script>alert(1)<\n# injected heading\u2028@see evil",
  "\u202e\u2066<!--\u001b[31m--->*\r\n-->\n<img src=x onerror=alert(1)>",
];

describe("a hostile folder name cannot end a comment early", () => {
  test.each(FOLDER_NAMES.map((n) => [JSON.stringify(n), n]))("defs, interfaces and errors folders named %s", (_label, name) => {
    const defs = path.join(work, name);
    fs.mkdirSync(defs);
    for (const f of ["ocpp.yaml", "display_message.yaml"]) fs.copyFileSync(path.join(DEFS, f), path.join(defs, f));
    const ifaces = path.join(work, `i${name}`);
    const errors = path.join(work, `e${name}`);
    copyDir(path.join(DEFS, "interfaces"), ifaces);
    copyDir(path.join(DEFS, "errors"), errors);
    const out = path.join(work, "out");
    const r = runCli(["generate", "--quiet", "--defs", defs, "--interfaces", ifaces, "--errors", errors, "--out", out]);
    expect(r.code).toBe(0);

    const files = readTree(out).filter((f) => f.path !== MANIFEST_PATH);
    const plain = new Map(readTree(path.join(plainDir, "generated")).map((f) => [f.path, f.content]));
    expect(files.map((f) => f.path)).toEqual([...plain.keys()].filter((p) => p !== MANIFEST_PATH));
    // The name does show (escaped) where a source is named.
    expect(files.find((f) => f.path === "ocpp.js")!.content.split("\n")[0]).toContain("/ocpp.yaml; do not edit");
    expect(files.flatMap((f) => commentProblems(f.path, f.content, plain.get(f.path)))).toEqual([]);
    expect(auditPackage(out, files)).toEqual([]);
    // Still up to date by check's own comparison.
    const c = runCli(["check", "--defs", defs, "--interfaces", ifaces, "--errors", errors, "--out", out]);
    expect(c.code).toBe(0);
    expectSafe(c, "check");
  });

  test("through the API, display paths holding `*/`, `-->` and line breaks", async () => {
    const label = (kind: string): string => `${kind}*/ x /*/ -->\n*/ @see y\u2028<!-- </script>--->`;
    const relabel = (files: readonly InputFile[], from: string, kind: string): InputFile[] =>
      files.map((f) => ({ ...f, path: `${label(kind)}/${f.path.slice(from.length + 1)}` }));
    const defs = readDefs(DEFS);
    const interfaces = readDefs(path.join(DEFS, "interfaces"));
    const errors = readDefs(path.join(DEFS, "errors"));
    const hostile = await generate(relabel(defs, "defs", "d"), { interfaces: relabel(interfaces, "interfaces", "i"), errors: relabel(errors, "errors", "e") });
    const plainResult = await generate(defs, { interfaces, errors });
    expect(hostile.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plain = new Map(plainResult.files.map((f) => [f.path, f.content]));
    expect(hostile.files.map((f) => f.path)).toEqual([...plain.keys()]);
    expect(hostile.files.flatMap((f) => commentProblems(f.path, f.content, plain.get(f.path)))).toEqual([]);
    // `*/` never closes a block comment: every one in the output is escaped where a path is quoted.
    for (const f of hostile.files.filter((x) => /\.(d\.m?ts|m?js)$/.test(x.path))) {
      expect({ path: f.path, raw: f.content.includes("d*/ x") || f.content.includes("i*/ x") }).toEqual({ path: f.path, raw: false });
    }
    const dir = path.join(work, "api");
    for (const f of hostile.files) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.content);
    }
    expect(auditPackage(dir, hostile.files)).toEqual([]);
  });
});
