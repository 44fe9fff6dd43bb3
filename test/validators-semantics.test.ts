/**
 * EVerest's validation rules (everest-semantics.md §2) on a small fixture
 * (test/instances/defs-ref-sibling): the `$ref` wins over a sibling `type`,
 * inert keywords do nothing, `additionalProperties` as written, defaults are
 * never applied, uri as EVerest checks it; plus type lists, inline and
 * integer enums, `const` and a self-recursive type. Each value is also judged
 * by ajv at run time and by @cfworker/json-schema over the emitted documents.
 */
import * as path from "node:path";
import { enumMemberNames } from "../generator/names";
import type { EnumSchema } from "../generator/model/model";
import { walkSchema } from "../generator/model/model";
import { generate } from "../generator/index";
import { readDefs } from "../generator/load/read-defs";
import {
  INSTANCES,
  type Generated,
  type Package,
  type Runtime,
  cfworker,
  generateInto,
  loadRuntime,
  runtimeAjv,
  formatsIn,
  withEverestFormats,
} from "./instances/harness";

const FIXTURE = path.join(INSTANCES, "defs-ref-sibling");

let gen: Generated;
let pkg: Package;
let runtime: Runtime;
let ajvAtRunTime: (ref: string, value: unknown) => boolean;
let cf: (ref: string, value: unknown) => boolean;

beforeAll(async () => {
  gen = await generateInto(FIXTURE);
  pkg = gen.load();
  runtime = loadRuntime(gen);
  ajvAtRunTime = runtimeAjv(gen, runtime.formats);
  cf = cfworker(gen);
});
afterAll(() => gen.remove());

/** The issues `validate` reports, as "path keyword"; the other two implementations must give the same verdict. */
function check(ref: string, value: unknown): string[] {
  const r = pkg.validate(ref, value);
  expect({ ref, value, ajv: ajvAtRunTime(ref, value) }).toEqual({ ref, value, ajv: r.valid });
  expect({ ref, value, cfworker: withEverestFormats(runtime.formats, formatsIn(gen.schemas()), () => cf(ref, value)) }).toEqual({ ref, value, cfworker: r.valid });
  return r.errors.map((e) => `${e.path} ${e.keyword}`);
}

function schemaOf(file: string, type: string): Record<string, unknown> {
  const doc = gen.schemas()[gen.model.files.findIndex((f) => f.name === file)]!;
  return (doc["definitions"] as Record<string, Record<string, unknown>>)[type]!;
}

test("the fixture generates, with warnings for what the $ref overrides and what has no effect", async () => {
  const { diagnostics } = await generate(readDefs(FIXTURE));
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(diagnostics.filter((d) => d.code === "W102")).toHaveLength(3);
  expect(diagnostics.some((d) => d.code === "W101" && d.message.includes("`maximum`"))).toBe(true);
});

describe("$ref wins over its siblings", () => {
  test("`type: object` beside a ref to a string enum accepts the enum string", () => {
    expect(check("fixture/Holder", { status: "Accepted" })).toEqual([]);
    expect(check("fixture/Holder", { status: "Accepted", statuses: ["Rejected", "Accepted"], other_status: 2 })).toEqual([]);
  });

  test("and rejects what the target rejects, including an object", () => {
    expect(check("fixture/Holder", { status: {} })).toEqual(["/status type", "/status enum"]);
    expect(check("fixture/Holder", { status: "Maybe" })).toEqual(["/status enum"]);
    expect(check("fixture/Holder", { status: "Accepted", statuses: [{}] })).toEqual(["/statuses/0 type", "/statuses/0 enum"]);
    expect(check("fixture/Holder", { status: "Accepted", other_status: "2" })).toEqual(["/other_status type", "/other_status enum"]);
  });

  test("the emitted schema keeps only annotations beside the $ref", () => {
    const props = schemaOf("fixture", "Holder")["properties"] as Record<string, unknown>;
    expect(props["status"]).toEqual({ description: "The $ref wins over the sibling type", $ref: "#/definitions/Status" });
    expect(props["other_status"]).toEqual({ description: "A cross-file ref whose sibling type disagrees too", $ref: "other.json#/definitions/Level" });
    expect((props["statuses"] as Record<string, unknown>)["items"]).toEqual({ $ref: "#/definitions/Status" });
  });

  test("refs across files work both ways", () => {
    expect(check("other/Back", { holder: { status: "Rejected" } })).toEqual([]);
    expect(check("other/Back", { holder: { status: "Nope" } })).toEqual(["/holder/status enum"]);
  });
});

