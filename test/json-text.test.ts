/**
 * generator/json-text.ts: JSON text judged as nlohmann::json 3.11 judges it,
 * with the value JSON.parse would give and the pointers of the numbers
 * nlohmann holds as floats.
 */
import * as fc from "fast-check";
import { ROOT_PLACE, parseJsonText, type ValuePlace } from "../generator/json-text";
import { fullSize, propertyParams } from "./helpers/property";

/** Bytes from pieces: strings as UTF-8 (no lone surrogates in test strings), number arrays as raw bytes. */
function bytes(...parts: (string | readonly number[])[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
}

function asBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === "string" ? bytes(input) : input;
}

/** The JSON Pointer a place stands for. */
function pointerOf(place: ValuePlace): string {
  let pointer = "";
  for (let at: ValuePlace = place; at !== ROOT_PLACE; at = at.parent!) pointer = `/${String(at.at).replace(/~/g, "~0").replace(/\//g, "~1")}${pointer}`;
  return pointer;
}

/** A successful parse's value and float pointers, after checking that the floats' places name the same numbers. */
function ok(input: string | Uint8Array): { value: unknown; notIntegers: readonly string[] } {
  const r = parseJsonText(asBytes(input));
  if (!r.ok) throw new Error(`expected success, got ${r.line}:${r.col}: ${r.message}`);
  expect(r.floats.map(pointerOf)).toEqual(r.notIntegers);
  return { value: r.value, notIntegers: r.notIntegers };
}

function err(input: string | Uint8Array): { line: number; col: number; message: string } {
  const r = parseJsonText(asBytes(input));
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return { line: r.line, col: r.col, message: r.message };
}

/** A test name for a JSON text: quoted, so control characters show, and cut short. */
function label(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.length > 60 ? `${quoted.slice(0, 57)}...` : quoted;
}

/** Same value as JSON.parse, same prototypes, same key order (JSON.stringify keeps it; -0 is checked by toStrictEqual). */
function expectLikeJsonParse(text: string): void {
  const { value } = ok(text);
  const expected: unknown = JSON.parse(text);
  expect(value).toStrictEqual(expected);
  expect(JSON.stringify(value)).toBe(JSON.stringify(expected));
}

/** Number pointers in document order, from a value and the text JSON.stringify made of it. */
function floatPointersOf(value: unknown, pointer = ""): string[] {
  if (typeof value === "number") {
    const literal = JSON.stringify(value);
    if (/[.eE]/.test(literal)) return [pointer];
    const n = BigInt(literal);
    return n < -(2n ** 63n) || n > 2n ** 64n - 1n ? [pointer] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => floatPointersOf(v, `${pointer}/${i}`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => floatPointersOf(v, `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`));
  }
  return [];
}

describe("valid documents: the value is JSON.parse's", () => {
  const corpus = [
    "0",
    "-0",
    "1.5",
    "-12.5e-3",
    '"top"',
    "true",
    "false",
    "null",
    "[]",
    "{}",
    " [ ] ",
    "\t{\r\n}\n",
    '[1, "two", 3.0, true, false, null, [], {}, [[]], {"a": {}}]',
    '{"b": 1, "2": 2, "a": 3, "1": 4, "-1": 5, "01": 6}',
    '{"a": 1, "b": 2, "a": 3}',
    '{"a": {"x": 1}, "a": [1, 2]}',
    '{"": "", " ": " "}',
    '{"constructor": 1, "toString": "x", "hasOwnProperty": null, "valueOf": [], "__defineGetter__": {}}',
    String.raw`{"esc": "\" \\ \/ \b \f \n \r \t \u0000 \u001f \u00e9 \u20AC \ud834\udd1e \uFFFF"}`,
    String.raw`{"k\u0065y": 1, "\n": 2}`,
    '["é", "€", "𝄞", "\u{10FFFF}", "\uFEFF", "\u2028\u2029", "\u007f"]',
    "[9223372036854775807, -9223372036854775808, 18446744073709551615, 18446744073709551616, 1e308, 4.9e-324, 1e-400]",
    '{"deep": [[[[[[{"x": [1, {"y": [2.5]}]}]]]]]]}',
    " \t\r\n 1 \t\r\n ",
    `{"long": "${"x".repeat(100_000)}", "escapes": "${"\\n".repeat(10_000)}"}`,
  ];
  test.each(corpus.map((text) => [label(text), text]))("%s", (_label, text) => expectLikeJsonParse(text));

  test('"__proto__" becomes an own data property, not the prototype', () => {
    const { value } = ok('{"__proto__": {"polluted": 1}, "a": 1}');
    const v = value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(["__proto__", "a"]);
    expect(Object.getOwnPropertyDescriptor(v, "__proto__")).toEqual({ value: { polluted: 1 }, writable: true, enumerable: true, configurable: true });
    expect(v["polluted"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  test("duplicate keys: the last value wins, at the first key's place", () => {
    const { value } = ok('{"a": 1, "b": 2, "a": 3}');
    expect(Object.entries(value as object)).toEqual([
      ["a", 3],
      ["b", 2],
    ]);
  });

  test("random documents agree with JSON.parse, and the floats are found", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "grapheme" }), fc.constantFrom(undefined, 2, "\t"), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        const r = ok(text);
        const expected: unknown = JSON.parse(text);
        expect(r.value).toStrictEqual(expected);
        expect(JSON.stringify(r.value)).toBe(JSON.stringify(expected));
        expect(r.notIntegers).toEqual(floatPointersOf(expected));
      }),
      propertyParams(300, { label: "json-text documents" }),
    );
  });
});

