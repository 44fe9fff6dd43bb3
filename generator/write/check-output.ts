/**
 * check(): whether the output folder holds exactly what generate() would
 * write; it reads the disk and never writes. An unchanged tree is confirmed
 * from its manifest (manifest.ts: hashes of the inputs, of the generator and
 * of every file) without generating at all; any mismatch falls back to
 * generating in memory and comparing, which stays the authority. The files
 * whose identity the stat index (stat-index.ts) vouches for are not read.
 *
 * Light on purpose: the generator (../generate) loads only when the manifest
 * does not confirm the tree.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../diagnostics";
import type { EmittedFile } from "../emit/emitted-file";
import type * as Generate from "../generate";
import type { GenerateOptions } from "../generate";
import type { InputFile } from "../load/input-file";
import { type HashCounts, MANIFEST_PATH, hashGenerator, hashInputs, manifestConfirms, manifestIdentity, manifestInputs, manifestOf, sha256 } from "./manifest";
import type * as OutputLock from "./output-lock";
import { compareText } from "../compare";
import { readStatIndex } from "./stat-index";
import { compareTree, listTree, replaceRefusal } from "./tree";
import { packageSettings } from "../package-settings";

export interface CheckOptions extends GenerateOptions {
  /**
   * Whether a tree its manifest confirms is up to date without generating
   * (default true). That checks no definition, so it reports no diagnostics:
   * false checks them always (the CLI's `check --strict` fails on warnings).
   */
  readonly fastPath?: boolean;
  /** Called at most once, with words that say so, if the check waits for a run that is writing the folder (output-lock.ts). */
  readonly onLockWait?: (message: string) => void;
  /** Ends such a wait: the check then fails with `LockWaitStopped`, having judged nothing. */
  readonly lockSignal?: AbortSignal;
  /** Called when another run wrote the folder while it was read, before it is read again, with words that say so. */
  readonly onRecheck?: (message: string) => void;
}

export interface CheckResult {
  /** Errors and warnings of the definitions; `upToDate` is false when there are errors. */
  readonly diagnostics: readonly Diagnostic[];
  readonly upToDate: boolean;
  /** The manifest confirmed the tree, and nothing was generated: no diagnostics, no files. */
  readonly confirmedByManifest: boolean;
  /**
   * On the manifest's path: how many output files were read and hashed, and
   * how many were taken from the stat index unread (their identity unchanged).
   * Zero both when the fast path was not taken.
   */
  readonly hashing: HashCounts;
  /**
   * Why generate would refuse to replace the output folder (no manifest of
   * this tool's in it, a link in its place): such a folder is never up to
   * date, whatever its files hold. Absent when generate may replace it.
   */
  readonly refused?: string;
  /** Files whose content differs, files that should exist but do not, files that should not exist. */
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** Folders of the output that could not be listed (`a/b/`, no permission to read them): never up to date, as what they hold is unknown. */
  readonly unreadable: readonly string[];
  /** What generate() makes, with the manifest generate writes beside it, sorted by path (to show how a changed file differs); empty when confirmed by the manifest, or with errors. */
  readonly files: readonly EmittedFile[];
}

/** How many times in all a folder other runs keep writing is read before its last verdict is given. */
const MAX_READS = 3;

/**
 * The folder is read first, without a look at the lock. A reading made
 * while another run swaps its tree in may mix the two trees, or find the
 * folder gone; when every file it read is what these inputs give, the
 * verdict stands (a mix that passes needs two trees each right where the
 * other is wrong, from inputs other than these: inputs edited during the
 * check). A verdict that the folder is not up to date is given
 * only once no run wrote the folder while it was read (its manifest, a new
 * file at every write, is the one it was) and no live run holds the
 * lock (output-lock.ts `awaitWriters`, which waits for such a run);
 * otherwise the folder is read again, up to {@link MAX_READS} readings in
 * all. A reading that found the folder gone is read again too.
 */
