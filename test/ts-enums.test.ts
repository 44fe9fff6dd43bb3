/**
 * String enums are a constant and a type of the same name: the constant is
 * the frozen object `<module>.js` exports, the type is the union of its
 * values. So a plain string literal and `E.Member` both compile, a wrong
 * literal does not, a `switch` over the values can be exhaustive, and a
 * consumer under `erasableSyntaxOnly` and `verbatimModuleSyntax` can import
 * and use them. The declared objects are what CommonJS and ES module
 * consumers get at run time (one object, frozen, same members in the same
 * order).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { emitTypeScript } from "../generator/emit/ts/emit-ts";
import { loadModel } from "../generator/index";
import { ROOT, generateCase } from "./helpers/golden";

const FIXTURES = path.join(ROOT, "test", "fixtures");

const PACKAGES: Record<string, { caseDir: string; defs?: string }> = {
  defs: { caseDir: path.join(FIXTURES, "defs-golden"), defs: path.join(ROOT, "defs") },
  names: { caseDir: path.join(FIXTURES, "ts-names") },
  shapes: { caseDir: path.join(FIXTURES, "ts-shapes") },
  ifaces: { caseDir: path.join(FIXTURES, "interfaces-shapes") },
};

/** Consumer code, erasable syntax only; `PKG/<name>` is replaced by the package's ES module entry. */
const CONSUMER = String.raw`
import { ocpp, display_message } from "PKG/defs";
import { RegistrationStatus, type BootNotificationResponse } from "PKG/defs/ocpp";
import { names } from "PKG/names";
import { shapes } from "PKG/shapes";

// ---- a literal and a member are both the enum type
export const byLiteral: ocpp.BootNotificationResponse = { status: "Accepted", current_time: "2024-01-01T00:00:00Z", interval: 300 };
export const byMember: ocpp.BootNotificationResponse = { status: ocpp.RegistrationStatus.Accepted, current_time: "2024-01-01T00:00:00Z", interval: 300 };
export const fromFileModule: BootNotificationResponse = { status: RegistrationStatus.Pending, current_time: "t", interval: 1 };
export const sameObject: typeof RegistrationStatus = ocpp.RegistrationStatus;
export const nested: shapes.Charger = { mode: "Fast", phases: ["L1", shapes.ChargerPhasesItem.L2] };
export const oddValue: names.Phase = "a-b";
export const oddMember: names.Phase = names.Phase.a_b;
export const format: display_message.MessageFormat = "UTF8";

// ---- wrong literals are refused
// @ts-expect-error "Bogus" is not a RegistrationStatus
export const wrongLiteral: ocpp.BootNotificationResponse = { status: "Bogus", current_time: "t", interval: 300 };
// @ts-expect-error the values are case-sensitive
export const wrongCase: ocpp.RegistrationStatus = "accepted";
// @ts-expect-error a string is wider than the enum
export const anyString: ocpp.RegistrationStatus = String("Accepted");
// @ts-expect-error a member of another enum with another value
export const otherEnum: ocpp.RegistrationStatus = display_message.MessageFormat.HTML;
// @ts-expect-error no such member
export const noMember = ocpp.RegistrationStatus.Maybe;

// ---- the members are literal types, and the object is read-only
export const accepted: "Accepted" = ocpp.RegistrationStatus.Accepted;
export type AcceptedType = typeof ocpp.RegistrationStatus.Accepted;
export const acceptedType: AcceptedType = "Accepted";
// @ts-expect-error the object's members are read-only
ocpp.RegistrationStatus.Accepted = "Pending";
export const all: readonly ocpp.RegistrationStatus[] = Object.values(ocpp.RegistrationStatus);
export const keys: readonly (keyof typeof ocpp.RegistrationStatus)[] = ["Accepted", "Pending", "Rejected"];

// ---- narrowing and exhaustiveness
export function describe(s: ocpp.RegistrationStatus): string {
  switch (s) {
    case ocpp.RegistrationStatus.Accepted:
      return "registered";
    case "Pending":
      return "waiting";
    case ocpp.RegistrationStatus.Rejected:
      return "refused";
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}
export function isFinal(s: ocpp.RegistrationStatus): boolean {
  if (s === "Pending") return false;
  // Narrowed: what is left is the other two values.
  const rest: "Accepted" | "Rejected" = s;
  return rest === "Accepted" || rest === ocpp.RegistrationStatus.Rejected;
}
`;

/** The same switch with a case left out: its `never` default must not compile, and the error names the value left out. */
const MISSING_CASE = String.raw`
import { ocpp } from "PKG/defs";
export function describe(s: ocpp.RegistrationStatus): string {
  switch (s) {
    case ocpp.RegistrationStatus.Accepted:
      return "registered";
    case "Pending":
      return "waiting";
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}
`;

/** The options that refuse every construct that is not erasable (what Node's type stripping runs). */
const ERASABLE: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  erasableSyntaxOnly: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  types: [],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
};

