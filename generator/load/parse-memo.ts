/**
 * The YAML trees of a session's last run (../session.ts), so that a run
 * after a small change parses only the files that changed. A tree is taken
 * again only for the same reader, path and bytes, and only when its parse
 * reported nothing; the budget of the run is charged what the parse was,
 * and only when enough is left for the parse to have gone through as it
 * did (the budget's limits only ever stop a parse, so a parse that fit in
 * less fits in more). The trees are read-only, so sharing them between runs
 * changes nothing.
 */
import type { DiagnosticBag } from "../diagnostics";
import type { LoadBudget } from "../limits";
import type { InputFile } from "./input-file";
import type { YNode } from "./yaml-tree";
import { sha256 } from "../write/manifest";

export type YamlReader = (file: InputFile, diags: DiagnosticBag, budget: LoadBudget) => YNode | undefined;

interface Parsed {
  readonly root: YNode;
  readonly bytes: number;
  readonly nodes: number;
  readonly chars: number;
}

export class ParseMemo {
  private last = new Map<string, Parsed>();
  private next = new Map<string, Parsed>();

  /** `read`, or its tree from the last run. `kind` names the reader. */
  read(kind: string, read: YamlReader, file: InputFile, diags: DiagnosticBag, budget: LoadBudget): YNode | undefined {
    const key = `${kind}\0${file.path}\0${sha256(file.content)}`;
    const known = this.last.get(key);
    if (known !== undefined && !budget.exhausted && budget.bytes >= known.bytes && budget.nodes >= known.nodes && budget.chars >= known.chars) {
      budget.bytes -= known.bytes;
      budget.nodes -= known.nodes;
      budget.chars -= known.chars;
      this.next.set(key, known);
      return known.root;
    }
    const before = { bytes: budget.bytes, nodes: budget.nodes, chars: budget.chars, reports: diags.count };
    const root = read(file, diags, budget);
    if (root !== undefined && diags.count === before.reports && !budget.exhausted) {
      this.next.set(key, { root, bytes: before.bytes - budget.bytes, nodes: before.nodes - budget.nodes, chars: before.chars - budget.chars });
    }
    return root;
  }

  /** Ends a run: the next one can take this run's trees, and only those. */
  finish(): void {
    this.last = this.next;
    this.next = new Map();
  }
}
