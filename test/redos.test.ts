/**
 * W115: patterns with exponential or polynomial backtracking (generator/check/redos.ts),
 * found at generate time with a short attack string. Nothing here runs an attack at
 * full length: the checks on real RegExps use a handful of repetitions.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic, loadModel, readDefs } from "../generator";
import { LIMITS, redosFinding, redosMessage, show, type RedosFinding } from "../generator/check/redos";
import { HEAD, ROOT, diagnoseOne, inputs } from "./helpers/check-run";

/** The finding, which must exist. */
function found(pattern: string): RedosFinding {
  const f = redosFinding(pattern);
  if (f === undefined) throw new Error(`no finding for ${pattern}`);
  return f;
}

/** Whether the pattern matches `s` starting at index 0, as the attack's first attempt does. */
function matchesAtStart(pattern: string, s: string): boolean {
  const re = new RegExp(pattern, "uy");
  return re.test(s);
}

describe("exponential backtracking", () => {
  test("^(a+)+$: the issue's pattern, with the attack string it names", () => {
    const f = found("^(a+)+$");
    expect(f).toEqual({
      kind: "exponential",
      reason: '"(a+)+" at index 1 can match a run of "a" in many ways',
      attack: '"a"×40 + "!"',
      parts: { prefix: "", pump: "a", suffix: "!" },
    });
    expect(redosMessage(f)).toBe(
      '`pattern` can take exponential time: "(a+)+" at index 1 can match a run of "a" in many ways; matching "a"×40 + "!" takes steps exponential in the number of repetitions; rewrite the pattern, or bound the string with `maxLength`',
    );
  });

  test.each([
    ["^x(a+)+$", '"x" + "a"×40 + "!"'],
    ["^([a-z]+)*$", '"a"×40 + "!"'],
    ["^(.*,)*x$", '","×40 + "!"'],
    // A run of spaces alone splits in only linearly many ways; " ," repeated splits exponentially.
    ["^(\\s*,\\s*)*$", '" ,"×40 + "!"'],
  ])("%s: attack %s", (pattern, attack) => {
    const f = found(pattern);
    expect([f.kind, f.attack]).toEqual(["exponential", attack]);
  });

  test.each([
    // Two alternatives match the same text: scslre does not see these, our own loop check does.
    ["^(\\w|\\d)+$", '"0"×40 + "!"', /alternatives "\\\\w" and "\\\\d" both match "0"/],
    ["^(a|a)*$", '"a"×40 + "!"', /alternatives "a" and "a"/],
    // A word of the loop body is also two words of it.
    ["^(\\d|\\d\\d)+$", '"00"×40 + "!"', /can read "00" in one turn or in several/],
    ["^(?:a|b|ab)*c$", '"ab"×40 + "!"', /can read "ab" in one turn or in several/],
    ["^([a-z0-9]{2,4})+$", '"aaaa"×40 + "!"', /in one turn or in several/],
    // Bounded loops of 20 or more count as loops.
    ["^(a{1,30}){1,30}$", '"aa"×40 + "!"', /in one turn or in several/],
  ])("%s: found by our own loop check, attack %s", (pattern, attack, reason) => {
    const f = found(pattern);
    expect([f.kind, f.attack]).toEqual(["exponential", attack]);
    expect(f.reason).toMatch(reason);
  });

  test("each attack string is well formed: repeated, it leads into the pattern; with the suffix, that attempt fails", () => {
    for (const pattern of ["^(a+)+$", "^x(a+)+$", "^(\\s*,\\s*)*$", "^(\\w|\\d)+$", "^(\\d|\\d\\d)+$", "^(a*)*b"]) {
      const { prefix, pump, suffix } = found(pattern).parts!;
      expect([pattern, matchesAtStart(pattern, prefix + pump.repeat(3) + suffix)]).toEqual([pattern, false]);
      if (pattern !== "^(a*)*b") expect([pattern, matchesAtStart(pattern, prefix + pump.repeat(3))]).toEqual([pattern, true]);
    }
  });

  test("the attack takes more steps as it grows (small sizes, timed only as a ratio)", () => {
    // 2^n: from 14 to 20 repetitions the work grows ~64 times; a generous 4 allows for timer noise.
    const { prefix, pump, suffix } = found("^(a+)+$").parts!;
    const re = /^(a+)+$/u;
    const time = (n: number): number => {
      const s = prefix + pump.repeat(n) + suffix;
      const t = process.hrtime.bigint();
      for (let i = 0; i < 3; i++) re.test(s);
      return Number(process.hrtime.bigint() - t);
    };
    time(14);
    expect(time(20) / time(14)).toBeGreaterThan(4);
  });
});

