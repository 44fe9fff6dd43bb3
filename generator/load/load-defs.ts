/** Definition files (path + content) -> checked files ready for the model. */
import { DiagnosticBag } from "../diagnostics";
import { LIMITS, newLoadBudget } from "../limits";
import { checkTypeFile } from "../check/type-file";
import type { PendingEnum, PendingRef } from "../check/schema-rules";
import type { FileInput } from "../model/build-model";
import { readYamlFile, type FileKind } from "./read-yaml-file";
import type { InputFile } from "./input-file";

export { fileStem, type InputFile } from "./input-file";

const TYPE_FILES: FileKind = {
  code: "E009",
  badName: (stem) => `file name ${JSON.stringify(stem)} cannot be used in refs: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  // Module names the package itself uses (layout.ts).
  reserved: new Set(["index", "runtime", "interfaces"]),
  reservedName: (stem) => `file name ${JSON.stringify(stem)} is reserved for the generated package's own ${stem.toLowerCase()} module; rename the file`,
  clash: (stem, other, path) => `two type files would produce the same module name ${stem}: ${other} and ${path}`,
};

export function loadFiles(files: readonly InputFile[], diags: DiagnosticBag): FileInput[] {
  const out: FileInput[] = [];
  const stems = new Map<string, string>();
  if (files.length > LIMITS.maxFiles) {
    diags.error("E008", { file: files[0]?.path ?? "defs", line: 1, col: 1 }, `${files.length} definition files; at most ${LIMITS.maxFiles} are read`);
    return out;
  }
  // Run-wide byte and node bounds, shared by every file's decode and parse.
  const budget = newLoadBudget();
  for (const f of files) {
    const read = readYamlFile(f, TYPE_FILES, stems, diags, budget);
    if (read === undefined) continue;
    const { stem, root } = read;
    const refs: PendingRef[] = [];
    const enums: PendingEnum[] = [];
    const checked = checkTypeFile(root, { diags, refs, enums, budget });
    if (checked) out.push({ stem, path: f.path, checked, refs, enums });
  }
  return out;
}
