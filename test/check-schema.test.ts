/** Draft-07 schema rules (E020-E022) and the schema warnings (W101, W103-W106, W108-W110), with exact messages and positions; what EVerest accepts is accepted. */
import { formatDiagnostic } from "../generator";
import { HEAD, diagnoseOne, run, yaml } from "./helpers/check-run";

const TYPES = "expected one of string, number, integer, boolean, object, array, null";

/** A file with one object type `O` whose property `p` has the given body lines (indented 8). */
function prop(...body: string[]): string {
  return `${HEAD}  O:\n    type: object\n    description: o\n    properties:\n      p:\n        description: p\n${body.map((l) => `        ${l}\n`).join("")}`;
}
// Line 9 of `prop(...)` is its first body line; the value of `key: value` starts at column 9 + key.length + 2.

describe("E020 invalid types", () => {
  test("a misspelled type, with a hint", () => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: strin\n    description: a\n`)).toEqual([
      `defs/x.yaml:4:11: error E020: invalid type "strin" (did you mean "string"?): ${TYPES}`,
    ]);
  });

  test("hints are case-insensitive; no hint when nothing is close", () => {
    expect(diagnoseOne(prop("type: Integer"))).toEqual([`defs/x.yaml:9:15: error E020: invalid type "Integer" (did you mean "integer"?): ${TYPES}`]);
    expect(diagnoseOne(prop("type: date"))).toEqual([`defs/x.yaml:9:15: error E020: invalid type "date": ${TYPES}`]);
  });

  test("a bare YAML null is explained", () => {
    expect(diagnoseOne(prop("type: null"))).toEqual([
      `defs/x.yaml:9:15: error E020: invalid type null (YAML reads a bare null as no value; write "null" in quotes): ${TYPES}`,
    ]);
    expect(diagnoseOne(prop('type: [string, "null"]'))).toEqual([]);
  });

  test("not a string at all", () => {
    expect(diagnoseOne(prop("type: 3"))).toEqual([`defs/x.yaml:9:15: error E020: invalid type 3: ${TYPES}`]);
    expect(diagnoseOne(prop("type: {a: 1}"))).toEqual([`defs/x.yaml:9:15: error E020: invalid type a mapping: ${TYPES}`]);
  });

  test("type lists: each member checked, empty and repeated lists refused", () => {
    expect(diagnoseOne(prop("type: [string, nul]"))).toEqual([`defs/x.yaml:9:24: error E020: invalid type "nul" (did you mean "null"?): ${TYPES}`]);
    expect(diagnoseOne(prop("type: []"))).toEqual(["defs/x.yaml:9:15: error E020: a type list must not be empty"]);
    expect(diagnoseOne(prop("type: [string, string]"))).toEqual(['defs/x.yaml:9:24: error E020: type "string" is listed twice']);
  });
});

describe("E021 unsupported keywords, W109 unknown keywords", () => {
  test("oneOf is E021; a misspelled minLength and a misspelled $ref are ignored with W109; each at the keyword", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: string
          description: a
          oneOf:
            - type: string
          minLenght: 3
          ref: /x#/A
      `;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:6:5: error E021: draft-07 keyword "oneOf" is not supported by the generator yet',
      'defs/x.yaml:8:5: warning W109: unknown keyword "minLenght" is ignored (did you mean "minLength"?)',
      'defs/x.yaml:9:5: warning W109: unknown keyword "ref" is ignored (did you mean "$ref"?)',
    ]);
  });

  test("tuple `items` is refused; enum with a type list is accepted", () => {
    expect(diagnoseOne(prop("type: array", "items: [{type: string}]"))).toEqual([
      "defs/x.yaml:10:16: error E021: `items` as a list (tuple validation) is not supported",
    ]);
    expect(diagnoseOne(prop('type: [string, "null"]', "enum: [a]"))).toEqual([]);
  });

  test("a property named __proto__ is refused: JavaScript validators cannot judge it", () => {
    expect(diagnoseOne(`${HEAD}  O:\n    type: object\n    description: o\n    properties:\n      __proto__:\n        description: p\n        type: string\n`)).toEqual([
      'defs/x.yaml:7:7: error E025: property name "__proto__" is not supported: JavaScript cannot validate it reliably',
    ]);
  });

  test("constraints beside enum or const are accepted and kept: they all apply", () => {
    const e = run({ "defs/x.yaml": prop("type: string", "maxLength: 3", "enum: [x, yy]") });
    expect(e.diagnostics).toEqual([]);
    const eo = e.model!.files[0]!.items[0]!.schema;
    const ep = eo.kind === "object" ? eo.properties[0]!.schema : undefined;
    expect(ep).toMatchObject({ kind: "enum", type: "string", values: ["x", "yy"], constraints: { kind: "string", maxLength: 3 } });
    const c = run({ "defs/x.yaml": prop("type: integer", "minimum: 1", "const: 2") });
    expect(c.diagnostics).toEqual([]);
    const co = c.model!.files[0]!.items[0]!.schema;
    const cp = co.kind === "object" ? co.properties[0]!.schema : undefined;
    expect(cp).toMatchObject({ kind: "const", type: "integer", value: 2, constraints: { kind: "integer", minimum: 1 } });
  });
});

