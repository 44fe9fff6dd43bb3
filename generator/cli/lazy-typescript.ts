/**
 * TypeScript for ts-morph, loaded only when something asks for more than
 * ts-morph's printing of structures needs (./compile-cache.ts).
 *
 * The generator prints declarations from structures (../emit/ts/print.ts),
 * which needs nothing of the TypeScript compiler: ts-morph reads
 * TypeScript's enums (`SyntaxKind`, `ScriptTarget`) and its version as it
 * loads, and makes one scanner, with which it finds where to put the comma
 * after each item of a printed list. Yet loading TypeScript's 9 MB was 150
 * of the 230 ms a small generate spent loading ts-morph (reading the file,
 * decoding it, deserializing its code): without it, a small generate makes
 * about 7,000 of its 20,000 page faults fewer and takes a fifth less time.
 *
 * So @ts-morph/common is given, for its `./typescript`, a stand-in that:
 * - answers the enums and constants from a record made from the real module
 *   by an earlier run (`dataOf`, kept in the code cache's folder, named after
 *   TypeScript's file as its code cache is);
 * - gives ts-morph's own scanner, when its use is the one checked below, as
 *   a {@link commaScanner};
 * - loads the real TypeScript on first asking for anything else (a parse in
 *   ../emit/ts/member-indent.ts's fallback, a list item holding a comment),
 *   and from then on is that module.
 * What is printed is byte for byte what the real TypeScript gives
 * (test/lazy-typescript.test.ts compares the scanner's answers, and whole
 * runs with and without the stand-in).
 */
import * as crypto from "node:crypto";

/** TypeScript's plain data: its enums (name to value and value to name) and its string and number constants. */
export type TypeScriptData = Readonly<Record<string, string | number | Readonly<Record<string, string | number>>>>;

/** A record larger than this is no record of ours (TypeScript 6's is about 84 kB). */
export const MAX_DATA_BYTES = 4 * 1024 * 1024;

/** The plain data of the real TypeScript module: each export that is a string, a number, or an object of only those (its enums, and a few tables). */
export function dataOf(ts: Readonly<Record<string, unknown>>): TypeScriptData {
  const data: Record<string, TypeScriptData[string]> = {};
  for (const key of Object.keys(ts)) {
    const value = ts[key];
    if (typeof value === "string" || typeof value === "number" || isFlatRecord(value)) data[key] = value;
  }
  return data;
}

/** A record's text as `dataOf` wrote it; undefined for anything else. */
export function parseData(text: string): TypeScriptData | undefined {
  if (text.length > MAX_DATA_BYTES) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed)) return undefined;
  for (const value of Object.values(parsed)) {
    if (typeof value !== "string" && typeof value !== "number" && !isFlatRecord(value)) return undefined;
  }
  return parsed as TypeScriptData;
}

/** An object literal's kind of object: its prototype is an `Object.prototype` (of any realm: the test suite loads TypeScript in another) or none. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function isFlatRecord(value: unknown): value is Record<string, string | number> {
  if (!isPlainObject(value)) return false;
  const values = Object.values(value);
  return values.length > 0 && values.every((v) => typeof v === "string" || typeof v === "number");
}

/**
 * The ts-morph function that uses the scanner the stand-in may give, as
 * ts-morph 28.0.0 has it: its text's sha256. ts-morph makes that scanner once,
 * as it loads, and uses it nowhere else; `commaScannerFits` checks all of that
 * on the source being loaded, counting names rather than calls (an alias, `?.`
 * or `["..."]` names it too). Any other text and ts-morph gets TypeScript's
 * own scanner (TypeScript is then loaded as it always was).
 */
const KNOWN_COMMA_POS = "63c9cb8257b8760eadfdf97cb6f51560447d0b45eeb7ee43e714ecf374bd681e";
const COMMA_POS_HEAD = "function getAppendCommaPos(text) {";
const SCANNER_MADE = "const scanner = common.ts.createScanner(common.ts.ScriptTarget.Latest, true);";

