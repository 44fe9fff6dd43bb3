/** Every emitter, each reading only the model. */
import type { Model } from "../model/model";
import type { EmittedFile } from "./emitted-file";
import { emitDocsText } from "./docs-text";
import { emitRuntimeDeclarations } from "./runtime-dts";

export type Emitter = (model: Model) => EmittedFile[];

// One line per emitter; keep each on its own line.
export const EMITTERS: readonly Emitter[] = [
  emitDocsText,
  emitRuntimeDeclarations,
];
