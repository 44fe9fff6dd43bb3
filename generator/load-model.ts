/**
 * Definitions -> checked model, without any emitter: what generate() starts
 * with, and all the parallel generator's worker needs (it must not load ts-morph).
 */
import { DiagnosticBag, type Diagnostic } from "./diagnostics";
import { fileStem, loadFiles, type InputFile } from "./load/load-defs";
import { buildModel } from "./model/build-model";
import { loadInterfaceFiles } from "./load/load-interfaces";
import { buildInterfaces } from "./model/build-interfaces";
import type { Model } from "./model/model";

export interface GenerateOptions {
  /**
   * EVerest interface files (`interfaces/<name>.yaml`): their schemas refer
   * to the type files' declarations. Display paths such as `interfaces/ocpp.yaml`.
   */
  readonly interfaces?: readonly InputFile[];
}

/** Checks the definitions and builds the model; `model` is absent when there are errors. */
export function loadModel(files: readonly InputFile[], options: GenerateOptions = {}): { model?: Model; diagnostics: Diagnostic[] } {
  const diags = new DiagnosticBag();
  const inputs = loadFiles(files, diags);
  // Link whatever loaded even after errors, so one run reports every problem (bad refs too).
  const loaded = new Set(inputs.map((i) => i.stem));
  const unreadable = new Set(files.map((f) => fileStem(f.path)).filter((s) => !loaded.has(s)));
  const types = buildModel(inputs, diags, unreadable);
  const interfaceInputs = loadInterfaceFiles(options.interfaces ?? [], diags);
  const unresolvable = new Set([...unreadable, ...inputs.filter((i) => !i.checked.complete).map((i) => i.stem)]);
  const interfaces = buildInterfaces(interfaceInputs, types.files, diags, unresolvable);
  if (diags.hasErrors) return { diagnostics: diags.all() };
  return { model: Object.freeze({ files: types.files, interfaces }), diagnostics: diags.all() };
}

