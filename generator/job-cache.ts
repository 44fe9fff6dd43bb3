/**
 * A cache of the job emitters' results (emit/emitters.ts: the ajv validator
 * compile jobs, most of a cold run's work), so that a run after a small
 * change recompiles only the modules whose job changed.
 *
 * - Keyed by content only: a job is plain data, and its files are a function
 *   of that data and of the generator's code and library versions
 *   (write/manifest.ts `hashGenerator`). The key is the sha256 of a version
 *   tag, the generator hash, the emitter's name and the job's JSON. Options
 *   reach a job only through its data, so they are in the key too. No times.
 * - One file per entry, `<key>.json`: a header line (the key and an
 *   HMAC-SHA256 of key and payload) and the payload (the job's files). An
 *   entry is used only if it is a regular file (opened without following
 *   links), at most MAX_ENTRY_BYTES, its header names this key, the HMAC
 *   matches, and every file it holds has a path the job makes. Anything else
 *   is a miss: the job is compiled and the entry written anew. Nothing in the
 *   cache is ever deleted by this module.
 * - The HMAC's secret is not in the cache: it is a random key kept in
 *   `<node_modules>/.cache/everest-typegen-job-cache/` (or
 *   `EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR`), beside the generator's libraries,
 *   where whoever can write can already change them. So an entry forged in the output folder (a
 *   folder anyone with the repository may write to) fails the check: a plain
 *   hash would only catch damage, and a forged entry would be written into
 *   the package and vouched for by the manifest. No key can be read or made:
 *   no cache.
 * - Read from one folder, written to another (or the same): writeOutput
 *   reads the output folder's cache and writes every entry the run used into
 *   the staged tree's, so the cache holds exactly the last run's entries and
 *   never grows.
 * - An entry read and checked from the old folder is linked into the new
 *   one rather than written again; whatever a link brings is checked when a
 *   later run reads it, like any entry.
 * - Within a session (../session.ts) each thread also keeps its latest
 *   results in memory, so a watch's next run neither reads nor checks them.
 * - Only generate() uses it; check's full comparison never does: it stays the
 *   authority on what the inputs give.
 *
 * Its own module, light, so the worker thread loads it without the model.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmittedFile } from "./emit/emitted-file";
import type { ValidatorJob } from "./emit/validators/compile";
import { sha256 } from "./write/manifest";
import { readRegular, readRegularWith, sameHex } from "./regular-file";
import { isTempOf, removeStaleTemps } from "./stale-temps";
import { type FileIdentity, identityOf, sameFile } from "./write/reuse";

/** The cache folder's name inside an output folder (write/write-output.ts); never part of the package, check or the manifest. */
export const CACHE_DIR = ".everest-typegen-cache";

/** Beside the entries, so that git ignores the folder in an output that is committed. */
const GITIGNORE = "# everest-typegen's cache of compiled validators: not part of the package\n*\n";

/** The largest entry read or written; a bigger file is not read, a bigger result not stored. */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

const VERSION = "everest-typegen job cache 1";

/** Where a run's cache is, as it crosses to the worker thread. */
export interface JobCacheConfig {
  /** Entries are read from here (absent: nothing to read). */
  readonly readDir?: string;
  /** Entries are written here (made when missing, its parent must exist). */
  readonly writeDir: string;
  /** Whether results are also kept in this thread's memory for the next run (a session's runs, ../session.ts). */
  readonly session?: boolean;
  /** The generator's hash (write/manifest.ts), computed once on the main thread. */
  readonly generator: string;
  /** The HMAC secret (hex), read once on the main thread (`cacheSecret`). */
  readonly secret: string;
  /** The output folder the entries of the module store were recorded for (./module-store.ts); absent: no module store. */
  readonly filesDir?: string;
}

/** One job's files, and whether they came from the cache. */
export interface CachedResult {
  readonly files: readonly EmittedFile[];
  readonly hit: boolean;
}

/** The HMAC of `payload` under `key` (an entry's key, or the tag of another record signed with the same secret). */
export function cacheMac(secret: string, key: string, payload: string | Buffer): string {
  return crypto.createHmac("sha256", Buffer.from(secret, "hex")).update(`${key}\u0000`).update(payload).digest("hex");
}

const SECRET_NAME = "job-cache.key";

