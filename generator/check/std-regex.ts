/**
 * Which JSON Schema `pattern`s the EVerest runtime cannot use as written.
 *
 * EVerest compiles `pattern` with C++ `std::regex` (libstdc++, ECMAScript grammar,
 * default flags) and matches UTF-8 bytes; our validators use JS `RegExp(p, "u")`.
 * This scanner reads a pattern the way the `u`-flag parser does (escapes, classes,
 * groups, quantifiers) and stops at the first construct std::regex refuses or
 * silently reads as something else.
 *
 * Facts this file relies on, and where they were confirmed:
 * - C++ adopts ECMA-262 3rd edition's pattern grammar with only two changes: POSIX
 *   `[:name:]` / `[.x.]` / `[=x=]` terms inside classes, and "IdentityEscape is any
 *   character except c" (C++ draft [re.grammar]; cppreference "Modified ECMAScript
 *   regular expression grammar", which names ECMAScript 3 as the normative base).
 *   So lookbehind, named groups, `\k<..>`, `\p{..}` and `\u{..}` (ES2015/ES2018)
 *   and modifier groups `(?i:..)` (ES2025) are not in it.
 * - libstdc++ (GCC 12's bits/regex_scanner.tcc, read on this machine; the same code
 *   in an older gcc-mirror/gcc snapshot): after `(?` only `:`, `=`, `!` are known,
 *   anything else throws; unknown escape letters (`\p`, `\k`) become the plain
 *   letter; `\u` takes exactly four hex digits; `\cX` yields the letter X itself,
 *   not the control character; `\0` is NUL; `\b`, `\B`, `\d\w\s` (and upper case),
 *   `\xHH`, `\uHHHH`, `*?`-style lazy quantifiers, `(?:`, `(?=`, `(?!` are handled.
 * - libstdc++ (bits/regex_compiler.tcc, regex_automaton.tcc): a backreference to a
 *   group not yet opened, or still open, throws; class ranges compare single `char`s
 *   and throw when the end sorts below the start; more than 100000 NFA states
 *   (`_GLIBCXX_REGEX_STATE_LIMIT`) throws, and every repetition of `{n,m}` is a copy.
 * - Each claim above was also checked by compiling sample patterns with g++ 12 and
 *   against Node 20's `RegExp(p, "u")` (e.g. `(a\1)`, `\1(a)`, `[\x00-\xFF]`,
 *   `[a-é]`, `a{100000}` throw in C++ and compile in JS; `[\p{L}]` and `\cJ`
 *   compile in both but match different strings).
 *
 * Not flagged by `stdRegexProblem`, because std::regex compiles them as JS does: `(?:`
 * `(?=` `(?!`, `\d \w \s` (and `\D \W \S`), `\b \B`, `[\b]`, `\0`, `\xHH`, `\uHHHH`,
 * lazy quantifiers, `\1` after group 1 has closed, `[]`, `[^]`, empty alternatives.
 * Some of these still match differently: `stdRegexMatchDifference` finds them.
 */

export interface StdRegexProblem {
  /** 0-based index into the pattern string where the construct starts. */
  readonly index: number;
  /** The construct as written, e.g. "(?<=", "(?<name>", "\\p{L}", "\\u{1F600}". */
  readonly construct: string;
  /** Plain words: why std::regex (ECMAScript grammar) refuses it, e.g. "lookbehind is not part of std::regex's ECMAScript grammar". */
  readonly reason: string;
}

/** libstdc++'s default `_GLIBCXX_REGEX_STATE_LIMIT`. */
const STATE_LIMIT = 100_000;

/** Names libstdc++'s `regex_traits::lookup_classname` knows (it lower-cases first). */
const POSIX_CLASSES = new Set(["d", "w", "s", "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit"]);

/** `\f \n \r \t \v`: the same single characters in both engines. */
const CONTROL_ESCAPES: ReadonlyMap<string, number> = new Map([["f", 12], ["n", 10], ["r", 13], ["t", 9], ["v", 11]]);

/** What one escape or class atom turned out to be. */
interface Piece {
  readonly end: number;
  /** The code point of a single-character atom; absent for `\d`, assertions, backrefs. */
  readonly cp?: number;
  readonly backref?: number;
  readonly problem?: StdRegexProblem;
}

/**
 * An open group, with a running count of the NFA states libstdc++ makes for it (the
 * state-limit check). Each alternative ends in a placeholder state, hence `reach: 1`.
 */
