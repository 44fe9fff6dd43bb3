/**
 * Diagnostics: every problem the generator finds, in one shape, printed as
 * `file:line:col: severity CODE: message` so editors and CI logs can link them.
 */

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
 * `text` with line breaks, control characters (terminal escapes among them)
 * and bidirectional marks shown as `\uXXXX`: a file name or a message quoting
 * definition text can neither span lines (and pass for another diagnostic)
 * nor drive the terminal.
 */
export function oneLine(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
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

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  /** Sorted by file, line, column and code, so output does not depend on the order of checks. */
  all(): Diagnostic[] {
    return [...this.items].sort(compareDiagnostics);
  }
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.code, b.code) || cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
