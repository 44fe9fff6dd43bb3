/**
 * The programmatic API. `generate()` is pure: definition files in, emitted files
 * and diagnostics out; it never touches the disk. The CLI and build tools wrap it.
 */
import { DiagnosticBag, type Diagnostic } from "./diagnostics";
import { fileStem, loadFiles, type InputFile } from "./load/load-defs";
import { buildModel } from "./model/build-model";
import type { Model } from "./model/model";
import { EMITTERS } from "./emit/emitters";
import type { EmittedFile } from "./emit/emitted-file";

export type { Diagnostic } from "./diagnostics";
export { formatDiagnostic } from "./diagnostics";
export type { InputFile } from "./load/load-defs";
export type { EmittedFile } from "./emit/emitted-file";
export type * from "./model/model";

export interface GenerateResult {
  /** Sorted by path; empty when there are errors. */
  readonly files: readonly EmittedFile[];
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: Model;
}

/** Checks the definitions and builds the model; `model` is absent when there are errors. */
export function loadModel(files: readonly InputFile[]): { model?: Model; diagnostics: Diagnostic[] } {
  const diags = new DiagnosticBag();
  const inputs = loadFiles(files, diags);
  // Link whatever loaded even after errors, so one run reports every problem (bad refs too).
  const loaded = new Set(inputs.map((i) => i.stem));
  const unreadable = new Set(files.map((f) => fileStem(f.path)).filter((s) => !loaded.has(s)));
  const model = buildModel(inputs, diags, unreadable);
  if (diags.hasErrors) return { diagnostics: diags.all() };
  return { model, diagnostics: diags.all() };
}

export function generate(files: readonly InputFile[]): GenerateResult {
  const { model, diagnostics } = loadModel(files);
  if (!model) return { files: [], diagnostics };
  const out = EMITTERS.flatMap((emit) => emit(model));
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: out, diagnostics, model };
}
