/**
 * generate() into the output folder, safely. Files are written as they are
 * made into a staging folder beside it (tree.ts `stageTree`: a folder the
 * tool did not write is refused), made only once the definitions have proved
 * free of errors; then the manifest goes in and the staging folder is swapped
 * in. A run with errors (with `strict`, warnings too) leaves everything as it
 * was; so does a throw, after which the staging folder is removed.
 */
import type { Diagnostic } from "../diagnostics";
import { type GenerateOptions, type OutputFolder, generate } from "../generate";
import type { InputFile } from "../load/input-file";
import type { Model } from "../model/model";
import { manifestInputs, manifestOf } from "./manifest";
import { type StagedTree, stageTree } from "./tree";

export interface WriteOptions extends GenerateOptions {
  /** Warnings fail the run like errors: nothing is written. */
  readonly strict?: boolean;
}

export interface WriteResult {
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The model of what was written; absent when nothing was (errors, or warnings with `strict`). */
  readonly model?: Model;
  /** How many files were written, the manifest not counted; 0 when nothing was. */
  readonly written: number;
}

export async function writeOutput(out: string, files: readonly InputFile[], options: WriteOptions = {}): Promise<WriteResult> {
  const hashes: [string, string][] = [];
  const stage: { tree?: StagedTree } = {};
  const folder: OutputFolder = {
    open: () => (stage.tree = stageTree(out)).dir,
    written: (file, hash) => void hashes.push([file, hash]),
  };
  try {
    const { model, diagnostics } = await generate(files, options, folder);
    const failsStrict = options.strict === true && diagnostics.some((d) => d.severity === "warning");
    if (!model || failsStrict || stage.tree === undefined) {
      stage.tree?.abort();
      return { diagnostics, written: 0 };
    }
    stage.tree.add(manifestOf(manifestInputs(files, options), model.package, hashes));
    stage.tree.commit();
    return { diagnostics, model, written: hashes.length };
  } catch (err) {
    stage.tree?.abort();
    throw err;
  }
}
