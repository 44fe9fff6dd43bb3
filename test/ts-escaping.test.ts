/**
 * Definition text that reaches the TypeScript output stays what it is meant to
 * be: descriptions, defaults and patterns stay inside comments, keys and enum
 * values become string literals with exactly their value. The property test
 * generates random hostile text, and compares the token stream of the output
 * with the one generated from harmless text: any text that escaped a comment
 * or a string would add, remove or change tokens.
 */
import ts from "typescript";
import { generate, formatDiagnostic } from "../generator/index";
import { commentInline, commentLines, jsonComment, propertyKey, stringLiteral, uriFragment } from "../generator/escape";
import { emitTypeScript } from "../generator/emit/ts/emit-ts";

/** Small deterministic PRNG (mulberry32), so a failure always reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  "*/", "/*", "/**", "//", "*", "/", "`", "${x}", "${", "}", "{", "\\", "\\\\", '"', "'", "\n", "\r\n", "\r",
  "\u2028", "\u2029", "\u0085", "@see", "@param x", " @deprecated", "\t", "\u0000", "\u0007", "\u001b", "\u007f",
  "\u202e", "\u2066", "\ufeff", "<", "</script>", "-->", "<!--", "\u00e9", "\ud83d\ude00", "export const pwned = 1;",
  "a", "b", " ", "#", "%", "~1", "~0", "::", "?",
];

function hostile(next: () => number, min = 0): string {
  const n = min + Math.floor(next() * 6);
  let s = "";
  for (let i = 0; i < n; i++) s += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
  return s;
}

/** A YAML double-quoted scalar for any text: JSON's escapes, with everything outside ASCII as \uXXXX. */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A regular expression matching `text` literally (so `pattern` is valid whatever the text). */
function literalPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

interface Texts {
  readonly description: (i: number) => string;
  readonly key: (i: number) => string;
  readonly value: (i: number) => string;
}

/** A type file where every description, key, default, pattern and enum value comes from `t`. */
function defsFile(t: Texts, count: number): string {
  const lines = [`description: ${yamlString(`file ${t.description(0)}`)}`, "types:"];
  for (let i = 0; i < count; i++) {
    lines.push(
      `  T${i}:`,
      `    description: ${yamlString(`type ${t.description(1000 + i)}`)}`,
      "    type: object",
      "    properties:",
      `      ${yamlString(t.key(i))}:`,
      `        description: ${yamlString(t.description(2000 + i))}`,
      "        type: string",
      `        pattern: ${yamlString(literalPattern(t.description(3000 + i)))}`,
      `        default: ${yamlString(t.description(4000 + i))}`,
      `        maximum: 5`,
      "      mode:",
      `        description: ${yamlString(t.description(5000 + i))}`,
      "        type: string",
      "        enum:",
      `          - ${yamlString(t.value(2 * i))}`,
      `          - ${yamlString(t.value(2 * i + 1))}`,
      "      list:",
      "        type: array",
      "        items:",
      `          description: ${yamlString(t.description(6000 + i))}`,
      "          type: string",
      `  E${i}:`,
      `    description: ${yamlString(t.description(7000 + i))}`,
      "    type: string",
      "    enum:",
      `      - ${yamlString(t.value(1000 + i))}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

interface Token {
  readonly kind: ts.SyntaxKind;
  readonly text: string;
  readonly value?: string;
}

/** The tokens of a TypeScript text, comments and whitespace skipped; string literals with their value. */
function tokens(text: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: Token[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    out.push(kind === ts.SyntaxKind.StringLiteral ? { kind, text: "", value: scanner.getTokenValue() } : { kind, text: scanner.getTokenText() });
  }
  return out;
}

async function emitted(yaml: string): Promise<Map<string, string>> {
  const result = await generate([{ path: "defs/hostile.yaml", content: yaml }]);
  if (!result.model) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
  return new Map(emitTypeScript(result.model).map((f) => [f.path, f.content]));
}

const COUNT = 6;

describe("hostile definition text cannot escape comments or string literals", () => {
  const harmless: Texts = {
    description: (i) => `d${i}`,
    key: (i) => `k-${i}`,
    value: (i) => `v${i}`,
  };
  let baseline: Map<string, string>;
  beforeAll(async () => {
    baseline = await emitted(defsFile(harmless, COUNT));
  });

  test.each(Array.from({ length: 40 }, (_, i) => i + 1))("random texts, seed %i", async (seed) => {
    const next = rng(seed);
    const memo = new Map<string, string>();
    const pick = (key: string, make: () => string): string => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key)!;
    };
    const values = new Set<string>();
    const t: Texts = {
      description: (i) => pick(`d${i}`, () => hostile(next)),
      // a leading "-" keeps every key a non-identifier, so it is always a string literal like the baseline's
      key: (i) => pick(`k${i}`, () => `-${hostile(next)}`),
      // enum values must be distinct within an enum: a numbered prefix keeps them so (and lets a value end in a
      // backslash, which once put ts-morph's writer out of step with the quotes after it)
      value: (i) =>
        pick(`v${i}`, () => {
          const v = `#${i}${hostile(next)}`;
          values.add(v);
          return v;
        }),
    };
    const out = await emitted(defsFile(t, COUNT));
    expect([...out.keys()]).toEqual([...baseline.keys()]);
    for (const [file, text] of out) {
      const got = tokens(text);
      const want = tokens(baseline.get(file)!);
      // Same token kinds; identifiers may differ only where enum member names come from values.
      expect(got.map((x) => ts.SyntaxKind[x.kind])).toEqual(want.map((x) => ts.SyntaxKind[x.kind]));
      if (file === "hostile.d.ts") {
        const literals = new Set(got.filter((x) => x.value !== undefined).map((x) => x.value));
        for (let i = 0; i < COUNT; i++) expect(literals).toContain(t.key(i));
        for (const v of values) expect(literals).toContain(v);
      }
    }
  });
});

