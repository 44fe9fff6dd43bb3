/**
 * The emitters the parallel generator runs on its worker thread: the ones that
 * need ajv (or much of the model) and no ts-morph. This module must not import
 * anything that loads ts-morph: the worker's start-up time is its cost.
 */
import type { Emitter } from "./emitters";
import { emitValidatorCode } from "./validators/compile";
import { emitGuards } from "./validators/guards";
import { emitJsonSchemas } from "./validators/emit-schemas";
import { emitInterfaceValidators } from "./validators/interface-modules";
import { emitInterfaceSchemas } from "./validators/interface-schemas";

export const WORKER_EMITTERS: readonly Emitter[] = [
  emitJsonSchemas,
  emitValidatorCode,
  emitGuards,
  emitInterfaceSchemas,
  emitInterfaceValidators,
];
