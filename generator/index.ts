/**
 * The programmatic API. `generate()` is pure: definition files in, emitted files
 * and diagnostics out; it never touches the disk. The CLI and build tools wrap it.
 */
import type { Diagnostic } from "./diagnostics";
import type { InputFile } from "./load/input-file";
import { loadModel, type ModelOptions } from "./load-model";
import type { Model } from "./model/model";
import { EMITTERS } from "./emit/emitters";
import type { EmittedFile } from "./emit/emitted-file";
import { MANIFEST_PATH } from "./write/manifest";
import { compareTree } from "./write/tree";
import { compareText } from "./compare";

export type { Diagnostic } from "./diagnostics";
export { formatDiagnostic } from "./diagnostics";
export type { InputFile } from "./load/input-file";
export type { EmittedFile } from "./emit/emitted-file";
export type * from "./model/model";
export { loadModel, type ModelOptions } from "./load-model";
export { readDefs } from "./load/read-defs";

export interface GenerateResult {
  /** Sorted by path; empty when there are errors. */
  readonly files: readonly EmittedFile[];
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: Model;
}

export function generate(files: readonly InputFile[], options: ModelOptions = {}): GenerateResult {
  const { model, diagnostics } = loadModel(files, options);
  if (!model) return { files: [], diagnostics };
  const out = EMITTERS.flatMap((emit) => emit(model));
  out.sort((a, b) => compareText(a.path, b.path));
  return { files: out, diagnostics, model };
}

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
export function check(files: readonly InputFile[], outDir: string, options: ModelOptions = {}): CheckResult {
  const result = generate(files, options);
  if (!result.model) return { diagnostics: result.diagnostics, upToDate: false, changed: [], missing: [], extra: [] };
  const diff = compareTree(outDir, result.files, [MANIFEST_PATH]);
  const upToDate = diff.changed.length + diff.missing.length + diff.extra.length === 0;
  return { diagnostics: result.diagnostics, upToDate, ...diff };
}
