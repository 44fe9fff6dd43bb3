/**
 * Interface files (path + content) -> checked interfaces ready for the model.
 * The same bounds as type files (../limits.ts), counted over the interface
 * files of a run; file names follow the type files' rule.
 */
import type { DiagnosticBag } from "../diagnostics";
import { LIMITS, newLoadBudget } from "../limits";
import { checkInterfaceFile, type CheckedInterface } from "../check/interface-file";
import type { PendingEnum, PendingRef } from "../check/schema-rules";
import type { InputFile } from "./input-file";
import { readYamlFile, type FileKind } from "./read-yaml-file";

export interface InterfaceInput {
  readonly stem: string;
  readonly path: string;
  readonly checked: CheckedInterface;
  readonly refs: readonly PendingRef[];
  readonly enums: readonly PendingEnum[];
}

const INTERFACE_FILES: FileKind = {
  code: "E040",
  badName: (stem) => `interface file name ${JSON.stringify(stem)} cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  // `interfaces/index.js` is the package's own module listing every interface.
  reserved: new Set(["index"]),
  reservedName: (stem) => `interface file name ${JSON.stringify(stem)} is reserved for the generated package's own interfaces/index module; rename the file`,
  clash: (stem, other, path) => `two interface files would produce the same module name ${stem}: ${other} and ${path}`,
};

export function loadInterfaceFiles(files: readonly InputFile[], diags: DiagnosticBag): InterfaceInput[] {
  const out: InterfaceInput[] = [];
  if (files.length > LIMITS.maxFiles) {
    diags.error("E008", { file: files[0]?.path ?? "interfaces", line: 1, col: 1 }, `${files.length} interface files; at most ${LIMITS.maxFiles} are read`);
    return out;
  }
  const budget = newLoadBudget();
  const stems = new Map<string, string>();
  for (const f of files) {
    const read = readYamlFile(f, INTERFACE_FILES, stems, diags, budget);
    if (read === undefined) continue;
    const { stem, root } = read;
    const refs: PendingRef[] = [];
    const enums: PendingEnum[] = [];
    const checked = checkInterfaceFile(root, { diags, refs, enums, budget });
    if (checked) out.push({ stem, path: f.path, checked, refs, enums });
  }
  return out;
}
