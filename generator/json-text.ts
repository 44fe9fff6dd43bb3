/**
 * JSON text judged the way EVerest's C++ runtime judges it: nlohmann::json 3.11
 * (`json::parse`, strict, no comments, exceptions on). The result also says
 * which numbers nlohmann holds as floats, since JSON.parse cannot tell `1.0`
 * from `1`.
 *
 * What nlohmann::json does, read in include/nlohmann/detail/input/lexer.hpp,
 * parser.hpp and json_sax.hpp of github:nlohmann/json (tag v3.11.3; against
 * v3.11.0 these differ only in spelling, plus a separate "empty input" message
 * in 3.11.3), and in its tests tests/src/unit-testsuites.cpp and
 * unit-class_parser.cpp:
 * - BOM: `skip_bom()` runs before the first token only. A first byte 0xEF must be
 *   followed by 0xBB 0xBF, else "invalid BOM". Anywhere else EF BB BF is U+FEFF:
 *   an "invalid literal" between tokens, an ordinary character inside a string.
 * - Whitespace is space, tab, LF and CR. Comments are off unless asked for.
 * - A NUL byte between tokens is read as the end of the input (`scan()`:
 *   `case '\0'` -> end_of_input), so nothing after it is ever read: `1<NUL>junk`
 *   parses as 1 (unit-testsuites.cpp parses a std::string with a trailing NUL).
 *   Inside a string a NUL is the control-character error.
 * - Strings: bytes 00..1F are errors; the escapes are \" \\ \/ \b \f \n \r \t
 *   \uXXXX; a \uD800..\uDBFF escape must be followed at once by a \uDC00..\uDFFF
 *   escape, and a \uDC00..\uDFFF escape alone is an error. Other bytes must form
 *   well-formed UTF-8 (the Unicode table: no overlongs, no ED A0..BF surrogates,
 *   nothing above U+10FFFF, no truncated sequences). Outside strings every byte
 *   >= 0x80 is an "invalid literal".
 * - Numbers follow the JSON grammar. An integer literal goes to strtoull (no
 *   '-') or strtoll ('-'); if that reports ERANGE it is parsed again with
 *   strtod and stored as a float, so integers are exactly those in
 *   [-2^63, 2^64-1], "-0" included. A literal with a fraction or an exponent
 *   is a float. The parser rejects a float that is not finite (out_of_range.406
 *   "number overflow parsing '1e400'"), which also catches over-long integer
 *   literals; underflow is not checked, so 1e-400 is 0.0 (unit-testsuites.cpp:
 *   `TEST_DOUBLE("[1e-10000]", 0.0)`, JSONTestSuite i_number_real_underflow
 *   accepted). Number() rounds correctly, as glibc's strtod does, so Number()
 *   overflows to Infinity for exactly the literals strtod overflows on.
 * - The parser keeps an explicit stack, with no depth limit; any value may be
 *   the top-level value, and only whitespace may follow it (or a NUL, above).
 * - A repeated key replaces the earlier member's value (json_sax.hpp `key()`
 *   takes `object[key]`), so floats inside the replaced value are gone.
 * - nlohmann counts positions in bytes; here the column counts characters (code
 *   points) of the line, not counting a leading BOM. Lines end at LF only, as
 *   in nlohmann.
 */

/**
 * Where a value sits in the document: the place of its container and its
 * key (decoded) or index there; the document itself has no container. Places
 * of one container are one object, so that a consumer can find every float's
 * container at a cost linear in the places, not in floats times depth.
 */
export interface ValuePlace {
  readonly parent: ValuePlace | undefined;
  readonly at: string | number;
}

/** The document itself. */
export const ROOT_PLACE: ValuePlace = Object.freeze({ parent: undefined, at: "" });

