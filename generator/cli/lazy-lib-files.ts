/**
 * ts-morph-common's copy of TypeScript's lib `.d.ts` texts, built on first use
 * instead of at load (for the CLI's loader, ./compile-cache.ts).
 *
 * ts-morph-common builds one array of every lib file's text (about 2.7 MB of
 * string literals) when it loads, for a `Project`'s in-memory file system. The
 * generator only prints structures and never makes a `Project`, so it never
 * asks for them; yet built at load they were 5.6 of the 8.6 MB of the code
 * cache, about 45 ms of every load and 11 MiB of memory. Rewritten, the array
 * is built by the first `getLibFiles()` call, the only reader of it, which
 * returns the same array every time as before.
 *
 * The rewrite is made only on the exact shape below (ts-morph-common 0.29):
 * the declaration, an array literal up to the getter (no top-level statement
 * between), the getter, and no other reader of the module's `libFiles` than
 * the getter (one constructor declares a local of that name and reads that).
 * Anything else gives undefined, and the module loads as it is. Line numbers
 * are kept, so stack traces point where they did.
 */

const DECLARATION = "\nconst libFiles = [{";
const END = "\n    }];\n\nfunction getLibFiles() {\n    return libFiles;\n}\n";
/** The one other use: a local of the same name, read right after. */
const LOCAL_USE = /const libFiles = getLibFiles\(\);\s*for \(const libFile of libFiles\) \{/g;
/** The function that builds the array: a name ts-morph-common does not use. */
const BUILDER = "everestTypegenLibFiles";

/** Names the rewrite in the code cache's key: bumped whenever its output changes. */
export const LAZY_LIB_FILES_VERSION = "lazy-lib-files-1";

/** The source with the lib texts built on first use, or undefined when it is not the shape this rewrites. */
export function lazyLibFiles(source: string): string | undefined {
  const start = source.indexOf(DECLARATION);
  const end = source.indexOf(END);
  if (start < 0 || end < start || source.indexOf(DECLARATION, start + 1) >= 0 || source.indexOf(END, end + 1) >= 0 || source.includes(BUILDER)) return undefined;
  // The array literal holds no top-level statement: every line in it is indented.
  for (let nl = source.indexOf("\n", start + 1); nl >= 0 && nl < end; nl = source.indexOf("\n", nl + 1)) {
    const next = source.charCodeAt(nl + 1);
    if (next !== 0x20 && next !== 0x09) return undefined;
  }
  // No other reader of the module's binding: besides the declaration and the getter, only the local uses (two each).
  const uses = source.match(/\blibFiles\b/g)?.length ?? 0;
  const locals = source.match(LOCAL_USE)?.length ?? 0;
  if (uses !== 2 + 2 * locals) return undefined;
  return (
    source.slice(0, start) +
    `\nlet libFiles; function ${BUILDER}() { return [{` +
    source.slice(start + DECLARATION.length, end) +
    `\n    }]; }\n\nfunction getLibFiles() {\n    return libFiles ??= ${BUILDER}();\n}\n` +
    source.slice(end + END.length)
  );
}
