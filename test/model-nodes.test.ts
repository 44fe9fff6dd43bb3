/** Model nodes for schema shapes the real defs do not use yet: inline enums, maps, unions, const, odd names. */
import type { Model, ObjectSchema, Schema } from "../generator";
import { run, yaml } from "./helpers/check-run";

const TEXT = yaml`
  description: Test types
  types:
    Foo:
      type: object
      description: foo
      required: [constructor]
      properties:
        operation_mode:
          description: inline enum
          type: string
          enum: [a, b]
        list:
          description: list of inline enum
          type: array
          items:
            type: string
            enum: [x]
        map:
          description: map of integer enum
          type: object
          additionalProperties:
            type: integer
            enum: [1, 2]
        "a/b~c":
          description: odd key
          type: [string, "null"]
          maxLength: 3
        constructor:
          description: a key, not the inherited member
          type: string
          default: hi
        k:
          description: a constant
          const: 5
    FooOperationMode:
      type: string
      description: takes the name the inline enum would have had
      enum: [z]
    a.b-c:
      type: string
      description: dotted name
    default:
      type: string
      description: reserved word
  `;

function load(): Model {
  const r = run({ "defs/x.yaml": TEXT });
  // `default` (a TypeScript reserved word here) is also a JSON Schema keyword: EVerest's runtime cannot use it (W118).
  expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code}`)).toEqual(["42:3 W118"]);
  return r.model!;
}

function foo(): ObjectSchema {
  const s = load().files[0]!.items[0]!.schema;
  if (s.kind !== "object") throw new Error("Foo is not an object");
  return s;
}
const propSchema = (name: string): Schema => foo().properties.find((p) => p.name === name)!.schema;

test("inline enums are named <Type><Property>, Item for array items, Value for map values; a taken name gets Enum", () => {
  expect(propSchema("operation_mode")).toMatchObject({ kind: "enum", tsName: "FooOperationModeEnum", topLevel: false, isStringEnum: true, values: ["a", "b"] });
  const list = propSchema("list");
  expect(list.kind === "array" && list.items).toMatchObject({ kind: "enum", tsName: "FooListItem", pointer: "/types/Foo/properties/list/items" });
  const map = propSchema("map");
  expect(map.kind === "object" && map.additionalProperties).toMatchObject({
    kind: "enum",
    tsName: "FooMapValue",
    type: "integer",
    isStringEnum: false,
    values: [1, 2],
    pointer: "/types/Foo/properties/map/additionalProperties",
  });
  expect(load().files[0]!.items[1]!.schema).toMatchObject({ kind: "enum", tsName: "FooOperationMode", topLevel: true });
});

test("a type list is a union with one member per type, each with the keywords that apply to it", () => {
  const u = propSchema("a/b~c");
  expect(u.kind).toBe("union");
  expect(u.kind === "union" && u.members.map((m) => m.kind)).toEqual(["string", "null"]);
  expect(u.kind === "union" && u.members[0]).toMatchObject({ kind: "string", maxLength: 3 });
  expect(u.pointer).toBe("/types/Foo/properties/a~1b~0c");
});

test("const, default and `constructor` keys are plain data", () => {
  expect(propSchema("k")).toMatchObject({ kind: "const", value: 5 });
  const ctor = foo().properties.find((p) => p.name === "constructor")!;
  expect(ctor).toMatchObject({ name: "constructor", required: true, schema: { kind: "string", default: "hi" } });
  expect(Object.getPrototypeOf(foo())).toBe(Object.prototype);
  expect(foo().properties.map((p) => p.name)).toEqual(["operation_mode", "list", "map", "a/b~c", "constructor", "k"]);
});

test("type names keep their YAML spelling; TypeScript names are made safe", () => {
  expect(load().files[0]!.items.map((t) => [t.name, t.tsName])).toEqual([
    ["Foo", "Foo"],
    ["FooOperationMode", "FooOperationMode"],
    ["a.b-c", "a_b_c"],
    ["default", "default_"],
  ]);
});

test("positions of nested nodes: properties at their key, schemas at their first keyword", () => {
  const p = foo().properties.find((x) => x.name === "list")!;
  expect(p.pos).toEqual({ file: "defs/x.yaml", line: 12, col: 7 });
  expect(p.schema.pos).toEqual({ file: "defs/x.yaml", line: 13, col: 9 });
  expect(p.schema.kind === "array" && p.schema.items!.pos).toEqual({ file: "defs/x.yaml", line: 16, col: 11 });
});
