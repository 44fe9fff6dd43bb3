/** EVerest's rules for a whole type file (E010-E018), each with its exact message and position. */
import { HEAD, diagnose, diagnoseOne, run, yaml } from "./helpers/check-run";

describe("E010 the top level must be a mapping", () => {
  test.each([
    ["a list", "- a\n- b\n", "1:1"],
    ["a string", "hello\n", "1:1"],
    ["a number", "\n\n42\n", "3:1"],
    ["a quoted string", '"description: x"\n', "1:1"],
  ])("%s", (what, text, at) => {
    expect(diagnoseOne(text)).toEqual([`defs/x.yaml:${at}: error E010: a type file must be a mapping with \`description\` and \`types\`, found ${what === "a quoted string" ? "a string" : what}`]);
  });
});

describe("E011 unknown top-level keys", () => {
  test("each unknown key is reported at the key, with a hint when it is a near miss", () => {
    const text = yaml`
      description: Test types
      version: 1
      types: {}
      $schema: http://json-schema.org/draft-07/schema#
      type: object
      `;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:2:1: error E011: unknown top-level key "version": only `description` and `types` are allowed',
      'defs/x.yaml:4:1: error E011: unknown top-level key "$schema": only `description` and `types` are allowed',
      'defs/x.yaml:5:1: error E011: unknown top-level key "type" (did you mean "types"?): only `description` and `types` are allowed',
    ]);
  });
});

describe("E012/E013 the file description", () => {
  test("missing", () => {
    expect(diagnoseOne("types: {}\n")).toEqual(["defs/x.yaml:1:1: error E012: missing file `description`"]);
  });

  test.each([
    ["description: a\n", "1:14", "file `description` must have at least 2 characters"],
    ["description: ''\n", "1:14", "file `description` must have at least 2 characters"],
    ['description: "\u{1F600}"\n', "1:14", "file `description` must have at least 2 characters"],
    ["description: 42\n", "1:14", "file `description` must be a string, found a number"],
    ["description: true\n", "1:14", "file `description` must be a string, found a boolean"],
    ["description:\n", "1:1", "file `description` must be a string, found null"],
    ["description: [a, b]\n", "1:14", "file `description` must be a string, found a list"],
    ["description:\n  a: b\n", "2:3", "file `description` must be a string, found a mapping"],
  ])("%j", (first, at, message) => {
    expect(diagnoseOne(`${first}types: {}\n`)).toEqual([`defs/x.yaml:${at}: error E013: ${message}`]);
  });

  test("two characters are enough, counted untrimmed as EVerest counts them; a quoted number is a string", () => {
    expect(diagnoseOne("description: ab\ntypes: {}\n")).toEqual([]);
    expect(diagnoseOne('description: "  x  "\ntypes: {}\n')).toEqual([]);
    expect(diagnoseOne("description: |\n  x\ntypes: {}\n")).toEqual([]); // "x\n": the kept line break counts
    expect(diagnoseOne("description: '42'\ntypes: {}\n")).toEqual([]);
    expect(diagnoseOne('description: "\u{1F600}\u{1F600}"\ntypes: {}\n')).toEqual([]); // code points, not UTF-16 units
  });
});

describe("E014 `types`", () => {
  test("missing is fine: the file has no types", () => {
    const r = run({ "defs/x.yaml": "description: Test types\n" });
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.files.map((f) => [f.path, f.items.length])).toEqual([["defs/x.yaml", 0]]);
  });

  test("empty (null) is an error with the fix in the message; `{}` is fine", () => {
    expect(diagnoseOne("description: Test types\ntypes:\n")).toEqual([
      "defs/x.yaml:2:1: error E014: `types` is empty: list the types under it, or write `types: {}` for a file without types",
    ]);
    expect(diagnoseOne("description: Test types\ntypes: {}\n")).toEqual([]);
  });

  test.each([
    ["types:\n  - A\n  - B\n", "3:3", "a list"],
    ["types: A\n", "2:8", "a string"],
    ["types: 3\n", "2:8", "a number"],
  ])("%j", (second, at, what) => {
    expect(diagnoseOne(`description: Test types\n${second}`)).toEqual([
      `defs/x.yaml:${at}: error E014: \`types\` must be a mapping of type names to schemas, found ${what}`,
    ]);
  });
});

