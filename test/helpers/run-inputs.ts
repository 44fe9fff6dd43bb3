/** The inputs of a generate run, read the way the CLI reads them: defs/ of the project, or EVerest's tree. */
import * as path from "node:path";
import { readDefs, type InputFile, type ModelOptions } from "../../generator/index";
import { ROOT } from "./cli";

export interface Inputs {
  readonly types: InputFile[];
  readonly options: ModelOptions;
}

/** EVerest's tree: $EVEREST_DIR, else the copy beside the project. */
export const EVEREST_TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");

/** defs/ with its interfaces and errors. */
export const defsInputs = (): Inputs => ({
  types: readDefs(path.join(ROOT, "defs")),
  options: { interfaces: readDefs(path.join(ROOT, "defs", "interfaces")), errors: readDefs(path.join(ROOT, "defs", "errors")) },
});

/** Everything `--everest` reads from a tree: types, interfaces, errors and the EVerest API specs. */
export const everestInputs = (tree: string = EVEREST_TREE): Inputs => {
  const read = (sub: string): InputFile[] => readDefs(path.join(tree, sub));
  return { types: read("types"), options: { interfaces: read("interfaces"), errors: read("errors"), api: read(path.join("docs", "source", "reference", "EVerest_API")) } };
};
