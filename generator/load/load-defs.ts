/** Definition files (path + content) -> checked files ready for the model. */
import { DiagnosticBag } from "../diagnostics";
import { LIMITS, newLoadBudget } from "../limits";
import { checkTypeFile } from "../check/type-file";
import type { PendingEnum, PendingRef } from "../check/schema-rules";
import type { FileInput } from "../model/build-model";
import { decodeText } from "./decode";
import { parseYamlTree } from "./yaml-tree";

export interface InputFile {
  /** Display path such as `defs/ocpp.yaml`; its stem names the file in refs. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

const STEM = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Module names the package itself uses (layout.ts). */
const RESERVED_STEMS = new Set(["index", "runtime", "interfaces"]);

export function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base.replace(/\.ya?ml$/, "");
}

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
    const at = { file: f.path, line: 1, col: 1 };
    const stem = fileStem(f.path);
    if (!STEM.test(stem)) {
      diags.error("E009", at, `file name ${JSON.stringify(stem)} cannot be used in refs: it must match ^[A-Za-z_][A-Za-z0-9_-]*$`);
      continue;
    }
    if (RESERVED_STEMS.has(stem.toLowerCase())) {
      diags.error("E009", at, `file name ${JSON.stringify(stem)} is reserved for the generated package's own ${stem.toLowerCase()} module; rename the file`);
      continue;
    }
    // Compared case-insensitively: on macOS and Windows `Foo.js` and `foo.js` are one file.
    const other = stems.get(stem.toLowerCase());
    if (other !== undefined) {
      diags.error("E009", at, `two type files would produce the same module name ${stem}: ${other} and ${f.path}`);
      continue;
    }
    stems.set(stem.toLowerCase(), f.path);
    const text = decodeText(f.path, f.content, diags, budget);
    if (text === undefined) continue;
    const root = parseYamlTree({ path: f.path, text }, diags, budget);
    if (root === undefined) continue;
    const refs: PendingRef[] = [];
    const enums: PendingEnum[] = [];
    const checked = checkTypeFile(root, { diags, refs, enums });
    if (checked) out.push({ stem, path: f.path, checked, refs, enums });
  }
  return out;
}
