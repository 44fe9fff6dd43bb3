/**
 * The rules that follow what EVerest accepts (README "What is accepted, what
 * is refused"): keywords beside enum/const all apply, undeclared required keys,
 * typeless keywords, unknown keywords, values of the wrong type, std::regex
 * patterns, error files and references, and commands without arguments.
 * Each generates a real package and judges data with it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate, formatDiagnostic, type GenerateResult, type InputFile } from "../generator";
import { tempDir } from "./helpers/cli";

const HEAD = "description: Test types\ntypes:\n";

interface Pkg {
  validate(ref: string, v: unknown): { valid: boolean; errors: readonly { path: string; message: string; keyword: string }[] };
  interfaces: Record<string, Record<string, unknown>>;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function files(map: Record<string, string>): InputFile[] {
  return Object.entries(map).map(([p, content]) => ({ path: p, content }));
}

function run(types: Record<string, string>, opts: { interfaces?: Record<string, string>; errors?: Record<string, string> } = {}): Promise<GenerateResult> {
  return generate(files(types), {
    ...(opts.interfaces ? { interfaces: files(opts.interfaces) } : {}),
    ...(opts.errors ? { errors: files(opts.errors) } : {}),
  });
}

const diags = (r: GenerateResult): string[] => r.diagnostics.map(formatDiagnostic);

/** Writes the package and loads it as an application would. */
function load(r: GenerateResult): { pkg: Pkg; read: (p: string) => string } {
  expect(diags(r).filter((d) => d.includes(" error "))).toEqual([]);
  const dir = tempDir("etg-rules-");
  dirs.push(dir);
  for (const f of r.files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  return { pkg: require(path.join(dir, "index.js")) as Pkg, read: (p) => fs.readFileSync(path.join(dir, p), "utf8") };
}

describe("keywords beside enum and const all apply", () => {
  let r: GenerateResult;
  let pkg: Pkg;
  let read: (p: string) => string;
  beforeAll(async () => {
    r = await run({
      "defs/t.yaml": `${HEAD}  Code:\n    type: string\n    description: codes\n    enum: [AB, ABC, ABCD]\n    minLength: 3\n    maxLength: 3\n  Fixed:\n    type: string\n    description: a constant\n    const: x1\n    pattern: "^[a-z]+$"\n  Num:\n    type: integer\n    description: numbers\n    enum: [1, 5, 10]\n    maximum: 5\n`,
    });
    ({ pkg, read } = load(r));
  });

  test("a value must be listed and satisfy the keywords, in validate() and isX alike", () => {
    expect(pkg.validate("t/Code", "ABC").valid).toBe(true);
    expect(pkg.validate("t/Code", "AB").errors.map((e) => e.keyword)).toEqual(["minLength"]);
    expect(pkg.validate("t/Code", "ABCD").errors.map((e) => e.keyword)).toEqual(["maxLength"]);
    expect(pkg.validate("t/Code", "XYZ").errors.map((e) => e.keyword)).toEqual(["enum"]);
    expect(pkg.validate("t/Num", 5).valid).toBe(true);
    expect(pkg.validate("t/Num", 10).valid).toBe(false);
    // A const that its own pattern refuses matches nothing.
    expect(pkg.validate("t/Fixed", "x1").valid).toBe(false);
  });

  test("the fast guards agree", () => {
    const t = (pkg as unknown as Record<string, Record<string, (v: unknown) => boolean>>)["t"]!;
    expect([t["isCode"]!("ABC"), t["isCode"]!("AB"), t["isCode"]!("ABCD"), t["isNum"]!(5), t["isNum"]!(10), t["isFixed"]!("x1")]).toEqual([true, false, false, true, false, false]);
  });

  test("the TypeScript type stays the values; the schema document carries both", () => {
    expect(read("t.d.ts")).toContain('export type Code = "AB" | "ABC" | "ABCD";');
    const doc = JSON.parse(read("schemas/t.json")).definitions.Code;
    expect(doc).toMatchObject({ type: "string", enum: ["AB", "ABC", "ABCD"], minLength: 3, maxLength: 3 });
    expect(diags(r)).toEqual([]);
  });
});

describe("a required name that properties does not declare (W108)", () => {
  let r: GenerateResult;
  let pkg: Pkg;
  let read: (p: string) => string;
  beforeAll(async () => {
    r = await run({
      "defs/t.yaml": `${HEAD}  Open:\n    type: object\n    description: open\n    required: [a, state]\n    properties:\n      a:\n        type: string\n        description: a\n  Mapped:\n    type: object\n    description: map\n    required: [n]\n    additionalProperties:\n      type: integer\n  Closed:\n    type: object\n    description: closed\n    required: [state]\n    properties: {}\n    additionalProperties: false\n`,
    });
    ({ pkg, read } = load(r));
  });

  test("is a warning at its place in the list", () => {
    expect(diags(r)).toEqual([
      'defs/t.yaml:6:19: warning W108: required property "state" is not declared in `properties`: it must be present, with any value',
      'defs/t.yaml:14:16: warning W108: required property "n" is not declared in `properties`: it must be present, with any value',
      'defs/t.yaml:20:16: warning W108: required property "state" is not declared in `properties`, and `additionalProperties: false` refuses it: no value matches this object',
    ]);
  });

  test("must be present, with any value additionalProperties allows", () => {
    expect(pkg.validate("t/Open", { a: "x", state: [1] }).valid).toBe(true);
    expect(pkg.validate("t/Open", { a: "x" }).errors.map((e) => e.path + " " + e.keyword)).toEqual([" required"]);
    expect(pkg.validate("t/Mapped", { n: 1 }).valid).toBe(true);
    expect(pkg.validate("t/Mapped", { n: "1" }).valid).toBe(false);
    expect(pkg.validate("t/Closed", { state: 1 }).valid).toBe(false);
    expect(pkg.validate("t/Closed", {}).valid).toBe(false);
  });

  test("is typed soundly: unknown when open, the additionalProperties type otherwise", () => {
    const dts = read("t.d.ts");
    expect(dts).toMatch(/export interface Open \{[^}]*a: string;[^}]*state: unknown;/s);
    expect(dts).toMatch(/export interface Mapped \{[^}]*\[key: string\]: number;[^}]*n: number;/s);
  });
});