describe("E022 bad keyword values", () => {
  test.each([
    ["maxLength: -1", "type: string", "`maxLength` must be a non-negative integer, found -1"],
    ["minLength: 1.5", "type: string", "`minLength` must be a non-negative integer, found 1.5"],
    ["maxItems: many", "type: array", "`maxItems` must be a non-negative integer, found a string"],
    ["minimum: '3'", "type: integer", "`minimum` must be a finite number, found a string"],
    ["format: 3", "type: string", "`format` must be a string, found a number"],
    ["additionalProperties: no", "type: object", "`additionalProperties` must be a boolean or a schema, found a string"],
    ["properties: [a]", "type: object", "`properties` must be a mapping, found a list"],
  ])("%s", (line, type, message) => {
    const col = 9 + line.indexOf(":") + 2;
    expect(diagnoseOne(prop(type, line))).toEqual([`defs/x.yaml:10:${col}: error E022: ${message}`]);
  });

  test("maximum: .inf is a number JSON cannot hold: E007 where it is written, before any keyword rule", () => {
    expect(diagnoseOne(prop("type: number", "maximum: .inf"))).toEqual([
      "defs/x.yaml:10:18: error E007: number .inf is not finite: JSON and the generated types have no NaN or infinity; quote it if a string is meant",
    ]);
  });

  test("an invalid pattern regexp", () => {
    expect(diagnoseOne(prop("type: string", "pattern: '(['"))).toEqual([
      "defs/x.yaml:10:18: error E022: `pattern` is not a valid regular expression: Invalid regular expression: /([/u: Unterminated character class",
    ]);
  });

  test("enum: not a list, empty, duplicates, nested values; values of the wrong type are W110", () => {
    const text = yaml`
      description: Test types
      types:
        NotList:
          type: string
          description: a
          enum: A
        Empty:
          type: string
          description: a
          enum: []
        Values:
          type: string
          description: a
          enum: [a, b, a, 3, true, null, [x], {k: v}]
        Ints:
          type: integer
          description: a
          enum: [1, 2.5, "3"]
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:6:11: error E022: `enum` must be a non-empty list",
      "defs/x.yaml:10:11: error E022: `enum` must be a non-empty list",
      'defs/x.yaml:14:18: error E022: enum value "a" is listed twice',
      "defs/x.yaml:14:21: warning W110: enum value 3 is not of type string: no value matches it",
      "defs/x.yaml:14:24: warning W110: enum value true is not of type string: no value matches it",
      "defs/x.yaml:14:30: warning W110: enum value null is not of type string: no value matches it",
      "defs/x.yaml:14:36: error E022: enum values must be strings, numbers, booleans or null, found a list",
      "defs/x.yaml:14:41: error E022: enum values must be strings, numbers, booleans or null, found a mapping",
      "defs/x.yaml:18:15: warning W110: enum value 2.5 is not of type integer: no value matches it",
      'defs/x.yaml:18:20: warning W110: enum value "3" is not of type integer: no value matches it',
    ]);
  });

  test("required: not a list, not names, repeated", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: object
          description: a
          required: x
        B:
          type: object
          description: b
          required: [x, 3, x]
          properties:
            x:
              description: x
              type: string
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:6:15: error E022: `required` must be a list of property names, found a string",
      "defs/x.yaml:10:19: error E022: `required` must list property names, found a number",
      'defs/x.yaml:10:22: error E022: "x" is listed twice in `required`',
    ]);
  });

  test("enum values of the wrong type are left out of the model's values", () => {
    const r = run({ "defs/x.yaml": prop("type: string", "enum: [a, 3, b]") });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(["defs/x.yaml:10:19: warning W110: enum value 3 is not of type string: no value matches it"]);
    const o = r.model!.files[0]!.items[0]!.schema;
    const p = o.kind === "object" ? o.properties[0]!.schema : undefined;
    expect(p?.kind === "enum" && p.values).toEqual(["a", "b"]);
  });

  test("const of the wrong type is W110", () => {
    expect(diagnoseOne(prop("type: integer", "const: abc"))).toEqual(['defs/x.yaml:10:16: warning W110: `const` value "abc" is not of type integer: no value matches it']);
  });

  test("a non-string description", () => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: string\n    description: [a]\n`)).toEqual(["defs/x.yaml:5:18: error E022: `description` must be a string, found a list"]);
  });
});

