/**
 * Diagnostics: every problem the generator finds, in one shape, printed as
 * `file:line:col: severity CODE: message` so editors and CI logs can link them.
 */
import { compareText } from "./compare";

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** Display path of the file, e.g. `defs/ocpp.yaml`. */
  readonly file: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly col: number;
}

export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${oneLine(d.file)}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${oneLine(d.message)}`;
}

/**
 * The one rule for terminal text: `text` as it may appear in one printed line,
 * whatever it holds (file names, paths from the command line, data,
 * definition text, lines of files in an output folder):
 *
 * - line breaks, control characters (terminal escapes among them) and
 *   invisible format characters (bidirectional marks, zero-width characters,
 *   BOM) show as `\uXXXX` (`\u{XXXXX}` beyond the BMP), so the text can
 *   neither span lines (and pass for another diagnostic), drive the terminal,
 *   nor read differently from what it is;
 * - a `:` that comes first (after any spaces) shows as `\u003a`, and the first
 *   `#` of `##[` (or `##vso[`) as `\u0023`, so no line can be a CI workflow
 *   command: GitHub Actions runs a line that starts with `::` (spaces trimmed)
 *   and one that holds `##[` anywhere; Azure Pipelines one that holds `##vso[`.
 *
 * The result is a fixed point (escaping it again changes nothing), so a whole
 * line built from escaped pieces can be passed through once more where it is
 * printed.
 */
export function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|\p{Cf}/gu, (c) => {
      const cp = c.codePointAt(0)!;
      return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    })
    .replace(/^(\s*):/u, "$1\\u003a")
    .replace(/#(?=#(?:vso)?\[)/giu, "\\u0023");
}

/** Collects diagnostics across all phases so a run reports every problem at once. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];

  error(code: string, pos: SourcePos, message: string): void {
    this.items.push({ severity: "error", code, message, ...pos });
  }

  warning(code: string, pos: SourcePos, message: string): void {
    this.items.push({ severity: "warning", code, message, ...pos });
  }

  /** The ones reported after the first `count` (a step's own, to report again when a session reuses its result). */
  since(count: number): Diagnostic[] {
    return this.items.slice(count);
  }

  /** Reports again what `since` returned. */
  replay(reported: readonly Diagnostic[]): void {
    this.items.push(...reported);
  }

  /** How many have been reported so far. */
  get count(): number {
    return this.items.length;
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  /**
   * Sorted by file, line, column and code, so output does not depend on the order of checks; each
   * problem once (a keyword of a type list such as [number, integer] is read once per member).
   */
  all(): Diagnostic[] {
    const sorted = [...this.items].sort(compareDiagnostics);
    return sorted.filter((d, i) => i === 0 || compareDiagnostics(d, sorted[i - 1]!) !== 0 || d.severity !== sorted[i - 1]!.severity);
  }
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.code, b.code) || compareText(a.message, b.message)
  );
}