interface Frame {
  /** States on the group's path: what a quantifier around the group copies. */
  reach: number;
  /** States left off every path: `{...}` keeps the original of what it copies. */
  orphan: number;
  /** `reach` of the last quantifiable atom, 0 when there is none. */
  last: number;
  /** The group's capture number, 0 for `(?:`, lookahead and the whole pattern. */
  readonly capture: number;
  /** States that open and close the group: 2 for `(` and lookahead, 1 for `(?:`. */
  readonly wrap: number;
}

/** The first construct in `pattern` (already known to compile as a JS RegExp with the "u" flag) that C++ std::regex (ECMAScript) cannot compile, or undefined. */
export function stdRegexProblem(pattern: string): StdRegexProblem | undefined {
  // The whole pattern is group 0: its open and close, the accept state, a placeholder.
  const frames: Frame[] = [{ reach: 4, orphan: 0, last: 0, capture: 0, wrap: 0 }];
  let opened = 0; // capturing groups opened so far; std numbers them in this order
  let i = 0;
  const top = (): Frame => frames[frames.length - 1] as Frame;
  const atom = (reach: number): void => {
    top().last = reach;
    top().reach += reach;
  };

  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      const e = escape(pattern, i, false);
      if (e.problem) return e.problem;
      if (e.backref !== undefined) {
        const n = e.backref;
        const construct = pattern.slice(i, e.end);
        // JS lets a backreference point forward or into its own group (it then matches
        // the empty string); libstdc++ throws error_backref for both.
        if (n > opened) return problem(i, construct, `backreference to group ${n}, which std::regex has not seen yet at this point (JS allows a forward reference and matches it as empty; std::regex throws)`);
        if (frames.some((f) => f.capture === n)) return problem(i, construct, `backreference to group ${n} from inside that same group (JS matches it as empty; std::regex throws)`);
      }
      atom(1);
      i = e.end;
    } else if (c === "[") {
      const k = charClass(pattern, i);
      if (k.problem) return k.problem;
      atom(1);
      i = k.end;
    } else if (c === "(") {
      if (pattern.charAt(i + 1) !== "?") {
        frames.push({ reach: 1, orphan: 0, last: 0, capture: ++opened, wrap: 2 });
        i += 1;
        continue;
      }
      const kind = pattern.charAt(i + 2);
      if (kind === ":" || kind === "=" || kind === "!") {
        frames.push({ reach: 1, orphan: 0, last: 0, capture: 0, wrap: kind === ":" ? 1 : 2 });
        i += 3;
        continue;
      }
      return groupProblem(pattern, i);
    } else if (c === ")") {
      const f = frames.length > 1 ? frames.pop() : undefined;
      if (f) {
        atom(f.reach + f.wrap);
        top().orphan += f.orphan;
      }
      i += 1;
    } else if (c === "|") {
      // A branch state, a joining placeholder and the new alternative's own placeholder.
      top().last = 0;
      top().reach += 3;
      i += 1;
    } else if (c === "*" || c === "+" || c === "?" || c === "{") {
      const q = quantifier(pattern, i);
      const f = top();
      const s = Math.max(f.last, 1);
      f.reach += repeatCost(pattern.charAt(i), s, q) - s;
      if (pattern.charAt(i) === "{") f.orphan += s;
      f.last = 0;
      const states = frames.reduce((sum, x) => sum + x.reach + x.orphan, 0);
      if (states > STATE_LIMIT) {
        const construct = pattern.slice(i, q.end);
        // libstdc++ parses the count into an int: from 2^31 on it wraps instead of throwing.
        if (q.min >= 2 ** 31 || (q.max !== Infinity && q.max >= 2 ** 31)) {
          return problem(i, construct, "libstdc++ reads repetition counts into an int, so a count of 2^31 or more wraps around and repeats something else");
        }
        return problem(i, construct, `libstdc++ makes a copy of the repeated part for every repetition and refuses patterns of more than ${STATE_LIMIT} NFA states; here it reaches ${states}`);
      }
      i = pattern.charAt(q.end) === "?" ? q.end + 1 : q.end;
    } else {
      atom(1);
      i += charLength(pattern, i);
    }
  }
  return undefined;
}

function problem(index: number, construct: string, reason: string): StdRegexProblem {
  return { index, construct, reason };
}

