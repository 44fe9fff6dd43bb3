/**
 * The programmatic API. `generate()` (generate.ts) turns definition files
 * into emitted files and diagnostics; it touches the disk only when given a
 * folder to write into. The CLI and build tools wrap it.
 */
import type { Diagnostic } from "./diagnostics";
import type { InputFile } from "./load/input-file";
import { type GenerateOptions, generate } from "./generate";
import { MANIFEST_PATH } from "./write/manifest";
import { compareTree } from "./write/tree";

export type { Diagnostic } from "./diagnostics";
export { formatDiagnostic } from "./diagnostics";
export type { InputFile } from "./load/input-file";
export type { EmittedFile } from "./emit/emitted-file";
export type * from "./model/model";
export { loadModel, type ModelOptions } from "./load-model";
export { generate, type FileSink, type GenerateOptions, type GenerateResult, type OutputFolder } from "./generate";
export { readDefs } from "./load/read-defs";

export interface CheckResult {
  /** Errors and warnings of the definitions; `upToDate` is false when there are errors. */
  readonly diagnostics: readonly Diagnostic[];
  readonly upToDate: boolean;
  /** Files whose content differs, files that should exist but do not, files that should not exist. */
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/**
 * Regenerates in memory and compares with the package in `outDir`; reads the
 * disk, never writes. The CLI's `check` without its fast path and printing.
 */
export async function check(files: readonly InputFile[], outDir: string, options: GenerateOptions = {}): Promise<CheckResult> {
  const result = await generate(files, options);
  if (!result.model) return { diagnostics: result.diagnostics, upToDate: false, changed: [], missing: [], extra: [] };
  const diff = compareTree(outDir, result.files, [MANIFEST_PATH]);
  const upToDate = diff.changed.length + diff.missing.length + diff.extra.length === 0;
  return { diagnostics: result.diagnostics, upToDate, ...diff };
}
