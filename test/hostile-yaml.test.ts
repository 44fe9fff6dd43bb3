/**
 * Hostile YAML values the loader must refuse or keep exactly (issue 13):
 * alias bombs of long strings, one depth rule for every kind of collection,
 * numbers JSON cannot hold, text that is not Unicode, and keys that stay text.
 */
import { generate, loadModel } from "../generator";
import { LIMITS } from "../generator/limits";
import type { ObjectSchema } from "../generator/model/model";
import { HEAD, diagnoseOne, inputs, posOf, run } from "./helpers/check-run";

describe("alias bombs are bounded by characters as well as nodes", () => {
  // One long string aliased through levels of ten-item lists: few nodes, huge text.
  const bomb = (length: number, levels: number): string => {
    const lines = [`description: Test types`, `s0: &s0 "${"x".repeat(length)}"`];
    for (let i = 1; i <= levels; i++) lines.push(`s${i}: &s${i} [${Array.from({ length: 10 }, () => `*s${i - 1}`).join(", ")}]`);
    return `${lines.join("\n")}\ntypes: {}\n`;
  };

  test("90,000 characters through four levels of x10 lists: E004 at the alias that crosses the bound", () => {
    const text = bomb(90_000, 4);
    expect(text.length).toBeLessThan(100_000);
    const started = Date.now();
    const out = diagnoseOne(text);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(out).toHaveLength(1);
    // Levels 0 and 1 hold 990,000 characters; each alias of level 2 adds 900,000: the 9th crosses 8 MiB.
    const { line, col } = posOf(text, "*s1");
    expect(out[0]).toBe(
      `defs/x.yaml:${line}:${col + 8 * "*s1, ".length}: error E004: aliases expand to more than ${LIMITS.maxExpandedChars} characters of text; refusing to expand (alias bomb?)`,
    );
  });

  test("a long string through fewer levels: the same bound", () => {
    const out = diagnoseOne(bomb(100_000 - 10, 2));
    expect(out).toHaveLength(1);
    expect(out[0]).toContain("error E004: aliases expand to more than 8388608 characters of text");
  });

  test("an expansion just under the character bound loads", () => {
    // 70,000 x 111 = 7,770,000 characters, under 8 MiB (8,388,608); the keys add a few.
    const out = diagnoseOne(bomb(70_000, 2));
    expect(out.filter((d) => / E00[48]: /.test(d))).toEqual([]);
  });

  test("the run-wide bound on expanded text stops later files with one E008", () => {
    // Each file expands to 7.77 million characters: the ninth crosses 64 MiB.
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`defs/f${i}.yaml`] = bomb(70_000, 2);
    const diags = run(files).diagnostics.filter((d) => d.code === "E008" || d.code === "E004");
    expect(diags).toHaveLength(1);
    expect(diags[0]!.code).toBe("E008");
    expect(diags[0]!.message).toBe(
      `the definition files add up to more than ${LIMITS.maxTotalChars} characters of text once aliases are expanded, the limit for one run; this file and the ones after it are not read`,
    );
  });
});

describe("one depth rule: 128 levels of collections, whatever their style", () => {
  const n = LIMITS.maxYamlDepth;
  const error = (at: string): string[] => [`defs/x.yaml:${at}: error E001: YAML syntax error: nested more than ${n} levels deep`];
  const styles: [string, (levels: number) => string][] = [
    ["flow sequences", (k) => "[".repeat(k) + "]".repeat(k)],
    ["flow mappings", (k) => "{a: ".repeat(k - 1) + "{}" + "}".repeat(k - 1)],
    ["block sequences", (k) => Array.from({ length: k }, (_, i) => `${" ".repeat(2 * i)}-`).join("\n") + " x\n"],
    ["block mappings", (k) => Array.from({ length: k }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " x\n"],
  ];
  test.each(styles)("%s: 128 levels load, one more is E001 at the collection that crosses", (_name, make) => {
    const atLimit = diagnoseOne(make(n));
    expect(atLimit.some((d) => d.includes("E001"))).toBe(false);
    const over = diagnoseOne(make(n + 1));
    expect(over).toHaveLength(1);
    expect(over[0]).toContain(`error E001: YAML syntax error: nested more than ${n} levels deep`);
  });

  test("flow sequences: the 129th bracket is the one reported", () => {
    expect(diagnoseOne("[".repeat(n + 1) + "]".repeat(n + 1))).toEqual(error(`1:${n + 1}`));
  });

  test("through an alias: 128 levels load, 129 are E004 at the alias", () => {
    const inner = (k: number): string => "[".repeat(k) + "]".repeat(k);
    const doc = (k: number): string => `a: &a ${inner(k)}\nb: *a\n`;
    // `b` is at depth 1, so the alias adds the anchor's levels to one.
    expect(diagnoseOne(doc(n - 1)).some((d) => / E00[14] /.test(d))).toBe(false);
    const text = `a: &a ${inner(n - 1)}\nb:\n  - *a\n`;
    expect(diagnoseOne(text)).toEqual([`defs/x.yaml:3:5: error E004: alias *a nests the document more than ${n} levels deep`]);
  });
});

describe("numbers JSON cannot hold are refused where they are written (E007)", () => {
  const typeWith = (line: string): string => `${HEAD}  N:\n    description: a number\n    ${line}\n`;
  test.each([".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1e400", "-1e400", "1" + "0".repeat(400)])("const: %s", (value) => {
    const text = typeWith(`const: ${value}`);
    const { line, col } = posOf(text, value, text.indexOf(value) < text.indexOf("const") ? 1 : 0);
    expect(diagnoseOne(text)).toEqual([
      `defs/x.yaml:${line}:${col}: error E007: number ${value} is not finite: JSON and the generated types have no NaN or infinity; quote it if a string is meant`,
    ]);
  });

  test.each(["default: .nan", "minimum: -.inf", "enum: [1, .inf]", "maximum: 1e999"])("anywhere: %s", (kw) => {
    const text = typeWith(`type: number\n    ${kw}`);
    const out = diagnoseOne(text);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/ error E007: number \S+ is not finite/);
  });

  test("quoted, they are strings and load", () => {
    expect(diagnoseOne(typeWith(`type: string\n    enum: [".nan", ".inf", "1e400"]`))).toEqual([]);
  });

  test("nothing is written for a refused number", async () => {
    const result = await generate(inputs({ "defs/x.yaml": typeWith("const: .nan") }));
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["E007"]);
  });
});

