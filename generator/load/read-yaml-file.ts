/**
 * What type files and interface files share on the way in: a usable file
 * name (unique case-insensitively, not a name the package reserves), then
 * text within the run's budget, then a position-carrying YAML tree.
 */
import type { DiagnosticBag } from "../diagnostics";
import type { LoadBudget } from "../limits";
import { decodeText } from "./decode";
import { fileStem, type InputFile } from "./input-file";
import { parseYamlTree, type YNode } from "./yaml-tree";

const STEM = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** How one kind of file words its name errors. */
export interface FileKind {
  readonly code: string;
  readonly badName: (stem: string) => string;
  readonly reserved: ReadonlySet<string>;
  readonly reservedName: (stem: string) => string;
  readonly clash: (stem: string, other: string, path: string) => string;
}

export function readYamlFile(
  f: InputFile,
  kind: FileKind,
  stems: Map<string, string>,
  diags: DiagnosticBag,
  budget: LoadBudget,
): { stem: string; root: YNode } | undefined {
  const at = { file: f.path, line: 1, col: 1 };
  const stem = fileStem(f.path);
  if (!STEM.test(stem)) {
    diags.error(kind.code, at, kind.badName(stem));
    return undefined;
  }
  if (kind.reserved.has(stem.toLowerCase())) {
    diags.error(kind.code, at, kind.reservedName(stem));
    return undefined;
  }
  // Compared case-insensitively: on macOS and Windows `Foo.js` and `foo.js` are one file.
  const other = stems.get(stem.toLowerCase());
  if (other !== undefined) {
    diags.error(kind.code, at, kind.clash(stem, other, f.path));
    return undefined;
  }
  stems.set(stem.toLowerCase(), f.path);
  const text = decodeText(f.path, f.content, diags, budget);
  if (text === undefined) return undefined;
  const root = parseYamlTree({ path: f.path, text }, diags, budget);
  return root === undefined ? undefined : { stem, root };
}