/** An index or key as a JSON Pointer reference token. */
function escapedToken(at: string | number): string {
  if (typeof at === "number") return String(at);
  return at.includes("~") || at.includes("/") ? at.replace(/~/g, "~0").replace(/\//g, "~1") : at;
}

export type JsonTextResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** The JSON Pointers of the numbers nlohmann holds as floats (see `Scanner`). */
      readonly notIntegers: readonly string[];
      /** The same numbers' places, in the same order. */
      readonly floats: readonly ValuePlace[];
    }
  | { readonly ok: false; readonly line: number; readonly col: number; readonly message: string };

/** Why the decoded text ends where it does: that decides the error at its end. */
type TextEnd = { readonly kind: "eof" } | { readonly kind: "nul" } | { readonly kind: "utf8"; readonly problem: string };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
// Decodes only a prefix already found well-formed; ignoreBOM keeps a second BOM as U+FEFF, which is then an error.
const prefixUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export function parseJsonText(bytes: Uint8Array): JsonTextResult {
  const bomProblem = leadingBomProblem(bytes);
  if (bomProblem !== undefined) return { ok: false, line: 1, col: 1, message: bomProblem };
  const start = bytes[0] === 0xef ? 3 : 0;
  // nlohmann never reads past the first NUL byte (see above), so neither do we, not even to check UTF-8.
  const nul = bytes.indexOf(0, start);
  const body = bytes.subarray(start, nul < 0 ? bytes.length : nul);
  let text: string;
  let end: TextEnd;
  try {
    text = strictUtf8.decode(body);
    end = nul < 0 ? { kind: "eof" } : { kind: "nul" };
  } catch (e) {
    const bad = firstUtf8Problem(body);
    if (bad === undefined) throw e; // not a UTF-8 problem (say, too long for a string)
    // Parse the well-formed prefix: a grammar error in it comes first, as in nlohmann, which reads in order.
    text = prefixUtf8.decode(body.subarray(0, bad.at));
    end = { kind: "utf8", problem: bad.problem };
  }
  try {
    const { notIntegers, floats } = new Scanner(text, end).run();
    // The text is now known to be JSON that nlohmann accepts, so JSON.parse builds exactly the value the
    // caller is promised: its own key order, duplicate keys, and "__proto__" as an own property.
    // V8's JSON.parse does not recurse per level (the 1,000,000-level test checks that).
    return { ok: true, value: JSON.parse(text) as unknown, notIntegers, floats };
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    return { ok: false, ...lineCol(text, e.at), message: e.message };
  }
}

function leadingBomProblem(b: Uint8Array): string | undefined {
  if ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe)) {
    return "the text starts with a UTF-16 or UTF-32 byte order mark; nlohmann::json reads UTF-8 only";
  }
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) {
    return "the text starts with a UTF-32 byte order mark; nlohmann::json reads UTF-8 only";
  }
  if (b[0] === 0xef && (b[1] !== 0xbb || b[2] !== 0xbf)) {
    return "invalid byte order mark: a text starting with byte 0xEF must start with EF BB BF";
  }
  return undefined;
}

/** A parse error at a UTF-16 offset of the text; thrown, since it ends the parse. */
class Failure {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

const ARRAY = 0;
const OBJECT = 1;

/**
 * Checks the grammar in one pass over the text and records where the floats
 * are. Open arrays and objects live on explicit stacks, never the call stack.
 */
class Scanner {
  private readonly n: number;
  /** How many arrays and objects are open; level depth - 1 is the innermost. */
  private depth = 0;
  // Per open container, in typed arrays: a JS array a million entries long is several times slower to grow.
  /** ARRAY or OBJECT. */
  private kinds = new Uint8Array(64);
  /** An array's current index, or the offset of an object's current key (its opening quote). */
  private segs = new Int32Array(64);
  /** For an object: how many floats were recorded when its current member began. */
  private memberStarts = new Int32Array(64);
  /**
   * Level -> (key -> the range of `notIntegers` recorded in that member), for
   * open objects once one of their members held floats. A later member with
   * the same key replaces the value (nlohmann's `object[key] = value`), so
   * that range dies.
   */
  private readonly floatMembers = new Map<number, Map<string, readonly [number, number]>>();
  /** Ranges of `notIntegers` that belong to replaced members: dropped at the end. */
  private readonly dead: [number, number][] = [];
  /**
   * JSON Pointers of the open containers, built only when a float needs one;
   * the first `pointersValid` are current. Each is built once from its
   * parent's, so the work is linear, and V8 shares the parent's text.
   */
  private readonly pointers: string[] = [];
  /** The open containers' places, kept with their pointers (and valid as far as they are). */
  private readonly places: ValuePlace[] = [];
  private pointersValid = 0;
  private readonly notIntegers: string[] = [];
  private readonly floats: ValuePlace[] = [];

