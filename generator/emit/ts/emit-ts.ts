/**
 * The TypeScript declarations of the generated package: per defs file
 * `<file>.d.ts` (types, enums, validator signatures) and `<file>.d.mts`, and
 * the root `index.d.ts`/`index.d.mts`. Each file is one ts-morph structure,
 * printed once.
 */
import type { Model } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { fileDmtsStructure, fileDtsStructure } from "./file-dts";
import { rootDmtsStructure, rootDtsStructure } from "./root-dts";
import { print } from "./print";

export function emitTypeScript(model: Model): EmittedFile[] {
  const out: EmittedFile[] = [];
  for (const file of model.files) {
    out.push({ path: layout.dts(file), content: print(fileDtsStructure(file)) });
    out.push({ path: layout.dmts(file), content: print(fileDmtsStructure(file)) });
  }
  out.push({ path: layout.rootDts, content: print(rootDtsStructure(model)) });
  out.push({ path: layout.rootDmts, content: print(rootDmtsStructure(model)) });
  return out;
}