describe("W108 required names an undeclared property", () => {
  test("each missing name at its place in the list", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: object
          description: a
          required:
            - x
            - y
            - z
          properties:
            x:
              description: x
              type: string
      `;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:8:9: warning W108: required property "y" is not declared in `properties`: it must be present, with any value',
      'defs/x.yaml:9:9: warning W108: required property "z" is not declared in `properties`: it must be present, with any value',
    ]);
  });

  test("required without any properties", () => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: object\n    description: a\n    required: [id]\n`)).toEqual([
      'defs/x.yaml:6:16: warning W108: required property "id" is not declared in `properties`: it must be present, with any value',
    ]);
  });

  test("with `additionalProperties: false` no value matches; the model keeps the names with their positions", () => {
    const r = run({ "defs/x.yaml": `${HEAD}  A:\n    type: object\n    description: a\n    additionalProperties: false\n    required: [id]\n` });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'defs/x.yaml:7:16: warning W108: required property "id" is not declared in `properties`, and `additionalProperties: false` refuses it: no value matches this object',
    ]);
    const a = r.model!.files[0]!.items[0]!.schema;
    expect(a.kind === "object" && a.undeclaredRequired).toEqual([{ name: "id", pos: { file: "defs/x.yaml", line: 7, col: 16 } }]);
  });
});

describe("type-specific keywords without `type`", () => {
  test("are accepted: any value, with each keyword applying to values of its type; an unknown keyword beside them is W109", () => {
    const r = run({ "defs/x.yaml": prop("maxLength: 3", "properties: {}", "description2: x") });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'defs/x.yaml:11:9: warning W109: unknown keyword "description2" is ignored (did you mean "description"?)',
    ]);
    const o = r.model!.files[0]!.items[0]!.schema;
    const p = o.kind === "object" ? o.properties[0]!.schema : undefined;
    expect(p?.kind === "union" && p.typeless).toBe(true);
    expect(p?.kind === "union" && p.members.map((m) => m.kind)).toEqual(["string", "number", "boolean", "object", "array", "null"]);
    expect(p?.kind === "union" && p.members[0]).toMatchObject({ kind: "string", maxLength: 3 });
  });

  test("a schema with no type and no typed keywords is `any`", () => {
    const r = run({ "defs/x.yaml": prop() });
    expect(r.diagnostics).toEqual([]);
    const o = r.model!.files[0]!.items[0]!.schema;
    expect(o.kind === "object" && o.properties[0]!.schema.kind).toBe("any");
  });
});

