/**
 * The checked input files of the last run that wrote an output folder with
 * the cache on, kept for a run in a new process (a pre-commit hook, CI,
 * `generate` after an edit, the first run of a watch): a file whose kind,
 * path and bytes are the ones checked then gets that check's result without
 * being read as YAML or checked again. On EVerest's tree, reading and
 * checking the 119 inputs is about a third of a run after one type file
 * changed. A watch's later runs take their checks from its session
 * (../load-model.ts), by the same key.
 *
 * - A file's result is taken again exactly as a session takes a step again
 *   (./step-memo.ts): what the read and the check reported is reported
 *   again, in the same place among the run's reports, and what they drew
 *   from the run's budget is drawn again, only when that much is left. A
 *   result is kept only when the budget neither ran out nor refused a
 *   pattern while the file was read and checked.
 * - The key is the file's kind, path and sha256, under a tag naming this
 *   format, the generator's hash (its code and the versions of the libraries
 *   that read and check the YAML, write/manifest.ts `hashGenerator`), node's
 *   version (V8's serialization and its regular expressions) and the bounds
 *   a check applies (../limits.ts, which the code fixes but a caller in the
 *   same process could change). Never times.
 * - Results are V8-serialized (node:v8), which keeps what JSON would not
 *   (objects shared within a result, -0, undefined), and kept only when they
 *   are plain data: objects and arrays with data properties only. A result
 *   taken again is made from the record's bytes for this run alone, so it
 *   is not frozen as a session's are: nothing this run does to it can reach
 *   another run.
 * - The record is `<out>/.everest-typegen-cache/checks`, signed like the job
 *   cache's entries (../job-cache.ts: HMAC-SHA256 under the secret kept
 *   beside the generator's libraries, never in the folder, so a record
 *   forged or damaged in the output folder is never used). Each run writes
 *   a new one into the staged tree holding only its own files' results:
 *   it never grows.
 * - The record also keeps what the ReDoS analysis (../check/redos.ts) found
 *   for each repeating pattern of those files, and primes that analysis's
 *   cache with it: a changed file whose patterns were there before is
 *   checked without loading the analysis's libraries (the check of
 *   EVerest's `types/evse_manager.yaml` went from 64 to 12 ms profiled).
 *   A finding depends only on the pattern, the generator and node, all
 *   three in the record's tag.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import type { Diagnostic, DiagnosticBag } from "../diagnostics";
import { LIMITS, type LoadBudget } from "../limits";
import type { InputFile } from "./input-file";
import type { ModelOptions } from "../load-model";
import { type Charges, drawAgain, recordCharges } from "./step-memo";
import { readSignedBytes, writeSigned } from "../job-cache";
import { hashGenerator, sha256 } from "../write/manifest";
import { compareText } from "../compare";
import { isRedosFinding, knownFinding, rememberFinding, type RedosFinding } from "../check/redos";

/** The record's name in the cache folder. */
export const CHECK_STORE_NAME = "checks";

const VERSION = "everest-typegen check store 1";

/** The entry holding the patterns' findings; no file's key starts with NUL (its kind comes first). */
const FINDINGS_KEY = "\u0000redos findings";

/** The largest record read or written (EVerest's tree needs about 3 MB). */
const MAX_STORE_BYTES = 64 * 1024 * 1024;

/** The kind each input list's checks are kept under (../load-model.ts). */
export const CHECK_KIND = { types: "types", interfaces: "interface", errors: "error", api: "api" } as const;

/**
 * The bytes of the inputs whose checks `store` does not hold (all of them
 * without one): the files a run reads and checks, and most likely compiles
 * validators for (those of a file whose check is kept were made by the run
 * that kept it, and its cache holds them). Sizes the worker thread's young
 * generation (../young-generation.ts `workerSemiSpaceMb`). A string's bytes
 * are counted in UTF-16 units, near enough for that.
 */
export function bytesToCheck(files: readonly InputFile[], options: ModelOptions, store?: CheckStore): number {
  let n = 0;
  const add = (kind: string, list: readonly InputFile[] | undefined): void => {
    for (const f of list ?? []) if (store === undefined || !store.holds(kind, f)) n += typeof f.content === "string" ? f.content.length : f.content.byteLength;
  };
  add(CHECK_KIND.types, files);
  add(CHECK_KIND.interfaces, options.interfaces);
  add(CHECK_KIND.errors, options.errors);
  add(CHECK_KIND.api, options.api);
  return n;
}

export interface CheckStore {
  /**
   * `readAndCheck()`, the reading and checking of `file` (of input kind
   * `kind`), or its result from the record: then its reports are made again
   * and its charges drawn from `budget` again, and nothing is read.
   */
  run<T>(kind: string, file: InputFile, diags: DiagnosticBag, budget: LoadBudget, readAndCheck: () => T | undefined): T | undefined;
  /** Writes the results of this run's files into the cache folder `dir` (made when missing). */
  save(dir: string): void;
  /** How many files' results were taken from the record, and how many files were read and checked. */
  counts(): CheckCounts;
  /** Whether the record holds a result for `file` of kind `kind` as its bytes are now: one `run` would take if the budget allows. */
  holds(kind: string, file: InputFile): boolean;
}

