/**
 * The module memo of ./module-memo.ts kept on disk, for runs in a new
 * process (a pre-commit hook, CI, `generate` after an edit): a module's
 * files are taken from the output folder instead of made again when the
 * module's fingerprint is the one they were made under. A type file
 * changed then costs the modules that depend on it, not all of them.
 *
 * - A run that writes an output folder with the cache on records, per
 *   emitter and module, the fingerprint and each file's path and sha256 in
 *   `<out>/.everest-typegen-cache/modules` (written into the staged tree,
 *   so it holds exactly the last run's entries and never grows).
 * - The record is signed like the job cache's entries (../job-cache.ts:
 *   HMAC-SHA256 under the secret kept beside the generator's libraries,
 *   never in the folder) and names the generator's hash: a record forged
 *   in the output folder, or made by another version, is not used.
 * - A fingerprint is a hash of the bytes of every input the files may
 *   depend on, of the package settings and of the table of all inputs
 *   (./module-memo.ts); never of times.
 * - Each file is read back from the output folder (only a regular file,
 *   bounded) and used only when the sha256 of what it reads is the
 *   recorded one, so a file edited, replaced or removed since means the
 *   module's files are made as usual. Reading never decides what is
 *   written: only bytes this tool recorded are.
 * - For a job emitter (the validators), it records per module the job's
 *   key in the job cache and its files' paths, under the same kind of
 *   fingerprint (the model-wide part of the job included): an unchanged
 *   module's job is then looked up in the cache by that key without being
 *   made (making the 107 jobs of EVerest's tree to look them up took about
 *   100 ms of the main thread). The cache entry itself is checked as any
 *   entry is; when it is not there, the job is made and run.
 */
import * as path from "node:path";
import type { EmittedFile } from "./emit/emitted-file";
import { contentHash, knownHash } from "./content-hash";
import { type JobCacheConfig, MAX_ENTRY_BYTES, readSigned, writeSigned } from "./job-cache";
import { readRegularWith } from "./regular-file";
import { sha256 } from "./write/manifest";
import type { KnownJob } from "./worker-thread";

/** The record's name in the cache folder. */
export const MODULE_STORE_NAME = "modules";

const VERSION = "everest-typegen module store 2";

/** The largest record read or written. */
const MAX_STORE_BYTES = 32 * 1024 * 1024;

const HEX64 = /^[0-9a-f]{64}$/;

export interface ModuleStore {
  /** The files recorded for `key` under `fingerprint`, read back from the output folder; undefined when any is not as recorded. */
  take(key: string, fingerprint: string): EmittedFile[] | undefined;
  /** Records the files this run has for `key`. */
  keep(key: string, fingerprint: string, files: readonly EmittedFile[]): void;
  /**
   * The job recorded for `key` under `fingerprint` (a job emitter's job for
   * one module): its key in the job cache and its files' paths, for the
   * cache to find its files without the job being made.
   */
  job(key: string, fingerprint: string): KnownJob | undefined;
  /** Records the job this run had for `key`. */
  keepJob(key: string, fingerprint: string, job: KnownJob): void;
  /** Writes this run's record into the cache folder being written. */
  save(): void;
}

type Entry = readonly [fingerprint: string, files: readonly (readonly [path: string, sha256: string])[]];

type JobEntry = readonly [fingerprint: string, key: string, paths: readonly string[]];

interface StoreRecord {
  readonly entries: Map<string, Entry>;
  readonly jobs: Map<string, JobEntry>;
}

/**
 * The store of a run whose cache is `config` (writeOutput's: read from the
 * output folder `config.filesDir`, written into the staged tree).
 */
