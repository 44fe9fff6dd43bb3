/**
 * The generated package's own module names, which no input file may take as
 * the name of its module: the checks refuse such files
 * (check/file-names.ts), and the layout puts the package's own modules under
 * these names (emit/layout.ts).
 */
import type { ModuleSource } from "./model/model";

/** The package's entry point at the root, `index.js`, and the index of each source folder, `interfaces/index.js`. */
export const INDEX_MODULE = "index";
/** The helpers every validator shares, `runtime.js` at the root. */
export const RUNTIME_MODULE = "runtime";
/** The folder of each kind of module in the package; `""` is the root. */
export const SOURCE_FOLDERS: Readonly<Record<ModuleSource, string>> = { types: "", interface: "interfaces", api: "api" };

/**
 * The names (in lower case) a module of `source` may not take: at the root,
 * the package's own modules and every source folder; in a folder, its index.
 */
export function reservedModuleNames(source: ModuleSource): ReadonlySet<string> {
  if (SOURCE_FOLDERS[source] !== "") return new Set([INDEX_MODULE]);
  return new Set([INDEX_MODULE, RUNTIME_MODULE, ...Object.values(SOURCE_FOLDERS).filter((folder) => folder !== "")]);
}