describe("numbers JavaScript cannot hold exactly are warned about (W116)", () => {
  const typeWith = (line: string): string => `${HEAD}  N:\n    description: a number\n    type: integer\n    ${line}\n`;
  test.each([
    ["minimum: 9007199254740993", "integer 9007199254740993 cannot be represented exactly in JavaScript (beyond 2^53); it is read as 9007199254740992"],
    ["enum: [1, 18446744073709551615]", "integer 18446744073709551615 cannot be represented exactly in JavaScript (beyond 2^53); it is read as 18446744073709551616"],
    ["maximum: -9007199254740995", "integer -9007199254740995 cannot be represented exactly in JavaScript (beyond 2^53); it is read as -9007199254740996"],
    ["maximum: 0x20000000000001", "integer 0x20000000000001 cannot be represented exactly in JavaScript (beyond 2^53); it is read as 9007199254740992"],
    ["minimum: 1e-400", "number 1e-400 is too small to be represented in JavaScript; it is read as 0"],
  ])("%s", (kw, message) => {
    const text = typeWith(kw);
    // Integers beyond 32 bits also get W122 (EVerest's runtime cannot load them): see below.
    const out = diagnoseOne(text).filter((d) => !d.includes(" W122: "));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^defs\/x\.yaml:6:\d+: warning W116: /);
    expect(out[0]!.endsWith(message)).toBe(true);
  });

  test.each(["minimum: 9007199254740992", "maximum: -9007199254740991", "maximum: 1e300", "minimum: 0.0", "minimum: 0e5"])(
    "%s is exact: no warning",
    (kw) => {
      expect(diagnoseOne(typeWith(kw)).filter((d) => !d.includes(" W122: "))).toEqual([]);
    },
  );
});