/** `(?` followed by anything but `:`, `=`, `!`, all of which libstdc++ throws on. */
function groupProblem(pattern: string, i: number): StdRegexProblem {
  const rest = pattern.slice(i);
  if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
    return problem(i, rest.slice(0, 4), "lookbehind is not part of std::regex's ECMAScript grammar (it came with ES2018); std::regex only knows (?: (?= and (?!");
  }
  if (rest.startsWith("(?<")) {
    const close = rest.indexOf(">");
    return problem(i, close < 0 ? "(?<" : rest.slice(0, close + 1), "named groups are not part of std::regex's ECMAScript grammar (they came with ES2018); use a plain (...) group");
  }
  const modifiers = /^\(\?[A-Za-z]*(?:-[A-Za-z]*)?:/.exec(rest);
  if (modifiers) {
    return problem(i, modifiers[0], "inline modifier groups are not part of std::regex's ECMAScript grammar (they came with ES2025); std::regex only knows (?: (?= and (?!");
  }
  return problem(i, rest.slice(0, 3), "std::regex only knows (?: (?= and (?! after an opening '(?'");
}

/** The escape at `i` (a backslash), read as the `u`-flag parser reads it. */
function escape(pattern: string, i: number, inClass: boolean): Piece {
  const n = pattern.charAt(i + 1);
  const upTo = (close: string): string => {
    const end = pattern.indexOf(close, i + 2);
    return pattern.slice(i, end < 0 ? pattern.length : end + 1);
  };
  if (n === "p" || n === "P") {
    const construct = upTo("}");
    const reason = inClass
      ? "Unicode property escapes are not part of std::regex's ECMAScript grammar (they came with ES2018); inside a class std::regex silently reads them as the literal characters, so it matches something else"
      : "Unicode property escapes are not part of std::regex's ECMAScript grammar (they came with ES2018); std::regex reads \\p as the letter p and then rejects the {...} as a bad repetition";
    return { end: i + construct.length, problem: problem(i, construct, reason) };
  }
  if (n === "k") {
    const construct = upTo(">");
    return { end: i + construct.length, problem: problem(i, construct, "named backreferences are not part of std::regex's ECMAScript grammar (they came with ES2018); std::regex reads \\k<name> as the literal text k<name>") };
  }
  if (n === "u" && pattern.charAt(i + 2) === "{") {
    const construct = upTo("}");
    const cp = parseInt(construct.slice(3, -1), 16);
    return { end: i + construct.length, cp, problem: problem(i, construct, "code point escapes \\u{...} are not part of std::regex's ECMAScript grammar (they came with ES2015); std::regex wants exactly four hex digits after \\u and throws") };
  }
  if (n === "c") {
    const construct = pattern.slice(i, i + 3);
    return { end: i + 3, cp: pattern.charCodeAt(i + 2) % 32, problem: problem(i, construct, `libstdc++ reads the control escape ${construct} as the letter ${construct.charAt(2)} itself, not as a control character, so it matches something else; write it as \\xHH`) };
  }
  if (n === "u") {
    const cp = parseInt(pattern.slice(i + 2, i + 6), 16);
    // With the `u` flag an escaped surrogate pair is one code point.
    const pair = /^\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})/.exec(pattern.slice(i + 6));
    if (cp >= 0xd800 && cp <= 0xdbff && pair?.[1] !== undefined) {
      return { end: i + 12, cp: 0x10000 + ((cp - 0xd800) << 10) + (parseInt(pair[1], 16) - 0xdc00) };
    }
    return { end: i + 6, cp };
  }
  if (n === "x") return { end: i + 4, cp: parseInt(pattern.slice(i + 2, i + 4), 16) };
  if (n === "0") return { end: i + 2, cp: 0 };
  if (n >= "1" && n <= "9") {
    const digits = /^\d+/.exec(pattern.slice(i + 1))?.[0] ?? n;
    return { end: i + 1 + digits.length, backref: Number(digits) };
  }
  const control = CONTROL_ESCAPES.get(n);
  if (control !== undefined) return { end: i + 2, cp: control };
  if (n === "b") return inClass ? { end: i + 2, cp: 8 } : { end: i + 2 };
  if ("BdDsSwW".includes(n)) return { end: i + 2 };
  // An identity escape such as \. or \/: the character itself, in both engines.
  return { end: i + 1 + charLength(pattern, i + 1), cp: pattern.codePointAt(i + 1) ?? 0 };
}