describe("inert keywords neither break anything nor take effect", () => {
  test("maximum on a string has no effect", () => {
    expect(check("fixture/Inert", { key: "abcdefgh" })).toEqual([]);
    // a number fails only its type: no second issue from `maximum`
    expect(check("fixture/Inert", { key: 2 })).toEqual(["/key type"]);
    expect(check("fixture/Inert", { key: 20 })).toEqual(["/key type"]);
  });

  test("the other type-mismatched keywords have no effect either", () => {
    expect(check("fixture/Inert", { count: 123456, flag: true, text: "x", broken: 7 })).toEqual([]);
    expect(check("fixture/Inert", { count: "x" })).toEqual(["/count type"]);
    expect(check("fixture/Inert", { flag: "2024-01-01T00:00:00Z" })).toEqual(["/flag type"]);
  });

  test("the emitted schema keeps them verbatim, except a value invalid for its keyword", () => {
    const props = schemaOf("fixture", "Inert")["properties"] as Record<string, Record<string, unknown>>;
    expect(props["key"]).toMatchObject({ type: "string", maximum: 3 });
    expect(props["count"]).toMatchObject({ type: "integer", maxLength: 1, pattern: "^x$" });
    expect(props["flag"]).toMatchObject({ type: "boolean", minimum: 5, format: "date-time" });
    expect(props["text"]).toMatchObject({ type: "string", minItems: 2, required: ["a"] });
    expect(props["broken"]).toEqual({ description: "an inert pattern that is not even a regular expression", type: "integer" });
  });

  test("the real KeyValue.key (maximum: 50 on a string) accepts a 60-character key", async () => {
    const real = await generateInto(path.join(INSTANCES, "..", "..", "defs"));
    try {
      const p = real.load();
      expect(p.validate("ocpp/KeyValue", { key: "k".repeat(60), read_only: true })).toEqual({ valid: true, errors: [] });
    } finally {
      real.remove();
    }
  });
});

describe("other rules", () => {
  test("a type list: each type with its keywords", () => {
    expect(check("fixture/Nullable", "abc")).toEqual([]);
    expect(check("fixture/Nullable", null)).toEqual([]);
    expect(check("fixture/Nullable", "abcd")).toEqual([" maxLength"]);
    expect(pkg.validate("fixture/Nullable", 1).errors).toEqual([{ path: "", keyword: "type", message: "must be string or null" }]);
    expect(schemaOf("fixture", "Nullable")["type"]).toEqual(["string", "null"]);
  });

  test("objects are open unless additionalProperties says otherwise; a schema types the extra values", () => {
    expect(check("fixture/Mode", { mode: "fast", anything: [1, 2] })).toEqual([]);
    expect(check("fixture/Map", { a: 1, b: 2 })).toEqual([]);
    expect(check("fixture/Map", { a: 1, "b/c": "x" })).toEqual(["/b~1c type"]);
    expect(schemaOf("fixture", "Mode")).not.toHaveProperty("additionalProperties");
  });

  test("defaults are never applied", () => {
    const value = {};
    expect(check("fixture/Defaults", value)).toEqual([]);
    expect(value).toEqual({});
    expect(check("fixture/Defaults", { level: "3" })).toEqual(["/level type"]);
    expect((schemaOf("fixture", "Defaults")["properties"] as Record<string, unknown>)["level"]).toMatchObject({ default: 3 });
  });

  test("uri as EVerest checks it: \"://\" somewhere in the value", () => {
    expect(check("fixture/Url", "not a uri at all")).toEqual([" format"]);
    expect(check("fixture/Url", "x://")).toEqual([]);
    expect(check("fixture/Url", 5)).toEqual([" type"]);
  });

  test("inherited members such as constructor and toString never count as properties", () => {
    expect(check("fixture/Members", {})).toEqual([" required", " required"]);
    expect(check("fixture/Members", { constructor: "a", toString: "b" })).toEqual([]);
    expect(check("fixture/Members", { constructor: 1, toString: "b" })).toEqual(["/constructor type"]);
  });

  test("const", () => {
    expect(check("fixture/Answer", 42)).toEqual([]);
    expect(pkg.validate("fixture/Answer", 43).errors).toEqual([{ path: "", keyword: "const", message: "must be 42" }]);
  });

  test("a self-recursive type", () => {
    const tree = { name: "a", children: [{ name: "b", children: [{ name: "c", children: [] }] }] };
    expect(check("fixture/Tree", tree)).toEqual([]);
    expect(check("fixture/Tree", { name: "a", children: [{ name: "b", children: [{ children: 1 }] }] })).toEqual([
      "/children/0/children/0 required",
      "/children/0/children/0/children type",
    ]);
  });

  test("an integer enum validates but exports no enum object", () => {
    expect(check("other/Level", 2)).toEqual([]);
    expect(check("other/Level", 4)).toEqual([" enum"]);
    const other = pkg["other"] as Record<string, unknown>;
    expect(other["Level"]).toBeUndefined();
    expect(typeof other["isLevel"]).toBe("function");
  });
});

