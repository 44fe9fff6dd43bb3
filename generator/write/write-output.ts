/**
 * generate() into the output folder, safely. Files are written as they are
 * made into a staging folder beside it (tree.ts `stageTree`: a folder the
 * tool did not write is refused), made only once the definitions have proved
 * free of errors; then the manifest goes in and the staging folder is swapped
 * in. A run with errors (with `strict`, warnings too) leaves everything as it
 * was; so does a throw, after which the staging folder is removed.
 */
import type { Diagnostic } from "../diagnostics";
import * as fs from "node:fs";
import * as path from "node:path";
import { type GenerateOptions, type OutputFolder, generateCached } from "../generate";
import { CACHE_DIR, type JobCacheConfig, cacheSecret } from "../job-cache";
import type { InputFile } from "../load/input-file";
import type { Model } from "../model/model";
import { hashGenerator, manifestInputs, manifestOf } from "./manifest";
import { recordStatIndex } from "./stat-index";
import { type StagedTree, stageTree } from "./tree";

export interface WriteOptions extends Omit<GenerateOptions, "cache"> {
  /** Warnings fail the run like errors: nothing is written. */
  readonly strict?: boolean;
  /**
   * Keep the compiled validators in `<out>/.everest-typegen-cache/` and reuse
   * them when their job is unchanged (../job-cache.ts); default false. The
   * folder is not part of the package: the manifest, `check` and
   * `npm pack` leave it out, and a .gitignore in it keeps it out of git.
   * Each run writes a new cache with the entries it used, in the staged tree.
   */
  readonly cache?: boolean;
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
}

export async function writeOutput(out: string, files: readonly InputFile[], options: WriteOptions = {}): Promise<WriteResult> {
  const hashes: [string, string][] = [];
  const stage: { tree?: StagedTree } = {};
  const folder: OutputFolder = {
    open: () => (stage.tree = stageTree(out)).dir,
    written: (file, hash) => void hashes.push([file, hash]),
  };
  try {
    const { cache: useCache, ...generateOptions } = options;
    const cacheFor = useCache === true ? (staged: string | undefined): JobCacheConfig | undefined => outputCache(out, staged) : undefined;
    const { model, diagnostics, cache } = await generateCached(files, generateOptions, folder, cacheFor);
    const failsStrict = options.strict === true && diagnostics.some((d) => d.severity === "warning");
    if (!model || failsStrict || stage.tree === undefined) {
      stage.tree?.abort();
      return { diagnostics, written: 0 };
    }
    stage.tree.add(manifestOf(manifestInputs(files, options), model.package, hashes));
    stage.tree.commit();
    // After the swap: the index records the committed files' identities (stat-index.ts), for check.
    if (useCache === true) recordStatIndex(out);
    return { diagnostics, model, written: hashes.length, ...(cache === undefined ? {} : { cache }) };
  } catch (err) {
    stage.tree?.abort();
    throw err;
  }
}

/**
 * The cache of an output folder: read from `<out>/CACHE_DIR` when that is a
 * real folder (not a link: nothing is read through it), written into the
 * staged tree, which replaces the output folder as a whole.
 */
function outputCache(out: string, staged: string | undefined): JobCacheConfig | undefined {
  const secret = cacheSecret();
  if (staged === undefined || secret === undefined) return undefined;
  const current = path.join(out, CACHE_DIR);
  let readable = false;
  try {
    readable = fs.lstatSync(current).isDirectory();
  } catch {
    // No cache yet.
  }
  return { ...(readable ? { readDir: current } : {}), writeDir: path.join(staged, CACHE_DIR), generator: hashGenerator(), secret };
}