describe("E015 type names", () => {
  test("each bad name is reported at the name; legal names with . and - pass", () => {
    const text = yaml`
      description: Test types
      types:
        1A:
          type: string
          description: starts with a digit
        "a b":
          type: string
          description: has a space
        "ä":
          type: string
          description: not ASCII
        "":
          type: string
          description: empty
        a.b-c_D9:
          type: string
          description: legal
        _x:
          type: string
          description: legal
      `;
    const rule = "must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$";
    expect(diagnoseOne(text)).toEqual([
      `defs/x.yaml:3:3: error E015: invalid type name "1A": ${rule}`,
      `defs/x.yaml:6:3: error E015: invalid type name "a b": ${rule}`,
      `defs/x.yaml:9:3: error E015: invalid type name "ä": ${rule}`,
      `defs/x.yaml:12:3: error E015: invalid type name "": ${rule}`,
    ]);
  });
});

describe("E016/E017 top-level types need `type` and `description`", () => {
  test("both reported at the type's name; nested schemas need neither", () => {
    const text = yaml`
      description: Test types
      types:
        NoType:
          description: has no type
        NoDescription:
          type: object
          properties:
            nested:
              type: string
            bare: {}
        Neither:
          enum: [a]
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:3:3: error E016: type NoType has no `type`",
      "defs/x.yaml:5:3: error E017: type NoDescription has no `description`",
      'defs/x.yaml:8:7: warning W103: property "nested" has no description',
      'defs/x.yaml:10:7: warning W103: property "bare" has no description',
      "defs/x.yaml:11:3: error E016: type Neither has no `type`",
      "defs/x.yaml:11:3: error E017: type Neither has no `description`",
    ]);
  });

  test("a type that is not a mapping at all", () => {
    expect(diagnoseOne(`${HEAD}  A: string\n  B:\n  C: [a]\n`)).toEqual([
      "defs/x.yaml:3:6: error E022: a schema must be a mapping, found a string",
      "defs/x.yaml:4:3: error E022: a schema must be a mapping, found null",
      "defs/x.yaml:5:6: error E022: a schema must be a mapping, found a list",
    ]);
  });
});

describe("E018 helper-name clashes", () => {
  test("a type whose is/assert/validate helper is another type's name", () => {
    const text = yaml`
      description: Test types
      types:
        Foo:
          type: string
          description: foo
        isFoo:
          type: string
          description: clashes with Foo's guard
        validateFoo:
          type: string
          description: clashes with Foo's validator
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:3:3: error E018: type Foo would export isFoo, which is also a type name in this file; rename one of them",
      "defs/x.yaml:3:3: error E018: type Foo would export validateFoo, which is also a type name in this file; rename one of them",
    ]);
  });

  test("names in different files never clash", () => {
    expect(
      diagnose({
        "defs/a.yaml": `${HEAD}  Foo:\n    type: string\n    description: foo\n`,
        "defs/b.yaml": `${HEAD}  isFoo:\n    type: string\n    description: foo\n`,
      }),
    ).toEqual([]);
  });

  test("the same type name in two files is fine: every file is its own namespace", () => {
    const r = run({
      "defs/a.yaml": `${HEAD}  State:\n    type: string\n    description: a state\n`,
      "defs/b.yaml": `${HEAD}  State:\n    type: integer\n    description: b state\n`,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.files.map((f) => `${f.name}.${f.items[0]!.name}:${f.items[0]!.schema.kind}`)).toEqual(["a.State:string", "b.State:integer"]);
  });
});
