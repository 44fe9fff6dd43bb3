/**
 * Hostile input, prototype pollution: the names of Object.prototype's members
 * (`__proto__`, `constructor`, `prototype`, `toString`, ...) as file names,
 * type names, enum values, property names, `const` values and keys of
 * `default`s are plain data everywhere: loading, the model, every emitter,
 * the generated modules and their validators. `__proto__` as a property name
 * is the one refusal, by design (E025): JavaScript validators cannot judge it
 * reliably.
 *
 * Object.prototype (and Array's, Function's, String's) must be exactly as
 * before after each step: load, generate, write, require, validate; in this
 * process and in a fresh one that imports the package.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import ts from "typescript";
import { formatDiagnostic, generate, loadModel, writeOutput, type GenerateResult } from "../generator/index";
import { readDefs } from "../generator/load/read-defs";
import { diagnoseOne } from "./helpers/check-run";
import { scratchDir } from "./helpers/property";

/** Own members of Object.prototype, and a few more that plain objects inherit or that look special. */
const NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
];
const PROPS = NAMES.filter((n) => n !== "__proto__");

/** Every own property (name and value identity) of the built-in prototypes. */
function prototypes(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const protos: [string, object][] = [
    ["Object", Object.prototype],
    ["Array", Array.prototype],
    ["Function", Function.prototype],
    ["String", String.prototype],
  ];
  for (const [label, proto] of protos) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      out.set(`${label}.${String(key)}`, d.value ?? d.get);
    }
  }
  return out;
}

function changedPrototypes(before: Map<string, unknown>): string[] {
  const now = prototypes();
  const keys = new Set([...before.keys(), ...now.keys()]);
  return [...keys].filter((k) => !before.has(k) || !now.has(k) || !Object.is(before.get(k), now.get(k)));
}

const q = (s: string): string => JSON.stringify(s);

/** File `__proto__.yaml`: a type named after each member, shaped to reach every emitter's code paths. */
const PROTO_FILE = [
  "description: Types named after Object.prototype's members",
  "types:",
  "  __proto__:",
  "    description: An object whose properties are named after inherited members",
  "    type: object",
  "    required:",
  ...PROPS.map((p) => `      - ${q(p)}`),
  "    properties:",
  ...PROPS.flatMap((p) => [`      ${q(p)}:`, `        description: the own property ${p}`, "        type: string"]),
  "    additionalProperties: false",
  "    default:",
  "      __proto__:",
  "        polluted: true",
  "      constructor:",
  "        prototype:",
  "          polluted: true",
  "  constructor:",
  "    description: Enum values named after inherited members",
  "    type: string",
  "    enum:",
  ...NAMES.map((n) => `      - ${q(n)}`),
  "  prototype:",
  "    description: A ref to a type named constructor in a file named constructor",
  "    type: string",
  "    $ref: /constructor#/constructor",
  "  toString:",
  "    description: A list of the object type",
  "    type: array",
  "    items:",
  "      type: object",
  "      $ref: /__proto__#/__proto__",
  "  valueOf:",
  "    description: A const named __proto__",
  "    type: string",
  "    const: __proto__",
  "  hasOwnProperty:",
  "    description: A map whose values are the enum",
  "    type: object",
  "    additionalProperties:",
  "      type: string",
  "      $ref: /__proto__#/constructor",
  ...NAMES.slice(6).map((n) => `  ${n}:\n    description: A type named ${n}\n    type: integer`),
  "",
].join("\n");

/** Files named after members, each with a type of the same name. */
function namedFile(name: string): string {
  return [
    `description: A file named ${name}`,
    "types:",
    `  ${name}:`,
    `    description: A type named ${name}`,
    "    type: string",
    "    enum:",
    ...NAMES.map((n) => `      - ${q(n)}`),
    "",
  ].join("\n");
}

const FILES = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"];

interface Pkg {
  validate(ref: string, v: unknown): { valid: boolean; errors: { path: string; message: string; keyword: string }[] };
  [module: string]: unknown;
}

let scratch: ReturnType<typeof scratchDir>;
let defs: string;
let out: string;
let before: Map<string, unknown>;
let result: GenerateResult;

beforeAll(() => {
  before = prototypes();
  scratch = scratchDir("etg-proto-");
  defs = path.join(scratch.dir, "defs");
  out = path.join(scratch.dir, "out");
  fs.mkdirSync(defs);
  for (const name of FILES) fs.writeFileSync(path.join(defs, `${name}.yaml`), name === "__proto__" ? PROTO_FILE : namedFile(name));
});
afterAll(() => scratch.remove());

