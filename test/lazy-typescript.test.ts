/**
 * TypeScript loaded only when something needs it (generator/cli/lazy-typescript.ts):
 * the comma scanner answers as TypeScript's scanner does, the stand-in module
 * loads the real one only when asked for more than its data, and the CLI's
 * output is byte for byte the same without TypeScript as with it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { ts } from "ts-morph";
import { type CommaScanner, commaScanner, commaScannerFits, dataOf, isPlainItem, lazyTypeScript, parseData } from "../generator/cli/lazy-typescript";
import { ROOT, runCli, tempDir, treeHash } from "./helpers/cli";
import { propertyParams } from "./helpers/property";

const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

const KINDS = { endOfFile: ts.SyntaxKind.EndOfFileToken, unknown: ts.SyntaxKind.Unknown };

/** What ts-morph's getAppendCommaPos asks of its scanner for one list item: scan to the end, then where the end's trivia starts. */
function endOf(scanner: CommaScanner, text: string): number {
  scanner.setText(text);
  try {
    let token = scanner.scan();
    if (token === ts.SyntaxKind.EndOfFileToken) return -1;
    for (let n = 0; token !== ts.SyntaxKind.EndOfFileToken; n++) {
      if (n > 10_000) throw new Error("no end");
      token = scanner.scan();
    }
    return scanner.getTokenFullStart();
  } finally {
    scanner.setText(undefined);
  }
}

const real = (): CommaScanner => ts.createScanner(ts.ScriptTarget.Latest, true);

/** The stand-in, counting how often it made TypeScript's own scanner. */
function standIn(): { scanner: CommaScanner; made: () => number } {
  let made = 0;
  const scanner = commaScanner(KINDS, () => {
    made++;
    return real();
  });
  return { scanner, made: () => made };
}

describe("the comma scanner", () => {
  const plain = [
    "",
    "   ",
    "\n\t \r\n",
    "Foo",
    "Foo as Bar",
    "Foo  \n",
    'kind: "a" | "b"',
    "value: 'it' | \"a // not a comment\" | '`'",
    "x?: Record<string, Foo[]> | null",
    "handler: (payload: Foo, topic: string) => void | Promise<void>",
    "a = 1",
    "E: {\n\uE000  readonly A: \"A\";\n\uE000}",
    "Foo,",
    "Foo ,  ",
    "{ a: 1 }",
    "x: -1.5e3",
  ];
  const notPlain = [
    "Foo // a comment",
    "Foo /* a comment */",
    "x: `a${b}c`",
    'x: "unterminated   ',
    "x: 'a\\'b'",
    "#!shebang",
    "=======",
    "a\n<<<<<<< HEAD",
    "Fö",
    "a\u00a0",
    'x: "a\u2028b"',
    "@decorated",
  ];

  test.each(plain)("answers %j itself, as TypeScript's scanner does", (text) => {
    expect(isPlainItem(text)).toBe(true);
    const s = standIn();
    expect(endOf(s.scanner, text)).toBe(endOf(real(), text));
    expect(s.made()).toBe(0);
  });

  test.each(notPlain)("hands %j to TypeScript's scanner", (text) => {
    expect(isPlainItem(text)).toBe(false);
    const s = standIn();
    expect(endOf(s.scanner, text)).toBe(endOf(real(), text));
    expect(s.made()).toBe(1);
  });

  test("any text, plain or not, in any order: the same answers as TypeScript's scanner, which it makes only for a text that is not plain", () => {
    const chars = ["a", "Z", "1", "_", " ", "\t", "\n", "\r", ":", "|", "<", ">", "=", '"', "'", "/", "*", "`", "{", "}", "$", "\\", "#", "@", ",", ".", "\uE000", "é", "\u2028", "\u00a0", "!", "-"];
    const text = fc.array(fc.constantFrom(...chars), { maxLength: 24 }).map((cs) => cs.join(""));
    const s = standIn();
    const reference = real();
    let notPlainSeen = 0;
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 5 }), (texts) => {
        for (const t of texts) {
          if (!isPlainItem(t)) notPlainSeen++;
          expect(endOf(s.scanner, t)).toBe(endOf(reference, t));
        }
      }),
      propertyParams(300, { label: "comma scanner" }),
    );
    expect(s.made()).toBe(notPlainSeen > 0 ? 1 : 0);
  });

  test("used other than as getAppendCommaPos uses it, it says so rather than answer", () => {
    const s = standIn().scanner;
    expect(() => s.scan()).toThrow(/used in a way the stand-in for TypeScript does not serve/);
    s.setText("Foo");
    expect(() => s.getTokenFullStart()).toThrow(/does not serve/);
    expect(() => s.reScanTemplateToken(false)).toThrow(/does not serve/);
  });
});