/** The class starting at `i` (a `[`), atom by atom, with JS's range rules. */
function charClass(pattern: string, i: number): Piece {
  let j = pattern.charAt(i + 1) === "^" ? i + 2 : i + 1;
  while (j < pattern.length && pattern.charAt(j) !== "]") {
    const a = classAtom(pattern, j);
    if (a.problem) return a;
    if (pattern.charAt(a.end) === "-" && a.end + 1 < pattern.length && pattern.charAt(a.end + 1) !== "]") {
      const b = classAtom(pattern, a.end + 1);
      // std::regex compares single chars: an end above U+007F is a UTF-8 byte or a
      // value cut to one byte, so the range throws (end below start) or spans other characters.
      if ((a.cp ?? 0) > 0x7f || (b.cp ?? 0) > 0x7f) {
        return { end: b.end, problem: problem(j, pattern.slice(j, b.end), "std::regex builds ranges from single bytes, not characters: with an end above U+007F it throws (\"invalid range\") or covers different characters; list the characters or use an ASCII range") };
      }
      if (b.problem) return b;
      j = b.end;
    } else {
      j = a.end;
    }
  }
  return { end: j + 1 };
}

function classAtom(pattern: string, j: number): Piece {
  const c = pattern.charAt(j);
  if (c === "\\") return escape(pattern, j, true);
  const d = pattern.charAt(j + 1);
  if (c === "[" && (d === ":" || d === "." || d === "=")) {
    // std::regex (not JS) reads "[:", "[." and "[=" in a class as the start of a POSIX
    // term. A JS-valid pattern can never hold a complete term followed by the class's
    // "]" (JS would see a lone "]"), so any such term here is read differently. The one
    // shape left alone, e.g. "[[:alpha:]]", std::regex supports as intended.
    const close = pattern.indexOf(`${d}]`, j + 2);
    const name = close < 0 ? "" : pattern.slice(j + 2, close);
    const known = d === ":" ? POSIX_CLASSES.has(name.toLowerCase()) : [...name].length === 1;
    if (close >= 0 && known && !name.includes("]") && pattern.charAt(close + 2) === "]") return { end: close + 2 };
    const construct = close < 0 ? `[${d}` : pattern.slice(j, close + 2);
    return { end: j + 2, problem: problem(j, construct, `inside a class std::regex reads "[${d}" as the start of a POSIX ${d === ":" ? "character class" : d === "." ? "collating element" : "equivalence class"} (JS reads plain characters), so it throws or matches something else; escape the bracket as \\[`) };
  }
  return { end: j + charLength(pattern, j), cp: pattern.codePointAt(j) ?? 0 };
}

interface Quantifier {
  readonly end: number;
  readonly min: number;
  readonly max: number;
}

function quantifier(pattern: string, i: number): Quantifier {
  const c = pattern.charAt(i);
  if (c === "*") return { end: i + 1, min: 0, max: Infinity };
  if (c === "+") return { end: i + 1, min: 1, max: Infinity };
  if (c === "?") return { end: i + 1, min: 0, max: 1 };
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!m) return { end: i + 1, min: 1, max: 1 }; // not reachable for a valid `u` pattern
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
  return { end: i + m[0].length, min, max };
}

/**
 * The states on the path libstdc++ (GCC 12, regex_compiler.tcc) builds for an atom of
 * `s` states under quantifier `q`, counted from its code: `?` adds a branch and a
 * joining state, `*` and `+` a branch; `{...}` makes one copy per repetition (an
 * optional one with its own branch) and two placeholders, or one copy, a loop and one
 * placeholder for the open end of `{n,}` (the original it copied from stays behind).
 */
function repeatCost(op: string, s: number, q: Quantifier): number {
  if (op === "?") return s + 2;
  if (op !== "{") return s + 1;
  return q.max === Infinity ? q.min * s + s + 1 + 1 : q.min * s + (q.max - q.min) * (s + 1) + 2;
}

