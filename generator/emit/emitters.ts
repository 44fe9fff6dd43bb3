/** Every emitter, each reading only the model. */
import type { Model } from "../model/model";
import type { EmittedFile } from "./emitted-file";
import { emitDocsText } from "./docs-text";
import { emitDocsMarkdown } from "./docs-md";
import { emitPackageFiles } from "./package-files";
import { emitRuntimeDeclarations } from "./runtime-dts";
import { emitTypeScript } from "./ts/emit-ts";
import { emitJsonSchemas } from "./validators/emit-schemas";
import { emitValidatorCode } from "./validators/compile";
import { emitGuards } from "./validators/guards";
import { emitRuntime } from "./validators/runtime-js";
import { emitFileModules } from "./validators/file-modules";
import { emitRootModule } from "./validators/root-module";
import { emitInterfaceDocs } from "./docs-interfaces-md";
import { emitErrorDocs } from "./docs-errors-md";
import { emitInterfaceDeclarations } from "./ts/interface-dts";
import { emitInterfaceSchemas } from "./validators/interface-schemas";
import { emitInterfaceModules, emitInterfaceValidators } from "./validators/interface-modules";

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
  emitInterfaceDeclarations,
  emitInterfaceSchemas,
  emitInterfaceValidators,
  emitInterfaceModules,
  emitInterfaceDocs,
  emitErrorDocs,
];
