/**
 * `validate <ref> [files...]`: judges JSON documents with the generated
 * package's own validators, so the CLI and applications can never disagree.
 *
 * JSON text is read as EVerest's runtime reads it (nlohmann::json, see
 * ../json-text.ts): what nlohmann refuses is invalid JSON here too, and a
 * number nlohmann holds as a float (`1.0`, `1e0`, an integer beyond 64 bits)
 * is not an `integer`, although JavaScript cannot tell it from one.
 *
 * Input is bounded: regular files and standard input only, at most
 * LIMITS.maxValidateInputBytes each (see readSource). How deep a document is
 * judged is the package's rule (validate(), see
 * ../emit/validators/depth.ts); the JSON reader itself takes any depth.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { oneLine } from "../diagnostics";
import { ROOT_PLACE, parseJsonText, type ValuePlace } from "../json-text";
import { LIMITS } from "../limits";
import { EXIT, UserError } from "./exit-codes";
import { compareText } from "../compare";

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
  // require() reads the entry whole: a FIFO in its place would block forever, a device never end.
  if (!fs.statSync(entry).isFile()) throw new UserError(`${out}: its index.js is not a regular file, so not a generated package (run \`everest-typegen generate\`)`);
  return require(entry) as GeneratedRoot;
}

/** The most bytes of one document read (README, "Limits on input"); a longer one is refused, unread past this. */
const MAX_BYTES = LIMITS.maxValidateInputBytes;
const MAX_TEXT = `${MAX_BYTES / (1024 * 1024)} MiB`;
const CHUNK = 64 * 1024;

/**
 * The bytes of one document: a regular file given by path, or standard input
 * (`-`). Anything else given by path — a folder, a FIFO, a socket, a device
 * such as /dev/zero — is refused before it is opened, so nothing blocks on a
 * FIFO with no writer or reads an endless device. Nothing past MAX_BYTES is
 * read, from a file or standard input alike: the document is then refused.
 */
async function readSource(file: string): Promise<Buffer> {
  return file === "-" ? readStdin() : readRegularFile(file);
}

function cannotRead(name: string, err: unknown): UserError {
  const e = err as NodeJS.ErrnoException;
  const reason = e.code === "ENOENT" ? "no such file or directory" : String(e.message).replace(/^[A-Z]+: /, "");
  return new UserError(`${name}: cannot read: ${reason}`);
}

function tooLarge(name: string): UserError {
  return new UserError(`${name}: larger than ${MAX_TEXT}, the most validate reads of one document`);
}

/** What a path names, for the refusal of anything but a regular file. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  return "not a file";
}

function notRegular(file: string, stat: fs.Stats): UserError {
  return new UserError(`${file}: not a regular file (${kindOf(stat)}); validate reads regular files, and standard input given as - or no file`);
}

function readRegularFile(file: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw cannotRead(file, err);
  }
  if (!stat.isFile()) throw notRegular(file, stat);
  if (stat.size > MAX_BYTES) throw tooLarge(file);
  let fd: number;
  try {
    // O_NONBLOCK: should a FIFO have been put in the file's place since the stat, opening it must not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (err) {
    throw cannotRead(file, err);
  }
  try {
    const now = fs.fstatSync(fd);
    if (!now.isFile()) throw notRegular(file, now);
    const chunks: Buffer[] = [];
    let size = 0;
    // The size the file says it has in one read (and a byte more, to see its end), then small steps while it grows.
    let want = Math.min(MAX_BYTES, now.size) + 1;
    for (;;) {
      const chunk = Buffer.allocUnsafe(want);
      const n = fs.readSync(fd, chunk, 0, want, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_BYTES) throw tooLarge(file);
      chunks.push(n === want ? chunk : chunk.subarray(0, n));
      want = Math.min(CHUNK, MAX_BYTES + 1 - size);
    }
    return Buffer.concat(chunks, size);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotRead(file, err);
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input, in chunks as it comes, whatever it is (a pipe, a terminal, a file or device redirected). */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Leaving the loop destroys the stream: nothing more is read.
      if (size > MAX_BYTES) throw tooLarge("<stdin>");
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotRead("<stdin>", err);
  }
  return Buffer.concat(chunks, size);
}

/** A document read and parsed: its value, and the places of numbers written as floats. */
interface Doc {
  readonly name: string;
  readonly value: unknown;
  readonly floats: readonly ValuePlace[];
}

export async function runValidate(ref: string, files: string[], opts: { out: string }): Promise<number> {
  const pkg = loadPackage(opts.out);
  const sources = files.length === 0 ? ["-"] : files;
  // Read and parse everything first: an unreadable file or bad JSON is a usage problem (exit 2), reported before any verdict.
  const docs: Doc[] = [];
  for (const file of sources) {
    const name = file === "-" ? "<stdin>" : file;
    const parsed = parseJsonText(await readSource(file));
    if (!parsed.ok) throw new UserError(`${name}:${parsed.line}:${parsed.col}: invalid JSON: ${parsed.message}`);
    docs.push({ name, value: parsed.value, floats: parsed.floats });
  }
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
 * number) at a place that holds NaN is the runtime's verdict too (JSON has no
 * NaN of its own). The value is changed in place: it is not used again.
 */
function judge(pkg: GeneratedRoot, ref: string, doc: Doc): { valid: boolean; errors: readonly Issue[] } {
  const first = pkg.validate(ref, doc.value);
  if (doc.floats.length === 0) return first;
  const value = withNaN(doc.value, doc.floats);
  const second = pkg.validate(ref, value);
  const seen = new Set(first.errors.map((e) => `${e.path}\u0000${e.message}`));
  const extra = second.errors.filter(
    (e) => e.keyword === "type" && /\binteger\b/.test(e.message) && !/\bnumber\b/.test(e.message) && !seen.has(`${e.path}\u0000${e.message}`) && Number.isNaN(valueAt(value, e.path)),
  );
  const written = extra.map((e) => ({ ...e, message: `${e.message} (written as a float: EVerest's runtime reads it as one)` }));
  if (written.length === 0) return first;
  return { valid: false, errors: [...first.errors, ...written].sort((a, b) => compareText(a.path, b.path)) };
}

/**
 * `root` with the number at each of `floats` replaced by NaN (in place); NaN
 * itself when the document is one such number. Each container is found once,
 * from its own container (`found`), so a document of many floats nested deep
 * costs the places it has, not floats times depth (a pointer per float, split
 * and walked, took 41 s for 5,000 floats 10,000 levels down).
 */
function withNaN(root: unknown, floats: readonly ValuePlace[]): unknown {
  const found = new Map<ValuePlace, unknown>([[ROOT_PLACE, root]]);
  const containerOf = (place: ValuePlace): Record<string | number, unknown> => {
    // The places above `place` not found yet, nearest first: walked down iteratively, as documents nest a million deep.
    const path: ValuePlace[] = [];
    let at = place;
    while (!found.has(at)) {
      path.push(at);
      at = at.parent!;
    }
    let value = found.get(at);
    for (let k = path.length - 1; k >= 0; k--) {
      value = (value as Record<string | number, unknown>)[path[k]!.at];
      found.set(path[k]!, value);
    }
    return value as Record<string | number, unknown>;
  };
  let out = root;
  for (const float of floats) {
    if (float === ROOT_PLACE) out = Number.NaN;
    else Object.defineProperty(containerOf(float.parent!), float.at, { value: Number.NaN, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The value at a JSON Pointer of `root`, or undefined where there is none. */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let at = root;
  for (const token of pointer.slice(1).split("/")) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof at !== "object" || at === null || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