describe("ts-morph's use of its scanner, checked before the stand-in serves it", () => {
  // Found by hand: jest maps "ts-morph" to the suite's shared copy (test/worker-modules/ts-morph.js), even through createRequire.
  const pkg = path.join(ROOT, "node_modules", "ts-morph");
  const source = fs.readFileSync(path.join(pkg, (JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as { main: string }).main), "latin1");

  test("the installed ts-morph's source fits", () => {
    expect(commaScannerFits(source)).toBe(true);
  });

  test.each([
    ["the function changed", (s: string) => s.replace("return text[pos - 1] === \",\" ? -1 : pos;", "return pos;")],
    ["the scanner used elsewhere too", (s: string) => `${s}\nfunction other(t) { scanner.setText(t); }\n`],
    ["a second scanner made", (s: string) => `${s}\nconst second = common.ts.createScanner(common.ts.ScriptTarget.Latest, true);\n`],
    ["the function missing", (s: string) => s.replace("function getAppendCommaPos(text) {", "function getAppendCommaPosition(text) {")],
    ["the scanner named under another name", (s: string) => `${s}\nfunction other(t) { const s2 = scanner; s2.setText(t); return s2.scan(); }\n`],
    ["the scanner used through ?.", (s: string) => `${s}\nfunction other(t) { scanner?.setText(t); }\n`],
    ["the scanner used through [...]", (s: string) => `${s}\nfunction other(t) { scanner["setText"](t); }\n`],
    ["createScanner named elsewhere", (s: string) => `${s}\nconst make = common.ts.createScanner;\n`],
  ])("%s: it does not", (_, change) => {
    const changed = change(source);
    expect(changed).not.toBe(source);
    expect(commaScannerFits(changed)).toBe(false);
  });
});

describe("the stand-in module", () => {
  const realTs = ts as unknown as Record<PropertyKey, unknown>;
  const data = dataOf(realTs);

  function stand(commaNow = true): { module: Record<PropertyKey, unknown>; loads: () => number } {
    let loads = 0;
    const module = lazyTypeScript(
      data,
      () => {
        loads++;
        return realTs;
      },
      () => commaNow,
    ) as Record<PropertyKey, unknown>;
    return { module, loads: () => loads };
  }

  test("its data is TypeScript's enums and constants, and reads back as it was written", () => {
    expect(data["SyntaxKind"]).toEqual({ ...ts.SyntaxKind });
    expect(data["ScriptTarget"]).toEqual({ ...ts.ScriptTarget });
    expect(data["version"]).toBe(ts.version);
    expect(Object.values(data).every((v) => typeof v !== "function")).toBe(true);
    expect(parseData(JSON.stringify(data))).toEqual(data);
  });

  test.each([
    ["not JSON", "{"],
    ["an array", "[]"],
    ["null", "null"],
    ["an object in an enum", '{"SyntaxKind":{"A":{}}}'],
    ["an empty enum", '{"SyntaxKind":{}}'],
    ["a boolean", '{"x":true}'],
    ["too long", `{"x":"${"a".repeat(5 * 1024 * 1024)}"}`],
  ])("a record that is %s is no record", (_, text) => {
    expect(parseData(text)).toBeUndefined();
  });

  test("ts-morph's imports and its reads as it loads and prints need no TypeScript", () => {
    const s = stand();
    expect("default" in s.module).toBe(true);
    expect(s.module["SyntaxKind"]).toEqual({ ...ts.SyntaxKind });
    expect(s.module["version"]).toBe(ts.version);
    const scanner = (s.module["createScanner"] as (...a: unknown[]) => CommaScanner)(ts.ScriptTarget.Latest, true);
    expect(endOf(scanner, "Foo as Bar ")).toBe(10);
    expect(s.loads()).toBe(0);
  });

  test("anything else loads TypeScript, once, and from then on it is TypeScript", () => {
    const s = stand();
    expect(s.module["createSourceFile"]).toBe(ts.createSourceFile);
    expect(s.module["SyntaxKind"]).toBe(ts.SyntaxKind);
    expect("isIdentifier" in s.module).toBe(true);
    expect(Object.keys(s.module)).toEqual(Object.keys(ts));
    expect(s.loads()).toBe(1);
  });

  test("a scanner made other than by ts-morph as it loads is TypeScript's own", () => {
    const s = stand(false);
    const scanner = (s.module["createScanner"] as (...a: unknown[]) => CommaScanner)(ts.ScriptTarget.Latest, true);
    expect(s.loads()).toBe(1);
    scanner.setText("a b");
    expect(scanner.scan()).toBe(ts.SyntaxKind.Identifier);
  });
});

