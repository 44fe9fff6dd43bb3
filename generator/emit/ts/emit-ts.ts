/**
 * The TypeScript declarations of the generated package: per module (type
 * file or interface) `<module>.d.ts` (types, enums, validator signatures) and
 * `<module>.d.mts`, the root `index.d.ts`/`index.d.mts`, and each source
 * folder's `index.d.ts`. Each file is one ts-morph structure, printed once.
 */
import type { Model, SchemaModule } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { rootDmtsStructure, rootDtsStructure, sourceIndexDtsStructures } from "./index-dts";
import { moduleDmtsStructure, moduleDtsStructure } from "./module-dts";
import { print } from "./print";

export function emitTypeScript(model: Model): EmittedFile[] {
  return [...model.modules.flatMap(moduleDeclarations), ...indexDeclarations(model)];
}

/** `<module>.d.ts` and `<module>.d.mts`. */
export function moduleDeclarations(m: SchemaModule): EmittedFile[] {
  return [
    { path: layout.dts(m), content: print(moduleDtsStructure(m)) },
    { path: layout.dmts(m), content: print(moduleDmtsStructure(m)) },
  ];
}

/** The root's and each source folder's index declarations. */
export function indexDeclarations(model: Model): EmittedFile[] {
  const out: EmittedFile[] = [];
  out.push({ path: layout.rootDts, content: print(rootDtsStructure(model)) });
  out.push({ path: layout.rootDmts, content: print(rootDmtsStructure(model)) });
  for (const s of sourceIndexDtsStructures(model)) out.push({ path: s.path, content: print(s.structure) });
  return out;
}