describe("notIntegers: the numbers nlohmann holds as floats", () => {
  test.each([
    ["1.0", [""]],
    ["1e0", [""]],
    ["1E+2", [""]],
    ["2e-1", [""]],
    ["-0.0", [""]],
    ["0.5", [""]],
    ["-0", []],
    ["0", []],
    ["9007199254740993", []],
    ["9223372036854775807", []],
    ["-9223372036854775808", []],
    ["-9223372036854775809", [""]],
    ["18446744073709551615", []],
    ["18446744073709551616", [""]],
    ["10000000000000000000", []],
    ["99999999999999999999", [""]],
    ["-10000000000000000000", [""]],
    ["100000000000000000000", [""]],
    ["[1, 2.0, 3]", ["/1"]],
  ])("%s", (text, pointers) => {
    expect(ok(text).notIntegers).toEqual(pointers);
  });

  test("pointers escape ~ and / and follow nested arrays, in document order", () => {
    const text = String.raw`{
      "a": [1, 2.0, [3, [4.5, 5]]],
      "b/c": {"m~n": 1e3, "": 0.1, "i": 7},
      "~1": 1.25,
      "\u002f": [[0, 1E2]],
      "x": [[], {}, 7, -0, -0.0]
    }`;
    expect(ok(text).notIntegers).toEqual(["/a/1", "/a/2/1/0", "/b~1c/m~0n", "/b~1c/", "/~01", "/~1/0/1", "/x/4"]);
  });

  test("a replaced duplicate key takes its floats with it", () => {
    expect(ok('{"a": 1.5, "a": 2}').notIntegers).toEqual([]);
    expect(ok('{"a": 1, "a": 2.5}').notIntegers).toEqual(["/a"]);
    expect(ok('{"a": 1.5, "a": 2.5}').notIntegers).toEqual(["/a"]);
    expect(ok('{"a": [0.5], "b": 1.5, "a": {"c": 2.5}}').notIntegers).toEqual(["/b", "/a/c"]);
    expect(ok(String.raw`{"a": 1.5, "\u0061": 1}`).notIntegers).toEqual([]);
    expect(ok('{"o": {"x": 1.5, "x": 1, "y": [2.5]}, "o": {"z": 0.5}}').notIntegers).toEqual(["/o/z"]);
    expect(ok('[{"a": 0.5, "b": 1, "a": 1}, {"a": 0.5}]').notIntegers).toEqual(["/1/a"]);
  });

  test("random number literals: classified by value range, valued as Number()", () => {
    const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));
    const literal = fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant("0"), fc.tuple(fc.integer({ min: 1, max: 9 }), digits(0, 25)).map(([a, b]) => `${a}${b}`)),
        fc.option(digits(1, 5)),
        fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 3))),
      )
      .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac === null ? "" : `.${frac}`}${exp === null ? "" : exp.join("")}`);
    fc.assert(
      fc.property(literal, (lit) => {
        const r = parseJsonText(bytes(`[${lit}]`));
        const n = Number(lit);
        if (!Number.isFinite(n)) {
          expect(r).toMatchObject({ ok: false, line: 1, col: 2 });
          return;
        }
        const big = /[.eE]/.test(lit) ? undefined : BigInt(lit);
        const float = big === undefined || big < -(2n ** 63n) || big > 2n ** 64n - 1n;
        expect(r).toEqual({ ok: true, value: [n], notIntegers: float ? ["/0"] : [], floats: float ? [{ parent: ROOT_PLACE, at: 0 }] : [] });
        if (r.ok) expect(Object.is((r.value as number[])[0], n)).toBe(true);
      }),
      propertyParams(500, { label: "json-text numbers" }),
    );
  });
});

describe("number overflow and underflow", () => {
  test.each<[string, string, number, number]>([
    ["1e400", "1e400", 1, 1],
    ["-1e400", "-1e400", 1, 1],
    ["1.5E+309 in an array", "[0, 1.5E+309]", 1, 5],
    ["just above the largest double", "1.7976931348623159e308", 1, 1],
    // An integer literal too big for uint64 is read as a double, and this one overflows.
    ["1 and 400 zeros", `1${"0".repeat(400)}`, 1, 1],
    ["123e456 on line 2", '{\n  "x": 123e456\n}', 2, 8],
  ])("%s is rejected (nlohmann: number overflow)", (_name, text, line, col) => {
    const e = err(text);
    expect([e.line, e.col]).toEqual([line, col]);
    expect(e.message).toMatch(/number overflow/);
  });

  test("the largest double and underflow to zero are accepted", () => {
    expect(ok("1.7976931348623157e308").value).toBe(1.7976931348623157e308);
    expect(ok(`1${"0".repeat(308)}`).value).toBe(1e308);
    expect(ok("4.9406564584124654e-324").value).toBe(5e-324);
    expect(ok("1e-400")).toEqual({ value: 0, notIntegers: [""] });
    expect(Object.is(ok("-1e-400").value, -0)).toBe(true);
    expect(ok("[1e-10000]")).toEqual({ value: [0], notIntegers: ["/0"] });
  });
});

describe("byte order marks", () => {
  const BOM = [0xef, 0xbb, 0xbf];

  test("a UTF-8 BOM at the very start is skipped, and not counted in columns", () => {
    expect(ok(bytes(BOM, '{"a": 1.5}'))).toEqual({ value: { a: 1.5 }, notIntegers: ["/a"] });
    expect(ok(bytes(BOM, " \n 1")).value).toBe(1);
    expect(err(bytes(BOM, "[1,]"))).toMatchObject({ line: 1, col: 4 });
  });

  test("a BOM alone is no value", () => {
    expect(err(bytes(BOM))).toMatchObject({ line: 1, col: 1 });
    expect(err(bytes(BOM, "  "))).toMatchObject({ line: 1, col: 3 });
  });

  test.each([
    ["EF", bytes([0xef])],
    ["EF BB", bytes([0xef, 0xbb])],
    ["EF BB then a value", bytes([0xef, 0xbb], "1")],
    ["EF then a value", bytes([0xef], "[]")],
    ["EF BB BE", bytes([0xef, 0xbb, 0xbe], "1")],
    ["U+F000 as the first character", bytes([0xef, 0x80, 0x80])],
  ])("a truncated or wrong BOM is an error: %s", (_name, input) => {
    expect(err(input)).toMatchObject({ line: 1, col: 1, message: expect.stringMatching(/byte order mark/) });
  });

  test.each([
    ["a second BOM", bytes(BOM, BOM, "1"), 1],
    ["a BOM after whitespace", bytes(" ", BOM, "1"), 2],
    ["a BOM between tokens", bytes("[1,", BOM, "2]"), 4],
    ["a BOM after the value", bytes("1", BOM), 2],
  ])("%s is an error", (_name, input, col) => {
    expect(err(input)).toMatchObject({ line: 1, col, message: expect.stringMatching(/byte order mark/) });
  });

  test("inside a string EF BB BF is just the character U+FEFF", () => {
    expect(ok(bytes('"', BOM, '"')).value).toBe("\uFEFF");
  });

  test.each([
    ["UTF-16 LE", bytes([0xff, 0xfe], [0x31, 0x00])],
    ["UTF-16 BE", bytes([0xfe, 0xff], [0x00, 0x31])],
    ["UTF-32 LE", bytes([0xff, 0xfe, 0x00, 0x00], [0x31, 0, 0, 0])],
    ["UTF-32 BE", bytes([0x00, 0x00, 0xfe, 0xff], [0, 0, 0, 0x31])],
  ])("a %s BOM is an error", (_name, input) => {
    expect(err(input)).toMatchObject({ line: 1, col: 1, message: expect.stringMatching(/UTF-(16|32)/) });
  });
});

describe("UTF-8", () => {
  test.each([
    ["2-byte é", [0xc3, 0xa9], "é"],
    ["3-byte €", [0xe2, 0x82, 0xac], "€"],
    ["4-byte 𝄞", [0xf0, 0x9d, 0x84, 0x9e], "𝄞"],
    ["U+0080", [0xc2, 0x80], "\u0080"],
    ["U+07FF", [0xdf, 0xbf], "\u07ff"],
    ["U+0800", [0xe0, 0xa0, 0x80], "\u0800"],
    ["U+D7FF", [0xed, 0x9f, 0xbf], "\ud7ff"],
    ["U+E000", [0xee, 0x80, 0x80], "\ue000"],
    ["U+FFFF", [0xef, 0xbf, 0xbf], "\uffff"],
    ["U+10000", [0xf0, 0x90, 0x80, 0x80], "\u{10000}"],
    ["U+10FFFF", [0xf4, 0x8f, 0xbf, 0xbf], "\u{10ffff}"],
  ])("well-formed %s in a string", (_name, seq, expected) => {
    expect(ok(bytes('"', seq, '"')).value).toBe(expected);
  });

  test.each([
    ["overlong '/' C0 AF", [0xc0, 0xaf]],
    ["overlong C1 BF", [0xc1, 0xbf]],
    ["overlong E0 80 AF", [0xe0, 0x80, 0xaf]],
    ["overlong E0 9F BF", [0xe0, 0x9f, 0xbf]],
    ["overlong F0 80 80 AF", [0xf0, 0x80, 0x80, 0xaf]],
    ["overlong F0 8F BF BF", [0xf0, 0x8f, 0xbf, 0xbf]],
    ["surrogate U+D800 as ED A0 80", [0xed, 0xa0, 0x80]],
    ["surrogate U+DFFF as ED BF BF", [0xed, 0xbf, 0xbf]],
    ["surrogate pair in CESU-8", [0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9]],
    ["U+110000 as F4 90 80 80", [0xf4, 0x90, 0x80, 0x80]],
    ["F5 80 80 80", [0xf5, 0x80, 0x80, 0x80]],
    ["F8 88 80 80 80", [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ["FE", [0xfe]],
    ["FF", [0xff]],
    ["stray continuation 80", [0x80]],
    ["stray continuation BF", [0xbf]],
    ["truncated 2-byte C3", [0xc3]],
    ["truncated 3-byte E2 82", [0xe2, 0x82]],
    ["truncated 4-byte F0 9D 84", [0xf0, 0x9d, 0x84]],
    ["lead byte then ASCII C3 41", [0xc3, 0x41]],
    ["Latin-1 é", [0xe9]],
  ])("ill-formed %s in a string is an error at its first byte", (_name, seq) => {
    expect(err(bytes('["x', seq, 'y"]'))).toMatchObject({ line: 1, col: 4, message: expect.stringMatching(/UTF-8/) });
  });

  test("a sequence cut off by the end of the input", () => {
    expect(err(bytes('"ab', [0xe2, 0x82]))).toMatchObject({ line: 1, col: 4, message: expect.stringMatching(/UTF-8/) });
  });

  test("ill-formed bytes outside strings, and after the value", () => {
    expect(err(bytes("[1,", [0xff], "]"))).toMatchObject({ line: 1, col: 4, message: expect.stringMatching(/UTF-8/) });
    expect(err(bytes("1 ", [0xc0, 0x80]))).toMatchObject({ line: 1, col: 3, message: expect.stringMatching(/UTF-8/) });
  });

  test("well-formed non-ASCII outside strings is an error too", () => {
    expect(err("[1, é]")).toMatchObject({ line: 1, col: 5 });
    expect(err("\u00a01")).toMatchObject({ line: 1, col: 1 }); // no-break space is no JSON whitespace
  });

  test("an earlier grammar error is reported before a later UTF-8 error", () => {
    expect(err(bytes("[1,,", [0xff]))).toMatchObject({ line: 1, col: 4, message: expect.not.stringMatching(/UTF-8/) });
  });

  test("columns count characters, not bytes or UTF-16 units", () => {
    expect(err('["é€𝄞", x]')).toMatchObject({ line: 1, col: 9 });
    expect(err(bytes('{"𝄞𝄞": "é",\n "€": ', [0xff]))).toMatchObject({ line: 2, col: 7 });
  });
});

describe("\\u escapes and surrogates", () => {
  test("a high surrogate escape followed by a low one is one character", () => {
    expect(ok(String.raw`"\uD834\uDD1E"`).value).toBe("𝄞");
    expect(ok(String.raw`"\ud834\udd1e"`).value).toBe("𝄞");
    expect(ok(String.raw`{"\uDBFF\uDFFF": "\uD800\uDC00"}`).value).toEqual({ "\u{10ffff}": "\u{10000}" });
  });

  test.each([
    ["lone high", String.raw`"\uD800"`, 2],
    ["high then text", String.raw`"a\uD800x"`, 3],
    ["high then another escape", String.raw`"\uD800\n"`, 2],
    ["high then a non-surrogate escape", String.raw`"\uD800\u0041"`, 2],
    ["high then high", String.raw`"\uD800\uD800"`, 2],
    ["high then a raw character", `"\\uD834𝄞"`, 2],
    ["lone low", String.raw`"\uDC00"`, 2],
    ["lone low U+DFFF", String.raw`"ab\uDFFF"`, 4],
    ["inverted pair", String.raw`"\uDD1E\uD834"`, 2],
    ["lone low in a key", String.raw`{"\uDC00": 1}`, 3],
    ["lone high at the end of a key", String.raw`{"k\uDBFF": 1}`, 4],
  ])("%s is an error (JSON.parse would accept it)", (_name, text, col) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(err(text)).toMatchObject({ line: 1, col, message: expect.stringMatching(/surrogate/) });
  });

  test("a high surrogate followed by a bad \\u escape is a hex-digit error", () => {
    expect(err(String.raw`"\uD800\u12G4"`)).toMatchObject({ line: 1, col: 12, message: expect.stringMatching(/hex/) });
  });
});

describe("grammar errors, with line and column", () => {
  test.each<[string, string, number, number]>([
    ["empty input", "", 1, 1],
    ["only whitespace", "   ", 1, 4],
    ["only whitespace over lines", "\n\t\r ", 2, 4],
    ["leading zero", "01", 1, 2],
    ["negative leading zero", "-01", 1, 3],
    ["leading zero in an array", "[00]", 1, 3],
    ["plus sign", "+1", 1, 1],
    ["no integer part", ".5", 1, 1],
    ["no fraction digits", "1.", 1, 3],
    ["no fraction digits before exponent", "1.e3", 1, 3],
    ["no exponent digits", "1e", 1, 3],
    ["no exponent digits after sign", "1e+", 1, 4],
    ["exponent sign then letter", "[1E-x]", 1, 5],
    ["minus alone", "-", 1, 2],
    ["minus then letter", "-a", 1, 2],
    ["NaN", "NaN", 1, 1],
    ["Infinity", "Infinity", 1, 1],
    ["-Infinity", "-Infinity", 1, 2],
    ["hex number", "0x10", 1, 2],
    ["two values", "1 2", 1, 3],
    ["two strings", '"a" "b"', 1, 5],
    ["two objects", "{} {}", 1, 4],
    ["text after the value", "[1] x", 1, 5],
    ["extra closing bracket", "[[]]]", 1, 5],
    ["extra closing brace", '{"a":1}}', 1, 8],
    ["trailing comma in array", "[1,]", 1, 4],
    ["trailing comma in object", '{"a":1,}', 1, 8],
    ["leading comma", "[,1]", 1, 2],
    ["double comma", "[1,,2]", 1, 4],
    ["missing comma", "[1 2]", 1, 4],
    ["missing comma between members", '{"a":1 "b":2}', 1, 8],
    ["missing colon", '{"a" 1}', 1, 6],
    ["missing member value", '{"a":}', 1, 6],
    ["unquoted key", "{a:1}", 1, 2],
    ["number key", "{1:1}", 1, 2],
    ["single-quoted key", "{'a':1}", 1, 2],
    ["single-quoted string", "['a']", 1, 2],
    ["mismatched ] for {", '{"a":1]', 1, 7],
    ["mismatched } for [", "[1}", 1, 3],
    ["lone ]", "]", 1, 1],
    ["lone }", "}", 1, 1],
    ["lone :", ":", 1, 1],
    ["lone ,", ",", 1, 1],
    ["unclosed array", "[", 1, 2],
    ["unclosed object", "{", 1, 2],
    ["unclosed array after value", "[1", 1, 3],
    ["key without colon at end", '{"a"', 1, 5],
    ["key and colon at end", '{"a":', 1, 6],
    ["unterminated string", '"abc', 1, 5],
    ["line comment", "// c\n1", 1, 1],
    ["block comment", "/* c */ 1", 1, 1],
    ["comment after value", "1 // c", 1, 3],
    ["truncated true", "tru", 1, 4],
    ["true then letters", "truex", 1, 5],
    ["wrong case in true", "trUe", 1, 3],
    ["capital True", "True", 1, 1],
    ["truncated null", "[nul]", 1, 5],
    ["truncated false", "fals", 1, 5],
    ["undefined", "undefined", 1, 1],
    ["raw tab in a string", '"a\tb"', 1, 3],
    ["raw line feed in a string", '"a\nb"', 1, 3],
    ["raw U+0001 in a string", '"\u0001"', 1, 2],
    ["raw U+001F in a string", '["\u001f"]', 1, 3],
    ["escape \\x", String.raw`"\x41"`, 1, 2],
    ["escape \\'", String.raw`"\'"`, 1, 2],
    ["escape \\U", String.raw`"\U0041"`, 1, 2],
    ["escape \\0", String.raw`"\0"`, 1, 2],
    ["backslash at the end", '"\\', 1, 3],
    ["short \\u", String.raw`"\u12"`, 1, 6],
    ["non-hex \\u", String.raw`"\u12G4"`, 1, 6],
    ["form feed as whitespace", "\f1", 1, 1],
    ["vertical tab as whitespace", "\v1", 1, 1],
    ["trailing comma over lines", "[1,\n  2,\n  ]", 3, 3],
    ["trailing comma in a CRLF object", '{\r\n"a": 1,\r\n"b": 2,\r\n}', 4, 1],
    ["error on a later line after CRLF", "\r\n\r\n  x", 3, 3],
  ])("%s", (_name, text, line, col) => {
    expect(() => JSON.parse(text) as unknown).toThrow(); // the case is no JSON at all, not only to nlohmann
    const e = err(text);
    expect([e.line, e.col]).toEqual([line, col]);
    expect(e.message.length).toBeGreaterThan(0);
  });

  test("messages say what was expected and found", () => {
    expect(err("[1,]").message).toBe("expected a JSON value, found ']'");
    expect(err('{"a":1,}').message).toBe("expected a string as the object key, found '}'");
    expect(err("[1 2]").message).toBe("expected ',' or ']' after an array element, found '2'");
    expect(err("// c\n1").message).toMatch(/comments are not allowed/);
    expect(err("['a']").message).toMatch(/double quotes/);
    expect(err("").message).toMatch(/empty/);
    expect(err("[").message).toMatch(/end of input/);
  });
});

describe("NUL bytes: nlohmann reads a NUL between tokens as the end of the input", () => {
  test("whatever follows a NUL after the value is never read", () => {
    expect(ok("1\u0000junk")).toEqual({ value: 1, notIntegers: [] });
    expect(ok(bytes('{"a": 1.5} ', [0], "x", [0xff, 0xfe]))).toEqual({ value: { a: 1.5 }, notIntegers: ["/a"] });
    expect(ok("[1]\u0000\u0000").value).toEqual([1]);
  });

  test("a NUL before the value ends, or inside a string, is an error", () => {
    expect(err("\u0000")).toMatchObject({ line: 1, col: 1, message: expect.stringMatching(/NUL/) });
    expect(err("\u0000{}")).toMatchObject({ line: 1, col: 1 });
    expect(err("[1,\u0000]")).toMatchObject({ line: 1, col: 4, message: expect.stringMatching(/NUL/) });
    expect(err("-\u0000")).toMatchObject({ line: 1, col: 2 });
    expect(err("tr\u0000ue")).toMatchObject({ line: 1, col: 3 });
    expect(err('"a\u0000b"')).toMatchObject({ line: 1, col: 3, message: expect.stringMatching(/U\+0000/) });
    expect(err(bytes('"a', [0]))).toMatchObject({ line: 1, col: 3, message: expect.stringMatching(/U\+0000/) });
  });
});

describe("deep nesting: an explicit stack, no recursion", () => {
  // 100,000 levels under `npm test`, ten times the depth any recursion survives; 1,000,000 in the full-size run (PROPERTY_RUNS).
  const N = fullSize() ? 1_000_000 : 100_000;
  const n = N.toLocaleString("en-US");

  test(`${n} unclosed [ is an error at the end`, () => {
    expect(err("[".repeat(N))).toMatchObject({ line: 1, col: N + 1, message: expect.stringMatching(/end of input/) });
  });

  test(`${n} [ then a } is an error at the }`, () => {
    expect(err(`${"[".repeat(N)}}`)).toMatchObject({ line: 1, col: N + 1 });
    expect(err(`${'{"a":'.repeat(N)}]`)).toMatchObject({ line: 1, col: 5 * N + 1 });
  });

  test(`a ${n}-deep array parses`, () => {
    const r = ok("[".repeat(N) + "]".repeat(N));
    let depth = 1;
    let x = r.value as unknown[];
    while (x.length > 0) {
      x = x[0] as unknown[];
      depth++;
    }
    expect(depth).toBe(N);
    expect(r.notIntegers).toEqual([]);
  });

  test(`a float ${n} objects deep gets its whole pointer`, () => {
    const r = ok(`${'{"a/b":'.repeat(N)}0.5${"}".repeat(N)}`);
    expect(r.notIntegers).toHaveLength(1);
    const p = r.notIntegers[0]!;
    expect(p).toHaveLength(5 * N);
    expect(p.startsWith("/a~1b/a~1b/")).toBe(true);
    expect(p.replaceAll("/a~1b", "")).toBe("");
  });

  test(`floats ${n} arrays deep share their container's pointer`, () => {
    const r = ok(`${"[".repeat(N)}1.5, 2, 3.5${"]".repeat(N)}`);
    expect(r.notIntegers.map((p) => [p.length, p.slice(-4)])).toEqual([
      [2 * N, "/0/0"],
      [2 * N, "/0/2"],
    ]);
  });
});

