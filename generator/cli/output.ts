/** Where the CLI prints: diagnostics and errors on stderr, colour only on a TTY without NO_COLOR. */
import { formatDiagnostic, oneLine, type Diagnostic } from "../diagnostics";

export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && process.env["NO_COLOR"] === undefined && process.env["TERM"] !== "dumb";
}

function paint(code: string, text: string, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function printDiagnostics(diags: readonly Diagnostic[]): void {
  const color = useColor(process.stderr);
  for (const d of diags) {
    const line = formatDiagnostic(d);
    process.stderr.write(`${paint(d.severity === "error" ? "31" : "33", line, color)}\n`);
  }
}

/** One line, whatever `message` quotes (file names, data, definition text). */
export function printError(message: string): void {
  process.stderr.write(`${paint("31", `everest-typegen: ${oneLine(message)}`, useColor(process.stderr))}\n`);
}

export function summarize(diags: readonly Diagnostic[]): string {
  const e = diags.filter((d) => d.severity === "error").length;
  const w = diags.length - e;
  return `${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}`;
}
