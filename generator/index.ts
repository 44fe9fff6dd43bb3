/**
 * The programmatic API; the CLI (cli/) parses arguments, calls it, and prints.
 *
 * - `generate()` (generate.ts): definition files in, emitted files and
 *   diagnostics out; it touches the disk only when given a folder to write into.
 * - `writeOutput()` (write/write-output.ts): generate() into an output
 *   folder, safely (staged, swapped in, with a manifest; a folder the tool did
 *   not write is refused).
 * - `check()` (write/check-output.ts): whether an output folder is what
 *   generate() would write, confirmed from its manifest when it can be.
 * - `readDefs()` (load/read-defs.ts): a folder of definition files, read
 *   the way the CLI reads it.
 *
 * Importing it is cheap: the loader, ts-morph and ajv load on first use, so a
 * `check` confirmed by its manifest never loads them.
 */
import type { InputFile } from "./load/input-file";
import type * as LoadModel from "./load-model";

export type { Diagnostic } from "./diagnostics";
export { formatDiagnostic } from "./diagnostics";
export type { InputFile } from "./load/input-file";
export type { EmittedFile } from "./emit/emitted-file";
export type * from "./model/model";
export type { ModelOptions } from "./load-model";
export { generate, type FileSink, type GenerateOptions, type GenerateResult, type OutputFolder } from "./generate";
export type { ModuleCounts } from "./module-memo";
export { writeOutput, type WriteOptions, type WriteResult } from "./write/write-output";
export { createSession, type GenerateSession } from "./session";
export { check, type CheckOptions, type CheckResult } from "./write/check-output";
export { DefsFolderError, readDefs } from "./load/read-defs";
export { MANIFEST_PATH } from "./write/manifest";
export { OutputFolderError } from "./write/tree";
export { LockWaitStopped } from "./write/output-lock";
export { overlapProblem, type NamedInput } from "./write/overlap";
export { PackageSettingsError, packageProblems, type PackageOptions, type PackageProblem } from "./package-settings";

/** Checks the definitions and builds the model, without emitting anything; `model` is absent when there are errors. */
export function loadModel(files: readonly InputFile[], options: LoadModel.ModelOptions = {}): ReturnType<typeof LoadModel.loadModel> {
  // Loaded on first use, as generate() loads it.
  return (require("./load-model") as typeof LoadModel).loadModel(files, options);
}
