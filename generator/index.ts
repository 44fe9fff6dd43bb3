/**
 * The programmatic API. `generate()` is pure: definition files in, emitted files
 * and diagnostics out; it never touches the disk. The CLI and build tools wrap it.
 */
import type { Diagnostic } from "./diagnostics";
import type { InputFile } from "./load/load-defs";
import { loadModel, type GenerateOptions } from "./load-model";
import type { Model } from "./model/model";
import { EMITTERS } from "./emit/emitters";
import type { EmittedFile } from "./emit/emitted-file";

export type { Diagnostic } from "./diagnostics";
export { formatDiagnostic } from "./diagnostics";
export type { InputFile } from "./load/load-defs";
export type { EmittedFile } from "./emit/emitted-file";
export type * from "./model/model";
export { loadModel, type GenerateOptions } from "./load-model";

export interface GenerateResult {
  /** Sorted by path; empty when there are errors. */
  readonly files: readonly EmittedFile[];
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: Model;
}

export function generate(files: readonly InputFile[], options: GenerateOptions = {}): GenerateResult {
  const { model, diagnostics } = loadModel(files, options);
  if (!model) return { files: [], diagnostics };
  const out = EMITTERS.flatMap((emit) => emit(model));
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: out, diagnostics, model };
}
