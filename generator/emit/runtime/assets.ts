/**
 * The runtime's files as the generated package gets them. Their text lives in
 * ./assets/ as code that tsc and editors check (see the header of each file)
 * and is read from there at emit time: generator/emit/runtime/assets/ when
 * running from the TypeScript sources, dist/generator/emit/runtime/assets/
 * when running from dist/ (scripts/build.js copies them there). Found from
 * this module's own folder, so the output does not depend on the working
 * directory; inside the generator's folder, so the manifest's generator hash
 * (write/manifest.ts) covers them.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ASSETS_DIR = path.join(__dirname, "assets");

/** A line holding only a one-line JSDoc comment that starts with a tag: a type for tsc. */
const TYPE_COMMENT = /^[ \t]*\/\*\* @(?:(?!\*\/).)*\*\/$/;

/**
 * What of an asset is emitted: all but its leading `//` lines (its header,
 * with runtime.js's `// @ts-check`) and the lines that hold only a type
 * comment (TYPE_COMMENT), which are for tsc.
 */
export function emittedText(source: string): string {
  const lines = source.split("\n");
  let start = 0;
  while (start < lines.length && lines[start]!.startsWith("//")) start++;
  return lines
    .slice(start)
    .filter((line) => !TYPE_COMMENT.test(line))
    .join("\n");
}

/**
 * The text of an asset file. The generator cannot work without it, so a
 * missing or empty file is an internal error (not user input, nor an empty
 * runtime in the output): a plain Error, without the fs error's `code` and
 * `path`, which the CLI would report as a problem with the user's files. The
 * CLI prefixes "internal error: " itself.
 */
export function readAsset(file: string): string {
  let source: string;
  try {
    source = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file}, a file of everest-typegen itself (${(e as Error).message}); \`npm run build\` puts it there`);
  }
  if (source === "") throw new Error(`${file}, a file of everest-typegen itself, is empty`);
  return source;
}

const emitted = new Map<string, string>();

/** The emitted text of ./assets/`name`, read once per process. */
export function assetText(name: string): string {
  let text = emitted.get(name);
  if (text === undefined) {
    text = emittedText(readAsset(path.join(ASSETS_DIR, name)));
    emitted.set(name, text);
  }
  return text;
}