/**
 * The HMAC secret: read from its file (a regular file, not a link, of 64 hex
 * digits), made once if missing (unless `create` is false: check writes
 * nothing); undefined when there is no place for it.
 */
export function cacheSecret(options: { readonly create?: boolean } = {}): string | undefined {
  const dir = secretDir();
  if (dir === undefined) return undefined;
  const file = path.join(dir, SECRET_NAME);
  const read = (): string | undefined => {
    const text = readRegular(file, 65)?.toString("latin1");
    return text !== undefined && /^[0-9a-f]{64}\n$/.test(text) ? text.slice(0, 64) : undefined;
  };
  const found = read();
  if (options.create === false) return found;
  removeStaleKeyTemps(dir);
  if (found !== undefined) return found;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp-${crypto.randomBytes(8).toString("hex")}`;
    fs.writeFileSync(tmp, `${crypto.randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
    // A run that made one at the same moment may win the rename: both then read the survivor.
    fs.renameSync(tmp, file);
  } catch {
    return undefined;
  }
  return read();
}

let keyTempsSwept = false;

/**
 * Removes, once per process, the secret's temporary files that runs killed
 * while making it left. Each such run left one for good: the next run made
 * the secret again, and none makes it after that.
 */
function removeStaleKeyTemps(dir: string): void {
  if (keyTempsSwept) return;
  keyTempsSwept = true;
  // Only a secret, or the start of one: a file of someone else's under such a name is left.
  removeStaleTemps(dir, (name) => isTempOf(name, SECRET_NAME), (text) => /^[0-9a-f]{0,64}$|^[0-9a-f]{64}\n$/.test(text));
}

/**
 * Where the secret is kept: EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR, else
 * `<node_modules>/.cache/everest-typegen-job-cache` of the ajv the generator
 * uses (a folder of its own: the ts-morph code cache's folder and its
 * switches stay as they are).
 */
function secretDir(): string | undefined {
  const set = process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"];
  if (set) return set;
  let ajv: string;
  try {
    ajv = require.resolve("ajv");
  } catch {
    return undefined;
  }
  const parts = ajv.split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  return at < 0 ? undefined : path.join(parts.slice(0, at + 1).join(path.sep) || path.sep, ".cache", "everest-typegen-job-cache");
}

/** The cache key of one job. */
export function jobKey(config: Pick<JobCacheConfig, "generator">, emitter: string, job: ValidatorJob): string {
  const tag = `${VERSION}\u0000${config.generator}\u0000${emitter}`;
  const known = keys.get(job);
  if (known?.tag === tag) return known.key;
  const key = sha256(`${tag}\u0000${JSON.stringify(job)}`);
  keys.set(job, { tag, key });
  return key;
}

/** Each job's key, once: a session hands the same job objects (plain data, never changed) to run after run. */
const keys = new WeakMap<ValidatorJob, { readonly tag: string; readonly key: string }>();

/** The paths a job's files may have, sorted: each module's CommonJS path and its ES module twin (emit/modules/js-module.ts `esmPath`). */
export function jobPaths(job: ValidatorJob): string[] {
  const out = new Set<string>();
  for (const f of job.files) {
    out.add(f.path);
    if (f.path.endsWith(".js")) out.add(`${f.path.slice(0, -3)}.mjs`);
  }
  return [...out].sort();
}

/** Runs `run` for `job`, or takes its files from the cache; a result it computes is stored. */
export function runCachedJob(config: JobCacheConfig | undefined, emitter: string, job: ValidatorJob, run: () => EmittedFile[]): CachedResult {
  if (config === undefined) return { files: run(), hit: false };
  return keyedJob(config, jobKey(config, emitter, job), new Set(jobPaths(job)), run)!;
}

/**
 * A job known by its key and its files' paths alone (an earlier run's, kept
 * by ../module-store.ts, so that an unchanged module's job need not be made
 * to be looked up): its files from the cache, and the entry linked into the
 * cache being written, as for any job found; undefined when there is no
 * entry to take (the caller then makes the job and runs it).
 */
export function takeKnownJob(config: JobCacheConfig, key: string, paths: readonly string[]): CachedResult | undefined {
  // From a signed record, but joined into a file name all the same.
  if (!/^[0-9a-f]{64}$/.test(key)) return undefined;
  return keyedJob(config, key, new Set(paths), undefined);
}

