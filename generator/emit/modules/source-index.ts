/**
 * `<folder>/index.js` of each source whose modules have a folder of their own
 * (`interfaces/index.js`): every module of the folder under its module name.
 * The root module loads it on first use (./root-module.ts).
 */
import { codeBanner } from "../../banner";
import { stringLiteral } from "../../escape";
import type { Model, ModuleSource, SchemaModule } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout, sourceDir, sourceIndexCjs, specifier } from "../layout";

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
  return [...modulesInFolders(model)].map(([source, modules]) => {
    const index = sourceIndexCjs(source);
    const lines = [`${codeBanner(modules.map((m) => m.path))}"use strict";\n`];
    for (const m of modules) lines.push(`exports.${m.moduleName} = require(${stringLiteral(specifier(index, layout.cjs(m)))});`);
    return { path: index, content: `${lines.join("\n")}\n` };
  });
}