describe("in this process", () => {
  test("load: no errors, and nothing touched", () => {
    const { model, diagnostics } = loadModel(readDefs(defs));
    expect(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    expect(model).toBeDefined();
    expect(changedPrototypes(before)).toEqual([]);
  });

  test("generate: module and TypeScript names follow the naming rules; nothing touched", async () => {
    result = await generate(readDefs(defs));
    expect(result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    const model = result.model!;
    expect(model.files.map((f) => [f.name, f.moduleName])).toEqual([
      ["__defineGetter__", "__defineGetter__"],
      ["__proto__", "__proto___"],
      ["constructor", "constructor_"],
      ["hasOwnProperty", "hasOwnProperty_"],
      ["prototype", "prototype_"],
      ["toString", "toString_"],
      ["valueOf", "valueOf_"],
    ]);
    const proto = model.files.find((f) => f.name === "__proto__")!;
    expect(proto.items.map((t) => [t.name, t.tsName])).toEqual([
      ["__proto__", "__proto___"],
      ["constructor", "constructor_"],
      ["prototype", "prototype_"],
      ["toString", "toString_"],
      ["valueOf", "valueOf_"],
      ["hasOwnProperty", "hasOwnProperty_"],
      ["isPrototypeOf", "isPrototypeOf"],
      ["propertyIsEnumerable", "propertyIsEnumerable"],
      ["toLocaleString", "toLocaleString"],
      ["__defineGetter__", "__defineGetter__"],
      ["__defineSetter__", "__defineSetter__"],
      ["__lookupGetter__", "__lookupGetter__"],
      ["__lookupSetter__", "__lookupSetter__"],
    ]);
    expect(changedPrototypes(before)).toEqual([]);
  });

  test("the JSON Schema keeps the names as plain keys (own properties, no prototype set)", () => {
    const doc = JSON.parse(result.files.find((f) => f.path === "schemas/__proto__.json")!.content) as Record<string, Record<string, Record<string, unknown>>>;
    const defsOf = doc["definitions"]!;
    expect(Object.keys(defsOf)).toEqual(NAMES);
    expect(Object.keys(defsOf["__proto__"]!["properties"] as object)).toEqual(PROPS);
    const dflt = defsOf["__proto__"]!["default"] as object;
    expect(Object.keys(dflt)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(dflt)).toBe(Object.prototype);
  });

  test("the declarations compile under strict settings", async () => {
    const dir = path.join(scratch.dir, "dts");
    await writeOutput(dir, readDefs(defs));
    const roots = result.files.filter((f) => /\.d\.m?ts$/.test(f.path)).map((f) => path.join(dir, f.path));
    const consumer = path.join(dir, "consumer.mts");
    fs.writeFileSync(
      consumer,
      [
        'import { __proto___, constructor_ } from "./index.mjs";',
        "const o: __proto___.__proto___ = { " + PROPS.map((p) => `${p}: "x"`).join(", ") + " };",
        "const e: __proto___.constructor_ = __proto___.constructor_.__proto___;",
        "const c: constructor_.constructor_ = constructor_.constructor_.constructor;",
        "// @ts-expect-error every inherited-name property is required",
        "const missing: __proto___.__proto___ = {};",
        "export { o, e, c, missing };",
        "",
      ].join("\n"),
    );
    const program = ts.createProgram({
      rootNames: [...roots, consumer],
      options: { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] },
    });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(diags).toEqual([]);
  });

  describe("the package", () => {
    let pkg: Pkg;
    beforeAll(async () => {
      // Written by the API's writer, as `everest-typegen generate` writes it.
      expect((await writeOutput(out, readDefs(defs))).written).toBe(result.files.length);
      pkg = require(path.join(out, "index.js")) as Pkg;
    });

    test("requiring it touches nothing; its namespaces are plain objects under the sanitized names", () => {
      expect(changedPrototypes(before)).toEqual([]);
      expect(Object.keys(pkg).filter((k) => k.endsWith("_") || k.startsWith("__"))).toEqual(
        expect.arrayContaining(["__proto___", "constructor_", "prototype_", "toString_", "valueOf_", "hasOwnProperty_", "__defineGetter__"]),
      );
      const proto = pkg["__proto___"] as Record<string, unknown>;
      // An Object.prototype (jest makes `exports` objects in another realm than the test's), not an object from the data.
      const plain = (o: object): boolean => {
        const p = Object.getPrototypeOf(o) as object | null;
        return p !== null && Object.getPrototypeOf(p) === null && Object.prototype.hasOwnProperty.call(p, "__defineGetter__");
      };
      expect(plain(pkg)).toBe(true);
      expect(plain(proto)).toBe(true);
      const enumObject = proto["constructor_"] as Record<string, string>;
      expect(Object.getPrototypeOf(enumObject)).toBe(Object.prototype);
      expect(Object.values(enumObject)).toEqual(NAMES);
      expect(Object.keys(enumObject)).toEqual(["__proto___", ...PROPS]);
    });

    test("only own properties count: inherited members are missing, an own __proto__ is an extra key", () => {
      const all = Object.fromEntries(PROPS.map((p) => [p, "x"]));
      expect(pkg.validate("__proto__/__proto__", all)).toEqual({ valid: true, errors: [] });
      const empty = pkg.validate("__proto__/__proto__", {});
      expect(empty.valid).toBe(false);
      expect(empty.errors.map((e) => e.message)).toEqual(PROPS.map((p) => `must have required property '${p}'`));
      // Members inherited from a prototype that says they are strings are still missing.
      const inherited = pkg.validate("__proto__/__proto__", Object.create(all) as object);
      expect(inherited.valid).toBe(false);
      expect(inherited.errors).toHaveLength(PROPS.length);
      const withProto = JSON.parse(JSON.stringify(all).replace("{", '{"__proto__":{"polluted":true},')) as object;
      expect(Object.prototype.hasOwnProperty.call(withProto, "__proto__")).toBe(true);
      expect(pkg.validate("__proto__/__proto__", withProto)).toEqual({
        valid: false,
        errors: [{ path: "/__proto__", message: "property is not allowed", keyword: "additionalProperties" }],
      });
      const mod = pkg["__proto___"] as Record<string, (v: unknown) => boolean>;
      expect(mod["is__proto___"]!(withProto)).toBe(false);
      expect(mod["is__proto___"]!(all)).toBe(true);
      expect(changedPrototypes(before)).toEqual([]);
    });

    test("enum values, consts and maps named after members are plain values", () => {
      for (const n of NAMES) expect(pkg.validate("constructor/constructor", n).valid).toBe(true);
      expect(pkg.validate("constructor/constructor", "polluted").valid).toBe(false);
      expect(pkg.validate("__proto__/valueOf", "__proto__").valid).toBe(true);
      expect(pkg.validate("__proto__/valueOf", "constructor").valid).toBe(false);
      expect(pkg.validate("/__proto__#/prototype", "toString").valid).toBe(true);
      expect(pkg.validate("__proto__/hasOwnProperty", JSON.parse('{"__proto__":"constructor","toString":"valueOf"}')).valid).toBe(true);
      expect(pkg.validate("__proto__/hasOwnProperty", JSON.parse('{"__proto__":"polluted"}')).errors).toEqual([
        { path: "/__proto__", message: `must be one of ${NAMES.join(", ")}`, keyword: "enum" },
      ]);
      expect(pkg.validate("__proto__/toString", [Object.fromEntries(PROPS.map((p) => [p, "x"]))]).valid).toBe(true);
      expect(changedPrototypes(before)).toEqual([]);
    });

    test("refs named after members that are not types of the package are unknown, whatever they inherit", () => {
      for (const ref of ["toString", "__proto__", "constructor", "constructor/", "__proto__/nope", "/constructor#/toString", "hasOwnProperty/__proto__"]) {
        expect(() => pkg.validate(ref, {})).toThrow(expect.objectContaining({ code: "ERR_UNKNOWN_TYPE" }));
      }
    });

    test("in a fresh process: importing the package and validating polluting data leaves every prototype as it was", () => {
      const r = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `
          const snap = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Reflect.ownKeys(p).map(String).sort().join(",")).join("|");
          const before = snap();
          const pkg = await import(process.env.OUT + "/index.mjs");
          const data = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
          let n = 0;
          for (const [name, mod] of Object.entries(pkg)) {
            if (!mod || typeof mod !== "object") continue;
            for (const [k, f] of Object.entries(mod)) if (/^(is|validate)/.test(k) && typeof f === "function") { f(data); f([data]); n++; }
          }
          console.log(JSON.stringify({ n, same: snap() === before, polluted: ({}).polluted !== undefined || [].polluted !== undefined }));
          `,
        ],
        { encoding: "utf8", env: { PATH: process.env["PATH"] ?? "", OUT: out }, timeout: 60_000 },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ n: expect.any(Number), same: true, polluted: false });
      expect((JSON.parse(r.stdout) as { n: number }).n).toBeGreaterThan(30);
    });
  });
});

