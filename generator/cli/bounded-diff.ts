/**
 * The diffs `check` prints of changed files, at a bounded cost. The output
 * folder's file may be anything up to the size check reads (a hostile
 * folder, or a file that merely has nothing in common with what generate
 * writes), and a line diff costs about the product of the two files' lines:
 * 200,000 lines against a 3,000-line file took 35 s. So each diff gives up
 * past a number of changed lines (jsdiff's `maxEditLength`, which depends on
 * the texts only, so the report is the same on every machine), a pair whose
 * line counts alone differ by more is not diffed at all, and the report stops
 * diffing at the file that would take the lines it diffed past a bound.
 */
import { oneLine } from "../diagnostics";

/** Changed lines beyond which one file's diff is not worked out. */
export const MAX_DIFF_EDIT_LINES = 2000;
/** Lines of the files diffed for one report beyond which later files are named without a diff. */
export const MAX_DIFFED_LINES = 2_000_000;

export type Differ = (name: string, actual: string, expected: string) => string[];

/**
 * A differ for one report: each call gives the lines to print for one changed file (`-` the folder's, `+` generate's).
 * `maxDiffedLines` is for tests, which reach the report's bound with small files.
 */
export function boundedDiffer(maxDiffedLines = MAX_DIFFED_LINES): Differ {
  // Loaded only here: a tree confirmed up to date never needs it.
  const { createTwoFilesPatch } = require("diff") as typeof import("diff");
  let diffed = 0;
  let full = false;
  return (name, actual, expected) => {
    const shown = oneLine(name);
    // Once a file would take the report past its bound, no later file is diffed either.
    if (full) return [`  (no diff of ${shown}: the report's diffs are at their bound of ${maxDiffedLines} lines)`];
    const a = lineCount(actual);
    const b = lineCount(expected);
    if (Math.abs(a - b) > MAX_DIFF_EDIT_LINES) return [`  (no diff of ${shown}: more than ${MAX_DIFF_EDIT_LINES} lines differ)`];
    if (diffed + a + b > maxDiffedLines) {
      full = true;
      return [`  (no diff of ${shown}: the report's diffs are at their bound of ${maxDiffedLines} lines)`];
    }
    diffed += a + b;
    // A diff line is one line of a file (split at \n; a \r or other break inside it shows escaped). No file header labels:
    // jsdiff puts them after a tab, which would show escaped too.
    const patch = createTwoFilesPatch(`a/${shown}`, `b/${shown}`, actual, expected, undefined, undefined, { context: 3, maxEditLength: MAX_DIFF_EDIT_LINES });
    if (patch === undefined) return [`  (no diff of ${shown}: more than ${MAX_DIFF_EDIT_LINES} lines differ)`];
    return patch.replace(/\n$/, "").split("\n");
  };
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