describe("polynomial backtracking", () => {
  test("^a*a*$: two quantifiers share a run", () => {
    expect(found("^a*a*$")).toEqual({
      kind: "polynomial",
      reason: '"a*" at index 1 and "a*" at index 3 can share a run of "a" in many ways',
      attack: '"a"×50000 + "!"',
      parts: { prefix: "", pump: "a", suffix: "!" },
    });
  });

  test("\\s*\\s*$ and an unanchored \\s+$: the suffix fails the attempt even though a later start matches", () => {
    expect(found("\\s*\\s*$")).toMatchObject({ kind: "polynomial", attack: '" "×50000 + "!"' });
    const f = found("\\s+$");
    expect(f).toMatchObject({ kind: "polynomial", attack: '" "×50000 + "!"' });
    expect(f.reason).toBe('the pattern is not anchored and "\\\\s+" at index 0 reads a run of " " again from every start position');
  });

  test("a classic e-mail pattern: quadratic in the dots", () => {
    expect(found("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$")).toMatchObject({ kind: "polynomial", attack: '"A@" + "."×50000 + " "' });
  });
});

describe("safe patterns produce nothing", () => {
  test.each([
    // EVerest's own patterns (types/, interfaces/).
    "^[A-Za-z0-9_.]*$",
    "^[A-Za-z0-9_.]+$",
    "^[A-Fa-f0-9]{2}(:[A-Fa-f0-9]{2}){5}$",
    "^[A-F0-9]{2}(:[A-F0-9]{2}){5}$",
    // Dates, times, identifiers, and other common shapes.
    "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$",
    "^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
    "^[A-Za-z_][A-Za-z0-9_]*$",
    "^[a-z]+(_[a-z]+)*$",
    "^(?:[a-z0-9-]+\\.)*[a-z0-9-]+$",
    "^[0-9]+(\\.[0-9]+)?$",
    "^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,\\-.:=@;$_!*'%/?#]+$",
    "^([a-z]{1,10}\\.){0,5}[a-z]+$",
    "^(a|b)*$",
    "^.*$",
    "^.{0,255}$",
    "^\\p{L}+$",
    "^(?<year>\\d{4})$",
    "[0-9]",
    "abc",
    "",
    // Unanchored and always matching at once: nothing forces the engine back.
    "(\\w|\\d)+",
    "a*",
  ])("%j", (pattern) => {
    expect(redosFinding(pattern)).toBeUndefined();
  });
});

describe("bounds: too large to analyse is said, deterministically", () => {
  test("longer than the limit, with a loop", () => {
    const p = `^${"x".repeat(LIMITS.length)}a+$`;
    expect(redosFinding(p)).toEqual({ kind: "unchecked", reason: `it is ${p.length} characters long, more than ${LIMITS.length}`, attack: "" });
    expect(redosMessage(redosFinding(p)!)).toBe(
      `\`pattern\` was not checked for exponential or polynomial backtracking: it is ${p.length} characters long, more than ${LIMITS.length}; bound the string with \`maxLength\``,
    );
  });

  test("long, but without any loop: nothing to say", () => {
    expect(redosFinding(`^${"x".repeat(50_000)}$`)).toBeUndefined();
    expect(redosFinding(`^(?:${Array.from({ length: 3000 }, (_, i) => `w${i}`).join("|")})$`)).toBeUndefined();
  });

  test("too many loops, loops nested too deep, groups nested too deep", () => {
    expect(redosFinding("a+,".repeat(LIMITS.loops + 1))?.reason).toBe(`it has ${LIMITS.loops + 1} repetitions, more than ${LIMITS.loops}`);
    const nested = `${"(?:x".repeat(LIMITS.nesting + 1)}${")+".repeat(LIMITS.nesting + 1)}`;
    expect(redosFinding(nested)?.reason).toBe(`its repetitions nest ${LIMITS.nesting + 1} deep, more than ${LIMITS.nesting}`);
    const deep = `${"(".repeat(3000)}a+${")".repeat(3000)}`;
    expect(redosFinding(deep)?.reason).toBe(`its groups nest 3000 deep, more than ${LIMITS.groups}`);
  });

  test("a pattern built to be slow to analyse stays fast (40 loops, each with overlapping optionals)", () => {
    const p = `^${"(?:a?b?c?d?e?)*".repeat(40)}$`;
    const t = Date.now();
    expect(redosFinding(p)?.kind).toBe("polynomial");
    expect(Date.now() - t).toBeLessThan(5000);
  });

  test("the same pattern always gives the same text", () => {
    const patterns = ["^(a+)+$", "^(\\s*,\\s*)*$", "\\s+$", "^(\\w|\\d)+$", `${"(".repeat(100)}a*${")".repeat(100)}`];
    const once = patterns.map((p) => redosFinding(p));
    expect(patterns.map((p) => redosFinding(p))).toEqual(once);
  });
});