/** The job keyed `key` whose files may have the `allowed` paths: from the cache, else run by `run` and stored; undefined when neither. */
function keyedJob(config: JobCacheConfig, key: string, allowed: ReadonlySet<string>, run: (() => EmittedFile[]) | undefined): CachedResult | undefined {
  const name = `${key}.json`;
  const readFile = config.readDir === undefined ? undefined : path.join(config.readDir, name);
  const known = config.session === true ? recent.get(key) : undefined;
  // From this session's memory, the entry needs no reading; it is linked into the new cache while it is the file last seen.
  const fromDisk = known === undefined && readFile !== undefined ? readEntry(readFile, config.secret, key, allowed) : undefined;
  const files = known?.files ?? fromDisk ?? run?.();
  if (files === undefined) return undefined;
  const found = known !== undefined || fromDisk !== undefined;
  const target = path.join(config.writeDir, name);
  if (readFile !== undefined && samePath(config.readDir!, config.writeDir)) {
    // The entry is where it belongs: written again only when it was not just read, nor is the file last seen.
    if (fromDisk === undefined && !(known !== undefined && sameEntryFile(identityOf(readFile), known.entry))) storeEntry(config.writeDir, config.secret, name, key, files);
  } else {
    const linkable = readFile !== undefined && (fromDisk !== undefined || sameEntryFile(identityOf(readFile), known?.entry));
    if (!(linkable && linkEntry(readFile!, config.writeDir, name))) storeEntry(config.writeDir, config.secret, name, key, files);
  }
  if (config.session === true) remember(key, files, identityOf(target));
  return { files, hit: found };
}

/**
 * A session's latest results by key (config.session: a watch, a build tool
 * calling generate() again), with the identity of the entry file they were
 * last stored or linked as: the next run neither reads nor checks them from
 * disk, and links that file into its cache while it is still the same file.
 * Memory of this thread, not the folder: nothing else can change it. Only
 * the results this thread used in its last run and in the one under way
 * (`newSessionRun` drops the others): a watch's memory then holds one run's
 * validators, where keeping every result ever made (a new key for each module
 * a save changes) grew by about 0.65 MB a save on EVerest's tree. And never
 * more than RECENT_BYTES of content, the oldest dropped first.
 */
const recent = new Map<string, { readonly files: readonly EmittedFile[]; readonly entry: FileIdentity | undefined; readonly run: number }>();
const RECENT_BYTES = 64 * 1024 * 1024;
let recentBytes = 0;
let sessionRun = 0;

const contentSize = (files: readonly EmittedFile[]): number => files.reduce((n, f) => n + f.content.length, 0);

/** A session's run begins in this thread: the results the last run did not use are dropped. */
export function newSessionRun(): void {
  sessionRun++;
  for (const [k, v] of recent) {
    if (v.run >= sessionRun - 1) continue;
    recent.delete(k);
    recentBytes -= contentSize(v.files);
  }
}

/** How many results this thread keeps for its session (for tests). */
export function sessionResultCount(): number {
  return recent.size;
}

function remember(key: string, files: readonly EmittedFile[], entry: FileIdentity | undefined): void {
  const old = recent.get(key);
  if (old !== undefined) {
    recent.delete(key);
    recentBytes -= contentSize(old.files);
  }
  recent.set(key, { files, entry, run: sessionRun });
  recentBytes += contentSize(files);
  for (const [k, v] of recent) {
    if (recentBytes <= RECENT_BYTES) break;
    recent.delete(k);
    recentBytes -= contentSize(v.files);
  }
}

/**
 * Whether an entry file is still the one a session last stored or linked:
 * change time aside, which moves whenever the old tree holding its other
 * link is removed. Only a shortcut: whatever a cache file holds is checked
 * when a run reads it from disk.
 */
function sameEntryFile(now: FileIdentity | undefined, last: FileIdentity | undefined): boolean {
  return now !== undefined && last !== undefined && sameFile(now, { ...last, ctimeNs: now.ctimeNs });
}

