/**
 * Golden tests: `generate()` on a case's definitions must produce exactly the
 * case's `expected/` tree (every emitter's output: changed, missing and extra
 * files all fail). `UPDATE_GOLDEN=1` rewrites `expected/` instead.
 *
 * A case is a folder with `defs/*.yaml` (and interface files in
 * `defs/interfaces/*.yaml`, as the CLI finds them) and `expected/**`; `defs`
 * can point elsewhere (the repository's own `defs/`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import { formatDiagnostic, generate, type GenerateResult } from "../../generator/index";
import { readDefs } from "../../generator/load/read-defs";
import { compareTree, listTree } from "../../generator/write/tree";

export const ROOT = path.resolve(__dirname, "..", "..");

export interface GoldenOptions {
  /** The definitions folder; default `<caseDir>/defs`. */
  readonly defs?: string;
  /** The interface files' folder; default, as for the CLI, `<defs>/interfaces` when it exists. */
  readonly interfaces?: string;
}

/** Runs `generate()` on the case's definitions; throws on errors (a golden case must generate). */
export async function generateCase(caseDir: string, opts: GoldenOptions = {}): Promise<GenerateResult> {
  const defs = opts.defs ?? path.join(caseDir, "defs");
  const interfaces = opts.interfaces ?? path.join(defs, "interfaces");
  // Error files as the CLI finds them: `<defs>/errors` when it exists.
  const errors = path.join(defs, "errors");
  const result = await generate(readDefs(defs), {
    interfaces: fs.existsSync(interfaces) ? readDefs(interfaces) : [],
    ...(fs.existsSync(errors) ? { errors: readDefs(errors) } : {}),
  });
  const failed = result.diagnostics.filter((d) => d.severity === "error");
  if (failed.length > 0 || result.files.length === 0) {
    throw new Error(`${defs} does not generate:\n${failed.map(formatDiagnostic).join("\n")}`);
  }
  return result;
}

/**
 * The difference between the emitted files and `expected`, as a readable
 * report ("" when they are equal): the list of changed, missing and extra
 * files, and a unified diff of the first few changed ones.
 */
export function goldenReport(expectedDir: string, files: GenerateResult["files"]): string {
  const diff = compareTree(expectedDir, files);
  if (diff.changed.length + diff.missing.length + diff.extra.length === 0) return "";
  const rel = path.relative(ROOT, expectedDir);
  const lines = [`${rel} differs from the generated output (run with UPDATE_GOLDEN=1 to accept):`];
  for (const p of diff.changed) lines.push(`  changed: ${p}`);
  for (const p of diff.missing) lines.push(`  missing from expected/: ${p}`);
  for (const p of diff.extra) lines.push(`  not generated any more: ${p}`);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  for (const p of diff.changed.slice(0, 3)) {
    const old = fs.readFileSync(path.join(expectedDir, p), "utf8");
    const patch = createTwoFilesPatch(`expected/${p}`, `generated/${p}`, old, byPath.get(p) ?? "", "", "", { context: 2 });
    const patchLines = patch.split("\n");
    lines.push("", ...patchLines.slice(0, 60), ...(patchLines.length > 60 ? [`... (${patchLines.length - 60} more lines)`] : []));
  }
  return lines.join("\n");
}

/** Replaces `dir` with exactly `files`. */
export function writeExpected(dir: string, files: GenerateResult["files"]): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dir, ...f.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
  }
}

export function updating(): boolean {
  return process.env["UPDATE_GOLDEN"] === "1";
}

/** Generates the case and compares it with `<caseDir>/expected` (or rewrites that under UPDATE_GOLDEN=1). */
export async function expectGolden(caseDir: string, opts: GoldenOptions = {}): Promise<GenerateResult> {
  const result = await generateCase(caseDir, opts);
  const expectedDir = path.join(caseDir, "expected");
  if (updating()) {
    writeExpected(expectedDir, result.files);
    return result;
  }
  if (listTree(expectedDir).length === 0) {
    throw new Error(`${path.relative(ROOT, expectedDir)} is missing or empty: run the tests with UPDATE_GOLDEN=1 to create it`);
  }
  const report = goldenReport(expectedDir, result.files);
  if (report !== "") throw new Error(report);
  return result;
}
