/**
 * Declarations of the generated package's shared runtime (runtime.js): the
 * contract between the TypeScript declarations and the validator code. The
 * text is ./assets/runtime-declarations.ts, which ./assets/runtime.js is
 * type-checked against.
 */
import { codeBanner } from "../../banner";
import type { Model } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { assetText } from "./assets";

export function emitRuntimeDeclarations(_model: Model): EmittedFile[] {
  return [{ path: layout.runtimeDts, content: codeBanner([]) + assetText("runtime-declarations.ts") }];
}
