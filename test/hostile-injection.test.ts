/**
 * Hostile input, code injection: every payload below sits in every place
 * definition text reaches the output (file and type descriptions, property
 * descriptions and names, enum values, a const, patterns, defaults, formats,
 * item and map schemas, a ref's siblings, the defs folder's own name). Each
 * payload would, if it ever became code, write a file named PWNED or exit
 * with status 99.
 *
 * Asserted: the generated TypeScript, JavaScript and JSON parse with no
 * error and hold only what the generator writes (helpers/emitted-code.ts);
 * names and values come out verbatim (JSON keys, enum values, schema text);
 * requiring and importing the package in a child process, then calling
 * every validator, runs nothing else: exit 0, no PWNED file, the package
 * folder unchanged.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import ts from "typescript";
import { formatDiagnostic, generate, type GenerateResult } from "../generator/index";
import { readDefs } from "../generator/load/read-defs";
import { auditCode, auditPackage } from "./helpers/emitted-code";
import { scratchDir, writeFiles } from "./helpers/property";
import { treeHash } from "./helpers/cli";

/** What a payload tries to run. */
const RUN = 'require("fs").writeFileSync("PWNED", "x"); process.exit(99)';

export const PAYLOADS: readonly string[] = [
  `*/ ${RUN}; /*`,
  `*/\n${RUN}\n/**`,
  `"; ${RUN}; "`,
  `'; ${RUN}; '`,
  `\`; ${RUN}; \``,
  `\${${RUN}}`,
  `\\"; ${RUN}; //`,
  `\\\\"; ${RUN}; //`,
  `\\u0022; ${RUN}; //`,
  `"]; ${RUN}; ["`,
  `"}); ${RUN}; ({"`,
  `\n${RUN}\n//`,
  `\r\n${RUN}; //`,
  `\r${RUN}; //`,
  `\u2028${RUN}\u2029//`,
  `\u0085${RUN}`,
  `</script><script>${RUN}</script>`,
  `-->\n${RUN}\n<!--`,
  `@type {${RUN}}`,
  `@see ${RUN}`,
  `/*/ ${RUN} /*/`,
  `#!/usr/bin/env node\n${RUN}`,
  `\u202e${RUN}\u202c`,
  `\u0000${RUN}`,
  `require("child_process").execSync("touch PWNED")`,
  `'+${RUN}+'`,
  `{{${RUN}}}`,
  `$(${RUN})`,
  `a\\`,
];

