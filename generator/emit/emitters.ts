/** Every emitter, each reading only the model. */
import type { Model } from "../model/model";
import type { EmittedFile } from "./emitted-file";
import { emitDocsText } from "./docs/docs-text";
import { emitDocsMarkdown } from "./docs/docs-md";
import { emitPackageFiles } from "./package/package-files";
import { emitRuntimeDeclarations } from "./runtime/runtime-dts";
import { emitTypeScript } from "./ts/emit-ts";
import { emitJsonSchemas } from "./schemas/emit-schemas";
import { emitValidatorCode } from "./validators/compile";
import { emitGuards } from "./validators/guards";
import { emitRuntime } from "./runtime/runtime-js";
import { emitFileModules } from "./modules/file-modules";
import { emitRootModule } from "./modules/root-module";
import { emitErrorDocs } from "./docs/docs-errors-md";

export type Emitter = (model: Model) => EmittedFile[];

// One line per emitter; keep each on its own line.
export const EMITTERS: readonly Emitter[] = [
  emitDocsText,
  emitDocsMarkdown,
  emitPackageFiles,
  emitRuntimeDeclarations,
  emitTypeScript,
  emitJsonSchemas,
  emitValidatorCode,
  emitGuards,
  emitRuntime,
  emitFileModules,
  emitRootModule,
  emitErrorDocs,
];
