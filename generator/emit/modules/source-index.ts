/**
 * `<folder>/index.js` and `.mjs` of each source whose modules have a folder of
 * their own (`interfaces/index.js`): every module of the folder under its
 * module name. The root module's CommonJS form loads it on first use
 * (./root-module.ts).
 */
import type { Model, ModuleSource, SchemaModule } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout, sourceDir, sourceIndexCjs } from "../layout";
import { printModule } from "./js-module";

/** The modules of each source that has a folder of its own, by source, in model order (none for a source without modules). */
export function modulesInFolders(model: Model): Map<ModuleSource, SchemaModule[]> {
  const out = new Map<ModuleSource, SchemaModule[]>();
  for (const m of model.modules) {
    if (sourceDir(m.source) === "") continue;
    const list = out.get(m.source);
    if (list === undefined) out.set(m.source, [m]);
    else list.push(m);
  }
  return out;
}

export function sourceIndexes(model: Model): EmittedFile[] {
  return [...modulesInFolders(model)].flatMap(([source, modules]) =>
    printModule({
      path: sourceIndexCjs(source),
      sources: modules.map((m) => m.path),
      imports: modules.map((m) => ({ path: layout.cjs(m), bind: { ns: m.moduleName } })),
      body: "",
      exports: modules.map((m) => ({ name: m.moduleName, local: m.moduleName })),
    }),
  );
}