export function openModuleStore(config: JobCacheConfig): ModuleStore {
  const last = config.readDir === undefined || config.filesDir === undefined ? undefined : readStore(path.join(config.readDir, MODULE_STORE_NAME), config);
  const kept = new Map<string, readonly [string, readonly EmittedFile[]]>();
  const keptJobs = new Map<string, JobEntry>();
  return {
    take(key, fingerprint) {
      const entry = last?.entries.get(key);
      if (entry === undefined || entry[0] !== fingerprint || config.filesDir === undefined) return undefined;
      const out: EmittedFile[] = [];
      for (const [p, hash] of entry[1]) {
        const content = readRegularWith(path.join(config.filesDir, ...p.split("/")), MAX_ENTRY_BYTES, (bytes) => (sha256(bytes) === hash ? bytes.toString("utf8") : undefined));
        if (content === undefined) return undefined;
        // The content's own hash is the bytes': what a string decodes from is what it encodes to, as these bytes were written from a string.
        out.push(knownHash({ path: p, content }, hash));
      }
      return out;
    },
    keep(key, fingerprint, files) {
      kept.set(key, [fingerprint, files]);
    },
    job(key, fingerprint) {
      const entry = last?.jobs.get(key);
      return entry === undefined || entry[0] !== fingerprint ? undefined : { key: entry[1], paths: entry[2] };
    },
    keepJob(key, fingerprint, job) {
      keptJobs.set(key, [fingerprint, job.key, [...job.paths]]);
    },
    save() {
      const byKey = <T>(m: Map<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const entries: Record<string, Entry> = {};
      for (const [key, [fingerprint, files]] of byKey(kept)) entries[key] = [fingerprint, files.map((f) => [f.path, contentHash(f)] as const)];
      const jobs: Record<string, JobEntry> = Object.fromEntries(byKey(keptJobs));
      writeSigned(config.writeDir, MODULE_STORE_NAME, config.secret, VERSION, JSON.stringify({ generator: config.generator, entries, jobs }), MAX_STORE_BYTES);
    },
  };
}

function readStore(file: string, config: JobCacheConfig): StoreRecord | undefined {
  const payload = readSigned(file, MAX_STORE_BYTES, config.secret, VERSION);
  if (payload === undefined) return undefined;
  try {
    const body = JSON.parse(payload) as { generator?: unknown; entries?: unknown; jobs?: unknown };
    if (body.generator !== config.generator || typeof body.entries !== "object" || body.entries === null || typeof body.jobs !== "object" || body.jobs === null) return undefined;
    const entries = new Map<string, Entry>();
    for (const [key, value] of Object.entries(body.entries)) {
      if (!isEntry(value)) return undefined;
      entries.set(key, value);
    }
    const jobs = new Map<string, JobEntry>();
    for (const [key, value] of Object.entries(body.jobs)) {
      if (!isJobEntry(value)) return undefined;
      jobs.set(key, value);
    }
    return { entries, jobs };
  } catch {
    return undefined;
  }
}

/** `[fingerprint, job key, [path, ...]]`, each path relative and plain. */
function isJobEntry(v: unknown): v is JobEntry {
  return (
    Array.isArray(v) &&
    v.length === 3 &&
    typeof v[0] === "string" &&
    HEX64.test(v[0]) &&
    typeof v[1] === "string" &&
    HEX64.test(v[1]) &&
    Array.isArray(v[2]) &&
    (v[2] as unknown[]).every((p) => typeof p === "string" && plainPath(p))
  );
}

/** `[fingerprint, [[path, sha256], ...]]`, each path relative and plain (signed, but checked all the same before it is joined to a folder). */
function isEntry(v: unknown): v is Entry {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "string" || !HEX64.test(v[0]) || !Array.isArray(v[1])) return false;
  return (v[1] as unknown[]).every(
    (f) => Array.isArray(f) && f.length === 2 && typeof f[0] === "string" && typeof f[1] === "string" && HEX64.test(f[1]) && plainPath(f[0]),
  );
}

function plainPath(p: string): boolean {
  return p !== "" && !p.includes("\\") && !p.includes("\0") && p.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}