describe("plain values EVerest's runtime reads otherwise are warned about (W122)", () => {
  const typeWith = (line: string): string => `${HEAD}  N:\n    description: a value\n    type: [integer, boolean, string]\n    ${line}\n`;
  test.each([
    ["enum: [True]", 'EVerest\'s runtime reads "True" as a string (only `true` and `false` are booleans there); read here as the boolean true, as ev-cli reads it: write true, or quote it if a string is meant'],
    ["enum: [FALSE]", 'EVerest\'s runtime reads "FALSE" as a string (only `true` and `false` are booleans there); read here as the boolean false, as ev-cli reads it: write false, or quote it if a string is meant'],
    ["maximum: 2147483648", "EVerest's runtime cannot load this file: it converts integers with std::stoi, which fails outside -2147483648..2147483647 (2147483648); quote it if a string is meant"],
    ["minimum: -2147483649", "EVerest's runtime cannot load this file: it converts integers with std::stoi, which fails outside -2147483648..2147483647 (-2147483649); quote it if a string is meant"],
    ["maximum: 0x1F", 'EVerest\'s runtime reads "0x1F" as 0 (std::stoi stops at the prefix); read here as 31: write the number in decimal, or quote it if a string is meant'],
    ["maximum: 0o17", 'EVerest\'s runtime reads "0o17" as 0 (std::stoi stops at the prefix); read here as 15: write the number in decimal, or quote it if a string is meant'],
    ["enum: [0b101]", 'EVerest\'s runtime reads "0b101" as 0 (std::stoi stops at the prefix); read here as the string "0b101": write the number in decimal, or quote it if a string is meant'],
    ["enum: [-0x1F]", 'EVerest\'s runtime reads "-0x1F" as 0 (std::stoi stops at the prefix); read here as the string "-0x1F": write the number in decimal, or quote it if a string is meant'],
    ["enum: [nan]", 'EVerest\'s runtime reads "nan" as a number that is not finite; read here as the string "nan": quote it'],
    ["enum: [-infinity]", 'EVerest\'s runtime reads "-infinity" as a number that is not finite; read here as the string "-infinity": quote it'],
  ])("%s", (kw, message) => {
    const out = diagnoseOne(typeWith(kw));
    expect(out).toEqual([expect.stringMatching(/^defs\/x\.yaml:6:\d+: warning W122: /)]);
    expect(out[0]!.slice(out[0]!.indexOf("W122: ") + 6)).toBe(message);
  });

  test.each(["enum: [true, false, 'True', \"TRUE\"]", "maximum: 2147483647", "minimum: -2147483648", "maximum: 1e12", "enum: [Nan, INF, inf1, 0x, 0xg, 1_000]", "enum: [!!str True]", "default: |\n      True"])(
    "%s: read alike, no warning",
    (kw) => {
      expect(diagnoseOne(typeWith(kw))).toEqual([]);
    },
  );

  test("in interface and error files too, in keys never, and once for a value aliases reach many times", () => {
    const r = loadModel(inputs({ "defs/x.yaml": `${HEAD}  N:\n    description: &d True\n    type: string\n    enum: [*d, *d]\n  True:\n    description: a type named True\n    type: string\n` }), {
      interfaces: inputs({ "defs/interfaces/i.yaml": "description: an interface\nvars:\n  v:\n    description: a var\n    type: integer\n    maximum: 4294967295\n" }),
      errors: inputs({ "defs/errors/e.yaml": "description: errors\nerrors:\n  - name: Broken\n    description: FALSE\n" }),
    });
    expect(r.diagnostics.filter((d) => d.code === "W122").map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual(["defs/errors/e.yaml:4:18", "defs/interfaces/i.yaml:6:14", "defs/x.yaml:4:21"]);
  });
});

describe("text that is not Unicode is refused at the string (E006)", () => {
  test.each([
    ["a property name", `${HEAD}  O:\n    description: an object\n    type: object\n    properties:\n      "a\\uD800b":\n        type: string\n`, '"a', "key"],
    ["a description", `${HEAD}  S:\n    description: "bad \\uDC00 text"\n    type: string\n`, '"bad', "string"],
    ["an enum value", `${HEAD}  S:\n    description: a string\n    type: string\n    enum: ["\\uDBFF"]\n`, '"\\uDBFF', "string"],
  ])("%s", (_name, text, at, what) => {
    const { line, col } = posOf(text, at);
    const unit = /\\u(D[89AB][0-9A-F]{2}|D[C-F][0-9A-F]{2})/.exec(text)![1];
    expect(diagnoseOne(text)).toEqual([
      `defs/x.yaml:${line}:${col}: error E006: ${what} holds a lone surrogate (\\u${unit}), which is not a Unicode character and has no UTF-8 form`,
    ]);
  });

  test("a surrogate pair is a character, and loads", () => {
    const text = `${HEAD}  S:\n    description: "emoji \\uD83D\\uDE00 text"\n    type: string\n`;
    expect(diagnoseOne(text)).toEqual([]);
  });
});

describe("keys stay as written", () => {
  const keys = ["1e400", "0x1F", "~", "True", "1.0", "null", "0o17", ".inf", "-0", "+1"];
  test("plain keys that look like numbers, booleans or null are property names as written", () => {
    const props = keys.map((k) => `      ${k}:\n        type: string\n        description: key ${JSON.stringify(k)}`).join("\n");
    const text = `${HEAD}  O:\n    description: an object\n    type: object\n    properties:\n${props}\n`;
    const { model, diagnostics } = run({ "defs/x.yaml": text });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const schema = model!.files[0]!.items[0]!.schema as ObjectSchema;
    expect(schema.properties.map((p) => p.name)).toEqual(keys);
  });

  test("two keys that only resolve alike are two keys (no E002)", () => {
    const text = `${HEAD}  O:\n    description: an object\n    type: object\n    properties:\n      1:\n        type: string\n      1.0:\n        type: string\n      0x1:\n        type: string\n`;
    const { model, diagnostics } = run({ "defs/x.yaml": text });
    expect(diagnostics.filter((d) => d.code === "E002")).toEqual([]);
    expect((model!.files[0]!.items[0]!.schema as ObjectSchema).properties.map((p) => p.name)).toEqual(["1", "1.0", "0x1"]);
  });

  test("the generated schema, types and validator use the keys as written", async () => {
    const text = `${HEAD}  O:\n    description: an object\n    type: object\n    required: ["True", "0x1F"]\n    properties:\n      True:\n        type: string\n      0x1F:\n        type: string\n`;
    const result = await generate(inputs({ "defs/x.yaml": text }));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const schemaFile = result.files.find((f) => f.path === "schemas/x.json")!;
    const doc = JSON.parse(schemaFile.content) as { definitions: { O: { properties: Record<string, unknown>; required: string[] } } };
    expect(Object.keys(doc.definitions.O.properties)).toEqual(["True", "0x1F"]);
    expect(doc.definitions.O.required).toEqual(["True", "0x1F"]);
    const dts = result.files.find((f) => f.path === "x.d.ts")!.content;
    expect(dts).toContain("True: string;");
    expect(dts).toContain('"0x1F": string;');
  });
});