describe("display", () => {
  test("control, quote, backslash and non-ASCII characters are escaped; long text is cut", () => {
    expect(show('a"\\\n\t\u0000é\u{1F600}\u2028')).toBe('"a\\"\\\\\\n\\t\\u0000\\u00E9\\u{1F600}\\u2028"');
    expect(show("x".repeat(40))).toBe(`"${"x".repeat(32)}..."`);
  });

  test("a pattern whose run is a control character gets a one-line message", () => {
    const f = found("^([\\u0000-\\u0008]+)+$");
    expect(f.attack).toBe('"\\u0000"×40 + "!"');
    expect(redosMessage(f)).toMatch(/^[\x20-\x7e×]+$/);
  });
});

describe("W115 in a run", () => {
  test("a type file: the warning sits on the pattern's value, with the attack string", () => {
    const text = `${HEAD}  P:\n    type: string\n    description: p\n    pattern: "^(a+)+$"\n  Q:\n    type: string\n    description: q\n    pattern: "^[a-z]+$"\n`;
    expect(diagnoseOne(text)).toEqual([
      'defs/x.yaml:6:14: warning W115: `pattern` can take exponential time: "(a+)+" at index 1 can match a run of "a" in many ways; matching "a"×40 + "!" takes steps exponential in the number of repetitions; rewrite the pattern, or bound the string with `maxLength`',
    ]);
  });

  test("nested properties and array items; W114 and W115 on one pattern", () => {
    const text = `${HEAD}  O:\n    type: object\n    description: o\n    properties:\n      list:\n        description: l\n        type: array\n        items:\n          type: string\n          pattern: '^(?<n>\\d+)*x'\n`;
    const d = diagnoseOne(text);
    expect(d).toHaveLength(2);
    expect(d[0]).toMatch(/^defs\/x\.yaml:12:20: warning W114: /);
    expect(d[1]).toMatch(/^defs\/x\.yaml:12:20: warning W115: `pattern` can take exponential time: "\(\?<n>\\\\d\+\)\*" at index 1 .* matching "0"×40 \+ "!"/);
  });

  test("the run's budget: distinct repeating patterns past 20,000 characters get W115 'not checked', each pattern charged once", () => {
    // 25 distinct safe patterns of 1,000 characters, each written twice: the 21st distinct one crosses the budget.
    const pattern = (i: number): string => `^${String(i).padStart(3, "0")}${"b".repeat(989)}[a-z]+$`;
    let text = HEAD;
    for (let i = 0; i < 25; i++) {
      for (const copy of ["A", "B"]) text += `  T${i}${copy}:\n    type: string\n    description: t\n    pattern: "${pattern(i)}"\n`;
    }
    const started = Date.now();
    const d = diagnoseOne(text);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(d).toHaveLength(10);
    for (const line of d) {
      expect(line).toMatch(
        /warning W115: `pattern` was not checked for exponential or polynomial backtracking: the run has already analysed 20000 characters of patterns, the most one run analyses; bound the string with `maxLength`$/,
      );
    }
    // The first one refused is T20A, at line 3 + 20 * 2 * 4 + 3.
    expect(d[0]).toMatch(new RegExp(`^defs/x\\.yaml:${3 + 20 * 8 + 3}:14: `));
  });

  test("an interface file goes through the same check", () => {
    const r = loadModel(inputs({ "defs/t.yaml": `${HEAD}  T:\n    type: string\n    description: t\n` }), {
      interfaces: inputs({
        "interfaces/x.yaml": "description: An interface\ncmds:\n  go:\n    description: Go\n    result:\n      type: string\n      description: result\n      pattern: ^\\s*\\s*$\n",
      }),
    });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^interfaces\/x\.yaml:8:16: warning W115: `pattern` can take polynomial time: .* matching " "×50000 \+ "!"/),
      // \s also matches spaces beyond ASCII here, not in EVerest's runtime.
      expect.stringMatching(/^interfaces\/x\.yaml:8:16: warning W117: /),
    ]);
  });
});

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const treeTest = fs.existsSync(path.join(TREE, "types")) ? test : test.skip;

treeTest("EVerest's own tree: no pattern in types, interfaces or errors gives W115", () => {
  const r = loadModel(readDefs(path.join(TREE, "types")), {
    interfaces: readDefs(path.join(TREE, "interfaces")),
    errors: readDefs(path.join(TREE, "errors")),
  });
  expect(r.diagnostics.filter((d) => d.code === "W115").map(formatDiagnostic)).toEqual([]);
});