describe("speed", () => {
  function typicalDocument(items: number): string {
    const list = [];
    for (let i = 0; i < items; i++) {
      list.push({
        id: i,
        name: `item ${i} with "quotes" and \\ é € 𝄞`,
        description: "A fairly ordinary description of the thing, long enough to matter.",
        enabled: i % 2 === 0,
        price: i * 1.25,
        tags: ["a", "bb", "ccc"],
        nested: { x: i, y: -i, z: [1, 2, 3, 4.5], note: null },
      });
    }
    return JSON.stringify({ version: 3, items: list }, null, 2);
  }

  function timed<T>(f: () => T): { result: T; ms: number } {
    const t = performance.now();
    const result = f();
    return { result, ms: performance.now() - t };
  }

  test("5 MB of typical content in well under 2 s", () => {
    const text = typicalDocument(12_000);
    const input = bytes(text);
    expect(input.length).toBeGreaterThan(5_000_000);
    ok(input); // warm up
    const { result, ms } = timed(() => parseJsonText(input));
    expect(result.ok && result.notIntegers).toEqual(floatPointersOf(JSON.parse(text)));
    expect(ms).toBeLessThan(2000);
  });

  test("work stays linear where a naive pointer or duplicate bookkeeping would be quadratic", () => {
    const depth = 200_000;
    const deepFloats = timed(() => parseJsonText(bytes(`${"[".repeat(depth)}${"0.5,".repeat(depth)}1${"]".repeat(depth)}`)));
    expect(deepFloats.result.ok && deepFloats.result.notIntegers.length).toBe(depth);
    expect(deepFloats.ms).toBeLessThan(2000);
    const members = 200_000;
    const duplicates = timed(() => parseJsonText(bytes(`{${'"a": 0.5, '.repeat(members)}"a": 1}`)));
    expect(duplicates.result.ok && duplicates.result.notIntegers).toEqual([]);
    expect(duplicates.ms).toBeLessThan(2000);
  });
});
