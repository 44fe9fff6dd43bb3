/**
 * A stat index of the output folder, like git's index: for each file of the
 * committed tree its lstat identity (dev, ino, size, mtime, ctime, in
 * nanoseconds), and for each file of the running generator and each input
 * file of the run (given by the CLI) its identity and sha256. `check` then
 * reads and hashes only the files whose identity changed: on EVerest's tree
 * that is 12.5 MB of output and 142 input files less to read on every run.
 * An input's hash stays what the manifest's input hash is made of (the
 * content's); a matching identity only proves the bytes are the ones hashed.
 * Taken after the swap (tree.ts renames the staging folder into place, which
 * keeps its files' inodes and ctimes), so it records the files as they are.
 *
 * Why a matching identity proves the content:
 * - ctime cannot be set by a program (only by setting the system clock): any
 *   write, truncate, chmod or rename of a file moves it to the file system's
 *   current time, and a replaced file is a new inode with a new ctime.
 * - The "fence" is the ctime of the index's temporary file, made before any
 *   file is read for it. An entry is recorded only when the file's ctime, after
 *   it was read, is strictly older than the fence: it was last changed before
 *   the read, so the bytes read are its bytes. Any later change gives it a
 *   ctime at or past the fence, which no recorded entry has. This is git's
 *   "racily clean" rule, with the fence taken before reading rather than after.
 * - Only files on the fence's device are recorded, so every ctime compared
 *   comes from the same clock (inputs on another file system are hashed by
 *   check every time).
 *
 * Why the index itself is not trusted: it lives in `<out>/.everest-typegen-cache/`,
 * a folder anyone with the repository may write. It is HMAC-authenticated with
 * the job cache's secret (../job-cache.ts `cacheSecret`, kept outside the
 * output folder), bound to the output folder's real path, device and inode,
 * read only when it is a regular file (not a link) of bounded size and exact
 * shape. An old index of the same folder (a replay) is harmless: a file matches
 * an old entry only if it has not changed since. Anything odd means no index,
 * and check hashes every file as before: the index only saves work.
 *
 * The format, cheap to read (check reads it on every run): a header line
 * (version and HMAC), a JSON line (the binding, the fence, the sha256 of the
 * manifest it was made with, the generator's files, the input files), then one line per file
 * of that manifest, in its sorted order: the file's identity, or nothing when
 * it was not recorded. An identity is recorded only when the bytes read hash
 * to the manifest's entry, so a file whose identity matches has the
 * manifest's hash, provided the manifest is byte for byte the one the index
 * names; no path or hash is repeated.
 *
 * The index is also what lets `check` trust the manifest at all. The
 * manifest is a plain file in the output folder: anyone may edit a
 * generated file and put its new sha256 into the manifest, so a manifest
 * alone proves nothing about what generate makes. The index names the
 * sha256 of the manifest generate wrote (the bytes it wrote, compared with
 * the file before anything is recorded), under the HMAC; check takes the
 * manifest's word only for that manifest, and compares in full otherwise (a
 * fresh checkout, a run without the cache, another machine's tree). That
 * part holds wherever the index is read (a copy of the tree brings it
 * along, and the manifest's word is as good there); the identities hold
 * only in the folder the index is bound to.
 *
 * Only `generate` with its cache on writes it (after the tree is committed);
 * `check` only reads it.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CACHE_DIR, cacheSecret } from "../job-cache";
import { MANIFEST_PATH, generatorFiles, sha256 } from "./manifest";
import type { RecordedFile, ReusableFiles } from "./reuse";
import { openRegular, readRegular, sameHex, withAll } from "../regular-file";

/** The index's file name inside the cache folder: not `*.json`, the job cache's entries' names. */
export const STAT_INDEX_NAME = "stat-index";

// 3: the manifest named is the one generate wrote, never one read back unchecked.
const VERSION = "everest-typegen stat index 3";

/** The largest index read or written (EVerest's tree needs about 85 kB). */
export const MAX_INDEX_BYTES = 32 * 1024 * 1024;

