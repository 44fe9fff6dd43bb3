/**
 * ts-morph-common's copy of TypeScript's lib `.d.ts` texts, read and built on
 * first use instead of at load (for the CLI's loader, ./compile-cache.ts).
 *
 * ts-morph-common builds one array of every lib file's text (about 2.7 MB of
 * string literals, most of its 3 MB source) when it loads, for a `Project`'s
 * in-memory file system. The generator only prints structures and never
 * makes a `Project`, so it never asks for them. Built at load they were 5.6 of
 * the code cache's 8.6 MB; kept in the module's source they made it a 6 MB
 * two-byte string that V8 holds for as long as the process runs, decoded from
 * UTF-8 on every load.
 *
 * So the module is compiled without the array's text: a builder stands in its
 * place, called by the first `getLibFiles()` (the only reader of the array),
 * which returns the same array every time as before. The builder evaluates the
 * array's original text, kept as the file's bytes (read once, as node reads
 * any module), where the declaration stood: the same literal in the same
 * module scope, so the same array, only later. Line numbers are kept, so
 * stack traces point where they did.
 *
 * The rewrite is made only on the exact shape below (ts-morph-common 0.29):
 * the declaration, an array literal up to the getter (no top-level statement
 * between, no name in it), the getter, and no other reader of the module's
 * `libFiles` than the getter (one constructor declares a local of that name
 * and reads that). Anything else gives undefined, and the module loads as it
 * is.
 */
import { isAscii } from "node:buffer";

const DECLARATION = "\nconst libFiles = [{";
const END = "\n    }];\n\nfunction getLibFiles() {\n    return libFiles;\n}\n";
/** The one other use: a local of the same name, read right after. */
const LOCAL_USE = /const libFiles = getLibFiles\(\);\s*for \(const libFile of libFiles\) \{/g;
/** The function that builds the array, and the parameter that gives its text: names ts-morph-common does not use. */
const BUILDER = "everestTypegenLibFiles";
export const LIB_FILES_TEXT = "everestTypegenLibFilesText";

/** Names the rewrite in the code cache's key: bumped whenever its output changes. */
export const LAZY_LIB_FILES_VERSION = "lazy-lib-files-2";

export interface LazyLibFiles {
  /** The module's source, to compile with one more wrapper parameter, named {@link LIB_FILES_TEXT}, given {@link arrayText}. */
  readonly source: string;
  /** Whether `source` is ASCII (the array's text, left out, is not). */
  readonly ascii: boolean;
  /** The array's text, `[{ ... }]`, decoded when the builder first runs. */
  readonly arrayText: () => string;
}

/** The module from its file's bytes, with the lib texts built on first use; undefined when it is not the shape this rewrites. */
export function lazyLibFiles(bytes: Buffer): LazyLibFiles | undefined {
  const start = bytes.indexOf(DECLARATION);
  const end = bytes.indexOf(END);
  if (start < 0 || end < start || bytes.indexOf(DECLARATION, start + 1) >= 0 || bytes.indexOf(END, end + 1) >= 0) return undefined;
  // The array literal holds no top-level statement (every line in it is indented) and no name of ours to read.
  let inner = 0;
  for (let nl = bytes.indexOf(0x0a, start + 1); nl >= 0 && nl < end; nl = bytes.indexOf(0x0a, nl + 1)) {
    const next = bytes[nl + 1];
    if (next !== 0x20 && next !== 0x09) return undefined;
    inner++;
  }
  const arrayEnd = end + "\n    }]".length;
  const named = bytes.indexOf("libFiles", start + DECLARATION.length);
  if (named >= 0 && named < arrayEnd) return undefined;
  const head = bytes.subarray(0, start);
  const tail = bytes.subarray(end + END.length);
  const ascii = isAscii(head) && isAscii(tail);
  const decode = (b: Buffer): string => (ascii ? b.toString("latin1") : b.toString("utf8"));
  const [headText, tailText] = [decode(head), decode(tail)];
  if ([headText, tailText].some((t) => t.includes(BUILDER) || t.includes(LIB_FILES_TEXT))) return undefined;
  // No other reader of the module's binding: outside the declaration and the getter, only the local uses (two words each).
  const words = (t: string): number => t.match(/\blibFiles\b/g)?.length ?? 0;
  const locals = (t: string): number => t.match(LOCAL_USE)?.length ?? 0;
  if (words(headText) + words(tailText) !== 2 * (locals(headText) + locals(tailText))) return undefined;
  // Direct eval: the literal is evaluated in the module's scope, as it was at the top level.
  const builder = `\nlet libFiles; function ${BUILDER}() { return eval(${LIB_FILES_TEXT}()); }`;
  const getter = `\nfunction getLibFiles() {\n    return libFiles ??= ${BUILDER}();\n}\n`;
  // As many lines as the declaration, the literal and the getter took, so every line after keeps its number.
  const lines = (s: string): number => s.split("\n").length - 1;
  const padding = lines(DECLARATION) + inner + lines(END) - lines(builder) - lines(getter);
  if (padding < 0) return undefined;
  const array = bytes.subarray(start + DECLARATION.length - "[{".length, arrayEnd);
  return {
    source: headText + builder + "\n".repeat(padding) + getter + tailText,
    ascii,
    arrayText: () => array.toString("utf8"),
  };
}