export interface CheckCounts {
  readonly taken: number;
  readonly checked: number;
}

/** One file's result as it is recorded. */
interface Stored extends Charges {
  readonly value: unknown;
}

/**
 * The store of a run whose cache is read from `readDir` (absent: nothing to
 * take) under `secret`. A record that is missing, not a regular file, too
 * big, forged, damaged or made by another generator or node is ignored.
 */
export function openCheckStore(readDir: string | undefined, secret: string): CheckStore {
  const tag = `${VERSION} ${sha256(`${hashGenerator()}\u0000${process.version}\u0000${JSON.stringify(LIMITS)}`)}`;
  const last = readDir === undefined ? new Map<string, Buffer>() : readRecord(path.join(readDir, CHECK_STORE_NAME), secret, tag);
  const findings = last.get(FINDINGS_KEY);
  last.delete(FINDINGS_KEY);
  /** The record's findings: primed into the analysis's cache, and kept for this run's record should that cache drop them. */
  const recorded = new Map(findings === undefined ? [] : decodeFindings(findings));
  for (const [pattern, finding] of recorded) rememberFinding(pattern, finding);
  /** This run's files' results, serialized: taken again, the record's bytes; made now, serialized as the check gave them (before any later step could touch them). */
  const next = new Map<string, Buffer>();
  /** The repeating patterns each of those files' checks asked about. */
  const patternsOf = new Map<string, readonly string[]>();
  let taken = 0;
  let checked = 0;
  /** Each file's sha256, taken once: asked by `holds` before the run reads the file. */
  const hashes = new WeakMap<InputFile, string>();
  const keyOf = (kind: string, file: InputFile): string => {
    let hash = hashes.get(file);
    if (hash === undefined) hashes.set(file, (hash = sha256(file.content)));
    return `${kind}\u0000${file.path}\u0000${hash}`;
  };
  return {
    run<T>(kind: string, file: InputFile, diags: DiagnosticBag, budget: LoadBudget, readAndCheck: () => T | undefined): T | undefined {
      const key = keyOf(kind, file);
      const serialized = last.get(key);
      const known = serialized === undefined ? undefined : decode(serialized);
      if (known !== undefined && drawAgain(budget, known)) {
        diags.replay(known.reported);
        next.set(key, serialized!);
        patternsOf.set(key, known.patterns);
        taken++;
        return known.value as T;
      }
      checked++;
      const { value, charges } = recordCharges(diags, budget, readAndCheck);
      if (value !== undefined && charges !== undefined && plainData(value) && plainData(charges.reported)) {
        const stored: Stored = { value, ...charges };
        try {
          next.set(key, v8.serialize(stored));
          patternsOf.set(key, charges.patterns);
        } catch {
          // Not serializable after all: that file is read and checked next time.
        }
      }
      return value;
    },
    save(dir) {
      const entries = new Map(next);
      const found = encodeFindings(new Set([...patternsOf.values()].flat()), recorded);
      if (found !== undefined) entries.set(FINDINGS_KEY, found);
      writeSigned(dir, CHECK_STORE_NAME, secret, tag, encodeEntries(entries), MAX_STORE_BYTES);
    },
    counts: () => ({ taken, checked }),
    // An empty record holds nothing: no file is hashed to find that out.
    holds: (kind, file) => last.size > 0 && last.has(keyOf(kind, file)),
  };
}

/**
 * For a session's later runs (a watch's), which keep their checks in memory
 * and write no record of their own: the record the output folder holds goes into the
 * staged tree as it is, linked, so nothing is read or written but a name.
 * A run in a new process after the watch (a pre-commit hook, CI) then still
 * takes the results of every file unchanged since that record was made;
 * without it, that run read and checked every input again. Being carried
 * makes nothing trusted: the run that reads the record checks it as ever
 * (a regular file, its signature, its tag, its shape), and a file changed
 * since has another key (its sha256), so its old result is never taken.
 */
export function carryCheckStore(readDir: string, writeDir: string): void {
  const record = path.join(readDir, CHECK_STORE_NAME);
  try {
    // Only a regular file: a link in its place is not carried (and where link(2) follows links, none is made through one).
    if (!fs.lstatSync(record).isFile()) return;
    fs.mkdirSync(writeDir, { recursive: true });
    fs.linkSync(record, path.join(writeDir, CHECK_STORE_NAME));
  } catch {
    // No record, or none that can be linked (another file system): the next run in a new process checks every file.
  }
}

/** The record's entries (key -> a result's serialized bytes), or none when it is not to be trusted. */
function readRecord(file: string, secret: string, tag: string): Map<string, Buffer> {
  const payload = readSignedBytes(file, MAX_STORE_BYTES, secret, tag);
  return payload === undefined ? new Map() : (decodeEntries(payload) ?? new Map());
}