describe("__proto__ as a property name is the one clean refusal (E025)", () => {
  test("in properties, with `required` naming it too", () => {
    const text = [
      "description: Test types",
      "types:",
      "  A:",
      "    description: a",
      "    type: object",
      "    required: [__proto__, constructor]",
      "    properties:",
      "      constructor:",
      "        description: fine",
      "        type: string",
      "      __proto__:",
      "        description: refused",
      "        type: string",
      "",
    ].join("\n");
    expect(diagnoseOne(text)).toEqual([
      // Named in `required` too: refused there as well, never taken for an undeclared required key (W108).
      'defs/x.yaml:6:16: error E025: property name "__proto__" is not supported: JavaScript cannot validate it reliably',
      'defs/x.yaml:11:7: error E025: property name "__proto__" is not supported: JavaScript cannot validate it reliably',
    ]);
  });

  test("in a nested inline object, quoted or not", () => {
    const text = [
      "description: Test types",
      "types:",
      "  A:",
      "    description: a",
      "    type: array",
      "    items:",
      "      type: object",
      "      properties:",
      '        "__proto__":',
      "          type: string",
      "",
    ].join("\n");
    expect(diagnoseOne(text)).toEqual(['defs/x.yaml:9:9: error E025: property name "__proto__" is not supported: JavaScript cannot validate it reliably']);
    expect(changedPrototypes(before)).toEqual([]);
  });
});