  constructor(
    private readonly text: string,
    private readonly end: TextEnd,
  ) {
    this.n = text.length;
  }

  run(): { notIntegers: string[]; floats: ValuePlace[] } {
    const { text, n } = this;
    let i = this.skipWs(0);
    if (i >= n && this.end.kind === "eof") throw new Failure(i, "no JSON value: the input is empty or only whitespace");
    for (;;) {
      // A value starts at i, whitespace already skipped.
      const c = text.charCodeAt(i);
      if (c === 0x5b /* [ */) {
        i = this.skipWs(i + 1);
        if (text.charCodeAt(i) !== 0x5d /* ] */) {
          this.open(ARRAY, 0);
          continue;
        }
        i++;
      } else if (c === 0x7b /* { */) {
        i = this.skipWs(i + 1);
        if (text.charCodeAt(i) !== 0x7d /* } */) {
          this.open(OBJECT, i);
          i = this.member(i);
          continue;
        }
        i++;
      } else if (c === 0x22 /* " */) {
        i = this.string(i);
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        i = this.number(i);
      } else if (c === 0x74 /* t */) {
        i = this.literal(i, "true");
      } else if (c === 0x66 /* f */) {
        i = this.literal(i, "false");
      } else if (c === 0x6e /* n */) {
        i = this.literal(i, "null");
      } else {
        throw this.unexpected(i, "a JSON value");
      }
      // After a value: close the containers it completes, up to the next ',' or the end.
      for (;;) {
        i = this.skipWs(i);
        const top = this.depth - 1;
        if (top < 0) {
          if (i < n) throw this.unexpected(i, "the end of the input after the JSON value");
          if (this.end.kind === "utf8") throw this.atEnd(i, "", false);
          return this.survivors();
        }
        const d = text.charCodeAt(i);
        if (this.kinds[top] === ARRAY) {
          if (d === 0x2c /* , */) {
            this.segs[top] = this.segs[top]! + 1;
            i = this.skipWs(i + 1);
            break;
          }
          if (d !== 0x5d /* ] */) throw this.unexpected(i, "',' or ']' after an array element");
        } else {
          if (d === 0x2c /* , */) {
            this.memberDone(top);
            i = this.member(this.skipWs(i + 1));
            break;
          }
          if (d !== 0x7d /* } */) throw this.unexpected(i, "',' or '}' after an object member");
        }
        this.close();
        i++;
      }
    }
  }

  private open(kind: number, seg: number): void {
    const level = this.depth++;
    if (level === this.kinds.length) {
      this.kinds = grown(this.kinds, new Uint8Array(level * 2));
      this.segs = grown(this.segs, new Int32Array(level * 2));
      this.memberStarts = grown(this.memberStarts, new Int32Array(level * 2));
    }
    this.kinds[level] = kind;
    this.segs[level] = seg;
    // The new level's pointer slot may hold the pointer of a closed sibling.
    this.pointersValid = Math.min(this.pointersValid, level);
  }

  private close(): void {
    const level = --this.depth;
    if (this.floatMembers.size !== 0) this.floatMembers.delete(level);
  }

