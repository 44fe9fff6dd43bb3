/**
 * One input file -> its position-carrying YAML tree: text within the run's
 * budget (./decode.ts), then parsed (./yaml-tree.ts). Nothing here judges
 * what the file says; the checks (../check/) do.
 */
import type { DiagnosticBag } from "../diagnostics";
import type { LoadBudget } from "../limits";
import { decodeText } from "./decode";
import type { InputFile } from "./input-file";
import { parseYamlTree, type YNode } from "./yaml-tree";

/** `budget` is shared by the files of one kind of input; undefined when the file cannot be read (reported). */
export function readYamlFile(f: InputFile, diags: DiagnosticBag, budget: LoadBudget): YNode | undefined {
  const text = decodeText(f.path, f.content, diags, budget);
  return text === undefined ? undefined : parseYamlTree({ path: f.path, text }, diags, budget);
}
