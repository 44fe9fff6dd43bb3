import * as fs from "node:fs";
import * as path from "node:path";
import { generate } from "../index";
import { buildManifest } from "../write/manifest";
import { writeTree } from "../write/tree";
import { EXIT } from "./exit-codes";
import { printDiagnostics, summarize } from "./output";
import { readDefsOrFail, type GenerateOptions } from "./read-input";

export function runGenerate(opts: GenerateOptions): number {
  const start = process.hrtime.bigint();
  const inputs = readDefsOrFail(opts.defs);
  const result = generate(inputs);
  printDiagnostics(result.diagnostics);
  if (result.files.length === 0 || !result.model) {
    process.stderr.write(`everest-typegen: ${summarize(result.diagnostics)}; nothing written\n`);
    return EXIT.badInput;
  }
  writeTree(opts.out, [...result.files, buildManifest(inputs, result.files)]);
  const types = result.model.files.reduce((n, f) => n + f.types.length, 0);
  const ms = Number((process.hrtime.bigint() - start) / 1_000_000n);
  process.stdout.write(
    `everest-typegen: wrote ${result.files.length} files (${types} types from ${result.model.files.length} files) to ${opts.out} in ${ms} ms\n`,
  );
  return EXIT.ok;
}

/** Regenerates on every change below `defs`; errors are printed and the watch goes on. */
export function runWatch(opts: GenerateOptions): Promise<number> {
  const once = (): void => {
    try {
      runGenerate(opts);
    } catch (err) {
      process.stderr.write(`everest-typegen: ${(err as Error).message}\n`);
    }
  };
  once();
  process.stdout.write(`everest-typegen: watching ${opts.defs} (Ctrl-C to stop)\n`);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const watcher = fs.watch(path.resolve(opts.defs), { persistent: true }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(once, 100);
    });
    const stop = (): void => {
      watcher.close();
      resolve(EXIT.ok);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