describe("keywords without a type, unknown keywords, annotations, values of another type", () => {
  let r: GenerateResult;
  let pkg: Pkg;
  beforeAll(async () => {
    r = await run({
      "defs/t.yaml": `${HEAD}  Loose:\n    type: object\n    description: loose\n    title: A title\n    properties:\n      v:\n        description: any value, strings of 2+\n        minLength: 2\n        x-vendor: 1\n      e:\n        type: string\n        description: listed\n        enum: [a, 1]\n`,
    });
    ({ pkg } = load(r));
  });

  test("unknown keywords and values of another type are warnings; annotations pass silently", () => {
    expect(diags(r)).toEqual([
      'defs/t.yaml:11:9: warning W109: unknown keyword "x-vendor" is ignored',
      "defs/t.yaml:15:19: warning W110: enum value 1 is not of type string: no value matches it",
    ]);
  });

  test("typed keywords apply to values of their type, any other value passes", () => {
    expect([pkg.validate("t/Loose", { v: 5 }).valid, pkg.validate("t/Loose", { v: "ab" }).valid, pkg.validate("t/Loose", { v: "a" }).valid]).toEqual([true, true, false]);
    expect([pkg.validate("t/Loose", { e: "a" }).valid, pkg.validate("t/Loose", { e: 1 }).valid]).toEqual([true, false]);
  });
});