/** 2 for a character outside the Basic Multilingual Plane (a surrogate pair in the string), else 1. */
function charLength(pattern: string, i: number): number {
  return (pattern.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/**
 * The first construct of `pattern` (one `stdRegexProblem` accepts) that std::regex
 * compiles but matches differently from JS on some strings, or undefined:
 * - a backreference: libstdc++ fails `\1` when group 1 took no part in the match
 *   (JS matches it as empty: `^(a)?\1$` on "") and keeps a group's capture from an
 *   earlier pass of a loop (JS clears it on every pass);
 * - anything whose verdict on text outside ASCII depends on matching characters
 *   rather than UTF-8 bytes: `.`, a negated class, `\S \D \W` (which match each
 *   byte of "é"), `\s` (JS's matches U+00A0, U+2028, U+3000 and more; std::regex's
 *   only ASCII spaces in the C locale), and a character above U+007F, written or
 *   escaped (two or more bytes there, one character here).
 * Confirmed against pboettch json-schema-validator built with g++ 12 (libstdc++'s
 * std::regex over the UTF-8 bytes of the value): `^\s$`, `^\S+$`, `^\D$`, `^[^a]$`,
 * `^\u00e9$`, `^é{2}$` and the backreferences above disagree with JS there.
 * Patterns of ASCII literals, positive classes of ASCII, `\d` and `\w` agree.
 */
export function stdRegexMatchDifference(pattern: string): StdRegexProblem | undefined {
  const bytes = "std::regex matches the UTF-8 bytes of the value, JavaScript its characters";
  const nonAscii = (i: number, construct: string): StdRegexProblem =>
    problem(i, construct, `a character above U+007F is two to four bytes there and one character here (${bytes})`);
  const shorthand = (i: number, construct: string): StdRegexProblem | undefined => {
    const n = construct.charAt(1);
    if (n === "s") return problem(i, construct, `JavaScript's \\s also matches spaces outside ASCII (U+00A0, U+2028, U+3000, ...), std::regex's only ASCII ones (${bytes})`);
    if (n === "S" || n === "D" || n === "W") return problem(i, construct, `it matches each byte of a character above U+007F there, and the character once here (${bytes})`);
    return undefined;
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      const e = escape(pattern, i, false);
      const construct = pattern.slice(i, e.end);
      if (e.backref !== undefined) {
        return problem(i, construct, "std::regex fails a backreference to a group that took no part in the match, and keeps a group's capture from an earlier pass of a loop; JavaScript matches the first as empty and clears the capture on every pass");
      }
      const found = shorthand(i, construct) ?? ((e.cp ?? 0) > 0x7f ? nonAscii(i, construct) : undefined);
      if (found) return found;
      i = e.end;
    } else if (c === "[") {
      if (pattern.charAt(i + 1) === "^") return problem(i, "[^", `a negated class matches each byte of a character above U+007F there, and the character once here (${bytes})`);
      let j = i + 1;
      while (j < pattern.length && pattern.charAt(j) !== "]") {
        const a = classAtom(pattern, j);
        const construct = pattern.slice(j, a.end);
        const found = construct.startsWith("\\") ? shorthand(j, construct) : undefined;
        if (found) return found;
        if ((a.cp ?? 0) > 0x7f) return nonAscii(j, construct);
        j = a.end;
      }
      i = j + 1;
    } else if (c === "(" && pattern.charAt(i + 1) === "?") {
      i += 3;
    } else if (c === "{") {
      i = quantifier(pattern, i).end;
    } else {
      if (c === ".") return problem(i, ".", `\`.\` matches one byte there and one character here, so a character above U+007F counts as two to four (${bytes})`);
      if ((pattern.codePointAt(i) ?? 0) > 0x7f) return nonAscii(i, pattern.slice(i, i + charLength(pattern, i)));
      i += charLength(pattern, i);
    }
  }
  return undefined;
}

/** Characters the `u` flag lets a backslash escape outside a class; inside one, `-` too. */
const U_ESCAPABLE = new Set([..."^$\\.*+?()[]{}|/"]);

/**
 * `pattern` with each escape of an ASCII punctuation character or space that the
 * `u` flag refuses (`\-` outside a class, `\_`, `\:`, `\@`, `\#`, `\ `, ...) written
 * as the character itself: what it matches in std::regex (EVerest's runtime reads
 * an unknown escape as the character) and in JS without `u`. The same pattern for
 * every string, in a form `RegExp(p, "u")` accepts; all other text is kept.
 */
export function withoutIdentityEscapes(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "\\" && i + 1 < pattern.length) {
      const n = pattern.charAt(i + 1);
      const punctuation = /^[ -/:-@[-`{-~]$/.test(n);
      const keep = !punctuation || U_ESCAPABLE.has(n) || (inClass && n === "-");
      out += keep ? c + n : n;
      i++;
      continue;
    }
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
    out += c;
  }
  return out;
}
