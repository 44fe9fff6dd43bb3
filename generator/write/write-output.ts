/**
 * generate() into the output folder, safely. Files are written as they are
 * made into a staging folder beside it (tree.ts `stageTree`: a folder the
 * tool did not write is refused), made only once the definitions have proved
 * free of errors; then the manifest goes in and the staging folder is swapped
 * in. A run with errors (with `strict`, warnings too) leaves everything as it
 * was; so does a throw, after which the staging folder is removed. From the
 * staging folder's making to the end, the run holds the output's lock
 * (output-lock.ts): another run on the folder waits until then.
 */
import type { Diagnostic } from "../diagnostics";
import * as fs from "node:fs";
import * as path from "node:path";
import { type GenerateOptions, type OutputFolder, type RunCache, generateCached } from "../generate";
import type { ModuleCounts } from "../module-memo";
import { CACHE_DIR, cacheSecret } from "../job-cache";
import { type CheckCounts, openCheckStore } from "../load/check-store";
import type { InputFile } from "../load/input-file";
import type { Model } from "../model/model";
import { hashGenerator, manifestInputs, manifestOf } from "./manifest";
import { recordStatIndex, reusableFromStatIndex } from "./stat-index";
import { type StagedTree, checkReplaceable, makeParents, removeOldTree, stageTree } from "./tree";
import { type OutputLock, lockOutput } from "./output-lock";

export interface WriteOptions extends Omit<GenerateOptions, "cache"> {
  /**
   * Keep the compiled validators in `<out>/.everest-typegen-cache/` and reuse
   * them when their job is unchanged (../job-cache.ts); default false. The
   * folder is not part of the package: the manifest, `check` and
   * `npm pack` leave it out, and a .gitignore in it keeps it out of git.
   * Each run writes a new cache with the entries it used, in the staged tree.
   */
  readonly cache?: boolean;
  /**
   * The input files' paths on disk (absolute, or relative to the current
   * folder), for the stat index (with `cache`; stat-index.ts): check can then
   * take their hashes without reading them while they are unchanged. The
   * CLI gives them; through the API, check reads every input anyway.
   */
  readonly inputFiles?: readonly string[];
  /** Called once if the run waits for another run writing the same folder (output-lock.ts), with words that say so. */
  readonly onLockWait?: (message: string) => void;
  /**
   * Called once the lock is taken, before anything is written: another run
   * may have written a tree from newer inputs since this run's were read. A
   * throw ends the run with nothing written (the CLI reads its inputs again
   * when the tree changed meanwhile, and runs again if they changed).
   */
  readonly afterLock?: () => void;
  /** Ends a wait for another run (output-lock.ts `LockWaitStopped`, nothing written): a watch stopped by Ctrl-C. */
  readonly lockSignal?: AbortSignal;
}

export interface WriteResult {
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The model of what was written; absent when nothing was (errors, or warnings with `strict`). */
  readonly model?: Model;
  /** How many files were written, the manifest not counted; 0 when nothing was. */
  readonly written: number;
  /** With `cache` (and a secret for it, ../job-cache.ts): jobs whose files came from the cache, and jobs compiled. */
  readonly cache?: { readonly hits: number; readonly misses: number };
  /** With `cache` or a session: modules' files reused from the session, taken from the output folder, and made (../generate.ts). */
  readonly modules?: ModuleCounts;
  /** With `cache`, without a session or on a session's first run into the folder: input files whose checks came from the output folder's cache, and files read and checked (../load/check-store.ts). */
  readonly checks?: CheckCounts;
}