let tmp: string;
/** Per package, its files by path. */
const emitted = new Map<string, Map<string, string>>();
const declarationFiles: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "etg-enums-"));
  for (const [name, c] of Object.entries(PACKAGES)) {
    const result = await generateCase(c.caseDir, c.defs === undefined ? {} : { defs: c.defs });
    const files = new Map<string, string>();
    for (const f of result.files) {
      files.set(f.path, f.content);
      const target = path.join(tmp, name, ...f.path.split("/"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
      if (/\.d\.m?ts$/.test(f.path)) declarationFiles.push(target);
    }
    emitted.set(name, files);
  }
  const esm = (text: string): string => text.replace(/"PKG\/(\w+)(\/\w+)?"/g, (_, pkg: string, mod: string | undefined) => `"./${pkg}${mod ?? "/index"}.mjs"`);
  fs.writeFileSync(path.join(tmp, "consumer.mts"), esm(CONSUMER));
  fs.writeFileSync(path.join(tmp, "missing-case.mts"), esm(MISSING_CASE));
  fs.writeFileSync(path.join(tmp, "own-enum.mts"), "export enum Own { A = \"A\" }\n");
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function diagnostics(rootNames: readonly string[], options: ts.CompilerOptions): readonly ts.Diagnostic[] {
  return ts.getPreEmitDiagnostics(ts.createProgram({ rootNames, options }));
}

function format(diags: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diags, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => tmp, getNewLine: () => "\n" });
}

/** A string enum as declared: the constant's members (name and value, in order) and the type's values. */
interface DeclaredEnum {
  readonly name: string;
  readonly members: readonly (readonly [string, string])[];
  readonly union: readonly string[];
}

function literalText(t: ts.TypeNode | undefined): string {
  if (t === undefined || !ts.isLiteralTypeNode(t) || !ts.isStringLiteral(t.literal)) throw new Error(`not a string literal type: ${t?.getText()}`);
  return t.literal.text;
}

/** Every string enum a module's .d.ts declares: each `declare const X: { readonly ... }` with a type alias X beside it. */
function declaredEnums(text: string): DeclaredEnum[] {
  const sf = ts.createSourceFile("m.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  for (const s of sf.statements) if (ts.isTypeAliasDeclaration(s)) aliases.set(s.name.text, s);
  const out: DeclaredEnum[] = [];
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s)) continue;
    const d = s.declarationList.declarations[0]!;
    const alias = aliases.get(d.name.getText());
    if (alias === undefined || d.type === undefined || !ts.isTypeLiteralNode(d.type)) continue;
    const members = d.type.members.map((m) => {
      if (!ts.isPropertySignature(m) || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword)) throw new Error(`not a readonly member: ${m.getText()}`);
      const key = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
      return [key, literalText(m.type)] as const;
    });
    const union = ts.isUnionTypeNode(alias.type) ? alias.type.types.map(literalText) : [literalText(alias.type)];
    out.push({ name: alias.name.text, members, union });
  }
  return out;
}

/** The declared enums of every module of every package: package -> module's .js path -> enums. */
function allDeclared(): Map<string, Map<string, DeclaredEnum[]>> {
  const out = new Map<string, Map<string, DeclaredEnum[]>>();
  for (const [pkg, files] of emitted) {
    const modules = new Map<string, DeclaredEnum[]>();
    for (const [p, text] of files) {
      if (!p.endsWith(".d.ts") || p.endsWith("index.d.ts") || p === "runtime.d.ts") continue;
      const enums = declaredEnums(text);
      if (enums.length > 0) modules.set(p.replace(/\.d\.ts$/, ".js"), enums);
    }
    out.set(pkg, modules);
  }
  return out;
}

