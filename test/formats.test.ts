/**
 * The formats EVerest's runtime checks, judged by the generated validators as it
 * judges them (generator/keywords.ts CHECKED_FORMATS, runtime.js `formats`), a
 * format it does not know refused for every string as it refuses it (W119), and
 * the ones it checks by rules the validators do not reproduce left unchecked (W105).
 *
 * Each verdict below was observed with EVerest's validator: pboettch's
 * json-schema-validator built with g++ 12, with EVerest's format checker
 * (lib/everest/framework/lib/config.cpp), the value judged against
 * `{"$ref": "/t#/<Type>"}` as EVerest's runtime does. The same build judged
 * 48,000 random values and these edge cases exactly as the validators do.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Generated, generateInto } from "./instances/harness";
import { scratchDir } from "./helpers/property";
import { run } from "./helpers/check-run";

const OBSERVED: readonly [format: string, valid: readonly string[], invalid: readonly string[]][] = [
  ["date", ["2024-02-29","2024-04-30","2024-12-31"], ["2023-02-29","2024-04-31","2024-13-01","2024-00-10","2024-1-01","2024-01-01T00:00:00Z",""]],
  ["time", ["10:00:00Z","23:59:60Z","00:59:60+01:00","12:00:00.5z"], ["22:59:60Z","24:00:00Z","12:60:00Z","12:00:00","12:00:00+24:00","12:00:00+0100"]],
  ["uri", ["https://example.com","a://","://"], ["mailto:a@b.c","not a uri at all",""]],
  ["uri-reference", ["/a#/B","/a/b-c_d#/E"], ["a#/B","/a#B","/a#/","//a#/B","/a#/B/C","/a.b#/C"]],
  ["ipv4", ["0.0.0.0","192.168.0.1","255.255.255.255"], ["256.0.0.1","01.2.3.4","1.2.3","1.2.3.4.5"," 1.2.3.4"]],
  ["ipv6", ["::","::1","2001:db8::1","1:2:3:4:5:6:7:8","::ffff:192.168.0.1"], ["1::2::3","1:2:3:4:5:6:7:8:9","12345::","fe80::1%eth0","[::1]"]],
  ["uuid", ["123e4567-e89b-12d3-a456-426614174000","123E4567-E89B-12D3-A456-426614174000"], ["123e4567e89b12d3a456426614174000","123e4567-e89b-12d3-a456-42661417400","{123e4567-e89b-12d3-a456-426614174000}"]],
  ["hostname", ["localhost","charger.example.com","a-b.c","xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"], ["-a.b","a-.b","a..b","a.","a_b","xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","é.com"]],
  ["email", ["name@example.com","a.b+c@d-e.f","\"a b\\\"c\"@x","\"\"@x","x!#$%&'*+-/=?^_`{|}~@y","a@b","a@1.2.3.4","a@[192.168.0.1]","a@[IPv6:2001:db8::1]","a@[IPv6:::ffff:1.2.3.4]","a@[tag:x]"], ["a..b@c",".a@b","a.@b","a@b-","a@-b","a@b.","@b","a@","","a@b@c","a b@c","a@[01.2.3.4]","a@[256.0.0.1]","a@[tag:xy]","a@[ipv6:::1]","\"a\\\"@b","a@b\n","josé@example.com","a@exämple.com"]],
  ["idn-email", ["josé@example.com","a@exämple.com","\"é\"@x","用户@例子.广告","😀@😀","\u0080@b","name@example.com","a@[tag:x]"], ["é..b@c","a@é-","é@[IPv6:é]","a@[tag:xy]","a b@c",""]],
];

const typeName = (format: string): string => `F_${format.replace(/-/g, "_")}`;

let scratch: ReturnType<typeof scratchDir>;
let gen: Generated;
beforeAll(async () => {
  scratch = scratchDir("etg-formats-");
  const formats = [...OBSERVED.map(([f]) => f), "regex", "iri", "x-unknown"];
  const types = formats.map((f) => `  ${typeName(f)}:\n    description: a string in format ${f}\n    type: string\n    format: ${f}\n`).join("");
  // Text of the code that binds a checker, as a pattern: it must stay the pattern's text (the build maps only real bindings).
  const hostile = `  Hostile:\n    description: "const formats0 = $runtime.formats.date;"\n    type: string\n    pattern: "$runtime.formats.date|^ok$"\n`;
  fs.writeFileSync(path.join(scratch.dir, "t.yaml"), `description: formats\ntypes:\n${types}${hostile}`);
  gen = await generateInto(scratch.dir);
});
afterAll(() => {
  gen?.remove();
  scratch.remove();
});

describe.each(OBSERVED)("%s", (format, valid, invalid) => {
  test("validate, isX and assertX give EVerest's verdicts", () => {
    const pkg = gen.load();
    const mod = gen.module("t") as unknown as Record<string, (v: unknown) => unknown>;
    const ref = `t/${typeName(format)}`;
    const is = mod[`is${typeName(format)}`]!;
    const assert = mod[`assert${typeName(format)}`]!;
    for (const v of valid) {
      expect([v, pkg.validate(ref, v).valid, is(v)]).toEqual([v, true, true]);
      expect(() => assert(v)).not.toThrow();
    }
    for (const v of invalid) {
      expect([v, pkg.validate(ref, v).errors.map((e) => `${e.path} ${e.keyword}`), is(v)]).toEqual([v, [" format"], false]);
      expect(() => assert(v)).toThrow(pkg.ValidationError);
    }
    // A format judges strings only: a value of another type fails on its type alone.
    expect(pkg.validate(ref, 5).errors.map((e) => e.keyword)).toEqual(["type"]);
  });
});

test("text from the definitions that looks like a checker binding stays text", () => {
  const pkg = gen.load();
  expect(["ok", "$runtime.isDate", "$runtime.formats.date"].map((v) => pkg.validate("t/Hostile", v).valid)).toEqual([true, false, false]);
  expect(gen.files.get("internal/validators/t.js")).toContain('"$runtime.formats.date|^ok$"');
});

test("a failed format reads in plain words", () => {
  const pkg = gen.load();
  expect(pkg.validate("t/F_ipv4", "1.2.3").errors.map((e) => e.message)).toEqual(["must be an IPv4 address such as 192.168.0.1"]);
  expect(pkg.validate("t/F_uri", "example.com").errors.map((e) => e.message)).toEqual(['must be a URI with "://", such as https://example.com']);
  expect(pkg.validate("t/F_iri", "https://example.com").errors.map((e) => e.message)).toEqual(["cannot pass: EVerest's runtime knows no format iri and refuses every string"]);
  expect(pkg.validate("t/F_email", "josé@example.com").errors.map((e) => e.message)).toEqual(["must be an e-mail address in ASCII such as name@example.com"]);
});

test("the e-mail checkers take linear time on long near misses (no backtracking blow-up)", () => {
  const pkg = gen.load();
  const n = 100_000;
  const nearMisses = [
    "a".repeat(n) + "!",
    "a.".repeat(n / 2) + "@",
    "a@" + "a-".repeat(n / 2) + "!",
    "a@" + "a.".repeat(n / 2) + "-",
    '"' + "\\a".repeat(n / 2),
    "a@[IPv6:" + "1:".repeat(n / 2) + "]",
    "a@[" + "a-".repeat(n / 2) + ":",
    "é".repeat(n) + "@" + "é-".repeat(n / 2) + "!",
  ];
  for (const ref of ["t/F_email", "t/F_idn_email"]) {
    for (const v of nearMisses) {
      const start = process.hrtime.bigint();
      expect(pkg.validate(ref, v).valid).toBe(false);
      // About 20 ms at most on the project's machine; quadratic matching would take minutes.
      expect([ref, v.slice(0, 12), Number(process.hrtime.bigint() - start) / 1e6 < 2000]).toEqual([ref, v.slice(0, 12), true]);
    }
  }
});

test("an e-mail address with a lone surrogate is refused: it has no UTF-8 form, and EVerest's JSON parser refuses it", () => {
  const pkg = gen.load();
  for (const v of ["\ud800@b", "a@b\udc00", "\"\udfff\"@b"]) expect([v, pkg.validate("t/F_idn_email", v).valid]).toEqual([v, false]);
  expect(pkg.validate("t/F_idn_email", "\ud83d\ude00@b").valid).toBe(true);
});

test("a format EVerest does not know refuses every string (W119); one it checks by other rules refuses none (W105)", () => {
  const pkg = gen.load();
  for (const v of ["", "x", "https://example.com", "a@b.c"]) {
    expect([v, pkg.validate("t/F_iri", v).valid, pkg.validate("t/F_x_unknown", v).valid]).toEqual([v, false, false]);
    expect([v, pkg.validate("t/F_regex", v).valid]).toEqual([v, true]);
  }
  const { diagnostics } = run({
    "defs/x.yaml": "description: formats\ntypes:\n  A:\n    description: a\n    type: string\n    format: regex\n  B:\n    description: b\n    type: string\n    format: int32\n  C:\n    description: c\n    type: string\n    format: ipv6\n",
  });
  expect(diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([
    "6:13 W105 format \"regex\" is checked by EVerest's runtime but not by the validators: they accept any string",
    expect.stringMatching(/^10:13 W119 format "int32" is not one EVerest's runtime checks \(date-time, date, time, uri, uri-reference, ipv4, ipv6, uuid, hostname, email, idn-email, regex\): it refuses every string in it, and so do the validators$/),
  ]);
});