/** A generate in a new process, with the basenames of the modules it compiled through the code cache (a preload lists them). */
function generateListing(work: string, args: string[], env: NodeJS.ProcessEnv): { code: number | null; stderr: string; compiled: string[] } {
  const preload = path.join(work, "list-compiled.js");
  const listed = path.join(work, "compiled.json");
  fs.writeFileSync(
    preload,
    [
      'const vm = require("node:vm");',
      'if (require("node:worker_threads").isMainThread) {',
      "  const compiled = [];",
      "  const Script = vm.Script;",
      "  vm.Script = class extends Script { constructor(code, options) { super(code, options); compiled.push(require(\"node:path\").basename(options.filename)); } };",
      `  process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(listed)}, JSON.stringify(compiled)));`,
      "}",
      "",
    ].join("\n"),
  );
  fs.rmSync(listed, { force: true });
  const r = runCli(["generate", ...args], { env: { ...env, NODE_OPTIONS: `--require ${preload}` } });
  return { code: r.code, stderr: r.stderr, compiled: JSON.parse(fs.readFileSync(listed, "utf8")) as string[] };
}

describe("the CLI without TypeScript", () => {
  let work: string;
  beforeEach(() => {
    work = tempDir("etg-lazy-ts-");
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const outputTree = (dir: string): Record<string, string> => Object.fromEntries(Object.entries(treeHash(dir)).filter(([p]) => p !== ".everest-typegen-cache/stat-index"));

  test("the first run loads TypeScript and records its data; the next does without it, and writes what TypeScript itself prints", () => {
    const cache = path.join(work, "cache");
    const env = { EVEREST_TYPEGEN_CACHE_DIR: cache };
    const defs = ["--defs", path.join(ROOT, "defs")];
    const first = generateListing(work, [...defs, "--out", path.join(work, "a")], env);
    expect(first.code).toBe(0);
    expect(first.compiled).toEqual(["typescript.js", "ts-morph-common.js", "ts-morph.js"]);
    const records = fs.readdirSync(cache).filter((n) => n.endsWith(".tsdata.json"));
    expect(records).toHaveLength(1);
    expect(parseData(fs.readFileSync(path.join(cache, records[0]!), "utf8"))?.["SyntaxKind"]).toEqual({ ...ts.SyntaxKind });
    const second = generateListing(work, [...defs, "--out", path.join(work, "b")], env);
    expect(second.code).toBe(0);
    expect(second.compiled).toEqual(["ts-morph-common.js", "ts-morph.js"]);
    // Without the code cache ts-morph loads the usual way, with TypeScript.
    const plain = runCli(["generate", ...defs, "--out", path.join(work, "c")], { env: { ...env, EVEREST_TYPEGEN_COMPILE_CACHE: "0" } });
    expect(plain.code).toBe(0);
    expect(outputTree(path.join(work, "b"))).toEqual(outputTree(path.join(work, "a")));
    expect(outputTree(path.join(work, "c"))).toEqual(outputTree(path.join(work, "a")));
  });

  /** A first run into `a`, which records TypeScript's data: its cache's environment, the defs, the record and what it holds. */
  function recorded(): { env: NodeJS.ProcessEnv; defs: string[]; record: string; good: string } {
    const cache = path.join(work, "cache");
    const env = { EVEREST_TYPEGEN_CACHE_DIR: cache };
    const defs = ["--defs", path.join(ROOT, "defs")];
    expect(generateListing(work, [...defs, "--out", path.join(work, "a")], env).code).toBe(0);
    const record = path.join(cache, fs.readdirSync(cache).find((n) => n.endsWith(".tsdata.json"))!);
    return { env, defs, record, good: fs.readFileSync(record, "utf8") };
  }

  (hasMkfifo ? test : test.skip)("a FIFO or a link in place of the record is no record: the run neither blocks nor follows it, and writes a record in its place", () => {
    const { env, defs, record, good } = recorded();
    for (const [i, replace] of [
      () => expect(spawnSync("mkfifo", [record]).status).toBe(0),
      () => {
        fs.writeFileSync(path.join(work, "elsewhere.json"), good);
        fs.symlinkSync(path.join(work, "elsewhere.json"), record);
      },
    ].entries()) {
      fs.rmSync(record);
      replace();
      const r = generateListing(work, [...defs, "--out", path.join(work, `b${i}`)], env);
      expect(r.code).toBe(0);
      expect(r.compiled[0]).toBe("typescript.js");
      expect(fs.lstatSync(record).isFile()).toBe(true);
      expect(fs.readFileSync(record, "utf8")).toBe(good);
    }
  });

  test("a record that is not one is not used: the run loads TypeScript and writes the record again", () => {
    const { env, defs, record, good } = recorded();
    fs.writeFileSync(record, '{"SyntaxKind":{"Identifier":"not a number"},"x":[1]}\n');
    const r = generateListing(work, [...defs, "--out", path.join(work, "b")], env);
    expect(r.code).toBe(0);
    expect(r.compiled[0]).toBe("typescript.js");
    expect(fs.readFileSync(record, "utf8")).toBe(good);
    expect(outputTree(path.join(work, "b"))).toEqual(outputTree(path.join(work, "a")));
  });
});

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const present = fs.existsSync(path.join(TREE, "types"));
if (!present && process.env["CI"]) throw new Error(`EVerest tree not found at ${TREE}: CI runs the real-tree test unconditionally`);

(present ? test : test.skip)("EVerest's tree without TypeScript: byte for byte what the run with TypeScript writes", () => {
  const work = tempDir("etg-lazy-ts-everest-");
  try {
    const cache = path.join(work, "cache");
    const env = { EVEREST_TYPEGEN_CACHE_DIR: cache };
    const args = (out: string): string[] => ["generate", "-q", "--no-cache", "--everest", TREE, "--out", path.join(work, out)];
    // With TypeScript (no code cache: ts-morph loads the usual way), then a small run that records TypeScript's data.
    expect(runCli(args("with"), { env: { ...env, EVEREST_TYPEGEN_COMPILE_CACHE: "0" } }).code).toBe(0);
    expect(runCli(["generate", "-q", "--defs", path.join(ROOT, "defs"), "--out", path.join(work, "small")], { env }).code).toBe(0);
    const without = generateListing(work, args("without").slice(1), env);
    expect(without.code).toBe(0);
    expect(without.compiled).toEqual(["ts-morph-common.js", "ts-morph.js"]);
    const tree = (dir: string): Record<string, string> => treeHash(path.join(work, dir));
    expect(tree("without")).toEqual(tree("with"));
    expect(Object.keys(tree("with")).length).toBeGreaterThan(1000);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