describe("W101 keywords that do nothing for the node's type", () => {
  test("`maximum` on a string is a warning and is kept in the model as inert", () => {
    const r = run({ "defs/x.yaml": prop("type: string", "maximum: 50") });
    expect(r.diagnostics.map((d) => `${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`)).toEqual([
      "10:9: warning W101: `maximum` has no effect on a value of type string",
    ]);
    const o = r.model!.files[0]!.items[0]!.schema;
    const p = o.kind === "object" ? o.properties[0]!.schema : undefined;
    expect(p?.kind).toBe("string");
    expect(p?.inert).toEqual([{ keyword: "maximum", value: 50, pos: { file: "defs/x.yaml", line: 10, col: 9 } }]);
    expect(p && "maximum" in p).toBe(false);
  });

  test.each([
    ["type: integer", "maxLength: 3", "`maxLength` has no effect on a value of type integer"],
    ["type: object", "items: {type: string}", "`items` has no effect on a value of type object"],
    ["type: array", "required: [a]", "`required` has no effect on a value of type array"],
    ["type: boolean", "minimum: 0", "`minimum` has no effect on a value of type boolean"],
    ["type: string", "enum: [a]\n        minimum: 1", "`minimum` has no effect on a value of type string"],
  ])("%s with %s", (type, line, message) => {
    const out = diagnoseOne(prop(type, line));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(new RegExp(`^defs/x\\.yaml:1[01]:9: warning W101: ${message.replace(/[`$]/g, "\\$&")}$`));
  });

  test("with a type list, only keywords that fit none of the types", () => {
    expect(diagnoseOne(prop('type: [string, "null"]', "maxLength: 3", "minimum: 1"))).toEqual([
      'defs/x.yaml:11:9: warning W101: `minimum` has no effect on a value of type string or null',
    ]);
  });
});

describe("W103 nested properties without description", () => {
  test("at the property name; top-level types are E017 instead; items need none", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: object
          description: a
          properties:
            x:
              type: array
              items:
                type: string
            y:
              type: object
              properties:
                z:
                  type: integer
      `;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:7:7: warning W103: property "x" has no description',
      'defs/x.yaml:11:7: warning W103: property "y" has no description',
      'defs/x.yaml:14:11: warning W103: property "z" has no description',
    ]);
  });
});

describe("W104 keywords beside $ref", () => {
  test("everything except type and annotations is reported as ignored", () => {
    const text = yaml`
      description: Test types
      types:
        S:
          type: string
          description: s
        O:
          type: object
          description: o
          properties:
            p:
              description: p
              default: x
              type: string
              $ref: /x#/S
              maxLength: 3
              enum: [a]
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:15:9: warning W104: `maxLength` beside `$ref` is ignored: the `$ref` wins (draft-07)",
      "defs/x.yaml:16:9: warning W104: `enum` beside `$ref` is ignored: the `$ref` wins (draft-07)",
    ]);
  });
});

describe("W105 and W119: formats", () => {
  test("the formats EVerest checks and the validators check alike pass silently", () => {
    for (const f of ["date-time", "date", "time", "uri", "uri-reference", "ipv4", "ipv6", "uuid", "hostname", "email", "idn-email"]) {
      expect([f, diagnoseOne(prop("type: string", `format: ${f}`))]).toEqual([f, []]);
    }
  });

  test("one EVerest checks by rules the validators do not reproduce is W105; one it does not know is W119", () => {
    expect(diagnoseOne(prop("type: string", "format: regex"))).toEqual([
      'defs/x.yaml:10:17: warning W105: format "regex" is checked by EVerest\'s runtime but not by the validators: they accept any string',
    ]);
    expect(diagnoseOne(prop("type: string", "format: iri"))).toEqual([expect.stringMatching(/^defs\/x\.yaml:10:17: warning W119: format "iri" is not one EVerest's runtime checks .*: it refuses every string in it, and so do the validators$/)]);
  });
});

describe("W106 min greater than max", () => {
  test.each([
    ["type: integer", "minimum: 5", "maximum: 1", "`minimum` (5) is greater than `maximum` (1): no value can match"],
    ["type: string", "minLength: 5", "maxLength: 1", "`minLength` (5) is greater than `maxLength` (1): no value can match"],
    ["type: array", "minItems: 3", "maxItems: 1", "`minItems` (3) is greater than `maxItems` (1): no value can match"],
    [
      "type: number",
      "exclusiveMinimum: 2",
      "exclusiveMaximum: 2",
      "`exclusiveMinimum` (2) is not less than `exclusiveMaximum` (2): no value can match",
    ],
  ])("%s %s %s", (type, lo, hi, message) => {
    expect(diagnoseOne(prop(type, hi, lo))).toEqual([`defs/x.yaml:11:9: warning W106: ${message}`]);
  });

  test("equal bounds are fine", () => {
    expect(diagnoseOne(prop("type: integer", "minimum: 2", "maximum: 2"))).toEqual([]);
    expect(diagnoseOne(prop("type: string", "minLength: 0", "maxLength: 0"))).toEqual([]);
  });
});

describe("warnings alone keep the model", () => {
  test("a file with only warnings loads", () => {
    const r = run({ "defs/x.yaml": prop("type: string", "maximum: 1", "format: regex") });
    expect(r.model).toBeDefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["W101", "W105"]);
  });
});
