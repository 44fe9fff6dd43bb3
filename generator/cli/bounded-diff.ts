/**
 * The diffs `check` prints of changed files, at a bounded cost. The output
 * folder's file may be anything up to the size check reads (a hostile
 * folder, or a file that merely has nothing in common with what generate
 * writes), and a line diff costs about the product of the two files' lines
 * and of the lines that changed: 200,000 lines against a 3,000-line file took
 * 35 s. So each diff gives up past a number of changed lines (jsdiff's
 * `maxEditLength`), a pair whose line counts alone differ by more is not
 * diffed at all, and the report stops diffing at the file that would take it
 * past either of two bounds: the lines of the files diffed, and the changed
 * lines its diffs show (a diff that gave up counts as many as it looked for).
 * Every bound depends on the texts alone, so the report is the same on every
 * machine. The second bound keeps a wholly changed tree's report readable and
 * quick: with every file of EVerest's tree reversed line by line, check
 * printed 446,689 lines in 36.6 s (27 s of it diffing); it now prints 12,444,
 * the diffs of the first 46 files and one line for the other 1,017, in 2.9-3.0 s.
 */
import { oneLine } from "../diagnostics";

/** Changed lines beyond which one file's diff is not worked out. */
export const MAX_DIFF_EDIT_LINES = 2000;
/** Lines of the files diffed for one report beyond which later files are not diffed. */
export const MAX_DIFFED_LINES = 2_000_000;
/** Changed lines the diffs of one report show (or looked for, in a diff that gave up) beyond which later files are not diffed. */
export const MAX_REPORT_EDIT_LINES = 10_000;

export interface Differ {
  /** The lines to print for one changed file (`-` the folder's lines, `+` generate's), none once the report is at a bound. */
  diff(name: string, actual: string, expected: string): string[];
  /** The lines that end the report: how many changed files were left without a diff by its bounds, if any. */
  finish(): string[];
}

/** Bounds of one report other than the defaults, for tests, which reach them with small files. */
export interface ReportBounds {
  readonly diffedLines?: number;
  readonly editLines?: number;
}

/** A differ for one report, which diffs the changed files in the order it is given them. */
export function boundedDiffer(bounds: ReportBounds = {}): Differ {
  // Loaded only here: a tree confirmed up to date never needs it.
  const { createTwoFilesPatch } = require("diff") as typeof import("diff");
  const maxDiffed = bounds.diffedLines ?? MAX_DIFFED_LINES;
  const maxEdits = bounds.editLines ?? MAX_REPORT_EDIT_LINES;
  let diffed = 0;
  let edits = 0;
  /** Why the report diffs no more files, once it does not; and how many it then left without a diff. */
  let full: string | undefined;
  let left = 0;
  const stop = (why: string): string[] => {
    full = why;
    left++;
    return [];
  };
  return {
    diff(name, actual, expected) {
      // Once a file would take the report past a bound, no later file is diffed either, however small.
      if (full !== undefined) {
        left++;
        return [];
      }
      const shown = oneLine(name);
      const tooMany = [`  (no diff of ${shown}: more than ${MAX_DIFF_EDIT_LINES} lines differ)`];
      const a = lineCount(actual);
      const b = lineCount(expected);
      if (Math.abs(a - b) > MAX_DIFF_EDIT_LINES) return tooMany;
      if (diffed + a + b > maxDiffed) return stop(`${maxDiffed} lines diffed`);
      const room = maxEdits - edits;
      if (Math.abs(a - b) > room) return stop(`${maxEdits} changed lines`);
      diffed += a + b;
      const cap = Math.min(MAX_DIFF_EDIT_LINES, room);
      // A diff line is one line of a file (split at \n; a \r or other break inside it shows escaped). No file header labels:
      // jsdiff puts them after a tab, which would show escaped too.
      const patch = createTwoFilesPatch(`a/${shown}`, `b/${shown}`, actual, expected, undefined, undefined, { context: 3, maxEditLength: cap });
      if (patch === undefined) {
        // Past the report's room rather than the file's own bound: the report is full.
        if (cap < MAX_DIFF_EDIT_LINES) return stop(`${maxEdits} changed lines`);
        edits += cap;
        return tooMany;
      }
      const lines = patch.replace(/\n$/, "").split("\n");
      edits += changedLines(lines);
      return lines;
    },
    finish() {
      if (full === undefined) return [];
      return [`  (no diff of ${left} more changed ${left === 1 ? "file" : "files"}: the report's diffs are at their bound of ${full})`];
    },
  };
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** The `-` and `+` lines of a unified diff, its two header lines aside (a removed "-- x" line shows as "--- x" too, so by place). */
function changedLines(lines: readonly string[]): number {
  let n = 0;
  let inHunk = false;
  for (const line of lines) {
    if (line.startsWith("@@")) inHunk = true;
    else if (inHunk && (line.startsWith("-") || line.startsWith("+"))) n++;
  }
  return n;
}