/** Links an entry into the cache folder being written; false when it could not be. */
function linkEntry(from: string, dir: string, name: string): boolean {
  if (!ensureCacheDir(dir)) return false;
  try {
    fs.linkSync(from, path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/**
 * The payload of a signed record (an entry, or ./module-store.ts's record):
 * a header line `{"key", "hmac"}` then the payload. Undefined unless the file
 * is a regular file (not a link) of at most `maxBytes` whose header names
 * `key` and whose HMAC matches.
 */
export function readSigned(file: string, maxBytes: number, secret: string, key: string): string | undefined {
  // Decoded as read, in memory reused from entry to entry (regular-file.ts withAll).
  return readRegularWith(file, maxBytes, (bytes) => signedPayload(bytes, secret, key)?.toString("utf8"));
}

/** `readSigned` for a payload of bytes (./load/check-store.ts's record); the HMAC is the same for the same bytes. */
export function readSignedBytes(file: string, maxBytes: number, secret: string, key: string): Buffer | undefined {
  const bytes = readRegular(file, maxBytes);
  return bytes === undefined ? undefined : signedPayload(bytes, secret, key);
}

/** The payload of a signed record's bytes, when its header names `key` and its HMAC matches. */
function signedPayload(bytes: Buffer, secret: string, key: string): Buffer | undefined {
  // The header is JSON (ASCII here): the first newline byte ends it, as in the text.
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return undefined;
  const payload = bytes.subarray(nl + 1);
  try {
    const header = JSON.parse(bytes.toString("utf8", 0, nl)) as unknown;
    if (typeof header !== "object" || header === null) return undefined;
    const h = header as Record<string, unknown>;
    return h["key"] === key && typeof h["hmac"] === "string" && sameHex(h["hmac"], cacheMac(secret, key, payload)) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The entry's files, or undefined when it is missing or not to be trusted. */
export function readEntry(file: string, secret: string, key: string, allowed: ReadonlySet<string>): EmittedFile[] | undefined {
  const payload = readSigned(file, MAX_ENTRY_BYTES, secret, key);
  if (payload === undefined) return undefined;
  try {
    const files = JSON.parse(payload) as unknown;
    if (!Array.isArray(files) || files.length === 0) return undefined;
    const seen = new Set<string>();
    const out: EmittedFile[] = [];
    for (const f of files as unknown[]) {
      if (typeof f !== "object" || f === null || Array.isArray(f)) return undefined;
      const { path: p, content } = f as Record<string, unknown>;
      if (typeof p !== "string" || typeof content !== "string" || !allowed.has(p) || seen.has(p)) return undefined;
      seen.add(p);
      out.push({ path: p, content });
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Writes one entry (`writeSigned`). */
function storeEntry(dir: string, secret: string, name: string, key: string, files: readonly EmittedFile[]): void {
  writeSigned(dir, name, secret, key, JSON.stringify(files.map((f) => ({ path: f.path, content: f.content }))), MAX_ENTRY_BYTES);
}

/**
 * Writes a signed record into the cache folder `dir` (made when missing): to
 * a temporary name, then renamed, so a reader never sees half a record. A
 * failure to write is no failure of the run: the next one is only slower.
 */
export function writeSigned(dir: string, name: string, secret: string, key: string, payload: string | Buffer, maxBytes: number): void {
  const bytes = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const header = Buffer.from(`${JSON.stringify({ key, hmac: cacheMac(secret, key, bytes) })}\n`, "utf8");
  if (header.length + bytes.length > maxBytes) return;
  if (!ensureCacheDir(dir)) return;
  // Random, not the pid: processes sharing a cache folder may have the same pid (containers).
  const tmp = path.join(dir, `${name}.tmp-${crypto.randomBytes(8).toString("hex")}`);
  try {
    const fd = fs.openSync(tmp, "wx");
    try {
      fs.writeFileSync(fd, header);
      fs.writeFileSync(fd, bytes);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, name));
  } catch {
    // A half-written record is not left behind.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
  }
}

/** Makes the cache folder (and its .gitignore) if missing; false when the name is taken by anything but a real folder. */
function ensureCacheDir(dir: string): boolean {
  try {
    if (fs.mkdirSync(dir, { recursive: true }) !== undefined) fs.writeFileSync(path.join(dir, ".gitignore"), GITIGNORE, { flag: "wx" });
  } catch {
    // Made by the other thread at the same moment, or a name taken: lstat decides.
  }
  try {
    // A link or a file under the folder's name is not written through.
    return fs.lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}