describe("string enums accept their literals", () => {
  test("no declaration file declares an enum: all are erasable", () => {
    for (const files of emitted.values()) {
      for (const [p, text] of files) if (/\.d\.m?ts$/.test(p)) expect(text).not.toMatch(/^export (declare )?(const )?enum /m);
    }
  });

  test("a consumer under erasableSyntaxOnly and verbatimModuleSyntax uses literals and members, and wrong literals are refused", () => {
    expect(format(diagnostics([...declarationFiles, path.join(tmp, "consumer.mts")], ERASABLE))).toBe("");
  });

  test("erasableSyntaxOnly is in force: an enum of the consumer's own is refused", () => {
    const codes = diagnostics([path.join(tmp, "own-enum.mts")], ERASABLE).map((d) => d.code);
    expect(codes).toEqual([1294]);
  });

  test("a switch that leaves out a value fails at its `never` default", () => {
    const diags = diagnostics([...declarationFiles, path.join(tmp, "missing-case.mts")], ERASABLE);
    expect(diags.map((d) => [path.basename(d.file?.fileName ?? ""), d.code])).toEqual([["missing-case.mts", 2322]]);
    expect(ts.flattenDiagnosticMessageText(diags[0]!.messageText, "\n")).toBe(`Type '"Rejected"' is not assignable to type 'never'.`);
  });

  test("each enum's type is exactly the values of its object, in both directions", () => {
    // `(typeof E)[keyof typeof E]` is the type derived from the object; the written union must equal it.
    const lines: string[] = ["type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;"];
    let count = 0;
    for (const [pkg, modules] of allDeclared()) {
      for (const [js, enums] of modules) {
        const alias = `m${count}`;
        lines.push(`import type * as ${alias} from "./${pkg}/${js}";`);
        for (const e of enums) lines.push(`export const same${count}_${e.name}: Same<${alias}.${e.name}, (typeof ${alias}.${e.name})[keyof typeof ${alias}.${e.name}]> = true;`);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(6);
    const file = path.join(tmp, "same.mts");
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    expect(format(diagnostics([...declarationFiles, file], ERASABLE))).toBe("");
  });
});

describe("the printed union", () => {
  /** The .d.ts of a one-type file whose string enum has `values`. */
  function enumDts(values: readonly string[]): string {
    const yaml = ["description: enum values", "types:", "  E:", "    description: an enum", "    type: string", "    enum:", ...values.map((v) => `      - ${JSON.stringify(v)}`), ""].join("\n");
    const { model, diagnostics } = loadModel([{ path: "defs/e.yaml", content: yaml }]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return emitTypeScript(model!).find((f) => f.path === "e.d.ts")!.content;
  }

  test("short unions stay on one line, long ones take a line per value", () => {
    expect(enumDts(["a", "b"])).toContain('export type E = "a" | "b";\n');
    const many = Array.from({ length: 30 }, (_, i) => `value${i}`);
    expect(enumDts(many)).toContain(`export type E = "value0"\n  | "value1"\n`);
  });

  test("a backslash before a closing quote does not make the printer read a later /* as a comment", () => {
    // ts-morph's writer took `"\\"` for an unclosed string, then `"/*"` for a comment it closed with a stray `*/`.
    // The backslash is printed as \u005C (escape.ts printedStringLiteral), which the writer cannot misread.
    const text = enumDts(["\\", "/*", "a"]);
    expect(text).toContain('export type E = "\\u005C"\n  | "/*"\n  | "a";\n');
    const sf = ts.createSourceFile("e.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const parseErrors = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
    expect(parseErrors).toEqual([]);
    expect(text).not.toMatch(/^\*\//m);
  });
});

describe("the declared objects are the run-time objects", () => {
  test("CommonJS and ES modules export one frozen object per enum, with the declared members and values in order", () => {
    const declared = allDeclared();
    const expected: Record<string, Record<string, Record<string, [string, string][]>>> = {};
    for (const [pkg, modules] of declared) {
      expected[pkg] = {};
      for (const [js, enums] of modules) expected[pkg][js] = Object.fromEntries(enums.map((e) => [e.name, e.members.map(([k, v]) => [k, v] as [string, string])]));
      // The type's values are the object's values, in the same order.
      for (const enums of modules.values()) for (const e of enums) expect(e.union).toEqual(e.members.map(([, v]) => v));
    }
    expect(Object.values(expected).reduce((n, m) => n + Object.values(m).reduce((k, e) => k + Object.keys(e).length, 0), 0)).toBeGreaterThanOrEqual(15);
    const script = path.join(tmp, "runtime-enums.mjs");
    fs.writeFileSync(
      script,
      [
        'import { createRequire } from "node:module";',
        "const require = createRequire(import.meta.url);",
        `const expected = ${JSON.stringify(expected)};`,
        "const out = {};",
        "for (const [pkg, modules] of Object.entries(expected)) {",
        "  for (const [js, enums] of Object.entries(modules)) {",
        "    const cjs = require(`./${pkg}/${js}`);",
        "    const esm = await import(`./${pkg}/${js.replace(/\\.js$/, '.mjs')}`);",
        "    for (const name of Object.keys(enums)) {",
        "      const o = cjs[name];",
        "      out[`${pkg}/${js}#${name}`] = { same: o === esm[name], frozen: Object.isFrozen(o), proto: Object.getPrototypeOf(o) === Object.prototype, entries: Object.entries(o) };",
        "    }",
        "  }",
        "}",
        "process.stdout.write(JSON.stringify(out));",
      ].join("\n"),
    );
    const r = spawnSync(process.execPath, [script], { cwd: tmp, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    const actual = JSON.parse(r.stdout) as Record<string, { same: boolean; frozen: boolean; proto: boolean; entries: [string, string][] }>;
    const want: Record<string, unknown> = {};
    for (const [pkg, modules] of Object.entries(expected)) {
      for (const [js, enums] of Object.entries(modules)) {
        for (const [name, entries] of Object.entries(enums)) want[`${pkg}/${js}#${name}`] = { same: true, frozen: true, proto: true, entries };
      }
    }
    expect(actual).toEqual(want);
  });
});
