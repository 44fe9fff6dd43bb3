import * as fs from "node:fs";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import { MANIFEST_PATH, manifestConfirms } from "../write/manifest";
import { compareTree, listTree } from "../write/tree";
import { EXIT } from "./exit-codes";
import { printDiagnostics, summarize } from "./output";
import { readInputsOrFail, runOptions, type GenerateOptions } from "./read-input";

export async function runCheck(opts: GenerateOptions): Promise<number> {
  const inputs = readInputsOrFail(opts);
  // Fast path: the manifest proves inputs, generator and every output file unchanged, without loading the emitters.
  // Not with --strict: the warnings it fails on are only known by checking the definitions.
  if (opts.strict !== true && manifestConfirms(opts.out, inputs.hashed, listTree)) {
    process.stdout.write(`everest-typegen: ${opts.out} is up to date (confirmed by ${MANIFEST_PATH})\n`);
    return EXIT.ok;
  }
  // The emitters are loaded only here: they pull in ts-morph and ajv.
  const { generateParallel } = require("../parallel") as typeof import("../parallel");
  const { loadTsMorphCached } = require("./compile-cache") as typeof import("./compile-cache");
  (require("./v8-flags") as typeof import("./v8-flags")).tuneV8ForGenerate();
  // Reads the code cache but never writes it: check writes nothing.
  const result = await generateParallel(inputs.defs, runOptions(inputs), () => void loadTsMorphCached());
  // Warnings are generate's to show; check prints them only when --strict makes them fail.
  const failsStrict = opts.strict === true && result.diagnostics.some((d) => d.severity === "warning");
  printDiagnostics(result.diagnostics.filter((d) => d.severity === "error" || failsStrict), { openable: inputs.openable });
  if (!result.model || failsStrict) {
    process.stderr.write(`everest-typegen: ${summarize(result.diagnostics)}\n`);
    return EXIT.badInput;
  }
  const diff = compareTree(opts.out, result.files, [MANIFEST_PATH]);
  const total = diff.changed.length + diff.missing.length + diff.extra.length;
  if (total === 0) {
    process.stdout.write(`everest-typegen: ${opts.out} is up to date (${result.files.length} files)\n`);
    return EXIT.ok;
  }
  const sources = [inputs.folders.defs, ...(inputs.interfaces.length > 0 && inputs.interfacesDir !== undefined ? [inputs.interfacesDir] : []), ...(inputs.errors !== undefined && inputs.folders.errors !== undefined ? [inputs.folders.errors] : [])];
  const out: string[] = [`everest-typegen: ${opts.out} is out of date with ${sources.length > 1 ? `${sources.slice(0, -1).join(", ")} and ${sources[sources.length - 1]}` : sources[0]} (run \`everest-typegen generate\`):`];
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
