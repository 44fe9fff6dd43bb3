import * as fs from "node:fs";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import { MANIFEST_PATH, manifestConfirms } from "../write/manifest";
import { compareTree, listTree } from "../write/tree";
import { EXIT } from "./exit-codes";
import { printDiagnostics, summarize } from "./output";
import { readDefsOrFail, type GenerateOptions } from "./read-input";

export function runCheck(opts: GenerateOptions): number {
  const inputs = readDefsOrFail(opts.defs);
  // Fast path: the manifest proves inputs, generator and every output file unchanged, without loading the emitters.
  if (manifestConfirms(opts.out, inputs, listTree)) {
    process.stdout.write(`everest-typegen: ${opts.out} is up to date (confirmed by ${MANIFEST_PATH})\n`);
    return EXIT.ok;
  }
  // The emitters are loaded only here: they pull in ts-morph and ajv.
  const { generate } = require("../index") as typeof import("../index");
  const result = generate(inputs);
  printDiagnostics(result.diagnostics.filter((d) => d.severity === "error"));
  if (!result.model) {
    process.stderr.write(`everest-typegen: ${summarize(result.diagnostics)}\n`);
    return EXIT.badInput;
  }
  const diff = compareTree(opts.out, result.files, [MANIFEST_PATH]);
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
