/**
 * The package root: `index.js` and `index.mjs` (one JsModule, ./js-module.ts)
 * export each module of the root folder (the type files) under its module
 * name, each source folder's index (./source-index.ts) under the folder's
 * name, `ValidationError`, and `validate(ref, value)` over every item of every
 * module.
 */
import { stringLiteral } from "../../escape";
import type { Model, ModuleSource, SchemaModule } from "../../model/model";
import { NameScope, helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout, sourceDir, sourceIndexCjs } from "../layout";
import { guardExportName, hasFastGuards } from "../validators/guards";
import { needsDepthCheck } from "../validators/depth";
import { type JsImport, printModule, pure } from "./js-module";
import { modulesInFolders } from "./source-index";

/** How validate()'s comment writes each source's refs, in this order: the root folder's always, another source's once it has items. */
const REF_FORMS: Readonly<Record<ModuleSource, string>> = {
  types: `"file/Type" or EVerest's "/file#/Type"`,
  interface: `"interfaces/<interface>/cmds/<cmd>/arguments", ".../result" or "interfaces/<interface>/vars/<var>"`,
  api: `"api/<api>/<message>"`,
};

export function emitRootModule(model: Model): EmittedFile[] {
  const atRoot = model.modules.filter((m) => sourceDir(m.source) === "");
  const folders = modulesInFolders(model);
  // Every module and folder is bound under the name it is exported as; the other locals are claimed around them.
  const scope = new NameScope([...atRoot.map((m) => m.moduleName), ...[...folders.keys()].map(sourceDir), "ValidationError", "validate"]);
  const runtime = scope.claim("runtime");
  const guarded = model.modules.filter(hasFastGuards);
  const guardsOf = new Map(guarded.map((m) => [m, scope.claim(`guards_${m.moduleName}`)]));

  const imports: JsImport[] = [
    { path: layout.runtimeCjs, bind: { ns: runtime } },
    ...atRoot.map((m) => ({ path: layout.cjs(m), bind: { ns: m.moduleName } })),
    // Loaded when first used (CommonJS): a process that validates only type-file types never parses a folder's modules.
    ...[...folders.keys()].map((source) => ({ path: sourceIndexCjs(source), bind: { ns: sourceDir(source) }, lazy: true })),
    ...guarded.map((m) => ({ path: layout.guardsOf(m), bind: { ns: guardsOf.get(m)! } })),
  ];
  const forms = (Object.keys(REF_FORMS) as ModuleSource[]).filter(
    (s) => sourceDir(s) === "" || model.modules.some((m) => m.source === s && m.items.length > 0),
  );
  /** The `validate()` rows of `m`'s items: [ref, validateX, its guard or null, and `true` where the value's depth is counted first (../validators/depth.ts)]. */
  const rows = (m: SchemaModule): string[] => {
    const at = sourceDir(m.source) === "" ? m.moduleName : `${sourceDir(m.source)}.${m.moduleName}`;
    const guards = guardsOf.get(m);
    return m.items.map((item) => {
      const deep = needsDepthCheck(item.schema) ? ", true" : "";
      const guard = guards === undefined ? "null" : `${guards}.${guardExportName(item)}`;
      return `  [${stringLiteral(item.ref)}, ${at}.${helperNames(item.tsName).validate}, ${guard}${deep}],`;
    });
  };
  const later = [...folders.values()].flat().flatMap(rows);
  const body = [
    `const ValidationError = ${runtime}.ValidationError;\n`,
    `/** validate(ref, value): ref is ${forms.map((s) => REF_FORMS[s]).join(", or ")}. */`,
    // The folders' rows come from a function, called only once a ref is not found among the others, so that their modules too load on first use.
    `const validate = ${pure(`${runtime}.createValidate([`)}`,
    ...atRoot.flatMap(rows),
    ...(later.length > 0 ? [`], () => [`, ...later, `]);`] : [`]);`]),
  ];
  return printModule({
    path: layout.rootCjs,
    sources: model.modules.map((m) => m.path),
    imports,
    body: body.join("\n"),
    exports: [
      ...atRoot.map((m) => ({ name: m.moduleName, local: m.moduleName })),
      ...[...folders.keys()].map((source) => ({ name: sourceDir(source), local: sourceDir(source) })),
      { name: "ValidationError", local: "ValidationError" },
      { name: "validate", local: "validate" },
    ],
  });
}