describe("patterns EVerest's std::regex cannot compile (W114)", () => {
  test("are warned about with the construct and its index", async () => {
    const r = await run({ "defs/t.yaml": `${HEAD}  P:\n    type: string\n    description: p\n    pattern: "^(?<=a)b$"\n  Q:\n    type: string\n    description: q\n    pattern: "^[a-z]+$"\n` });
    expect(diags(r)).toEqual([expect.stringMatching(/^defs\/t\.yaml:6:14: warning W114: `pattern` uses "\(\?<=" at index 1: .*std::regex/)]);
  });

  test("escapes the u flag refuses but std::regex takes as the character (\\-, \\_, \\:) are accepted, and mean that character", async () => {
    const r = await run({
      "defs/t.yaml": `${HEAD}  Id:\n    type: string\n    description: i\n    pattern: "^[a-z\\\\_]+\\\\-[0-9]+\\\\:x$"\n  Bad:\n    type: string\n    description: b\n    pattern: "^(\\\\-"\n`,
    });
    expect(diags(r)).toEqual([expect.stringMatching(/^defs\/t\.yaml:10:14: error E022: `pattern` is not a valid regular expression: /)]);
    const ok = await run({ "defs/t.yaml": `${HEAD}  Id:\n    type: string\n    description: i\n    pattern: "^[a-z\\\\_]+\\\\-[0-9]+\\\\:x$"\n` });
    expect(diags(ok)).toEqual([]);
    const { pkg, read } = load(ok);
    expect(["a_b-12:x", "ab12:x", "ab-12x", "a\\_b-1:x"].map((v) => pkg.validate("t/Id", v).valid)).toEqual([true, false, false, false]);
    expect(JSON.parse(read("schemas/t.json")).definitions.Id.pattern).toBe("^[a-z_]+-[0-9]+:x$");
  });

  test("patterns std::regex compiles but matches otherwise on some strings are W117; the validators judge as JavaScript does", async () => {
    const r = await run({
      "defs/t.yaml": `${HEAD}  S:\n    type: string\n    description: s\n    pattern: "^\\\\S+$"\n  B:\n    type: string\n    description: b\n    pattern: "^(a)?\\\\1$"\n  A:\n    type: string\n    description: a\n    pattern: "^[A-F0-9]{2}$"\n`,
    });
    expect(diags(r)).toEqual([
      expect.stringMatching(/^defs\/t\.yaml:6:14: warning W117: `pattern` uses "\\\\S" at index 1, which EVerest's runtime \(C\+\+ std::regex\) matches differently on some strings: .*UTF-8 bytes/),
      expect.stringMatching(/^defs\/t\.yaml:10:14: warning W117: `pattern` uses "\\\\1" at index 5, .*backreference/),
    ]);
    const { pkg } = load(r);
    expect([pkg.validate("t/S", "a\u00e9b").valid, pkg.validate("t/B", "").valid, pkg.validate("t/A", "0F").valid]).toEqual([true, true, true]);
  });
});

describe("interface files as EVerest's schema has them", () => {
  const types = { "defs/t.yaml": `${HEAD}  T:\n    type: string\n    description: t\n` };
  const errorFile = "description: Board errors\nerrors:\n  - name: DiodeFault\n    description: The diode failed\n  - name: BrownOut\n    description: Power dipped\n";

  test("default on a result is refused (E045); error references follow the exact pattern (E047); a repeat is W111", async () => {
    const r = await run(types, {
      interfaces: {
        "interfaces/x.yaml":
          "description: An interface\ncmds:\n  go:\n    description: Go\n    result:\n      type: string\n      description: result\n      default: x\nerrors:\n  - reference: /errors/Board\n  - reference: /errors/board#/diodeFault\n  - reference: /errors/board\n  - reference: /errors/board\n",
      },
      errors: { "errors/board.yaml": errorFile },
    });
    expect(diags(r)).toEqual([
      "interfaces/x.yaml:8:7: error E045: `default` is not allowed on the result of command go (EVerest's interface schema forbids it)",
      'interfaces/x.yaml:10:16: error E047: error reference "/errors/Board" does not match EVerest\'s pattern ^/errors/[a-z][a-zA-Z0-9_]*$, optionally followed by #/[A-Z][A-Za-z0-9]*',
      'interfaces/x.yaml:11:16: error E047: error reference "/errors/board#/diodeFault" does not match EVerest\'s pattern ^/errors/[a-z][a-zA-Z0-9_]*$, optionally followed by #/[A-Z][A-Za-z0-9]*',
      'interfaces/x.yaml:13:16: warning W111: error reference "/errors/board" is listed twice',
    ]);
  });

  test("a reference to no error file or no error names both files (E054); error files are checked (E050-E053, W112)", async () => {
    const r = await run(types, {
      interfaces: { "interfaces/x.yaml": "description: An interface\nerrors:\n  - reference: /errors/bord\n  - reference: /errors/board#/Diode\n" },
      errors: {
        "errors/board.yaml": `${errorFile}  - name: DiodeFault\n    description: again\n`,
        "errors/bad.yaml": "description: x\nerrors:\n  - name: lower\n    description: d\n    extra: 1\n  - 3\nmore: 1\n",
      },
    });
    expect(diags(r)).toEqual([
      "errors/bad.yaml:1:14: error E052: the `description` of the error file must have at least 2 characters",
      'errors/bad.yaml:3:11: error E053: invalid error name "lower": must match ^[A-Z][A-Za-z0-9]*$ and have at least 2 characters',
      "errors/bad.yaml:4:18: error E052: the `description` of error lower must have at least 2 characters",
      'errors/bad.yaml:5:5: error E051: unknown key "extra" in an error: only `name` and `description` are allowed',
      "errors/bad.yaml:6:5: error E050: an error must be a mapping with `name` and `description`, found a number",
      'errors/bad.yaml:7:1: error E051: unknown key "more" at the top level: only `description` and `errors` are allowed',
      'errors/board.yaml:7:11: warning W112: error "DiodeFault" is declared twice (first at line 3); the first one counts',
      'interfaces/x.yaml:3:16: error E054: error reference "/errors/bord" in interfaces/x.yaml: there is no error file bord.yaml among the error files (did you mean "/errors/board"?)',
      'interfaces/x.yaml:4:16: error E054: error reference "/errors/board#/Diode" in interfaces/x.yaml: errors/board.yaml declares no error "Diode"',
    ]);
  });

  test("without error files the references are recorded and W113 says so; no error items are made", async () => {
    const r = await run(types, { interfaces: { "interfaces/x.yaml": "description: An interface\nerrors:\n  - reference: /errors/board\n" } });
    expect(diags(r)).toEqual([
      "interfaces/x.yaml:3:16: warning W113: error references are not resolved: the run has no error files (pass --errors, or --everest); no error types are generated",
    ]);
    expect(r.files.find((f) => f.path === "interfaces/x.d.ts")!.content).not.toContain("ErrorType");
  });

  test("resolved errors: ErrorType, ERROR_TYPES, ErrorObject and their validators; none raised is never", async () => {
    const r = await run(types, {
      interfaces: {
        "interfaces/x.yaml": "description: An interface\ncmds:\n  stop:\n    description: Stop\nerrors:\n  - reference: /errors/board#/BrownOut\n  - reference: /errors/board\n",
        "interfaces/quiet.yaml": "description: Raises nothing\n",
      },
      errors: { "errors/board.yaml": errorFile },
    });
    const { pkg, read } = load(r);
    const x = pkg.interfaces["x"]!;
    expect(x["ERROR_TYPES"]).toEqual(["board/BrownOut", "board/DiodeFault"]);
    expect(pkg.interfaces["quiet"]!["ERROR_TYPES"]).toEqual([]);
    expect(read("interfaces/x.d.ts")).toContain('export type ErrorType = "board/BrownOut" | "board/DiodeFault";');
    expect(read("interfaces/quiet.d.ts")).toContain("export type ErrorType = never;");
    expect([pkg.validate("interfaces/x/errors/type", "board/DiodeFault").valid, pkg.validate("interfaces/x/errors/type", "board/Other").valid]).toEqual([true, false]);
    expect(pkg.validate("interfaces/quiet/errors/type", "board/DiodeFault").valid).toBe(false);
    const error = {
      type: "board/BrownOut",
      sub_type: "",
      message: "m",
      description: "d",
      severity: "Low",
      origin: { module_id: "m", implementation_id: "i", mapping: { evse: 1 } },
      state: "ClearedByModule",
      timestamp: "2026-12-05T08:00:00+01:00",
      uuid: "u",
      vendor_id: "",
    };
    expect(pkg.validate("interfaces/x/errors/object", error)).toEqual({ valid: true, errors: [] });
    expect(pkg.validate("interfaces/x/errors/object", { ...error, origin: { module_id: "m", implementation_id: "i", mapping: { connector: 1 } } }).errors.map((e) => e.path)).toEqual(["/origin/mapping"]);
    expect(pkg.validate("interfaces/x/errors/object", { ...error, timestamp: "2026-12-05 08:00:00" }).valid).toBe(false);
    // A command without arguments takes {}, null and [].
    for (const v of [{}, null, []]) expect(pkg.validate("interfaces/x/cmds/stop/arguments", v).valid).toBe(true);
    expect(pkg.validate("interfaces/x/cmds/stop/arguments", [null]).valid).toBe(false);
    expect(read("docs/errors.md")).toContain("| `board/DiodeFault` | The diode failed | [x](interfaces/x.md) |");
    expect(read("docs/interfaces/x.md")).toContain("| `board/BrownOut` | Power dipped |");
    expect(read("README.md")).toContain("| [x](docs/interfaces/x.md#errors) | `board/BrownOut`, `board/DiodeFault` |");
  });
});

describe("type names EVerest's runtime reads as JSON Schema keywords (W118)", () => {
  test("are warned about; items, not and additionalProperties, which work there, are not", async () => {
    const type = (name: string): string => `  ${name}:\n    type: string\n    description: d\n`;
    const r = await run({ "defs/t.yaml": `${HEAD}${["format", "title", "required", "items", "not", "additionalProperties", "Format"].map(type).join("")}` });
    expect(diags(r)).toEqual([
      expect.stringMatching(/^defs\/t\.yaml:3:3: warning W118: type name "format" is a JSON Schema keyword: EVerest's runtime loads a file's `types` as one schema .*; rename the type$/),
      expect.stringMatching(/^defs\/t\.yaml:6:3: warning W118: type name "title" /),
      expect.stringMatching(/^defs\/t\.yaml:9:3: warning W118: type name "required" /),
    ]);
    // Generated all the same: the warning is about EVerest's side.
    expect(load(r).pkg.validate("t/format", "x").valid).toBe(true);
  });
});

describe("numeric bounds as EVerest's validator keeps them (W120, W121)", () => {
  let r: GenerateResult;
  let pkg: Pkg;
  beforeAll(async () => {
    r = await run({
      "defs/t.yaml": `${HEAD}  Both:\n    type: number\n    description: b\n    maximum: 5\n    exclusiveMaximum: 10\n    minimum: 5\n    exclusiveMinimum: 0\n  Cut:\n    type: integer\n    description: c\n    minimum: 1.5\n    exclusiveMaximum: 3.5\n  Neg:\n    type: integer\n    description: n\n    maximum: -0.5\n  Listed:\n    type: [integer, number]\n    description: l\n    minimum: 1.5\n    maximum: 5\n    exclusiveMaximum: 6\n`,
    });
    ({ pkg } = load(r));
  });

  test("each problem is reported once, also for a type list read once per member", () => {
    expect(diags(r)).toEqual([
      "defs/t.yaml:6:5: warning W120: `maximum` has no effect beside `exclusiveMaximum`: EVerest's runtime keeps only `exclusiveMaximum`, and so do the validators",
      "defs/t.yaml:8:5: warning W120: `minimum` has no effect beside `exclusiveMinimum`: EVerest's runtime keeps only `exclusiveMinimum`, and so do the validators",
      "defs/t.yaml:13:5: warning W121: `minimum: 1.5` on an integer: EVerest's runtime compares integers with the bound cut to 1, and so do the validators",
      "defs/t.yaml:14:5: warning W121: `exclusiveMaximum: 3.5` on an integer: EVerest's runtime compares integers with the bound cut to 3, and so do the validators",
      "defs/t.yaml:18:5: warning W121: `maximum: -0.5` on an integer: EVerest's runtime compares integers with the bound cut to 0, and so do the validators",
      "defs/t.yaml:22:5: warning W121: `minimum: 1.5` in a type list with integer: EVerest's runtime compares integer values with the bound cut to 1, the validators with 1.5",
      "defs/t.yaml:23:5: warning W120: `maximum` has no effect beside `exclusiveMaximum`: EVerest's runtime keeps only `exclusiveMaximum`, and so do the validators",
    ]);
  });

  test("the exclusive bound replaces the other, as there: 7 passes below exclusiveMaximum 10, 3 above exclusiveMinimum 0", () => {
    expect([7, 3, 9.5].map((v) => pkg.validate("t/Both", v).valid)).toEqual([true, true, true]);
    expect([10, 0].map((v) => pkg.validate("t/Both", v).valid)).toEqual([false, false]);
    expect(load(r).read("schemas/t.json")).not.toMatch(/"maximum": 5/);
  });

  test("a fractional bound without `type` is warned about as in a type list: EVerest cuts it for integers, the validators cannot", async () => {
    const untyped = await run({
      "defs/t.yaml": `${HEAD}  U:\n    description: u\n    type: object\n    properties:\n      n:\n        description: any value, bounded when a number\n        minimum: 1.5\n        exclusiveMaximum: 4\n      e:\n        description: one of three\n        enum: [1, 2, x]\n        maximum: 1.5\n`,
    });
    expect(diags(untyped)).toEqual([
      "defs/t.yaml:9:9: warning W121: `minimum: 1.5` without `type`: EVerest's runtime compares integer values with the bound cut to 1, the validators with 1.5",
      "defs/t.yaml:14:9: warning W121: `maximum: 1.5` without `type`: EVerest's runtime compares integer values with the bound cut to 1, the validators with 1.5",
    ]);
    // EVerest's validator (the g++ build) passes 1 for n; the validators compare with 1.5, as the warning says.
    expect([1, 2, 1.5, "x"].map((n) => load(untyped).pkg.validate("t/U", { n }).valid)).toEqual([false, true, true, true]);
  });

  test("the range check (W106) sees the bounds EVerest keeps: a maximum the exclusive one replaces is not compared", async () => {
    const ranged = await run({ "defs/t.yaml": `${HEAD}  R:\n    type: number\n    description: r\n    minimum: 5\n    maximum: 1\n    exclusiveMaximum: 10\n` });
    expect(diags(ranged).map((d) => d.slice(0, 33))).toEqual(["defs/t.yaml:7:5: warning W120: `m"]);
    expect(load(ranged).pkg.validate("t/R", 7).valid).toBe(true);
  });

  test("an integer is compared with a fractional bound cut toward zero, as there", () => {
    expect([1, 2].map((v) => pkg.validate("t/Cut", v).valid)).toEqual([true, true]);
    expect([0, 3].map((v) => pkg.validate("t/Cut", v).valid)).toEqual([false, false]);
    expect([0, -1, 1].map((v) => pkg.validate("t/Neg", v).valid)).toEqual([true, true, false]);
  });
});

describe("a const of another type than its type list (W110)", () => {
  test("matches no value in the validators either", async () => {
    const r = await run({ "defs/t.yaml": `${HEAD}  C:\n    type: [string, "null"]\n    description: c\n    const: 3\n` });
    expect(diags(r)).toEqual(["defs/t.yaml:6:12: warning W110: `const` value 3 is not of type string or null: no value matches it"]);
    const { pkg, read } = load(r);
    expect([pkg.validate("t/C", 3).valid, pkg.validate("t/C", "3").valid, pkg.validate("t/C", null).valid]).toEqual([false, false, false]);
    expect(read("t.d.ts")).toContain("export type C = never;");
  });
});