/** The largest file recorded: bigger ones are hashed by check every time. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

const IDENTITY = /^\d{1,20}:\d{1,20}:\d{1,20}:\d{1,24}:\d{1,24}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** A file's identity as recorded and compared: exact, all five fields. */
function identity(s: fs.BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** What check asks; a file not vouched for is read and hashed. */
export interface StatIndex {
  /** The sha256 of the manifest generate wrote with this index: the only manifest check may take at its word. */
  readonly manifest: string;
  /**
   * Whether the `position`-th of the manifest's files (sorted by name), at
   * `file` (relative to the output folder), is unchanged since it was
   * recorded with the manifest's hash: true only when `manifest` (the sha256 of
   * the manifest's bytes) is the one the index was made with.
   */
  unchanged(manifest: string, position: number, file: string): boolean;
  /** A generator file's recorded sha256 while its identity is unchanged; `full` is its absolute path, as write/manifest.ts `generatorFiles` gives it. */
  generatorHash(full: string): string | undefined;
  /** An input file's recorded sha256 while its identity is unchanged; `full` is its absolute path (`path.resolve`), as recorded. */
  inputHash(full: string): string | undefined;
}

/** The JSON line. */
interface Meta {
  readonly root: string;
  readonly dev: string;
  readonly ino: string;
  readonly fence: string;
  readonly manifest: string;
  readonly generator: Record<string, [string, string]>;
  /** The input files by absolute path: identity and sha256, like `generator`. */
  readonly inputs: Record<string, [string, string]>;
}

function mac(secret: string, payload: string): string {
  return crypto.createHmac("sha256", Buffer.from(secret, "hex")).update(`${VERSION}\u0000`).update(payload).digest("hex");
}

/**
 * A file's identity after reading it and the sha256 of its bytes, when its
 * ctime (taken after reading) is older than the fence, it did not change
 * while read, and it is on the fence's device; else undefined (check will
 * hash it).
 */
function entryOf(file: string, fence: Fence): [string, string] | undefined {
  const opened = openRegular(file);
  if (opened === undefined) return undefined;
  const { fd, stat: before } = opened;
  try {
    if (before.dev !== fence.dev || before.size > BigInt(MAX_FILE_BYTES)) return undefined;
    // Hashed as read, in memory reused from file to file (regular-file.ts withAll).
    const hash = withAll(fd, Number(before.size), sha256);
    const after = fs.fstatSync(fd, { bigint: true });
    if (hash === undefined || identity(after) !== identity(before) || after.ctimeNs >= fence.ctimeNs) return undefined;
    return [identity(after), hash];
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** The device and ctime of the index's temporary file, made before any file is read. */
interface Fence {
  readonly dev: bigint;
  readonly ctimeNs: bigint;
}

/** The output folder's binding: its real path and the device and inode of that folder. */
function rootOf(out: string): { root: string; dev: string; ino: string } | undefined {
  try {
    // The system's realpath: one call, where the JavaScript one lstats every component. Of the path resolved first,
    // as generate and check name the folder's files (path.resolve, path.join): the system reads `link/../C` as the
    // parent of the link's target, they as the folder holding the link, and the index must be bound to the folder
    // whose files it records.
    const root = fs.realpathSync.native(path.resolve(out));
    const stat = fs.lstatSync(root, { bigint: true });
    return stat.isDirectory() ? { root, dev: String(stat.dev), ino: String(stat.ino) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records the index of the committed tree in `out` (called by writeOutput
 * right after the swap, with the cache on), for `manifest`, the manifest's
 * text as the run wrote it: the folder's must still be byte for byte that, so
 * the index never vouches for a manifest changed since. Every failure only
 * means no index: the run has already succeeded. Returns the files recorded
 * (each read and hashed under the fence, and its bytes those the manifest
 * names), which a session links from on its next run (./reuse.ts); undefined
 * when no index was written.
 * `inputs` are the run's input files on disk (absolute, or relative to the
 * current folder), read again here under the fence: each entry holds the
 * hash of the bytes as they are now, whatever the run read, so an input
 * changed during the run is recorded with its new hash and check sees the
 * manifest's input hash differ. `fenceNs` (tests only) lowers the fence, to
 * make entries racy.
 */
export function recordStatIndex(out: string, manifest: string, options: { readonly fenceNs?: bigint; readonly inputs?: readonly string[] } = {}): ReusableFiles | undefined {
  const secret = cacheSecret();
  const bound = rootOf(out);
  if (secret === undefined || bound === undefined) return undefined;
  const dir = path.join(bound.root, CACHE_DIR);
  try {
    // The cache folder the run staged; a link or file under its name is not written through.
    if (!fs.lstatSync(dir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  // Random, not the pid: processes sharing a folder may have the same pid (containers).
  const tmp = path.join(dir, `${STAT_INDEX_NAME}.tmp-${crypto.randomBytes(8).toString("hex")}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx");
    const made = fs.fstatSync(fd, { bigint: true });
    const fence: Fence = { dev: made.dev, ctimeNs: options.fenceNs ?? made.ctimeNs };
    // The manifest this run wrote, and still the folder's: its bytes' hash binds the lines below to its sorted file list.
    // Its identity does not matter (check reads and hashes it every time), so it may be as new as the fence.
    const manifestBytes = readRegular(path.join(bound.root, MANIFEST_PATH), MAX_FILE_BYTES);
    if (manifestBytes === undefined || !manifestBytes.equals(Buffer.from(manifest, "utf8"))) throw new Error("not the manifest this run wrote");
    const hashes = (JSON.parse(manifest) as { files: Record<string, string> }).files;
    const lines: string[] = [];
    const files = new Map<string, RecordedFile>();
    // The order manifestConfirms compares in: Object.keys, sorted.
    for (const p of Object.keys(hashes).sort()) {
      const entry = entryOf(path.join(bound.root, p), fence);
      const recorded = entry !== undefined && entry[1] === hashes[p];
      lines.push(recorded ? entry[0] : "");
      if (recorded) files.set(p, recordedFile(entry[0], entry[1]));
    }
    const generator: Record<string, [string, string]> = {};
    for (const full of generatorFiles()) {
      const entry = entryOf(full, fence);
      if (entry !== undefined) generator[full] = entry;
    }
    const inputs: Record<string, [string, string]> = {};
    for (const file of options.inputs ?? []) {
      const full = path.resolve(file);
      const entry = entryOf(full, fence);
      if (entry !== undefined) inputs[full] = entry;
    }
    const meta: Meta = { ...bound, fence: String(fence.ctimeNs), manifest: sha256(manifestBytes), generator, inputs };
    const text = `${JSON.stringify(meta)}\n${lines.join("\n")}`;
    const whole = `${JSON.stringify({ version: VERSION, hmac: mac(secret, text) })}\n${text}`;
    if (Buffer.byteLength(whole) > MAX_INDEX_BYTES) throw new Error("too big");
    fs.writeFileSync(fd, whole);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, path.join(dir, STAT_INDEX_NAME));
    return { dir: bound.root, files };
  } catch {
    // An index that cannot be written only makes check slower; no half-written one is left behind.
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
    return undefined;
  }
}

/** A recorded identity line (`identity`) with its file's sha256, as the link step compares it. */
function recordedFile(line: string, sha256: string): RecordedFile {
  const [dev, ino, size, mtimeNs, ctimeNs] = line.split(":").map((n) => BigInt(n)) as [bigint, bigint, bigint, bigint, bigint];
  return { dev, ino, size, mtimeNs, ctimeNs, sha256 };
}

/**
 * The index of `out`, when there is one to trust; undefined otherwise.
 * Reads only: never makes the secret, never writes. An index bound to
 * another folder (a copy of the tree brought it along) still names the
 * manifest generate wrote, but vouches for no file.
 */
export function readStatIndex(out: string): StatIndex | undefined {
  const loaded = loadIndex(out);
  if (loaded === undefined) return undefined;
  const { bound, stat, meta, lines } = loaded;
  if (!loaded.here) return { manifest: meta.manifest, unchanged: () => false, generatorHash: () => undefined, inputHash: () => undefined };
  // Git's racy rule as well: nothing changed at or after the index file itself was last written is trusted.
  let limit = BigInt(meta.fence);
  for (const t of [stat.ctimeNs, stat.mtimeNs]) if (t < limit) limit = t;
  /** A table's sha256 for `full` while its identity is the recorded one. */
  const vouched = (table: Record<string, [string, string]>, full: string): string | undefined => {
    // Own keys only: a key such as "__proto__" or "constructor" is no entry.
    if (!Object.prototype.hasOwnProperty.call(table, full)) return undefined;
    const [recorded, hash] = table[full] as [string, string];
    return matches(recorded, full) ? hash : undefined;
  };
  const matches = (recorded: string, full: string): boolean => {
    let now: fs.BigIntStats | undefined;
    try {
      now = fs.lstatSync(full, { bigint: true, throwIfNoEntry: false });
    } catch {
      return false;
    }
    return now !== undefined && now.isFile() && now.ctimeNs < limit && identity(now) === recorded;
  };
  return {
    manifest: meta.manifest,
    unchanged: (manifest, position, file) => {
      const recorded = manifest === meta.manifest && Number.isInteger(position) && position >= 0 ? lines[position] : undefined;
      // Joined by hand: the manifest's paths are normal, and path.join on every file costs more than the lstat.
      return recorded !== undefined && recorded !== "" && matches(recorded, `${bound.root}${path.sep}${file}`);
    },
    generatorHash: (full) => vouched(meta.generator, full),
    inputHash: (full) => vouched(meta.inputs, full),
  };
}

/**
 * The index in `out`, authenticated, with the index file's own stat and
 * whether it is bound to this very folder (`here`: its real path, device and
 * inode); undefined when there is none to trust. Reads only: never makes the
 * secret.
 */
function loadIndex(out: string): { bound: { root: string; dev: string; ino: string }; here: boolean; stat: fs.BigIntStats; meta: Meta; lines: string[] } | undefined {
  const secret = cacheSecret({ create: false });
  const bound = rootOf(out);
  if (secret === undefined || bound === undefined) return undefined;
  const dir = path.join(bound.root, CACHE_DIR);
  try {
    if (!fs.lstatSync(dir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const opened = openRegular(path.join(dir, STAT_INDEX_NAME));
  if (opened === undefined) return undefined;
  let text: string | undefined;
  try {
    text = opened.stat.size > BigInt(MAX_INDEX_BYTES) ? undefined : withAll(opened.fd, Number(opened.stat.size), (bytes) => bytes.toString("utf8"));
  } catch {
    text = undefined;
  } finally {
    fs.closeSync(opened.fd);
  }
  const index = text === undefined ? undefined : authentic(text, secret);
  if (index === undefined) return undefined;
  const here = index.meta.root === bound.root && index.meta.dev === bound.dev && index.meta.ino === bound.ino;
  return { bound, here, stat: opened.stat, ...index };
}

/** The JSON line and the identity lines, when the header names this version and its HMAC matches, and the JSON line has exactly the expected shape. */
function authentic(text: string, secret: string): { meta: Meta; lines: string[] } | undefined {
  const nl = text.indexOf("\n");
  if (nl < 0) return undefined;
  const body = text.slice(nl + 1);
  try {
    const header = JSON.parse(text.slice(0, nl)) as unknown;
    if (typeof header !== "object" || header === null) return undefined;
    const { version, hmac } = header as Record<string, unknown>;
    if (version !== VERSION || typeof hmac !== "string" || !sameHex(hmac, mac(secret, body))) return undefined;
    const nl2 = body.indexOf("\n");
    if (nl2 < 0) return undefined;
    const p = JSON.parse(body.slice(0, nl2)) as unknown;
    if (typeof p !== "object" || p === null || Array.isArray(p)) return undefined;
    const { root, dev, ino, fence, manifest, generator, inputs } = p as Record<string, unknown>;
    if (typeof root !== "string" || typeof dev !== "string" || typeof ino !== "string" || typeof fence !== "string" || !/^\d{1,24}$/.test(fence)) return undefined;
    if (typeof manifest !== "string" || !HEX64.test(manifest) || !isTable(generator) || !isTable(inputs)) return undefined;
    // An identity line is only ever compared for equality with one computed now: a line of any other shape never matches.
    return { meta: { root, dev, ino, fence, manifest, generator, inputs }, lines: body.slice(nl2 + 1).split("\n") };
  } catch {
    return undefined;
  }
}

function isTable(t: unknown): t is Record<string, [string, string]> {
  if (typeof t !== "object" || t === null || Array.isArray(t)) return false;
  for (const v of Object.values(t)) {
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "string" || typeof v[1] !== "string" || !IDENTITY.test(v[0]) || !HEX64.test(v[1])) return false;
  }
  return true;
}

/**
 * The files the index vouches for, with the manifest's hash of each, for a
 * new tree to link instead of writing (./reuse.ts): what a run after a
 * small change makes is mostly what the folder holds. Only from an index
 * that `readStatIndex` would trust, made with the manifest the folder holds
 * now; a file is linked only while its identity is exactly the recorded one
 * (which is older than the index: entries are recorded only then).
 */
export function reusableFromStatIndex(out: string): ReusableFiles | undefined {
  const index = loadIndex(out);
  if (index === undefined || !index.here) return undefined;
  const { bound } = index;
  const manifestBytes = readRegular(path.join(bound.root, MANIFEST_PATH), MAX_FILE_BYTES);
  if (manifestBytes === undefined || sha256(manifestBytes) !== index.meta.manifest) return undefined;
  let hashes: Record<string, unknown>;
  try {
    hashes = (JSON.parse(manifestBytes.toString("utf8")) as { files: Record<string, unknown> }).files;
    if (typeof hashes !== "object" || hashes === null) return undefined;
  } catch {
    return undefined;
  }
  const files = new Map<string, RecordedFile>();
  Object.keys(hashes)
    .sort()
    .forEach((p, i) => {
      const line = index.lines[i];
      const hash = hashes[p];
      if (line === undefined || !IDENTITY.test(line) || typeof hash !== "string") return;
      files.set(p, recordedFile(line, hash));
    });
  return { dir: bound.root, files };
}