/**
 * A record's payload: the number of entries, then for each its key and its
 * bytes, each after its length (32-bit, big-endian), in the keys' order.
 */
export function encodeEntries(entries: ReadonlyMap<string, Buffer>): Buffer {
  const keys = [...entries.keys()].sort(compareText);
  const parts = keys.flatMap((key) => {
    const name = Buffer.from(key, "utf8");
    const bytes = entries.get(key)!;
    return [u32(name.length), name, u32(bytes.length), bytes];
  });
  return Buffer.concat([u32(keys.length), ...parts]);
}

/** The entries `encodeEntries` wrote; undefined when the payload is not that shape. */
export function decodeEntries(payload: Buffer): Map<string, Buffer> | undefined {
  if (payload.length < 4) return undefined;
  let at = 4;
  const take = (): Buffer | undefined => {
    if (at + 4 > payload.length) return undefined;
    const length = payload.readUInt32BE(at);
    if (at + 4 + length > payload.length) return undefined;
    const bytes = payload.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return bytes;
  };
  const out = new Map<string, Buffer>();
  for (let i = payload.readUInt32BE(0); i > 0; i--) {
    const key = take();
    const bytes = take();
    if (key === undefined || bytes === undefined) return undefined;
    out.set(key.toString("utf8"), bytes);
  }
  return at === payload.length ? out : undefined;
}

/**
 * The findings of `patterns`, serialized as `[pattern, finding or null]`
 * pairs in the patterns' order: from the analysis's cache, else from the
 * record this run read (a file taken from it never asks the analysis, and
 * the cache is emptied when it fills up); undefined when there are none (a
 * pattern the run's budget refused was never analysed).
 */
function encodeFindings(patterns: ReadonlySet<string>, recorded: ReadonlyMap<string, RedosFinding | undefined>): Buffer | undefined {
  const pairs: [string, RedosFinding | null][] = [];
  for (const pattern of [...patterns].sort(compareText)) {
    const known = knownFinding(pattern) ?? (recorded.has(pattern) ? { finding: recorded.get(pattern) } : undefined);
    if (known !== undefined) pairs.push([pattern, known.finding ?? null]);
  }
  return pairs.length === 0 ? undefined : v8.serialize(pairs);
}

/** The pairs `encodeFindings` wrote; none when the bytes are not that shape, which then costs only the analysis. */
function decodeFindings(serialized: Buffer): [string, RedosFinding | undefined][] {
  let v: unknown;
  try {
    v = v8.deserialize(serialized);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const pairs: [string, RedosFinding | undefined][] = [];
  for (const pair of v as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") return [];
    const finding: unknown = pair[1];
    if (finding !== null && !isRedosFinding(finding)) return [];
    pairs.push([pair[0], finding ?? undefined]);
  }
  return pairs;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** A recorded result, when it deserializes to the shape this module writes; undefined otherwise (then the file is checked). */
function decode(serialized: Buffer): Stored | undefined {
  let v: unknown;
  try {
    v = v8.deserialize(serialized);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const { value, reported, spent, patterns } = v as Record<string, unknown>;
  if (value === undefined || !Array.isArray(reported) || !reported.every(isDiagnostic) || !Array.isArray(patterns) || !patterns.every((p) => typeof p === "string")) return undefined;
  if (typeof spent !== "object" || spent === null) return undefined;
  const { bytes, nodes, chars } = spent as Record<string, unknown>;
  if (![bytes, nodes, chars].every((n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0)) return undefined;
  return { value, reported, patterns, spent: { bytes: bytes as number, nodes: nodes as number, chars: chars as number } };
}

function isDiagnostic(d: unknown): d is Diagnostic {
  if (typeof d !== "object" || d === null) return false;
  const { severity, code, message, file, line, col } = d as Record<string, unknown>;
  return (severity === "error" || severity === "warning") && typeof code === "string" && typeof message === "string" && typeof file === "string" && Number.isSafeInteger(line) && Number.isSafeInteger(col);
}

/**
 * Whether everything reachable from `value` is plain data, which V8's
 * serializer gives back as it was: primitives, and objects and arrays
 * (of the usual prototypes) whose own properties are enumerable data
 * properties with string keys. A class instance would come back a plain
 * object, a getter as its value: such a result is not kept.
 */
function plainData(value: unknown): boolean {
  const seen = new Set<object>();
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v === "function" || typeof v === "symbol") return false;
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    const array = Array.isArray(v);
    if (Object.getPrototypeOf(v) !== (array ? Array.prototype : Object.prototype)) return false;
    for (const key of Reflect.ownKeys(v)) {
      if (array && key === "length") continue;
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      if (typeof key === "symbol" || !d.enumerable || !("value" in d)) return false;
      todo.push(d.value);
    }
  }
  return true;
}