  /** An object member's key and ':' at i; returns where its value starts. */
  private member(i: number): number {
    if (this.text.charCodeAt(i) !== 0x22) throw this.unexpected(i, "a string as the object key");
    const top = this.depth - 1;
    this.segs[top] = i;
    this.memberStarts[top] = this.notIntegers.length;
    const afterKey = this.string(i);
    const seen = this.floatMembers.size === 0 ? undefined : this.floatMembers.get(top);
    if (seen !== undefined) {
      // Keys are decoded only in objects that hold floats, so plain documents pay nothing for this.
      const key = this.key(i);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        this.dead.push([earlier[0], earlier[1]]);
        seen.delete(key);
      }
    }
    i = this.skipWs(afterKey);
    if (this.text.charCodeAt(i) !== 0x3a /* : */) throw this.unexpected(i, "':' after the object key");
    return this.skipWs(i + 1);
  }

  private skipWs(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i); // NaN past the end, which is no whitespace
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return i;
    }
  }

  /** The string literal whose opening quote is at i; returns the offset after its closing quote. */
  private string(i: number): number {
    const { text, n } = this;
    let j = i + 1;
    for (;;) {
      if (j >= n) throw this.atEnd(j, "'\"' to close the string", true);
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c === 0x5c /* \ */) {
        j = this.escape(j);
      } else if (c < 0x20) {
        throw new Failure(j, `invalid string: control character ${codePoint(c)} must be written as an escape`);
      } else {
        j++;
      }
    }
  }

  /** The escape whose backslash is at j; returns the offset after it. */
  private escape(j: number): number {
    const text = this.text;
    if (j + 1 >= this.n) throw this.atEnd(j + 1, "an escape after '\\'", true);
    const e = text.charCodeAt(j + 1);
    // " \ / b f n r t
    if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return j + 2;
    if (e !== 0x75 /* u */) {
      throw new Failure(j, `invalid string: ${describe(text, j + 1)} after '\\' is no escape (only \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX are)`);
    }
    const unit = this.hex4(j + 2);
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      throw new Failure(j, `invalid string: lone surrogate \\u${hex(unit)}: \\uDC00..\\uDFFF must follow a \\uD800..\\uDBFF escape`);
    }
    if (unit < 0xd800 || unit > 0xdbff) return j + 6;
    // A high surrogate: the low one must follow at once, as an escape (nlohmann, like RFC 8259, pairs them).
    if (text.charCodeAt(j + 6) === 0x5c && text.charCodeAt(j + 7) === 0x75) {
      const low = this.hex4(j + 8);
      if (low >= 0xdc00 && low <= 0xdfff) return j + 12;
    }
    throw new Failure(j, `invalid string: lone surrogate \\u${hex(unit)}: it must be followed by a \\uDC00..\\uDFFF escape`);
  }

  /** The 4 hex digits at k, as a number. */
  private hex4(k: number): number {
    let v = 0;
    for (let m = k; m < k + 4; m++) {
      const c = this.text.charCodeAt(m);
      const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
      if (d < 0) {
        if (m >= this.n) throw this.atEnd(m, "4 hex digits after '\\u'", true);
        throw new Failure(m, `invalid string: '\\u' must be followed by 4 hex digits, found ${describe(this.text, m)}`);
      }
      v = v * 16 + d;
    }
    return v;
  }

  /** The number literal at i; returns the offset after it. */
  private number(i: number): number {
    const text = this.text;
    const s = i;
    let c = text.charCodeAt(i);
    if (c === 0x2d) c = text.charCodeAt(++i);
    const intStart = i;
    if (c === 0x30) {
      c = text.charCodeAt(++i);
      if (isDigit(c)) throw new Failure(i, "invalid number: a leading 0 must not be followed by more digits");
    } else if (c >= 0x31 && c <= 0x39) {
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    } else {
      throw this.digitExpected(i, "after '-'");
    }
    const intEnd = i;
    let integer = true;
    let exponent = false;
    if (c === 0x2e /* . */) {
      integer = false;
      c = text.charCodeAt(++i);
      if (!isDigit(c)) throw this.digitExpected(i, "after '.'");
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    }
    if (c === 0x65 || c === 0x45 /* e E */) {
      integer = false;
      exponent = true;
      c = text.charCodeAt(++i);
      if (c === 0x2b || c === 0x2d /* + - */) c = text.charCodeAt(++i);
      if (!isDigit(c)) throw this.digitExpected(i, "in the exponent");
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    }
    if (!integer || !fitsInt64(text, intStart, intEnd, s !== intStart)) {
      // nlohmann holds this as a double, and rejects one that overflows; without an exponent
      // that takes more than 308 digits before the point.
      if ((exponent || intEnd - intStart > 308) && !Number.isFinite(Number(text.slice(s, i)))) {
        throw new Failure(s, `number overflow: ${clip(text.slice(s, i))} is too large for a double`);
      }
      this.recordFloat();
    }
    return i;
  }

  private digitExpected(i: number, where: string): Failure {
    if (i >= this.n) return this.atEnd(i, `a digit ${where}`, false);
    return new Failure(i, `invalid number: expected a digit ${where}, found ${describe(this.text, i)}`);
  }

  private literal(i: number, word: string): number {
    for (let k = 1; k < word.length; k++) {
      if (this.text.charCodeAt(i + k) !== word.charCodeAt(k)) {
        if (i + k >= this.n) throw this.atEnd(i + k, `'${word}'`, false);
        throw new Failure(i + k, `invalid literal: expected '${word}', found ${describe(this.text, i + k)}`);
      }
    }
    return i + word.length;
  }

  /** The member of the object at `level` has ended and another follows: remember its floats by key, in case the key comes again. */
  private memberDone(level: number): void {
    const from = this.memberStarts[level]!;
    const to = this.notIntegers.length;
    if (from === to) return;
    let seen = this.floatMembers.get(level);
    if (seen === undefined) this.floatMembers.set(level, (seen = new Map()));
    seen.set(this.key(this.segs[level]!), [from, to]);
  }

  /** `notIntegers` and `floats` without the ranges of replaced members. */
  private survivors(): { notIntegers: string[]; floats: ValuePlace[] } {
    if (this.dead.length === 0) return { notIntegers: this.notIntegers, floats: this.floats };
    // Dead ranges nest or are disjoint; a running count of open ranges says what is dead.
    const delta = new Int32Array(this.notIntegers.length + 1);
    for (const [from, to] of this.dead) {
      delta[from]!++;
      delta[to]!--;
    }
    const live = new Uint8Array(this.notIntegers.length);
    let open = 0;
    for (let k = 0; k < live.length; k++) live[k] = (open += delta[k]!) === 0 ? 1 : 0;
    return { notIntegers: this.notIntegers.filter((_, k) => live[k] === 1), floats: this.floats.filter((_, k) => live[k] === 1) };
  }

  /** The decoded key whose opening quote is at q (a literal already validated). */
  private key(q: number): string {
    const text = this.text;
    let j = q + 1;
    for (let c = text.charCodeAt(j); c !== 0x22; c = text.charCodeAt(++j)) {
      // With escapes, JSON.parse decodes the literal exactly.
      if (c === 0x5c) return JSON.parse(text.slice(q, this.string(q))) as string;
    }
    return text.slice(q + 1, j);
  }

  /** The value being read is a float: its JSON Pointer (its container's plus its index or key) and its place. */
  private recordFloat(): void {
    const top = this.depth - 1;
    if (top < 0) {
      this.notIntegers.push("");
      this.floats.push(ROOT_PLACE);
      return;
    }
    const at = this.token(top);
    this.notIntegers.push(`${this.containerPointer(top)}/${escapedToken(at)}`);
    this.floats.push({ parent: this.places[top]!, at });
  }

  /** The pointer of the open container at `level`; its place is made with it, in `places`. */
  private containerPointer(level: number): string {
    const pointers = this.pointers;
    const places = this.places;
    while (this.pointersValid <= level) {
      const k = this.pointersValid;
      if (k === 0) {
        pointers[k] = "";
        places[k] = ROOT_PLACE;
      } else {
        const at = this.token(k - 1);
        pointers[k] = `${pointers[k - 1]!}/${escapedToken(at)}`;
        places[k] = { parent: places[k - 1]!, at };
      }
      this.pointersValid++;
    }
    return pointers[level]!;
  }

  /** The open container at `level`'s current index, or its current key decoded. */
  private token(level: number): string | number {
    const seg = this.segs[level]!;
    return this.kinds[level] === ARRAY ? seg : this.key(seg);
  }

  private unexpected(i: number, expected: string): Failure {
    if (i >= this.n) return this.atEnd(i, expected, false);
    const c = this.text.charCodeAt(i);
    const hint =
      c === 0x2f ? " (comments are not allowed)" : c === 0x27 ? " (strings need double quotes)" : c === 0xfeff ? " (a byte order mark is allowed only at the very start)" : "";
    return new Failure(i, `expected ${expected}, found ${describe(this.text, i)}${hint}`);
  }

  /** The error for reaching the end of the text at i while expecting something. */
  private atEnd(i: number, expected: string, inString: boolean): Failure {
    const end = this.end;
    if (end.kind === "utf8") return new Failure(i, `invalid UTF-8: ${end.problem}`);
    if (end.kind === "nul") {
      return inString
        ? new Failure(i, "invalid string: control character U+0000 must be written as an escape")
        : new Failure(i, `unexpected NUL byte (nlohmann::json stops reading there); expected ${expected}`);
    }
    return new Failure(i, `unexpected end of input; expected ${expected}`);
  }
}

