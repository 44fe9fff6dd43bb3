/**
 * The package root: `index.js` (CommonJS) exports each module of the root
 * folder (the type files) under its module name, each source folder's index
 * (./source-index.ts) under the folder's name, `ValidationError`, and
 * `validate(ref, value)` over every item of every module; `index.mjs`
 * re-exports the same objects as an ES module.
 */
import { codeBanner } from "../../banner";
import { stringLiteral } from "../../escape";
import type { Model, ModuleSource, SchemaModule } from "../../model/model";
import { helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout, sourceDir, sourceIndexCjs, specifier } from "../layout";
import { needsDepthCheck } from "../validators/depth";
import { esmWrapper } from "./esm-wrapper";
import { modulesInFolders } from "./source-index";

/** How validate()'s comment writes each source's refs, in this order: the root folder's always, another source's once it has items. */
const REF_FORMS: Readonly<Record<ModuleSource, string>> = {
  types: `"file/Type" or EVerest's "/file#/Type"`,
  interface: `"interfaces/<interface>/cmds/<cmd>/arguments", ".../result" or "interfaces/<interface>/vars/<var>"`,
  api: `"api/<api>/<message>"`,
};

export function emitRootModule(model: Model): EmittedFile[] {
  const sources = model.modules.map((m) => m.path);
  const atRoot = model.modules.filter((m) => sourceDir(m.source) === "");
  const folders = modulesInFolders(model);
  // A source folder is exported under its own name (`interfaces`); no type file may take it (the loaders refuse it).
  const exported = [...atRoot.map((m) => m.moduleName), ...[...folders.keys()].map(sourceDir), "ValidationError", "validate"];
  const runtime = stringLiteral(specifier(layout.rootCjs, layout.runtimeCjs));

  // No module-level locals: every module is reached through `exports`, so no module name can clash with one.
  const cjs: string[] = [`${codeBanner(sources)}"use strict";\n`];
  for (const m of atRoot) cjs.push(`exports.${m.moduleName} = require(${stringLiteral(specifier(layout.rootCjs, layout.cjs(m)))});`);
  // Loaded when first used: a process that validates only type-file types never parses a folder's modules.
  for (const source of folders.keys()) {
    cjs.push(
      `Object.defineProperty(exports, ${stringLiteral(sourceDir(source))}, { enumerable: true, get: () => require(${stringLiteral(specifier(layout.rootCjs, sourceIndexCjs(source)))}) });`,
    );
  }
  cjs.push(`exports.ValidationError = require(${runtime}).ValidationError;\n`);
  const forms = (Object.keys(REF_FORMS) as ModuleSource[]).filter(
    (s) => sourceDir(s) === "" || model.modules.some((m) => m.source === s && m.items.length > 0),
  );
  cjs.push(`/** validate(ref, value): ref is ${forms.map((s) => REF_FORMS[s]).join(", or ")}. */`);
  // Rows [ref, validateX], with `true` after it where the value's depth is counted first (../validators/depth.ts); the fast guards decide first, as in isX.
  // The folders' rows come from a function, called only once a ref is not found among the others, so that their modules too load on first use.
  cjs.push(`exports.validate = require(${runtime}).createValidate(require(${stringLiteral(specifier(layout.rootCjs, layout.guardsCjs))}), [`);
  cjs.push(...atRoot.flatMap(tableRows));
  const later = [...folders.values()].flat().flatMap(tableRows);
  cjs.push(later.length > 0 ? `], () => [` : `]);`);
  if (later.length > 0) cjs.push(...later, `]);`);

  return [
    { path: layout.rootCjs, content: `${cjs.join("\n")}\n` },
    { path: layout.rootEsm, content: esmWrapper(sources, specifier(layout.rootEsm, layout.rootCjs), exported) },
  ];
}

/** The `validate()` rows of `m`'s items, each reaching its validateX through the root's exports. */
function tableRows(m: SchemaModule): string[] {
  const at = sourceDir(m.source) === "" ? m.moduleName : `${sourceDir(m.source)}.${m.moduleName}`;
  return m.items.map((item) => {
    const deep = needsDepthCheck(item.schema) ? ", true" : "";
    return `  [${stringLiteral(item.ref)}, exports.${at}.${helperNames(item.tsName).validate}${deep}],`;
  });
}