/** A YAML double-quoted scalar for any text (JSON's escapes, everything outside ASCII as \uXXXX). */
function q(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A `pattern` matching `text` literally: only regex syntax characters are escaped (a valid `u`-mode escape). */
function literalPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

function list(values: readonly string[], indent: string): string {
  return values.map((v) => `${indent}- ${q(v)}`).join("\n");
}

function injectYaml(): string {
  const P = PAYLOADS;
  const lines = [`description: ${q(`file ${P.join(" ")}`)}`, "types:"];
  lines.push(
    "  Obj:",
    `    description: ${q(P.join(""))}`,
    "    type: object",
    "    required:",
    list(P, "      "),
    "    properties:",
  );
  P.forEach((p, i) => {
    lines.push(
      `      ${q(p)}:`,
      `        description: ${q(P[(i + 1) % P.length]!)}`,
      "        type: string",
      `        pattern: ${q(`^${literalPattern(p)}$`)}`,
      `        default: ${q(p)}`,
    );
  });
  lines.push(
    "    additionalProperties: false",
    // Each payload as a format name too: EVerest knows none of them, so every string fails each (W119).
    "  Formats:",
    `    description: ${q(P[0]!)}`,
    "    type: object",
    "    properties:",
    ...P.flatMap((p, i) => [`      ${q(p)}:`, `        description: ${q(P[(i + 2) % P.length]!)}`, "        type: string", `        format: ${q(p)}`]),
    "  Mode:",
    `    description: ${q(P[0]!)}`,
    "    type: string",
    "    enum:",
    list(P, "      "),
    "  Inline:",
    `    description: ${q(P[1]!)}`,
    "    type: object",
    "    properties:",
    "      mode:",
    `        description: ${q(P[2]!)}`,
    "        type: string",
    "        enum:",
    list(P, "          "),
    "      fixed:",
    "        type: string",
    `        const: ${q(P[3]!)}`,
    `        description: ${q(P[4]!)}`,
    "      list:",
    "        type: array",
    `        description: ${q(P[5]!)}`,
    "        items:",
    `          description: ${q(P[6]!)}`,
    "          type: string",
    `          default: ${q(P[7]!)}`,
    "      map:",
    "        type: object",
    `        description: ${q(P[8]!)}`,
    "        additionalProperties:",
    `          description: ${q(P[9]!)}`,
    "          type: string",
    "          enum:",
    list(P.slice(0, 5), "            "),
    "      documented:",
    "        type: object",
    `        description: ${q(P[10]!)}`,
    "        default:",
    ...P.map((p) => `          ${q(p)}: ${q(p)}`),
    "          __proto__:",
    `            polluted: ${q(P[11]!)}`,
    "      count:",
    "        type: integer",
    `        description: ${q(P[12]!)}`,
    `        default: ${q(P[13]!)}`,
    "        minimum: -1",
    "        maxLength: 3",
    "  Alias.of-Obj:",
    `    description: ${q(P[14]!)}`,
    "    type: object",
    "    $ref: /inject#/Obj",
    `    default: ${q(P[15]!)}`,
    "  Other:",
    `    description: ${q(P[16]!)}`,
    "    type: object",
    "    properties:",
    "      there:",
    `        description: ${q(P[19]!)}`,
    "        type: string",
    "        $ref: /other-file#/There",
  );
  return `${lines.join("\n")}\n`;
}

const OTHER_YAML = [
  `description: ${q(PAYLOADS[17]!)}`,
  "types:",
  "  There:",
  `    description: ${q(PAYLOADS[18]!)}`,
  "    type: string",
  "    enum:",
  list(PAYLOADS.slice(18), "      "),
  "",
].join("\n");

let scratch: ReturnType<typeof scratchDir>;
let pkgDir: string;
let result: GenerateResult;
let emitted: { path: string; content: string }[];

beforeAll(async () => {
  scratch = scratchDir("etg-inject-");
  // The defs folder's name shows in banners, `@see` links and package.json: it is hostile too.
  const defs = path.join(scratch.dir, `defs\n"); ${RUN}; ("\u2028 --> *\u2044`);
  fs.mkdirSync(defs);
  fs.writeFileSync(path.join(defs, "inject.yaml"), injectYaml());
  fs.writeFileSync(path.join(defs, "other-file.yaml"), OTHER_YAML);
  result = await generate(readDefs(defs));
  emitted = result.files.map((f) => ({ path: f.path, content: f.content }));
  pkgDir = path.join(scratch.dir, "pkg");
  writeFiles(pkgDir, emitted);
});
afterAll(() => scratch.remove());

test("the hostile definitions generate, with warnings only (formats EVerest does not know, a keyword that does nothing, patterns of characters beyond ASCII)", () => {
  const errors = result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  expect(errors).toEqual([]);
  const codes = new Set(result.diagnostics.map((d) => d.code));
  expect([...codes].sort()).toEqual(["W101", "W117", "W119"]);
  // Warnings quote the format text: each stays one line.
  for (const d of result.diagnostics) expect(formatDiagnostic(d)).not.toMatch(/[\n\r\u2028\u2029]/);
});

test("every emitted file parses, and holds only what the generator writes", () => {
  expect(emitted.filter((f) => /\.(d\.m?ts|m?js|json)$/.test(f.path)).length).toBeGreaterThan(15);
  expect(auditPackage(pkgDir, emitted)).toEqual([]);
});

test("the audit is not vacuous: it catches text that became code", () => {
  expect(auditCode("x.js", `"use strict";\nexports.a = 1;\n/* */ ${RUN};\n`).length).toBeGreaterThan(0);
  expect(auditCode("x.js", 'const a = require("child_process");\n')).toEqual([
    'x.js: require of something other than a relative module: require("child_process")',
  ]);
  expect(auditCode("x.d.ts", "export interface A {}\nconsole.log(1);\n")).toEqual(["x.d.ts: unexpected top-level ExpressionStatement: console.log(1);"]);
  expect(auditCode("x.d.ts", "export declare function f(): void { }\n")).toEqual(["x.d.ts: a function with a body in a declaration file"]);
  // Resetting `errors` is allowed on the file's own functions only, and only to null.
  expect(auditCode("x.js", "function validateA() {}\nvalidateA.errors = null;\n")).toEqual([]);
  expect(auditCode("x.js", "validateA.errors = null;\n")).toEqual(["x.js: unexpected top-level ExpressionStatement: validateA.errors = null;"]);
  expect(auditCode("x.js", "function validateA() {}\nvalidateA.errors = run();\n")).toEqual([
    "x.js: unexpected top-level ExpressionStatement: validateA.errors = run();",
  ]);
});

test("JSON Schemas carry names, values and text verbatim", () => {
  const doc = JSON.parse(result.files.find((f) => f.path === "schemas/inject.json")!.content) as Record<string, unknown>;
  const defs = (doc["definitions"] ?? doc["$defs"]) as Record<string, Record<string, unknown>>;
  const obj = defs["Obj"]!;
  expect(Object.keys(obj["properties"] as object)).toEqual([...PAYLOADS]);
  expect(obj["required"]).toEqual([...PAYLOADS]);
  PAYLOADS.forEach((p, i) => {
    const prop = (obj["properties"] as Record<string, Record<string, unknown>>)[p]!;
    expect(prop["description"]).toBe(PAYLOADS[(i + 1) % PAYLOADS.length]);
    expect(prop["default"]).toBe(p);
    expect(new RegExp(prop["pattern"] as string, "u").test(p)).toBe(true);
  });
  const formats = defs["Formats"]!["properties"] as Record<string, Record<string, unknown>>;
  expect(Object.keys(formats)).toEqual([...PAYLOADS]);
  for (const p of PAYLOADS) expect(formats[p]!["format"]).toBe(p);
  expect(defs["Mode"]!["enum"]).toEqual([...PAYLOADS]);
  const documented = ((defs["Inline"]!["properties"] as Record<string, Record<string, unknown>>)["documented"]!["default"]) as Record<string, unknown>;
  expect(Object.keys(documented)).toEqual([...PAYLOADS, "__proto__"]);
  expect(Object.getPrototypeOf(documented)).toBe(Object.prototype);
});

test("declarations carry property names and enum values verbatim", () => {
  const text = result.files.find((f) => f.path === "inject.d.ts")!.content;
  const sf = ts.createSourceFile("inject.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const iface = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Obj")!;
  const names = iface.members.map((m) => {
    const n = m.name!;
    return ts.isStringLiteral(n) || ts.isIdentifier(n) ? n.text : n.getText();
  });
  expect(names).toEqual([...PAYLOADS]);
  // Required, since every name is listed in `required`.
  expect(iface.members.every((m) => ts.isPropertySignature(m) && m.questionToken === undefined)).toBe(true);
  // The string enum Mode: a constant whose object type maps member names to the values, and the union of the values.
  const value = sf.statements.find((s): s is ts.VariableStatement => ts.isVariableStatement(s) && s.declarationList.declarations[0]!.name.getText() === "Mode")!;
  const objectType = value.declarationList.declarations[0]!.type as ts.TypeLiteralNode;
  const members = objectType.members as ts.NodeArray<ts.PropertySignature>;
  const literalText = (t: ts.TypeNode | undefined): string => ((t as ts.LiteralTypeNode).literal as ts.StringLiteral).text;
  expect(members.map((m) => literalText(m.type))).toEqual([...PAYLOADS]);
  // Every member name is an identifier: nothing of the value leaks into the name's syntax.
  expect(members.every((m) => ts.isPropertySignature(m) && ts.isIdentifier(m.name))).toBe(true);
  const alias = sf.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === "Mode")!;
  expect((alias.type as ts.UnionTypeNode).types.map(literalText)).toEqual([...PAYLOADS]);
});

