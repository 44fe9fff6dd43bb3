/**
 * Where the CLI prints: results on stdout, diagnostics and errors on stderr,
 * colour only on a TTY without NO_COLOR. Every line goes out through
 * {@link writeLine}, which passes it through `oneLine` (../diagnostics.ts),
 * the one rule for terminal text: a line holds no line break, control
 * character or invisible mark, and cannot be a CI workflow command (`::...`),
 * whatever file names, paths or file contents it quotes.
 */
import { formatDiagnostic, oneLine, type Diagnostic } from "../diagnostics";

/**
 * A write to stdout or stderr that fails (EPIPE, most often: the reader went
 * away, as in `check | head -1`) is reported as an 'error' event that,
 * unhandled, ends the process with a stack trace. The run carries on
 * instead: what it still prints is dropped, and it ends with its own exit
 * code (a watch ends, as on Ctrl-C, when its stdout's reader has gone:
 * generate-command.ts). Set once, before the first line is printed.
 */
export function outliveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount("error") === 0) stream.on("error", () => undefined);
  }
}

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

/**
 * Writes one line, made safe by `oneLine` (a no-op on a line built from
 * pieces already passed through it), then coloured when `color` is given and
 * the stream is a terminal. Text that should span lines is several calls.
 */
export function writeLine(stream: NodeJS.WriteStream, line: string, color?: string): void {
  const safe = oneLine(line);
  stream.write(`${color !== undefined ? paint(color, safe, useColor(stream)) : safe}\n`);
}

/** A result line on stdout (see {@link writeLine}). */
export function printLine(line: string): void {
  writeLine(process.stdout, line);
}

/** Result lines on stdout, in one write, each made safe as {@link writeLine} does. */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.map(oneLine).join("\n")}\n`);
}

/**
 * Text that is several lines already (e.g. commander's usage messages, which
 * quote the arguments given): each line made safe as {@link writeLine} does,
 * the line structure kept.
 */
export function terminalText(text: string): string {
  return text.split("\n").map(oneLine).join("\n");
}

export function printDiagnostics(diags: readonly Diagnostic[], opts: PrintOptions = {}): void {
  for (const d of diags) {
    if (opts.quiet === true && d.severity === "warning") continue;
    writeLine(process.stderr, formatDiagnostic({ ...d, file: opts.openable?.get(d.file) ?? d.file }), d.severity === "error" ? "31" : "33");
  }
}

/** One line, whatever `message` quotes (file names, data, definition text). */
export function printError(message: string): void {
  writeLine(process.stderr, `everest-typegen: ${oneLine(message)}`, "31");
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
