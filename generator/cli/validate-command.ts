/**
 * `validate <ref> [files...]`: judges JSON documents with the generated
 * package's own validators, so the CLI and applications can never disagree.
 *
 * JSON text is read as EVerest's runtime reads it (nlohmann::json, see
 * ../json-text.ts): what nlohmann refuses is invalid JSON here too, and a
 * number nlohmann holds as a float (`1.0`, `1e0`, an integer beyond 64 bits)
 * is not an `integer`, although JavaScript cannot tell it from one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { oneLine } from "../diagnostics";
import { parseJsonText } from "../json-text";
import { EXIT, UserError } from "./exit-codes";

interface Issue {
  readonly path: string;
  readonly message: string;
  readonly keyword?: string;
}

interface GeneratedRoot {
  validate(ref: string, value: unknown): { valid: boolean; errors: readonly Issue[] };
}

function loadPackage(out: string): GeneratedRoot {
  const entry = path.resolve(out, "index.js");
  if (!fs.existsSync(entry)) {
    throw new UserError(`${out}: no generated package here (run \`everest-typegen generate\` first)`);
  }
  return require(entry) as GeneratedRoot;
}

function readSource(file: string): Buffer {
  try {
    return fs.readFileSync(file === "-" ? 0 : file);
  } catch (err) {
    throw new UserError(`${file === "-" ? "<stdin>" : file}: cannot read: ${(err as Error).message.replace(/^[A-Z]+: /, "")}`);
  }
}

/** A document read and parsed: its value, and the JSON Pointers of numbers written as floats. */
interface Doc {
  readonly name: string;
  readonly value: unknown;
  readonly notIntegers: readonly string[];
}

export async function runValidate(ref: string, files: string[], opts: { out: string }): Promise<number> {
  const pkg = loadPackage(opts.out);
  const sources = files.length === 0 ? ["-"] : files;
  // Read and parse everything first: an unreadable file or bad JSON is a usage problem (exit 2), reported before any verdict.
  const docs = sources.map((file): Doc => {
    const name = file === "-" ? "<stdin>" : file;
    const parsed = parseJsonText(readSource(file));
    if (!parsed.ok) throw new UserError(`${name}:${parsed.line}:${parsed.col}: invalid JSON: ${parsed.message}`);
    return { name, value: parsed.value, notIntegers: parsed.notIntegers };
  });
  let allValid = true;
  for (const doc of docs) {
    let result: { valid: boolean; errors: readonly Issue[] };
    try {
      result = judge(pkg, ref, doc);
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_UNKNOWN_TYPE") throw new UserError((err as Error).message);
      throw err;
    }
    // Each line through oneLine: keys and values of the data, and definition text, can hold line breaks and terminal escapes.
    if (result.valid) {
      process.stdout.write(`${oneLine(`${doc.name}: valid ${ref}`)}\n`);
      continue;
    }
    allValid = false;
    process.stdout.write(`${oneLine(`${doc.name}: invalid ${ref}`)}\n`);
    for (const e of result.errors) process.stdout.write(`  ${oneLine(`${e.path === "" ? "(root)" : e.path}: ${e.message}`)}\n`);
  }
  return allValid ? EXIT.ok : EXIT.mismatch;
}

/**
 * The package's verdict, plus what only the text shows: a number written as a
 * float where the schema wants an integer. To find those, the value is judged
 * a second time with each such number replaced by NaN, which no `integer` or
 * `number` accepts; a `type` error that asks for an integer (and not for a
 * number) at one of those places is the runtime's verdict too. The value is
 * changed in place: it is not used again.
 */
function judge(pkg: GeneratedRoot, ref: string, doc: Doc): { valid: boolean; errors: readonly Issue[] } {
  const first = pkg.validate(ref, doc.value);
  if (doc.notIntegers.length === 0) return first;
  const floats = new Set(doc.notIntegers);
  let value = doc.value;
  for (const pointer of doc.notIntegers) value = setAt(value, pointer, Number.NaN);
  const second = pkg.validate(ref, value);
  const seen = new Set(first.errors.map((e) => `${e.path}\u0000${e.message}`));
  const extra = second.errors.filter(
    (e) => e.keyword === "type" && floats.has(e.path) && /\binteger\b/.test(e.message) && !/\bnumber\b/.test(e.message) && !seen.has(`${e.path}\u0000${e.message}`),
  );
  const written = extra.map((e) => ({ ...e, message: `${e.message} (written as a float: EVerest's runtime reads it as one)` }));
  if (written.length === 0) return first;
  return { valid: false, errors: [...first.errors, ...written].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** `root` with the value at a JSON Pointer replaced (in place); the root itself when the pointer is "". */
function setAt(root: unknown, pointer: string, to: unknown): unknown {
  if (pointer === "") return to;
  const keys = pointer.slice(1).split("/").map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
  let at = root as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  Object.defineProperty(at, keys[keys.length - 1]!, { value: to, enumerable: true, writable: true, configurable: true });
  return root;
}
