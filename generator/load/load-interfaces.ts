/**
 * Interface files (path + content) -> checked interfaces ready for the model.
 * The same bounds as type files (../limits.ts), counted over the interface
 * files of a run; file names follow the type files' rule.
 */
import type { DiagnosticBag } from "../diagnostics";
import { LIMITS, newLoadBudget } from "../limits";
import { checkInterfaceFile, type CheckedInterface } from "../check/interface-file";
import type { PendingEnum, PendingRef } from "../check/schema-rules";
import { decodeText } from "./decode";
import { fileStem, type InputFile } from "./load-defs";
import { parseYamlTree } from "./yaml-tree";

export interface InterfaceInput {
  readonly stem: string;
  readonly path: string;
  readonly checked: CheckedInterface;
  readonly refs: readonly PendingRef[];
  readonly enums: readonly PendingEnum[];
}

const STEM = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** `interfaces/index.js` is the package's own module listing every interface. */
const RESERVED_STEMS = new Set(["index"]);

export function loadInterfaceFiles(files: readonly InputFile[], diags: DiagnosticBag): InterfaceInput[] {
  const out: InterfaceInput[] = [];
  if (files.length > LIMITS.maxFiles) {
    diags.error("E008", { file: files[0]?.path ?? "interfaces", line: 1, col: 1 }, `${files.length} interface files; at most ${LIMITS.maxFiles} are read`);
    return out;
  }
  const budget = newLoadBudget();
  const stems = new Map<string, string>();
  for (const f of files) {
    const at = { file: f.path, line: 1, col: 1 };
    const stem = fileStem(f.path);
    if (!STEM.test(stem)) {
      diags.error("E040", at, `interface file name ${JSON.stringify(stem)} cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`);
      continue;
    }
    if (RESERVED_STEMS.has(stem.toLowerCase())) {
      diags.error("E040", at, `interface file name ${JSON.stringify(stem)} is reserved for the generated package's own interfaces/index module; rename the file`);
      continue;
    }
    // Case-insensitively, as for type files: on macOS and Windows `Foo.js` and `foo.js` are one file.
    const other = stems.get(stem.toLowerCase());
    if (other !== undefined) {
      diags.error("E040", at, `two interface files would produce the same module name ${stem}: ${other} and ${f.path}`);
      continue;
    }
    stems.set(stem.toLowerCase(), f.path);
    const text = decodeText(f.path, f.content, diags, budget);
    if (text === undefined) continue;
    const root = parseYamlTree({ path: f.path, text }, diags, budget);
    if (root === undefined) continue;
    const refs: PendingRef[] = [];
    const enums: PendingEnum[] = [];
    const checked = checkInterfaceFile(root, { diags, refs, enums });
    if (checked) out.push({ stem, path: f.path, checked, refs, enums });
  }
  return out;
}