export async function check(files: readonly InputFile[], outDir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const { onLockWait, lockSignal, onRecheck, ...checkOptions } = options;
  // Said once, and bounded once (from the first wait), for the whole check, however many waits it takes.
  let said = false;
  let deadline: number | undefined;
  const wait = (): OutputLock.LockOptions => ({
    onWait: (message: string): void => {
      if (said) return;
      said = true;
      onLockWait?.(message);
    },
    deadline: (deadline ??= Date.now() + (require("./output-lock") as typeof OutputLock).LOCK_WAIT_MS),
    ...(lockSignal === undefined ? {} : { signal: lockSignal }),
  });
  // Generated once, however often the folder is read: the inputs were read once.
  let made: Promise<Made> | undefined;
  const make = (): Promise<Made> => (made ??= generateExpected(files, checkOptions));
  for (let read = 1; ; read++) {
    const before = manifestIdentity(outDir);
    let result: CheckResult | undefined;
    let failed: unknown;
    try {
      result = await readFolder(files, outDir, checkOptions, make);
    } catch (err) {
      // Perhaps the folder (or one in it) went between two steps of the reading: a swap renamed it aside. Read again
      // only if a run did write the folder, as for a verdict of drift.
      if (read === MAX_READS || !isGone(err)) throw err;
      failed = err;
    }
    // Up to date; or no model (errors, or warnings with `strict`), which judges the inputs, not the folder.
    if (result !== undefined && (result.upToDate || result.files.length === 0 || read === MAX_READS)) return result;
    // Loaded only here: a tree confirmed up to date never needs it.
    const waited = await (require("./output-lock") as typeof OutputLock).awaitWriters(outDir, wait());
    if (!waited && manifestIdentity(outDir) === before) {
      if (result === undefined) throw failed;
      return result;
    }
    onRecheck?.(`another run of everest-typegen wrote ${outDir} while it was being checked; checking again`);
  }
}

/** Whether `err` says a file or folder was not there, or no longer a folder. */
function isGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** What generate() makes of the inputs, with the manifest it writes, sorted by path; no files when it makes no model. */
interface Made {
  readonly diagnostics: readonly Diagnostic[];
  readonly expected?: readonly EmittedFile[];
}

async function generateExpected(files: readonly InputFile[], options: CheckOptions): Promise<Made> {
  // Never from a cache: the comparison is the authority on what the inputs give.
  const { cache: _cache, ...uncached } = options;
  // Hashed before the generator is loaded (a no-op when the fast path hashed it): the manifest compared names the code that runs.
  hashGenerator();
  const { generate } = require("../generate") as typeof Generate;
  const result = await generate(files, uncached);
  if (!result.model) return { diagnostics: result.diagnostics };
  // The manifest is compared too, made as generate makes it: generate rewrites a manifest that names other inputs, another
  // generator (a release, a library's version) or other hashes, though every other file stays the same.
  const manifest = manifestOf(manifestInputs(files, options), result.model.package, result.files.map((f) => [f.path, sha256(f.content)] as const));
  return { diagnostics: result.diagnostics, expected: [...result.files, manifest].sort((a, b) => compareText(a.path, b.path)) };
}

/** One reading of the folder: confirmed by its manifest when it can be, else compared with what `make` generates. */
async function readFolder(files: readonly InputFile[], outDir: string, options: CheckOptions, make: () => Promise<Made>): Promise<CheckResult> {
  const nothing = { changed: [], missing: [], extra: [], unreadable: [], files: [] };
  // Throws PackageSettingsError for bad settings before anything is read, as generate() does.
  const settings = packageSettings(options.package);
  let hashing: HashCounts = { hashed: 0, trusted: 0 };
  if (options.fastPath !== false) {
    const fast = manifestConfirms(outDir, hashInputs(manifestInputs(files, options)), settings, listTree, readStatIndex(outDir));
    hashing = fast.counts;
    if (fast.confirmed) return { diagnostics: [], upToDate: true, confirmedByManifest: true, hashing, ...nothing };
  }
  const { diagnostics, expected } = await make();
  if (expected === undefined) return { diagnostics, upToDate: false, confirmedByManifest: false, hashing, ...nothing };
  // A folder without a manifest of this tool's is one generate refuses to touch.
  const refused = replaceRefusal(path.resolve(outDir), outDir);
  // What generate refuses is compared only where it has files to compare (a link to a folder), never read as a folder when it is none.
  // In a folder generate refuses, the refusal names what is wrong with its manifest: the other files are compared.
  const diff =
    refused === undefined
      ? compareTree(outDir, expected)
      : isFolder(outDir)
        ? compareTree(
            outDir,
            expected.filter((f) => f.path !== MANIFEST_PATH),
            [MANIFEST_PATH],
          )
        : { changed: [], missing: [], extra: [], unreadable: [] };
  const upToDate = refused === undefined && diff.changed.length + diff.missing.length + diff.extra.length + diff.unreadable.length === 0;
  return { diagnostics, upToDate, confirmedByManifest: false, hashing, ...(refused === undefined ? {} : { refused }), ...diff, files: expected };
}

/** Whether `p` is a folder, or a link to one. */
function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
