/**
 * Definitions -> checked model, without any emitter: what generate() starts
 * with, and all the parallel generator's worker needs (it must not load ts-morph).
 */
import { DiagnosticBag, type Diagnostic } from "./diagnostics";
import { loadFiles } from "./load/load-defs";
import { fileStem, type InputFile } from "./load/input-file";
import { buildModel } from "./model/build-model";
import { loadInterfaceFiles } from "./load/load-interfaces";
import { buildInterfaces, type ErrorContext } from "./model/build-interfaces";
import { loadErrorFiles } from "./load/load-errors";
import { buildErrorFiles } from "./model/build-errors";
import type { Model } from "./model/model";

export interface ModelOptions {
  /**
   * EVerest interface files (`interfaces/<name>.yaml`): their schemas refer
   * to the type files' declarations. Display paths such as `interfaces/ocpp.yaml`.
   */
  readonly interfaces?: readonly InputFile[];
  /**
   * EVerest error files (`errors/<name>.yaml`). When given (even empty), every
   * interface's `errors:` references are resolved against them and the error
   * items are emitted; when absent, the references are only recorded.
   */
  readonly errors?: readonly InputFile[];
}

/** Checks the definitions and builds the model; `model` is absent when there are errors. */
export function loadModel(files: readonly InputFile[], options: ModelOptions = {}): { model?: Model; diagnostics: Diagnostic[] } {
  const diags = new DiagnosticBag();
  const inputs = loadFiles(files, diags);
  // Link whatever loaded even after errors, so one run reports every problem (bad refs too).
  const loaded = new Set(inputs.map((i) => i.stem));
  const unreadable = new Set(files.map((f) => fileStem(f.path)).filter((s) => !loaded.has(s)));
  const types = buildModel(inputs, diags, unreadable);
  const interfaceInputs = loadInterfaceFiles(options.interfaces ?? [], diags);
  const unresolvable = new Set([...unreadable, ...inputs.filter((i) => !i.checked.complete).map((i) => i.stem)]);
  let errorContext: ErrorContext | undefined;
  if (options.errors !== undefined) {
    const errorInputs = loadErrorFiles(options.errors, diags);
    const read = new Set(errorInputs.map((i) => i.stem));
    errorContext = {
      files: buildErrorFiles(errorInputs),
      unreadable: new Set(options.errors.map((f) => fileStem(f.path)).filter((s) => !read.has(s))),
    };
  }
  const interfaces = buildInterfaces(interfaceInputs, types.files, diags, unresolvable, errorContext);
  if (errorContext === undefined) {
    for (const i of interfaces) {
      const first = i.errors[0];
      if (first !== undefined) diags.warning("W113", first.pos, "error references are not resolved: the run has no error files (pass --errors, or --everest); no error types are generated");
    }
  }
  if (diags.hasErrors) return { diagnostics: diags.all() };
  const errorFiles = Object.freeze(errorContext?.files ?? []);
  return { model: Object.freeze({ files: types.files, interfaces, errorFiles }), diagnostics: diags.all() };
}

