/**
 * Loading: YAML syntax, duplicate keys, tags, aliases, empty and non-text files,
 * size limits and file names (E001-E009). Each error has its exact message and
 * points at the line and column a person must look at.
 */
import { LIMITS } from "../generator/limits";
import { HEAD, diagnose, diagnoseOne, run, yaml } from "./helpers/check-run";

const A = "  A:\n    type: string\n    description: a string\n";

describe("E001 YAML syntax errors", () => {
  test("bad indentation points at the offending line", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: string
         description: bad indent
      `;
    expect(diagnoseOne(text)).toEqual(["defs/x.yaml:5:4: error E001: YAML syntax error: bad indentation of a mapping entry"]);
  });

  test("an unclosed flow sequence is reported where the parser gives up", () => {
    expect(diagnoseOne(`${HEAD}  A: [1, 2\n`)).toEqual(["defs/x.yaml:4:1: error E001: YAML syntax error: deficient indentation"]);
  });

  test("a second document is refused, at its `---`", () => {
    expect(diagnoseOne(`${HEAD}${A}---\nfoo: 1\n`)).toEqual([
      "defs/x.yaml:6:1: error E001: YAML syntax error: a type file holds exactly one document",
    ]);
  });

  test("a mapping as a key is refused at the key", () => {
    expect(diagnoseOne(`${HEAD}  ? [a, b]\n  : 1\n`)).toEqual([
      "defs/x.yaml:3:5: error E001: YAML syntax error: a mapping key must be a scalar, found a list",
    ]);
  });

  describe("deep nesting ends in a clean E001, never a stack overflow", () => {
    const cases: [string, string, string][] = [
      ["5000 flow sequences", "[".repeat(5000) + "]".repeat(5000), "1:131"],
      ["5000 flow mappings", "{a: ".repeat(5000) + "1" + "}".repeat(5000), "1:518"],
      ["5000 compact block sequences", "- ".repeat(5000) + "x\n", "1:263"],
    ];
    test.each(cases)("%s", (_name, text, at) => {
      const started = Date.now();
      expect(diagnoseOne(text)).toEqual([`defs/x.yaml:${at}: error E001: YAML syntax error: nested more than 128 levels deep`]);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    test("indented block mappings as deep as 4 MiB allows (2800 levels)", () => {
      // 5000 levels of indentation would be 12 MB, over the file limit; 2800 levels of one space each fit.
      const levels = 2800;
      const text = Array.from({ length: levels }, (_, i) => `${" ".repeat(i)}a:`).join("\n") + " 1\n";
      expect(text.length).toBeLessThan(LIMITS.maxFileBytes);
      const out = diagnoseOne(text);
      expect(out).toEqual([`defs/x.yaml:131:131: error E001: YAML syntax error: nested more than 128 levels deep`]);
    });

    test("exactly the limit (128 levels) is accepted by the YAML reader", () => {
      const n = LIMITS.maxYamlDepth;
      expect(diagnoseOne("[".repeat(n) + "]".repeat(n))).toEqual([
        "defs/x.yaml:1:1: error E010: a type file must be a mapping with `description` and `types`, found a list",
      ]);
      expect(diagnoseOne("[".repeat(n + 1) + "]".repeat(n + 1))).toEqual([
        `defs/x.yaml:1:${n + 1}: error E001: YAML syntax error: nested more than 128 levels deep`,
      ]);
    });
  });
});

describe("E002 duplicate keys", () => {
  test("the second key is reported with the line of the first", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: string
          description: a string
          type: integer
      `;
    expect(diagnoseOne(text)).toEqual(['defs/x.yaml:6:5: error E002: duplicate key "type": already defined at line 4']);
  });

  test("duplicate top-level keys", () => {
    expect(diagnoseOne(`${HEAD}${A}types: {}\n`)).toEqual(['defs/x.yaml:6:1: error E002: duplicate key "types": already defined at line 2']);
  });

  test("keys that differ only in quoting are the same key", () => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: string\n    "description": one\n    description: two\n`)).toEqual([
      'defs/x.yaml:6:5: error E002: duplicate key "description": already defined at line 5',
    ]);
  });

  test("a duplicate key does not hide the file's other errors", () => {
    const text = yaml`
      description: Test types
      types:
        A:
          type: strin
          description: a string
          description: again
      `;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:4:11: error E020: invalid type "strin" (did you mean "string"?): expected one of string, number, integer, boolean, object, array, null',
      'defs/x.yaml:6:5: error E002: duplicate key "description": already defined at line 5',
    ]);
  });
});

describe("E003 YAML tags", () => {
  const ONLY = "type files hold plain data only (the only tags allowed are !, !!str, !!map and !!seq)";

  test("!!js/function is refused at the tag, without running anything", () => {
    const text = `${HEAD}  A:\n    type: string\n    description: !!js/function 'function () { throw new Error("ran") }'\n`;
    expect(diagnoseOne(text)).toEqual([`defs/x.yaml:5:18: error E003: unsupported YAML tag !!js/function: ${ONLY}`]);
  });

  test.each([
    ["!!js/regexp /x/", "!!js/regexp"],
    ["!!js/undefined ''", "!!js/undefined"],
    ["!!binary aGVsbG8=", "!!binary"],
    ["!!timestamp 2020-01-01", "!!timestamp"],
    ["!!int 3", "!!int"],
    ["!custom x", "!custom"],
    ["!<tag:yaml.org,2002:str> x", "!<tag:yaml.org,2002:str>"],
  ])("%s", (value, tag) => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: string\n    description: ${value}\n`)).toEqual([
      `defs/x.yaml:5:18: error E003: unsupported YAML tag ${tag}: ${ONLY}`,
    ]);
  });

  test("!!set and !!omap on collections", () => {
    expect(diagnoseOne(`${HEAD}  A: !!set\n    type: string\n`)).toEqual([`defs/x.yaml:3:6: error E003: unsupported YAML tag !!set: ${ONLY}`]);
    expect(diagnoseOne(`${HEAD}  A: !!omap\n    - type: string\n`)).toEqual([`defs/x.yaml:3:6: error E003: unsupported YAML tag !!omap: ${ONLY}`]);
  });

  test("an allowed tag on the wrong kind of node", () => {
    expect(diagnoseOne(`${HEAD}  A: !!str\n    type: string\n    description: a string\n`)).toEqual([
      "defs/x.yaml:3:6: error E003: YAML tag !!str cannot be used on a mapping",
    ]);
    expect(diagnoseOne(`${HEAD}  A:\n    type: !!seq string\n    description: a string\n`)).toEqual([
      "defs/x.yaml:4:11: error E003: YAML tag !!seq cannot be used on a scalar",
    ]);
  });

  test("the allowed tags only restate plain YAML: !!str makes a string, ! keeps text as text", () => {
    const text = `${HEAD}  A:\n    type: !!str string\n    description: ! 12\n    enum: !!seq [!!str 1, ! 2]\n`;
    const r = run({ "defs/x.yaml": text });
    expect(r.diagnostics).toEqual([]);
    const schema = r.model!.files[0]!.items[0]!.schema;
    expect(schema.kind).toBe("enum");
    expect(schema.description).toBe("12");
    expect(schema.kind === "enum" && schema.values).toEqual(["1", "2"]);
  });

  test("YAML merge keys are refused, not silently expanded", () => {
    const text = `${HEAD}  A: &a\n    type: string\n    description: a string\n  B:\n    <<: *a\n`;
    expect(diagnoseOne(text)).toEqual(["defs/x.yaml:7:5: error E003: YAML merge keys (<<) are not supported: write the keys out in full"]);
  });
});

