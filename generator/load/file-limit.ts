/** The first bound on the files of one kind of input: how many one run reads (../limits.ts). */
import type { DiagnosticBag } from "../diagnostics";
import { LIMITS } from "../limits";
import type { InputFile } from "./input-file";

/** False, after E008, when there are more files than a run reads; `noun` words them: `definition`, `interface`, `error`. */
export function withinFileLimit(files: readonly InputFile[], noun: string, diags: DiagnosticBag): boolean {
  const first = files[0];
  if (files.length <= LIMITS.maxFiles || first === undefined) return true;
  diags.error("E008", { file: first.path, line: 1, col: 1 }, `${files.length} ${noun} files; at most ${LIMITS.maxFiles} are read`);
  return false;
}
