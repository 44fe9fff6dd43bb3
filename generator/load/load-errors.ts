/**
 * Error files (`errors/<name>.yaml`, path + content) -> checked error
 * declarations ready for the model. The same bounds as the other inputs
 * (../limits.ts), counted over the error files of a run.
 */
import type { DiagnosticBag } from "../diagnostics";
import { LIMITS, newLoadBudget } from "../limits";
import { checkErrorFile, type CheckedErrorFile } from "../check/error-file";
import type { InputFile } from "./input-file";
import { readYamlFile, type FileKind } from "./read-yaml-file";

export interface ErrorFileInput {
  readonly stem: string;
  readonly path: string;
  readonly checked: CheckedErrorFile;
}

const ERROR_FILES: FileKind = {
  code: "E050",
  badName: (stem) => `error file name ${JSON.stringify(stem)} cannot be used: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`,
  reserved: new Set(),
  reservedName: (stem) => `error file name ${JSON.stringify(stem)} is reserved`,
  clash: (stem, other, path) => `two error files would have the same name ${stem}: ${other} and ${path}`,
};

export function loadErrorFiles(files: readonly InputFile[], diags: DiagnosticBag): ErrorFileInput[] {
  const out: ErrorFileInput[] = [];
  if (files.length > LIMITS.maxFiles) {
    diags.error("E008", { file: files[0]?.path ?? "errors", line: 1, col: 1 }, `${files.length} error files; at most ${LIMITS.maxFiles} are read`);
    return out;
  }
  const budget = newLoadBudget();
  const stems = new Map<string, string>();
  for (const f of files) {
    const read = readYamlFile(f, ERROR_FILES, stems, diags, budget);
    if (read === undefined) continue;
    const checked = checkErrorFile(read.root, diags);
    if (checked) out.push({ stem: read.stem, path: f.path, checked });
  }
  return out;
}