describe("E004 aliases", () => {
  function billionLaughs(levels: number): string {
    const names = "abcdefghijklmnop";
    let text = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
    for (let i = 1; i < levels; i++) {
      text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(",")}]\n`;
    }
    return text;
  }

  test("a billion-laughs document ends quickly with E004 at the alias that crosses the limit", () => {
    const started = Date.now();
    const out = diagnoseOne(billionLaughs(10)); // 9^10 lols if expanded
    const elapsed = Date.now() - started;
    expect(out).toEqual([
      "defs/x.yaml:6:11: error E004: aliases expand to more than 200000 nodes; refusing to expand (alias bomb?)",
    ]);
    expect(elapsed).toBeLessThan(1000);
  });

  test("an alias bomb hidden in a `default` of a valid-looking type file", () => {
    let text = `${HEAD}  A:\n    type: string\n    description: a string\n    default: &d0 [1, 2, 3, 4, 5, 6, 7, 8, 9]\n`;
    for (let i = 1; i <= 10; i++) {
      text += `  B${i}:\n    type: string\n    description: b\n    default: &d${i} [${Array(9).fill(`*d${i - 1}`).join(", ")}]\n`;
    }
    const started = Date.now();
    const out = diagnoseOne(text);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^defs\/x\.yaml:26:\d+: error E004: aliases expand to more than 200000 nodes; refusing to expand \(alias bomb\?\)$/);
  });

  test("a few harmless aliases load, expanded", () => {
    const text = `${HEAD}  A:\n    type: string\n    description: &d shared text\n  B:\n    type: string\n    description: *d\n`;
    const r = run({ "defs/x.yaml": text });
    expect(r.diagnostics).toEqual([]);
    expect(r.model!.files[0]!.items.map((t) => t.description)).toEqual(["shared text", "shared text"]);
  });

  test("an alias to the node that contains it (self-reference) is refused at the `*`", () => {
    const text = yaml`
      description: Test types
      types:
        A: &a
          type: object
          description: a
          properties:
            x: *a
      `;
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:7:10: error E004: alias *a refers to the node it is part of: a type file cannot contain itself",
    ]);
  });

  test("an alias with no anchor", () => {
    expect(diagnoseOne(`${HEAD}  A: *nowhere\n`)).toEqual(["defs/x.yaml:3:6: error E004: alias *nowhere has no anchor &nowhere before it"]);
  });

  test("nesting built from aliases counts toward the depth limit", () => {
    const deep = "[".repeat(100) + "]".repeat(100);
    const ok = `a: &a ${deep}\nb: ${"[".repeat(27)}*a${"]".repeat(27)}\n`;
    expect(diagnoseOne(ok).some((d) => d.includes("E004"))).toBe(false);
    const tooDeep = `a: &a ${deep}\nb: ${"[".repeat(28)}*a${"]".repeat(28)}\n`;
    expect(diagnoseOne(tooDeep)).toEqual(["defs/x.yaml:2:32: error E004: alias *a nests the document more than 128 levels deep"]);
  });

  test("a chain of anchors that nests thousands of levels deep ends cleanly", () => {
    let text = `${HEAD}  A:\n    type: string\n    description: a\n    default: [&x0 ${"[".repeat(100)}1${"]".repeat(100)}`;
    for (let k = 1; k < 40; k++) text += `, &x${k} ${"[".repeat(100)}*x${k - 1}${"]".repeat(100)}`;
    text += "]\n";
    const out = diagnoseOne(text);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^defs\/x\.yaml:6:\d+: error E004: alias \*x0 nests the document more than 128 levels deep$/);
  });
});

describe("E005 empty files", () => {
  test.each([
    ["nothing", ""],
    ["only a comment", "# nothing here\n"],
    ["only whitespace", "\n\n   \n"],
    ["an explicit null", "~\n"],
    ["an empty document marker", "---\n"],
  ])("%s", (_name, text) => {
    expect(diagnoseOne(text)).toEqual(["defs/x.yaml:1:1: error E005: file is empty: expected `description` and `types`"]);
  });
});

describe("E006 non-text files", () => {
  test("invalid UTF-8 is refused at the bad byte", () => {
    const bytes = Buffer.concat([Buffer.from(`${HEAD}  A:\n    type: string\n    description: caf`), Buffer.from([0xe9]), Buffer.from("\n")]);
    expect(diagnoseOne(bytes)).toEqual(["defs/x.yaml:5:21: error E006: not a text file: byte 0xe9 at offset 73 is not valid UTF-8"]);
  });

  test("a binary file (PNG header)", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(diagnoseOne(png)).toEqual(["defs/x.yaml:1:1: error E006: not a text file: byte 0x89 at offset 0 is not valid UTF-8"]);
  });

  test("NUL characters, in bytes or in a string", () => {
    const text = `${HEAD}  A:\n    type: string\n    description: a\u0000b\n`;
    const expected = ["defs/x.yaml:5:19: error E006: not a text file: it contains a NUL character"];
    expect(diagnoseOne(text)).toEqual(expected);
    expect(diagnoseOne(Buffer.from(text))).toEqual(expected);
  });

  test("UTF-16 gets a hint instead of a byte offset", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEAD, "utf16le")]);
    expect(diagnoseOne(utf16)).toEqual([
      "defs/x.yaml:1:1: error E006: not a UTF-8 text file: it starts with a UTF-16 byte order mark; save it as UTF-8",
    ]);
  });

  test("well-formed UTF-8 with a byte order mark and non-ASCII text is fine, and positions ignore the BOM", () => {
    const text = `\ufeff${HEAD}  A:\n    type: strin\n    description: Ärger doesn’t 😀\n`;
    expect(diagnoseOne(Buffer.from(text))).toEqual([
      'defs/x.yaml:4:11: error E020: invalid type "strin" (did you mean "string"?): expected one of string, number, integer, boolean, object, array, null',
    ]);
    const r = run({ "defs/x.yaml": Buffer.from(`\ufeff${HEAD}  A:\n    type: string\n    description: Ärger doesn’t 😀\n`) });
    expect(r.model!.files[0]!.items[0]!.description).toBe("Ärger doesn’t 😀");
  });

  test("overlong encodings and UTF-16 surrogates written as UTF-8 are not UTF-8", () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      const out = diagnoseOne(Uint8Array.from([0x61, 0x0a, ...bad]));
      expect(out).toEqual([`defs/x.yaml:2:1: error E006: not a text file: byte 0x${bad[0]!.toString(16)} at offset 2 is not valid UTF-8`]);
    }
  });
});

describe("E008 size limits", () => {
  test("a file over the byte limit is refused before it is parsed", () => {
    const big = "description: " + "x".repeat(LIMITS.maxFileBytes);
    const started = Date.now();
    expect(diagnoseOne(big)).toEqual(["defs/x.yaml:1:1: error E008: file is larger than 4194304 bytes (4 MiB), the limit for a definition file"]);
    expect(diagnoseOne(Buffer.alloc(LIMITS.maxFileBytes + 1, 0x20))).toEqual([
      "defs/x.yaml:1:1: error E008: file is larger than 4194304 bytes (4 MiB), the limit for a definition file",
    ]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("the limit counts bytes, not characters", () => {
    const text = "description: " + "é".repeat(LIMITS.maxFileBytes / 2);
    expect(text.length).toBeLessThan(LIMITS.maxFileBytes);
    expect(diagnoseOne(text)).toEqual([
      "defs/x.yaml:1:1: error E008: file is larger than 4194304 bytes (4 MiB), the limit for a definition file",
    ]);
  });

  test("a document with too many nodes (no aliases) is refused where it crosses the limit", () => {
    const items = Array.from({ length: LIMITS.maxExpandedNodes + 10 }, () => "1").join(",");
    const out = diagnoseOne(`[${items}]\n`);
    expect(out).toEqual([
      `defs/x.yaml:1:${2 * LIMITS.maxExpandedNodes}: error E008: the document has more than 200000 YAML nodes; definition files are limited to 200000 nodes`,
    ]);
  });

  test("too many files", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= LIMITS.maxFiles; i++) files[`defs/f${i}.yaml`] = HEAD;
    expect(diagnose(files)).toEqual([`defs/f0.yaml:1:1: error E008: ${LIMITS.maxFiles + 1} definition files; at most 2000 are read`]);
  });

  test("an over-long string value", () => {
    const text = `${HEAD}  A:\n    type: string\n    description: ${"x".repeat(LIMITS.maxStringLength + 1)}\n`;
    expect(diagnoseOne(text)).toEqual(["defs/x.yaml:5:18: error E022: string of 100001 characters is longer than the limit of 100000"]);
  });
});

describe("E009 file names", () => {
  test.each([
    ["defs/1x.yaml", "1x"],
    ["defs/my.file.yaml", "my.file"],
    ["defs/has space.yaml", "has space"],
    ["defs/.yaml", ""],
  ])("%s cannot be named in a $ref", (p, stem) => {
    expect(diagnose({ [p]: `${HEAD}${A}` })).toEqual([
      `${p}:1:1: error E009: file name ${JSON.stringify(stem)} cannot be used in refs: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
    ]);
  });

  test("two files with the same stem", () => {
    expect(diagnose({ "defs/x.yaml": `${HEAD}${A}`, "other/x.yaml": `${HEAD}${A}` })).toEqual([
      "other/x.yaml:1:1: error E009: two type files would produce the same module name x: defs/x.yaml and other/x.yaml",
    ]);
    expect(diagnose({ "defs/x.yaml": `${HEAD}${A}`, "defs/x.yml": `${HEAD}${A}` })).toEqual([
      "defs/x.yml:1:1: error E009: two type files would produce the same module name x: defs/x.yaml and defs/x.yml",
    ]);
  });

  test("stems differing only in case clash, as they would on case-insensitive file systems", () => {
    expect(diagnose({ "defs/Foo.yaml": `${HEAD}${A}`, "defs/foo.yaml": `${HEAD}${A}` })).toEqual([
      "defs/foo.yaml:1:1: error E009: two type files would produce the same module name foo: defs/Foo.yaml and defs/foo.yaml",
    ]);
  });

  test.each(["index", "runtime", "Index", "api", "interfaces"])("%s is reserved for the package's own modules", (stem) => {
    expect(diagnose({ [`defs/${stem}.yaml`]: `${HEAD}${A}` })).toEqual([
      `defs/${stem}.yaml:1:1: error E009: file name "${stem}" is reserved for the generated package's own ${stem.toLowerCase()} module; rename the file`,
    ]);
  });

  test("stems with - and _ are fine", () => {
    expect(diagnose({ "defs/a-b_c.yaml": `${HEAD}${A}` })).toEqual([]);
  });
});

