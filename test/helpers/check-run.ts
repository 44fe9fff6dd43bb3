/** Shared helpers for the loader/checker/model tests: run `loadModel` in memory and read its diagnostics. */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic, loadModel, type Diagnostic, type InputFile, type Model } from "../../generator";

export const ROOT = path.resolve(__dirname, "..", "..");

/** Strips the first line break and the common indentation, so YAML can be written indented in a test. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ""), "");
  const lines = raw.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n").replace(/[ ]+$/, "");
}

/** The first lines of a valid type file; append indented types. */
export const HEAD = "description: Test types\ntypes:\n";

export type Files = Record<string, string | Uint8Array>;

export function inputs(files: Files): InputFile[] {
  return Object.entries(files).map(([p, content]) => ({ path: p, content }));
}

export function run(files: Files): { model?: Model; diagnostics: Diagnostic[] } {
  return loadModel(inputs(files));
}

/** Every diagnostic of a run, formatted as the CLI prints it. */
export function diagnose(files: Files): string[] {
  return run(files).diagnostics.map(formatDiagnostic);
}

/** Diagnostics of one file `defs/x.yaml`. */
export function diagnoseOne(content: string | Uint8Array, name = "defs/x.yaml"): string[] {
  return diagnose({ [name]: content });
}

/** The real definition files, read from disk as the CLI reads them. */
export function realDefs(): InputFile[] {
  const dir = path.join(ROOT, "defs");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ path: `defs/${f}`, content: fs.readFileSync(path.join(dir, f)) }));
}

/** 1-based line and column of the first occurrence of `needle` in `text` (after `from` occurrences are skipped). */
export function posOf(text: string, needle: string, skip = 0): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i <= skip; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return { line, col: at - (before.lastIndexOf("\n") + 1) + 1 };
}
