/**
 * runtime.js and runtime.mjs: the helpers the generated validators need at
 * run time, so the package never loads ajv. Its code is ./assets/runtime.js,
 * an ES module whose last statement lists its exports; the rest of the file is
 * the body both forms share (../modules/js-module.ts). Its public part is
 * declared by ./runtime-dts.ts (ValidationError and the issue/result shapes);
 * the rest is internal:
 *
 * - `formats`: the format checkers the precompiled code and the guards call,
 *   one per format EVerest's runtime checks and the validators check alike
 *   (keywords.ts CHECKED_FORMATS); the others are not referenced by the code;
 * - `ucs2length`: string length in code points, as ajv counts for min/maxLength;
 * - `issuesOf`: ajv's raw errors -> `ValidationIssue`s with plain-words messages;
 * - `guarded`, `safely`, `issuesFor`: the verdicts behind isX and assertX;
 * - `enumObject`: the enum objects, shared with the other module format;
 * - `createValidate`: the root module's `validate(ref, value)`.
 *
 * Fixed text: nothing from the definitions reaches it, and its banner names no
 * input. Its MAX_DEPTH is validators/depth.ts's MAX_VALUE_DEPTH, written out
 * in the asset (test/runtime-assets.test.ts holds the two equal).
 */
import type { Model } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { type JsImport, type JsModule, printModule } from "../modules/js-module";
import { assetText } from "./assets";

/** The asset's closing `export { a, b, ... };`: the only export statement it may have. */
const EXPORT_LIST = /\nexport \{\n((?:  [A-Za-z_$][\w$]*,\n)+)\};\n*$/;

/** An import of another asset, on a line of its own before any code: `import { a, b } from "./runtime.js";`. */
const IMPORT_LINE = /^import \{ ([A-Za-z_$][\w$]*(?:, [A-Za-z_$][\w$]*)*) \} from "\.\/([a-z-]+\.js)";\n/;

/** Where each code asset goes in the package (so one asset's import of another finds it). */
const ASSET_PATHS: Readonly<Record<string, string>> = {
  "runtime.js": layout.runtimeCjs,
  "api-client.js": layout.apiClientCjs,
};

/**
 * A code asset as a module: its imports of other assets (its leading import
 * lines), its body, and the names its closing export list gives.
 */
export function assetModule(name: string): JsModule {
  const path = ASSET_PATHS[name];
  if (path === undefined) throw new Error(`internal error: ${name} is no code asset`);
  let text = assetText(name);
  const imports: JsImport[] = [];
  for (let m = IMPORT_LINE.exec(text); m !== null; m = IMPORT_LINE.exec(text)) {
    const target = ASSET_PATHS[m[2]!];
    if (target === undefined) throw new Error(`internal error: ${name} imports ${m[2]}, which is no code asset`);
    imports.push({ path: target, bind: { names: m[1]!.split(", ") } });
    text = text.slice(m[0].length);
  }
  const list = EXPORT_LIST.exec(text);
  if (list === null) throw new Error(`internal error: ${name} must end with one \`export { name, ... };\` list, a name per line`);
  const body = text.slice(0, list.index);
  if (/^\s*(?:import|export)\b/m.test(body)) throw new Error(`internal error: ${name} imports or exports outside its leading imports and closing export list`);
  const names = list[1]!.split("\n").filter((l) => l !== "").map((l) => l.trim().replace(/,$/, ""));
  return { path, sources: [], imports, body: body.replace(/^\n+/, ""), exports: names.map((n) => ({ name: n, local: n })) };
}

/** The runtime asset as a module. */
export function runtimeModule(): JsModule {
  return assetModule("runtime.js");
}

export function emitRuntime(_model: Model): EmittedFile[] {
  return printModule(runtimeModule());
}
