/**
 * stdRegexProblem: the constructs C++ std::regex (libstdc++, ECMAScript grammar)
 * refuses or reads differently, the look-alikes it must leave alone, the index and
 * order of what it reports, and EVerest's own `pattern`s, read from its YAML files.
 * The C++ outcomes quoted below were observed by compiling each pattern with g++ 12.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { stdRegexMatchDifference, stdRegexProblem, type StdRegexProblem } from "../generator/check/std-regex";

/** The function's precondition: every pattern handed to it compiles as a JS `u` RegExp. */
function check(pattern: string): StdRegexProblem | undefined {
  expect(() => new RegExp(pattern, "u")).not.toThrow();
  return stdRegexProblem(pattern);
}

describe("constructs std::regex refuses are reported where they start", () => {
  test.each<[string, number, string, RegExp]>([
    // After "(?" libstdc++ knows only ":", "=" and "!" (throws error_paren).
    ["(?<=a)b", 0, "(?<=", /^lookbehind is not part of std::regex's ECMAScript grammar/],
    ["a(?<!b)c", 1, "(?<!", /^lookbehind is not part of std::regex's ECMAScript grammar/],
    ["x(?<year>\\d{4})", 1, "(?<year>", /named groups/],
    ["\\k<n>(?<n>a)", 0, "\\k<n>", /named backreferences/],
    // Outside a class "\p" is the letter p and "{L}" a bad repetition (throws).
    ["\\p{L}", 0, "\\p{L}", /Unicode property escapes.*bad repetition/],
    ["a\\P{Lu}", 1, "\\P{Lu}", /Unicode property escapes/],
    ["\\p{Script=Greek}+", 0, "\\p{Script=Greek}", /Unicode property escapes/],
    // Inside a class std::regex compiles it as the characters p { L } (no error, other matches).
    ["[\\p{L}]", 1, "\\p{L}", /inside a class/],
    ["[a-z\\P{N}_]", 4, "\\P{N}", /inside a class/],
    // "\u" wants exactly four hex digits (throws error_escape), in and out of a class.
    ["\\u{1F600}", 0, "\\u{1F600}", /code point escapes/],
    ["[\\u{41}]", 1, "\\u{41}", /code point escapes/],
    // libstdc++ reads \cJ as the letter J: compiles, matches "J" where JS matches a line feed.
    ["\\cJ", 0, "\\cJ", /letter J itself/],
    ["[\\cJ]", 1, "\\cJ", /letter J itself/],
    // Backreferences JS allows (they match empty) and libstdc++ throws error_backref on.
    ["\\1(a)", 0, "\\1", /not seen yet/],
    ["(a)\\2(b)", 3, "\\2", /not seen yet/],
    ["(?:a)\\1(b)", 5, "\\1", /not seen yet/],
    ["(a\\1)", 2, "\\1", /inside that same group/],
    ["(a(b\\1))", 4, "\\1", /inside that same group/],
    // In a class std::regex starts a POSIX term at "[:", "[." or "[=".
    ["[[.]", 1, "[.", /collating element/],
    ["[[:a]", 1, "[:", /POSIX character class/],
    ["x[[=]", 2, "[=", /equivalence class/],
    ["[[:alpha:]x[y]", 1, "[:alpha:]", /POSIX character class/],
    // Ranges are built from single bytes: these throw error_range or span other characters.
    ["[\\x00-\\xFF]", 1, "\\x00-\\xFF", /single bytes/],
    ["[\\u0041-\\u0100]", 1, "\\u0041-\\u0100", /single bytes/],
    ["[a-é]", 1, "a-é", /single bytes/],
    ["[À-ÿ]", 1, "À-ÿ", /single bytes/],
    ["[0-9a-😀]", 4, "a-😀", /single bytes/],
    // Every repetition is a copy, and more than 100000 NFA states throw error_space.
    ["a{100000}", 1, "{100000}", /more than 100000 NFA states/],
    ["^a{0,50000}$", 2, "{0,50000}", /more than 100000 NFA states/],
    ["(?:ab){25000}", 6, "{25000}", /more than 100000 NFA states/],
    ["x{33332}y{33332}z{33332}", 17, "{33332}", /more than 100000 NFA states/],
    ["(?:(?:a){8332}){3}", 15, "{3}", /more than 100000 NFA states/],
    // A count from 2^31 on compiles, but wraps: "a{4294967296}" matches the empty string.
    ["a{4294967296}", 1, "{4294967296}", /wraps around/],
  ])("%s", (pattern, index, construct, reason) => {
    const found = check(pattern);
    expect(found).toMatchObject({ index, construct });
    expect(found?.reason).toMatch(reason);
  });

  test("inline modifier groups (ES2025, not yet accepted by Node 20) are refused", () => {
    expect(stdRegexProblem("a(?i:b)")).toMatchObject({ index: 1, construct: "(?i:", reason: expect.stringMatching(/modifier groups/) });
    expect(stdRegexProblem("(?-i:b)")).toMatchObject({ index: 0, construct: "(?-i:" });
  });

  test("the state limit sits exactly where g++ 12 puts it", () => {
    expect(check("a{99993}")).toBeUndefined();
    expect(check("a{99994}")).toMatchObject({ index: 1, construct: "{99994}" });
    expect(check("(a|b|c){8331}")).toBeUndefined();
    expect(check("(a|b|c){8332}")).toMatchObject({ construct: "{8332}" });
  });
});

describe("look-alikes std::regex reads as JS does are not reported", () => {
  test.each([
    // An escaped backslash followed by a letter is not an escape of that letter.
    "\\\\p{2}",
    "\\\\k<n>",
    "\\\\u{2}",
    "\\\\cJ",
    "a\\\\(?:b)",
    // The same characters inside a class are plain characters.
    "[(?<=]",
    "[(?<n>)]",
    "[(?<!x)]",
    "[\\[:alpha:\\]]",
    "[[]",
    "\\[(?:a)\\]",
    // Groups and assertions libstdc++ knows.
    "(?:a)",
    "(?=a)b",
    "(?!a)b",
    "^(?!null).*$",
    "\\bword\\B",
    // Escapes libstdc++ handles like JS.
    "\\d\\w\\s\\D\\W\\S",
    "[\\d\\w\\s\\D\\W\\S]",
    "[\\b]",
    "\\0",
    "\\x41\\u0041",
    "\\f\\n\\r\\t\\v",
    "\\/\\.\\*",
    "[\\-\\]]",
    // Lazy quantifiers and counted repetition.
    "a*?b+?c??d{2,3}?e{2,}?",
    // Backreferences to a group that has closed.
    "(a)\\1",
    "(a)(b\\1)",
    "(?=(a))\\1",
    "(a)|\\1",
    "(a(b))\\2",
    // Empty pieces and ranges libstdc++ accepts.
    "[]",
    "[^]",
    "a|",
    "()",
    "[a-z-0]",
    "[\\w-]",
    "[--0]",
    "[\\x00-\\x7F]",
    "[ -~]",
    "^[A-F0-9]{2}(:[A-F0-9]{2}){5}$",
  ])("%s", (pattern) => {
    expect(check(pattern)).toBeUndefined();
  });

  test("[[:alpha:]] is std::regex's POSIX class (JS's `u` flag rejects the pattern, so it never gets here)", () => {
    expect(() => new RegExp("[[:alpha:]]", "u")).toThrow();
    expect(stdRegexProblem("[[:alpha:]]")).toBeUndefined();
    expect(stdRegexProblem("[[:digit:]]")).toBeUndefined();
    expect(stdRegexProblem("[[:nonsense:]]")).toMatchObject({ index: 1, construct: "[:nonsense:]" });
  });
});

describe("the first problem wins", () => {
  test.each<[string, number, string]>([
    ["a\\p{L}(?<=b)", 1, "\\p{L}"],
    ["(?<=a)\\p{L}", 0, "(?<="],
    ["[\\p{L}](?<n>x)", 1, "\\p{L}"],
    ["ab[cd](?<name>e)\\u{41}", 6, "(?<name>"],
    ["\\cA(?<=x)", 0, "\\cA"],
    ["x{1,100000}(?<=y)", 1, "{1,100000}"],
    // A range whose end is a code point escape: the range starts first.
    ["[a-\\u{1F600}]", 1, "a-\\u{1F600}"],
  ])("%s", (pattern, index, construct) => {
    expect(check(pattern)).toMatchObject({ index, construct });
  });

  test("the index counts UTF-16 code units, as String.prototype.slice does", () => {
    const pattern = "😀é(?<=x)";
    const found = check(pattern);
    expect(found?.index).toBe(3);
    expect(pattern.slice(found?.index)).toMatch(/^\(\?<=/);
  });
});

describe("what std::regex compiles but matches otherwise on some strings (stdRegexMatchDifference)", () => {
  // Each pair: JS's verdict against std::regex's, observed with pboettch's validator built with g++ 12
  // (EVerest's runtime: std::regex over the value's UTF-8 bytes).
  test.each<[string, number, string, string]>([
    ["^(a)?\\1$", 5, "\\1", ""], // JS matches "" (the group took no part: \1 is empty); std::regex does not
    ["^(?:(a)|b)\\1$", 10, "\\1", "b"],
    ["^\\s$", 1, "\\s", "\u00a0"], // JS's \s holds U+00A0; std::regex's (C locale) does not
    ["^\\S$", 1, "\\S", "\u00e9"],
    ["^\\D$", 1, "\\D", "\u00e9"], // one character here, two bytes there
    ["^\\W$", 1, "\\W", "\u00e9"],
    ["^[^a]$", 1, "[^", "\u00e9"],
    ["^[\\S]$", 2, "\\S", "\u00e9"],
    ["^.$", 1, ".", "\u00e9"],
    ["^\\u00e9$", 1, "\\u00e9", "\u00e9"],
    ["^\u00e9{2}$", 1, "\u00e9", "\u00e9\u00e9"],
    ["^[\u00e9x]$", 2, "\u00e9", "\u00e9"],
    ["^\\xe9$", 1, "\\xe9", "\u00e9"],
  ])("%j: at %d, %j", (pattern, index, construct, jsMatches) => {
    expect(check(pattern)).toBeUndefined();
    expect(new RegExp(pattern, "u").test(jsMatches)).toBe(true);
    expect(stdRegexMatchDifference(pattern)).toMatchObject({ index, construct });
  });

  test.each([
    "^[A-Za-z0-9_.]+$",
    "^[A-F0-9]{2}(:[A-F0-9]{2}){5}$",
    "^\\d{3}\\w+\\b$",
    "a{2,3}(?:b|c)(?=d)(?!e)",
    "\\.\\[\\]\\(\\)",
    "[.]",
    "^\\x41\\u0042$",
    "[a-z\\d_-]",
  ])("ASCII literals, positive ASCII classes, \\d and \\w agree: %j", (pattern) => {
    expect(check(pattern)).toBeUndefined();
    expect(stdRegexMatchDifference(pattern)).toBeUndefined();
  });
});

describe("EVerest's own patterns", () => {
  const everestDir = process.env.EVEREST_DIR ?? path.resolve(__dirname, "../../shared/everest/aa8113f");
  const present = fs.existsSync(everestDir);
  if (!present) console.log(`std-regex: no EVerest checkout at ${everestDir}; skipping its patterns`);

  (present ? test : test.skip)("every `pattern` in types/, interfaces/, modules/ and docs/ compiles with std::regex", () => {
    const patterns: { file: string; pattern: string }[] = [];
    const unreadable: string[] = [];
    for (const dir of ["types", "interfaces", "modules", "docs"]) {
      for (const file of yamlFiles(path.join(everestDir, dir))) {
        const text = fs.readFileSync(file, "utf8");
        let doc: unknown;
        try {
          doc = load(text);
        } catch {
          // A few documentation files are not valid YAML; they must hold no pattern.
          if (/^\s*-?\s*pattern\s*:/m.test(text)) unreadable.push(path.relative(everestDir, file));
          continue;
        }
        for (const pattern of patternValues(doc)) patterns.push({ file: path.relative(everestDir, file), pattern });
      }
    }
    expect(unreadable).toEqual([]);
    expect(patterns.length).toBeGreaterThan(0);
    const problems = patterns.flatMap(({ file, pattern }) => {
      const found = check(pattern);
      return found ? [`${file}: ${pattern}: ${found.construct} at ${found.index}: ${found.reason}`] : [];
    });
    expect(problems).toEqual([]);
    // And none matches any string otherwise (no W117 on EVerest's tree).
    expect(patterns.filter(({ pattern }) => stdRegexMatchDifference(pattern) !== undefined)).toEqual([]);
  });
});

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every string held under a key named `pattern`, at any depth. */
function patternValues(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(patternValues);
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "pattern" && typeof value === "string" ? [value] : patternValues(value)));
}