/** Markdown without its code spans (a run of n backticks up to the next run of exactly n), as CommonMark reads them. */
function outsideCodeSpans(md: string): string {
  let out = "";
  let i = 0;
  while (i < md.length) {
    if (md[i] !== "`") {
      out += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === "`") n++;
    const fence = "`".repeat(n);
    let close = -1;
    for (let j = md.indexOf(fence, i + n); j >= 0; j = md.indexOf(fence, j + 1)) {
      if (md[j - 1] !== "`" && md[j + n] !== "`") {
        close = j;
        break;
      }
    }
    if (close < 0) {
      out += fence;
      i += n;
    } else {
      i = close + n;
    }
  }
  return out;
}

test("Markdown docs let no HTML through: outside code spans, every < is the generator's own anchor or line break", () => {
  for (const f of result.files.filter((x) => x.path.endsWith(".md"))) {
    const body = f.content.replace(/^<!--[^\n]*-->\n/, "");
    // Code spans show their text verbatim (no HTML inside them in CommonMark); everything else must be escaped.
    const outside = outsideCodeSpans(body).replace(/<a id="[a-z0-9-]*"><\/a>|<br>/g, "");
    expect({ file: f.path, html: outside.match(/<[^\n]{0,40}/g) ?? [] }).toEqual({ file: f.path, html: [] });
  }
  expect(outsideCodeSpans("a `<b>` ``x`<i>`` <c>")).toBe("a   <c>");
});

