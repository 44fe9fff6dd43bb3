/**
 * runtime.js: the helpers the generated validators need at run time, so the
 * package never loads ajv. Its code is ./assets/runtime.js; its public part is
 * declared by ./runtime-dts.ts (ValidationError and the issue/result shapes);
 * the rest is internal:
 *
 * - `formats`: the format checkers the precompiled code requires (only
 *   `date-time` is checked; other formats are not referenced by the code);
 * - `ucs2length`: string length in code points, as ajv counts for min/maxLength;
 * - `issuesOf`: ajv's raw errors -> `ValidationIssue`s with plain-words messages;
 * - `createValidate`: the root module's `validate(ref, value)`.
 *
 * Fixed text: nothing from the definitions reaches it but the banner's list of
 * sources. Its MAX_DEPTH is validators/depth.ts's MAX_VALUE_DEPTH, written out
 * in the asset (test/runtime-assets.test.ts holds the two equal).
 */
import { codeBanner } from "../../banner";
import type { Model } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { assetText } from "./assets";

export function emitRuntime(_model: Model): EmittedFile[] {
  return [{ path: layout.runtimeCjs, content: codeBanner([]) + assetText("runtime.js") }];
}