export async function writeOutput(out: string, files: readonly InputFile[], options: WriteOptions = {}): Promise<WriteResult> {
  // The session's last old tree has the name this run's would take: gone first.
  await options.session?.removing;
  const hashes: [string, string][] = [];
  const stage: { tree?: StagedTree; lock?: OutputLock } = {};
  const session = options.session;
  // Released in `finally`, unless a session's old tree is still being removed: then once that is done.
  let releaseLater = false;
  const folder: OutputFolder = {
    open: async () => {
      // A folder generate refuses is refused before the lock is waited for or made; the folders above it are made
      // first, so that a fresh --out is locked as well.
      const abs = path.resolve(out);
      checkReplaceable(abs, out);
      makeParents(abs, out);
      stage.lock = await lockOutput(out, { ...(options.onLockWait === undefined ? {} : { onWait: options.onLockWait }), ...(options.lockSignal === undefined ? {} : { signal: options.lockSignal }) });
      options.afterLock?.();
      return (stage.tree = stageTree(out)).dir;
    },
    written: (file, hash) => {
      hashes.push([file, hash]);
      // The main thread's event loop does not turn while the files are made: the lock is marked alive from here.
      stage.lock?.beat();
    },
    // What this session wrote into this folder last time, else what the folder's stat index vouches for: files may be linked from it.
    reusable: () => (session?.tree?.dir === path.resolve(out) ? session.tree : options.cache === true ? reusableFromStatIndex(out) : undefined),
  };
  try {
    const { cache: useCache, inputFiles, onLockWait: _onLockWait, afterLock: _afterLock, lockSignal: _lockSignal, ...generateOptions } = options;
    // No model on errors, nor on warnings with `strict` (generateOptions holds it): then nothing was staged, or it goes.
    const { model, diagnostics, cache, modules, checks } = await generateCached(files, generateOptions, folder, useCache === true ? outputCache(out, session?.tree?.dir !== path.resolve(out)) : undefined);
    if (!model || stage.tree === undefined) {
      stage.tree?.abort();
      return { diagnostics, written: 0 };
    }
    const manifest = manifestOf(manifestInputs(files, options), model.package, hashes);
    stage.tree.add(manifest);
    // A session's old tree is removed after the run returns (the next run waits for it): the new one is in place already.
    const old = stage.tree.commit({ keepOld: session !== undefined });
    // The committed files' identities, for check (stat-index.ts) and a session's next run (reuse.ts); recorded after the
    // swap, and once the old tree is gone, as removing a file's other link moves its change time. Each file is read
    // and hashed under the index's fence, so one edited meanwhile is not recorded: what is not recorded is written
    // anew, never linked (without the cache nothing is recorded, and a session links nothing).
    const record = (): void => {
      const recorded = useCache === true ? recordStatIndex(out, manifest.content, inputFiles === undefined ? {} : { inputs: inputFiles }) : undefined;
      // Named by the path the next run compares (the index names the real path; both reach the same files).
      if (session !== undefined && recorded !== undefined) session.tree = { dir: path.resolve(out), files: recorded.files };
    };
    if (session !== undefined) delete session.tree;
    if (old === undefined) record();
    // Recorded even when the old tree could not be removed (left for a later run's recoverTree): the new one is in place.
    else if (session !== undefined) {
      const lock = stage.lock;
      session.removing = removeOldTree(old)
        .then(record, record)
        .finally(() => lock?.release());
      releaseLater = true;
    }
    return { diagnostics, model, written: hashes.length, ...(cache === undefined ? {} : { cache }), ...(modules === undefined ? {} : { modules }), ...(checks === undefined ? {} : { checks }) };
  } catch (err) {
    stage.tree?.abort();
    throw err;
  } finally {
    if (!releaseLater) stage.lock?.release();
  }
}

/**
 * The cache of an output folder: read from `<out>/CACHE_DIR` when that is a
 * real folder (not a link: nothing is read through it), written into the
 * staged tree, which replaces the output folder as a whole. Its checked
 * input files are read now, before the model is built (`checks`: not for a
 * session that has written this folder already, which keeps its own in
 * memory; a watch's first run takes them).
 */
function outputCache(out: string, checks: boolean): RunCache | undefined {
  const secret = cacheSecret();
  if (secret === undefined) return undefined;
  const current = path.join(out, CACHE_DIR);
  let readable = false;
  try {
    readable = fs.lstatSync(current).isDirectory();
  } catch {
    // No cache yet.
  }
  const readDir = readable ? current : undefined;
  return {
    jobs: (staged) => (staged === undefined ? undefined : { ...(readDir === undefined ? {} : { readDir }), writeDir: path.join(staged, CACHE_DIR), generator: hashGenerator(), secret, filesDir: path.resolve(out) }),
    ...(checks ? { checks: openCheckStore(readDir, secret) } : {}),
  };
}