describe("enum objects", () => {
  test("every string enum, inline ones too, is a frozen object named as the model says, members from enumMemberNames", () => {
    const enums: EnumSchema[] = [];
    for (const f of gen.model.files) {
      for (const d of f.items) for (const s of walkSchema(d.schema)) if (s.kind === "enum" && s.isStringEnum) enums.push(s);
    }
    expect(enums.map((e) => e.tsName)).toEqual(expect.arrayContaining(["Status"]));
    expect(enums.some((e) => !e.topLevel)).toBe(true);
    const fixture = pkg["fixture"] as Record<string, unknown>;
    for (const e of enums) {
      const obj = fixture[e.tsName] as Record<string, string>;
      expect(Object.isFrozen(obj)).toBe(true);
      const names = enumMemberNames(e.values);
      expect(Object.keys(obj)).toEqual(names);
      expect(Object.values(obj)).toEqual(e.values);
      expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    }
  });

  test("a value that is not an identifier or is __proto__ stays a plain own member", () => {
    const fixture = pkg["fixture"] as Record<string, unknown>;
    const mode = gen.model.files[0]!.items.find((d) => d.name === "Mode")!;
    const inline = [...walkSchema(mode.schema)].find((s): s is EnumSchema => s.kind === "enum")!;
    const obj = fixture[inline.tsName] as Record<string, string>;
    expect(Object.values(obj)).toEqual(["fast", "slow", "needs quoting", "__proto__"]);
    expect(check("fixture/Mode", { mode: "__proto__" })).toEqual([]);
    expect(check("fixture/Mode", { mode: "needs_quoting" })).toEqual(["/mode enum"]);
  });
});

describe("text from the definitions that looks like code", () => {
  test("stays data: the package generates, loads and judges it", () => {
    expect(check("fixture/Tricky", { kind: 'require("ajv")', pat: 'require("x")', 'require("ajv")': 1 })).toEqual([]);
    expect(check("fixture/Tricky", { kind: "a\u2028b" })).toEqual([]);
    expect(check("fixture/Tricky", { kind: "</script", pat: "require(x)", 'require("ajv")': "1" })).toEqual([
      "/kind enum",
      "/pat pattern",
      '/require("ajv") type',
    ]);
    expect(pkg.validate("fixture/Tricky", { pat: "x" }).errors).toEqual([
      { path: "/pat", keyword: "pattern", message: 'must match the pattern ^require\\("x"\\)$' },
    ]);
  });

  test("and never becomes a require call", () => {
    for (const [p, text] of gen.files) {
      if (!/\.m?js$/.test(p)) continue;
      const calls = [...text.matchAll(/\brequire\("((?:[^"\\]|\\.)*)"\)/g)].map((m) => m[1]);
      expect([p, calls.filter((c) => !c!.startsWith("./") && !c!.startsWith("../"))]).toEqual([p, []]);
    }
  });
});