describe("positions", () => {
  test("quoted scalars point at their opening quote", () => {
    expect(diagnoseOne(`${HEAD}  "a b":\n    type: string\n    description: x y\n`)).toEqual([
      'defs/x.yaml:3:3: error E015: invalid type name "a b": must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$',
    ]);
    expect(diagnoseOne(`${HEAD}  A:\n    type: 'strin'\n    description: x y\n`)[0]).toMatch(/^defs\/x\.yaml:4:11: error E020/);
  });

  test("block scalars point at their `|` or `>` header, not at the next line", () => {
    // Stripped (`-`) block scalars: a kept line break counts as a character, and "a\n" would be long enough.
    expect(diagnoseOne("description: |-\n  a\ntypes: {}\n")).toEqual([
      "defs/x.yaml:1:14: error E013: file `description` must have at least 2 characters",
    ]);
    expect(diagnoseOne("description: >- # folded\n  a\ntypes: {}\n")).toEqual([
      "defs/x.yaml:1:14: error E013: file `description` must have at least 2 characters",
    ]);
    expect(diagnoseOne("description: !!str &d |-\n  a\ntypes: {}\n")).toEqual([
      "defs/x.yaml:1:23: error E013: file `description` must have at least 2 characters",
    ]);
  });

  test("an empty value points at its key", () => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: string\n    description:\n`)).toEqual([
      "defs/x.yaml:5:5: error E022: `description` must be a string, found null",
    ]);
  });

  test("an empty list item points at its dash", () => {
    expect(diagnoseOne(`${HEAD}  A:\n    type: string\n    description: a\n    enum:\n      - x\n      -\n      - y\n`)).toEqual([
      "defs/x.yaml:8:7: warning W110: enum value null is not of type string: no value matches it",
    ]);
  });

  test("CRLF line endings and tabs in values do not shift positions", () => {
    expect(diagnoseOne("description: Test\r\ntypes:\r\n  A:\r\n    type: strin\r\n    description: a\tb\r\n")).toEqual([
      'defs/x.yaml:4:11: error E020: invalid type "strin" (did you mean "string"?): expected one of string, number, integer, boolean, object, array, null',
    ]);
  });

  test("flow mappings report the key inside the braces", () => {
    expect(diagnoseOne(`${HEAD}  A: {type: string, description: a, minLenght: 1}\n`)).toEqual([
      'defs/x.yaml:3:37: warning W109: unknown keyword "minLenght" is ignored (did you mean "minLength"?)',
    ]);
  });
});
