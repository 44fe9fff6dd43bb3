/** Every emitter, each reading only the model. */
import type { Model } from "../model/model";
import type { EmittedFile } from "./emitted-file";
import { emitDocsText } from "./docs-text";

export type Emitter = (model: Model) => EmittedFile[];

export const EMITTERS: readonly Emitter[] = [emitDocsText];
