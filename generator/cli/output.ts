/** Where the CLI prints: diagnostics and errors on stderr, colour only on a TTY without NO_COLOR. */
import { formatDiagnostic, oneLine, type Diagnostic } from "../diagnostics";

export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && process.env["NO_COLOR"] === undefined && process.env["TERM"] !== "dumb";
}

function paint(code: string, text: string, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export interface PrintOptions {
  /** Leave warnings out (`--quiet`). */
  readonly quiet?: boolean;
  /** Display path -> a path the user can open; diagnostics name files by it. */
  readonly openable?: ReadonlyMap<string, string>;
}

export function printDiagnostics(diags: readonly Diagnostic[], opts: PrintOptions = {}): void {
  const color = useColor(process.stderr);
  for (const d of diags) {
    if (opts.quiet === true && d.severity === "warning") continue;
    const line = formatDiagnostic({ ...d, file: opts.openable?.get(d.file) ?? d.file });
    process.stderr.write(`${paint(d.severity === "error" ? "31" : "33", line, color)}\n`);
  }
}

/** One line, whatever `message` quotes (file names, data, definition text). */
export function printError(message: string): void {
  process.stderr.write(`${paint("31", `everest-typegen: ${oneLine(message)}`, useColor(process.stderr))}\n`);
}

/** How many of `diags` are warnings: `; 3 warnings` for a summary line, nothing for none. */
export function warningCount(diags: readonly Diagnostic[], opts: { strict?: boolean } = {}): string {
  const w = diags.filter((d) => d.severity === "warning").length;
  return w === 0 ? "" : `; ${w} warning${w === 1 ? "" : "s"}${opts.strict === true ? "" : " (--quiet hides them, --strict makes them fail)"}`;
}

export function summarize(diags: readonly Diagnostic[]): string {
  const e = diags.filter((d) => d.severity === "error").length;
  const w = diags.length - e;
  return `${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}`;
}