/** Whether ts-morph's source (`code`) uses its scanner exactly as {@link commaScanner} serves it. */
export function commaScannerFits(code: string): boolean {
  const start = code.indexOf(COMMA_POS_HEAD);
  if (start < 0 || code.indexOf(COMMA_POS_HEAD, start + 1) >= 0) return false;
  const end = code.indexOf("\n}\n", start);
  if (end < 0) return false;
  const fn = code.slice(start, end + 3);
  if (crypto.createHash("sha256").update(fn).digest("hex") !== KNOWN_COMMA_POS) return false;
  // Made once, by the only mention of createScanner, and named nowhere but there and in that function.
  const made = code.indexOf(SCANNER_MADE);
  if (made < 0 || count(code, /createScanner/g) !== 1 || code.indexOf("createScanner", made) !== made + SCANNER_MADE.indexOf("createScanner")) return false;
  return count(code, /\bscanner\b/g) === 1 + count(fn, /\bscanner\b/g);
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The part of TypeScript's scanner that ts-morph's `getAppendCommaPos` uses. */
export interface CommaScanner {
  setText(text: string | undefined): void;
  scan(): number;
  reScanTemplateToken(isTaggedTemplate: boolean): number;
  getTokenFullStart(): number;
}

/**
 * A list item's printed text whose tokens end where its last character that
 * is not white space ends: ASCII without `/` (no comment), `` ` `` (no
 * template), `#` (no shebang), `\` (no escape) or `@`, string literals closed
 * on their own line, the generator's own line mark (U+E000, ../emit/ts/member-indent.ts,
 * a token of its own to TypeScript), and no run of seven of `<`, `=`, `>`,
 * `|` (a merge conflict marker, which TypeScript skips as trivia).
 */
const PLAIN = /^(?:[A-Za-z0-9_$ \t\r\n:|&<>[\](){}.,?=;*+\-!%^~\uE000]|"[ !#-[\]-~\uE000]*"|'[ -&(-[\]-~\uE000]*')*$/;
const CONFLICT_MARKER = /[<=>|]{7}/;

/** Whether {@link commaScanner} answers for `text` itself. */
export function isPlainItem(text: string): boolean {
  return PLAIN.test(text) && !CONFLICT_MARKER.test(text);
}

/**
 * ts-morph's scanner for its comma positions. `getAppendCommaPos` scans a
 * list item's text to its end, following template literals, and asks where
 * the end-of-file token's trivia starts: just after the last token. For a
 * {@link isPlainItem} text that is just after its last character that is
 * not white space, with no template to follow, and this answers so itself.
 * Any other text goes to TypeScript's scanner (`real`, loading TypeScript).
 * `kinds` are TypeScript's own values, from its data.
 */
export function commaScanner(kinds: { readonly endOfFile: number; readonly unknown: number }, real: () => CommaScanner): CommaScanner {
  let scanner: CommaScanner | undefined;
  let text: string | undefined;
  // For a plain text: tokens scanned so far (0, 1 for "some token", 2 for the end), or undefined when TypeScript's scanner has it.
  let scanned: number | undefined;
  const misuse = (): never => {
    throw new Error("everest-typegen: ts-morph's scanner was used in a way the stand-in for TypeScript does not serve");
  };
  return {
    setText(t) {
      text = t;
      if (t !== undefined && isPlainItem(t)) {
        scanned = 0;
        return;
      }
      scanned = undefined;
      if (t !== undefined) scanner ??= real();
      scanner?.setText(t);
    },
    scan() {
      if (scanned === undefined) return scanner === undefined ? misuse() : scanner.scan();
      // Some token, then the end: getAppendCommaPos looks only for the end and for templates, which a plain text lacks.
      scanned = scanned === 0 && contentEnd(text!) > 0 ? 1 : 2;
      return scanned === 1 ? kinds.unknown : kinds.endOfFile;
    },
    reScanTemplateToken(isTaggedTemplate) {
      return scanned === undefined && scanner !== undefined ? scanner.reScanTemplateToken(isTaggedTemplate) : misuse();
    },
    getTokenFullStart() {
      if (scanned === undefined) return scanner === undefined ? misuse() : scanner.getTokenFullStart();
      return scanned === 2 ? contentEnd(text!) : misuse();
    },
  };
}

/** Where `text` ends without its trailing white space (the only trivia a plain text can have). */
function contentEnd(text: string): number {
  let end = text.length;
  while (end > 0 && " \t\r\n".includes(text[end - 1]!)) end--;
  return end;
}

/**
 * The stand-in module: `data` until something else is asked for, then the
 * real TypeScript (`load`, called at most once). `commaScannerNow` says
 * whether a `createScanner` call now is ts-morph's own, checked by
 * {@link commaScannerFits}: that one call gets a {@link commaScanner}.
 *
 * It says it has a `default` export, so that @ts-morph/common's import of it
 * (`_interopNamespaceCompat`) takes it as it is rather than copying every
 * export of the real module, which would load it. So ts-morph's `ts` is this
 * stand-in, not that frozen copy whose `default` is the module: neither
 * ts-morph nor its common package reads a `default` of it, and asked for, it
 * is the real module's (undefined).
 */
export function lazyTypeScript(data: TypeScriptData, load: () => Record<PropertyKey, unknown>, commaScannerNow: () => boolean): object {
  let real: Record<PropertyKey, unknown> | undefined;
  const loaded = (): Record<PropertyKey, unknown> => (real ??= load());
  const syntaxKind = data["SyntaxKind"];
  const kinds =
    typeof syntaxKind === "object" && typeof syntaxKind["EndOfFileToken"] === "number" && typeof syntaxKind["Unknown"] === "number"
      ? {
          endOfFile: syntaxKind["EndOfFileToken"],
          unknown: syntaxKind["Unknown"],
        }
      : undefined;
  const createScanner = (...args: unknown[]): CommaScanner => {
    const made = (): CommaScanner => (loaded()["createScanner"] as (...a: unknown[]) => CommaScanner)(...args);
    return kinds !== undefined && commaScannerNow() ? commaScanner(kinds, made) : made();
  };
  return new Proxy(
    {},
    {
      get(_, key) {
        if (real !== undefined) return real[key];
        if (typeof key === "string" && Object.prototype.hasOwnProperty.call(data, key)) return data[key];
        if (key === "createScanner") return createScanner;
        return loaded()[key];
      },
      has(_, key) {
        return key === "default" || key in loaded();
      },
      ownKeys() {
        return Reflect.ownKeys(loaded());
      },
      getOwnPropertyDescriptor(_, key) {
        const d = Reflect.getOwnPropertyDescriptor(loaded(), key);
        // A proxy may not report a property the (empty) target lacks as non-configurable.
        return d === undefined ? undefined : { ...d, configurable: true };
      },
      set(_, key, value) {
        return Reflect.set(loaded(), key, value);
      },
      defineProperty(_, key, d) {
        return Reflect.defineProperty(loaded(), key, d);
      },
      deleteProperty(_, key) {
        return Reflect.deleteProperty(loaded(), key);
      },
    },
  );
}