describe("a literal that ends in a backslash, with a `/*` in a later one", () => {
  // ts-morph's writer took the `"` after `\\` for an escaped quote, read the `/*` that followed as an open
  // comment, and wrote a stray `*/` after the declaration: a .d.ts that no longer compiled.
  const TYPES = [
    "description: file",
    "types:",
    "  Mixed:",
    "    description: a union with null",
    "    type: [string, \"null\"]",
    "    enum: [\"a\\\\\", \"/*\", null]",
    "  Obj:",
    "    description: an inline object",
    "    type: object",
    "    properties:",
    "      p:",
    "        type: object",
    "        properties:",
    "          \"k\\\\\":",
    "            type: string",
    "          \"/*\":",
    "            type: string",
    "  Map:",
    "    description: a map",
    "    type: object",
    "    additionalProperties:",
    "      type: [string, \"null\"]",
    "      enum: [\"a\\\\\", \"/*\", null]",
    "",
  ].join("\n");
  const IFACE = [
    "description: an interface",
    "cmds:",
    "  do_it:",
    "    description: does it",
    "    arguments:",
    "      arg:",
    "        description: an argument",
    "        type: [string, \"null\"]",
    "        enum: [\"a\\\\\", \"/*\", null]",
    "    result:",
    "      description: the result",
    "      type: [string, \"null\"]",
    "      enum: [\"a\\\\\", \"/*\", null]",
    "vars:",
    "  v:",
    "    description: a var",
    "    type: [string, \"null\"]",
    "    enum: [\"a\\\\\", \"/*\", null]",
    "",
  ].join("\n");

  test("every declaration file parses, and the literals keep their values", async () => {
    const result = await generate([{ path: "defs/t.yaml", content: TYPES }], { interfaces: [{ path: "defs/interfaces/iface.yaml", content: IFACE }] });
    if (!result.model) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
    const declarations = result.files.filter((f) => /\.d\.m?ts$/.test(f.path));
    expect(declarations.map((f) => f.path)).toEqual(expect.arrayContaining(["t.d.ts", "interfaces/iface.d.ts"]));
    for (const f of declarations) {
      // Parsed as a module of its own (transpileModule makes no output for a .d.ts, and reports syntax errors only with one).
      const out = ts.transpileModule(f.content, { fileName: f.path.replace(/\.d\.(m?)ts$/, ".$1ts"), reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.Latest } });
      expect({ file: f.path, errors: (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")) }).toEqual({ file: f.path, errors: [] });
      expect(f.content).not.toMatch(/^\*\//m);
    }
    const values = (file: string): Set<string | undefined> => new Set(tokens(result.files.find((f) => f.path === file)!.content).map((t) => t.value));
    for (const v of ["a\\", "/*", "k\\"]) expect(values("t.d.ts")).toContain(v);
    for (const v of ["a\\", "/*"]) expect(values("interfaces/iface.d.ts")).toContain(v);
  });
});

describe("escape.ts", () => {
  const samples = ["", "plain", '"q"', "back\\slash", "line\nbreak", "\u2028\u2029", "</script>", "\u0000\u001f\u007f\u0085", "\u202e\u2066\ufeff", "\ud83d\ude00", "${x}`"];

  test("stringLiteral: a double-quoted literal with exactly the value, and nothing invisible or line-breaking in it", () => {
    for (const s of samples) {
      const lit = stringLiteral(s);
      expect(JSON.parse(lit)).toBe(s);
      expect(lit).toMatch(/^".*"$/s);
      expect(lit).not.toMatch(/[\n\r\u2028\u2029\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff<]/);
    }
    expect(stringLiteral("a\u2028b")).toBe('"a\\u2028b"');
  });

  test("propertyKey: bare identifiers, quoted otherwise, and __proto__ always quoted", () => {
    expect(propertyKey("vendor_id")).toBe("vendor_id");
    expect(propertyKey("$dollar")).toBe("$dollar");
    expect(propertyKey("class")).toBe("class");
    expect(propertyKey("limit-L2")).toBe('"limit-L2"');
    expect(propertyKey("3d")).toBe('"3d"');
    expect(propertyKey("")).toBe('""');
    expect(propertyKey("__proto__")).toBe('"__proto__"');
    expect(propertyKey("a\u2028b")).toBe('"a\\u2028b"');
  });

  test("commentLines: no comment terminator, no tag start, line separators split, controls visible", () => {
    expect(commentLines("a */ b")).toEqual(["a *\\/ b"]);
    expect(commentLines("**/")).toEqual(["**\\/"]);
    expect(commentLines("x\n@deprecated\n  @internal y")).toEqual(["x", "\\@deprecated", "  \\@internal y"]);
    expect(commentLines("a\u2028b\u2029c\r\nd\re\u0085f")).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(commentLines("bell\u0007 rlo\u202e bom\ufeff")).toEqual(["bell\\u0007 rlo\\u202e bom\\ufeff"]);
    // Inside a tag's text TypeScript starts a new tag at any `@` after whitespace; its whitespace includes U+200B.
    expect(commentLines("mid @tag")).toEqual(["mid \\@tag"]);
    expect(commentLines("\u200b@deprecated and\u0085@internal")).toEqual(["\u200b\\@deprecated and", "\\@internal"]);
    expect(commentLines("see {@link https://example.com}")).toEqual(["see {\\@link https://example.com}"]);
    expect(commentLines("user@example.com and @@")).toEqual(["user@example.com and \\@@"]);
  });

  test("no definition text becomes a JSDoc tag, as TypeScript parses the emitted declarations", async () => {
    const yaml = [
      "description: file",
      "types:",
      "  Foo:",
      '    description: "\\u200B@deprecated do not use {@link https://example.com}"',
      "    type: object",
      "    properties:",
      "      a:",
      "        description: prop a @internal",
      "        type: string",
      '        default: "x @deprecated"',
      '        pattern: "^a @private$"',
      '        format: "f @deprecated"',
      "",
    ].join("\n");
    const result = await generate([{ path: "defs/t.yaml", content: yaml }]);
    if (!result.model) throw new Error(result.diagnostics.map(formatDiagnostic).join("\n"));
    const dts = result.files.find((f) => f.path === "t.d.ts")!.content;
    const sf = ts.createSourceFile("t.d.ts", dts, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const tags = new Set<string>();
    const links: string[] = [];
    const visit = (node: ts.Node): void => {
      for (const tag of ts.getJSDocTags(node)) tags.add(tag.tagName.text);
      for (const doc of ts.getJSDocCommentsAndTags(node)) {
        if (ts.isJSDoc(doc) && typeof doc.comment !== "string") for (const part of doc.comment ?? []) if (part.kind !== ts.SyntaxKind.JSDocText) links.push(part.getText());
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    expect([...tags].filter((t) => ["deprecated", "internal", "private"].includes(t))).toEqual([]);
    expect(links.filter((l) => l.includes("example.com"))).toEqual([]);
  });

  test("commentInline: one line, line breaks shown as escapes", () => {
    expect(commentInline("a\nb\r\nc\u2028d */")).toBe("a\\nb\\r\\nc\\u2028d *\\/");
    for (const s of samples) expect(commentInline(s)).not.toMatch(/[\n\r\u2028\u2029\u0085]|\*\//);
  });

  test("jsonComment: JSON that reads back as the value, on one line", () => {
    expect(jsonComment("*/ x")).toBe('"*\\/ x"');
    expect(JSON.parse(jsonComment("*/ x"))).toBe("*/ x");
    expect(jsonComment({ a: [1, null, "\u2028"] })).toBe('{"a":[1,null,"\\u2028"]}');
    expect(JSON.parse(jsonComment({ a: [1, null, "\u2028"] }))).toEqual({ a: [1, null, "\u2028"] });
    expect(jsonComment(3)).toBe("3");
  });

  test("uriFragment: percent-encoded, decodes back to the pointer, never contains */", () => {
    expect(uriFragment("/types/ChargingSchedule")).toBe("/types/ChargingSchedule");
    expect(uriFragment("/types/a b/properties/*")).toBe("/types/a%20b/properties/%2A");
    for (const p of ["/types/x*/properties/y", "/types/a\nb", "/types/\u2028", "/types/~0~1", "/types/\ud83d\ude00"]) {
      const f = uriFragment(p);
      expect(f).not.toMatch(/\*\/|[\s\u2028\u2029]/);
      expect(decodeURIComponent(f)).toBe(p);
    }
    expect(uriFragment("/types/\ud800")).toBe("/types/%EF%BF%BD");
  });
});
