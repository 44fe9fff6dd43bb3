import * as fs from "node:fs";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import { generate } from "../index";
import { compareTree } from "../write/tree";
import { EXIT } from "./exit-codes";
import { readDefsOrFail, type GenerateOptions } from "./generate-command";
import { printDiagnostics, summarize } from "./output";

export function runCheck(opts: GenerateOptions): number {
  const result = generate(readDefsOrFail(opts.defs));
  printDiagnostics(result.diagnostics.filter((d) => d.severity === "error"));
  if (!result.model) {
    process.stderr.write(`everest-typegen: ${summarize(result.diagnostics)}\n`);
    return EXIT.badInput;
  }
  const diff = compareTree(opts.out, result.files);
  const total = diff.changed.length + diff.missing.length + diff.extra.length;
  if (total === 0) {
    process.stdout.write(`everest-typegen: ${opts.out} is up to date (${result.files.length} files)\n`);
    return EXIT.ok;
  }
  const out: string[] = [`everest-typegen: ${opts.out} is out of date with ${opts.defs} (run \`everest-typegen generate\`):`];
  for (const p of diff.changed) out.push(`  changed: ${p}`);
  for (const p of diff.missing) out.push(`  missing: ${p}`);
  for (const p of diff.extra) out.push(`  extra:   ${p}`);
  const byPath = new Map(result.files.map((f) => [f.path, f.content]));
  for (const p of diff.changed) {
    const actual = fs.readFileSync(path.join(opts.out, p), "utf8");
    out.push(createTwoFilesPatch(`a/${p}`, `b/${p}`, actual, byPath.get(p) ?? "", "committed", "expected", { context: 3 }).trimEnd());
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return EXIT.mismatch;
}