function grown<T extends Uint8Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether the digits text[from, to) (no leading zeros) fit nlohmann's int64 (negative) or uint64. */
function fitsInt64(text: string, from: number, to: number, negative: boolean): boolean {
  const limit = negative ? "9223372036854775808" : "18446744073709551615";
  const len = to - from;
  // Equal-length digit strings compare like the numbers.
  return len < limit.length || (len === limit.length && text.slice(from, to) <= limit);
}

function describe(text: string, i: number): string {
  const c = text.codePointAt(i)!;
  return c > 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : codePoint(c);
}

function codePoint(c: number): string {
  return `U+${hex(c)}`;
}

function hex(c: number): string {
  return c.toString(16).toUpperCase().padStart(4, "0");
}

function clip(literal: string): string {
  return literal.length <= 40 ? literal : `${literal.slice(0, 37)}...`;
}

/** 1-based line (lines end at LF) and column in code points of the UTF-16 offset `at`. */
function lineCol(text: string, at: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf("\n"); k >= 0 && k < at; k = text.indexOf("\n", k + 1)) {
    line++;
    lineStart = k + 1;
  }
  // Text decoded from UTF-8 has only paired surrogates: count each pair once, by its high half.
  let col = 1;
  for (let k = lineStart; k < at; k++) {
    const c = text.charCodeAt(k);
    if (c < 0xdc00 || c > 0xdfff) col++;
  }
  return { line, col };
}

/** The first ill-formed UTF-8 sequence (Unicode's table of well-formed byte sequences), or undefined. */
function firstUtf8Problem(b: Uint8Array): { at: number; problem: string } | undefined {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const byte = `byte 0x${c.toString(16).toUpperCase()}`;
    if (c < 0xc0) return { at: i, problem: `${byte} is a continuation byte with no lead byte` };
    if (c < 0xc2) return { at: i, problem: `${byte} starts an overlong encoding` };
    if (c > 0xf4) return { at: i, problem: `${byte} never occurs in UTF-8` };
    const more = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
    // The second byte's range is narrower after E0, ED, F0 and F4.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    const second = b[i + 1];
    if (second !== undefined && second >= 0x80 && second <= 0xbf && (second < lo || second > hi)) {
      const why = c === 0xed ? "encodes a UTF-16 surrogate" : c === 0xf4 ? "encodes a code point above U+10FFFF" : "starts an overlong encoding";
      return { at: i, problem: `${byte} followed by 0x${second.toString(16).toUpperCase()} ${why}` };
    }
    for (let k = 1; k <= more; k++) {
      const next = b[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return { at: i, problem: `the sequence starting with ${byte} is cut short` };
    }
    i += more + 1;
  }
  return undefined;
}