describe("loading the package runs nothing but the generator's own code", () => {
  const child = (script: string): { status: number | null; stdout: string; stderr: string } => {
    const cwd = path.join(scratch.dir, "cwd");
    fs.mkdirSync(cwd, { recursive: true });
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd,
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", PKG: pkgDir },
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test("require, import and every validator on hostile values: exit 0, no PWNED file, package unchanged", () => {
    const before = treeHash(pkgDir);
    const r = child(`
      import { createRequire } from "node:module";
      const require = createRequire(process.env.PKG + "/");
      const PAYLOADS = ${JSON.stringify(PAYLOADS)};
      const pkg = require(process.env.PKG + "/index.js");
      const esm = await import(process.env.PKG + "/index.mjs");
      const values = [{}, [], "", 0, null, ...PAYLOADS, Object.fromEntries(PAYLOADS.map((p) => [p, p])), JSON.parse('{"__proto__": {"polluted": 1}}')];
      let calls = 0;
      for (const [name, mod] of Object.entries(pkg)) {
        if (mod === null || typeof mod !== "object") continue;
        if (esm[name] === undefined) throw new Error("ESM entry lacks " + name);
        for (const [k, f] of Object.entries(mod)) {
          if (typeof f !== "function" || !/^(is|assert|validate)/.test(k)) continue;
          for (const v of values) {
            try { f(v); } catch (e) { if (!(e instanceof pkg.ValidationError)) throw e; }
            calls++;
          }
        }
      }
      // The ES modules are an implementation of their own: every function of theirs too.
      for (const mod of [...Object.values(esm), ...Object.values(esm.interfaces ?? {})]) {
        if (mod === null || typeof mod !== "object") continue;
        for (const [k, f] of Object.entries(mod)) {
          if (typeof f !== "function" || !/^(is|assert|validate)/.test(k)) continue;
          for (const v of values) {
            try { f(v); } catch (e) { if (!(e instanceof pkg.ValidationError)) throw e; }
            calls++;
          }
        }
      }
      for (const ref of ["inject/Obj", "/inject#/Mode", "inject/Inline", "inject/Alias.of-Obj", "other-file/There", "inject/Formats"]) {
        for (const v of values) { pkg.validate(ref, v); calls++; }
      }
      const obj = Object.fromEntries(PAYLOADS.map((p) => [p, p]));
      console.log(JSON.stringify({
        calls,
        objValid: pkg.validate("inject/Obj", obj).valid,
        formatIssues: pkg.validate("inject/Formats", obj).errors.map((e) => e.keyword + " " + e.message),
        modeValues: Object.values(pkg.inject.Mode),
        polluted: ({}).polluted === undefined ? "no" : "yes",
      }));
    `);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { calls: number; objValid: boolean; formatIssues: string[]; modeValues: string[]; polluted: string };
    expect(out.calls).toBeGreaterThan(200);
    // Each payload is a property name whose value must match the pattern built from that same payload.
    expect(out.objValid).toBe(true);
    // And each payload as a format name fails its string, the name shown as data, on one line.
    expect(out.formatIssues).toHaveLength(PAYLOADS.length);
    for (const m of out.formatIssues) expect(m).toMatch(/^format cannot pass: EVerest's runtime knows no format .* and refuses every string$/);
    for (const m of out.formatIssues) expect(m).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(out.modeValues).toEqual([...PAYLOADS]);
    expect(out.polluted).toBe("no");
    expect(fs.readdirSync(path.join(scratch.dir, "cwd"))).toEqual([]);
    expect(fs.existsSync(path.join(pkgDir, "PWNED"))).toBe(false);
    expect(treeHash(pkgDir)).toEqual(before);
  });

  test("the sentinel works: the same payload run as code does write PWNED and exit 99", () => {
    const r = child(`import { createRequire } from "node:module"; const require = createRequire(import.meta.url); ${RUN};`);
    expect(r.status).toBe(99);
    expect(fs.existsSync(path.join(scratch.dir, "cwd", "PWNED"))).toBe(true);
    fs.rmSync(path.join(scratch.dir, "cwd", "PWNED"));
  });
});
