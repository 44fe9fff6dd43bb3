import * as fs from "node:fs";
import * as path from "node:path";
import { generateStaged } from "../parallel";
import { type CompileCache, loadTsMorphCached } from "./compile-cache";
import { tuneV8ForGenerate } from "./v8-flags";
import { manifestOf } from "../write/manifest";
import { EXIT } from "./exit-codes";
import { printDiagnostics, summarize } from "./output";
import type { Model } from "../model/model";
import { interfacesDir, readInputsOrFail, type GenerateOptions } from "./read-input";

export async function runGenerate(opts: GenerateOptions): Promise<number> {
  const start = process.hrtime.bigint();
  const inputs = readInputsOrFail(opts);
  tuneV8ForGenerate();
  let cache: CompileCache | undefined;
  const loadTsMorph = (): void => {
    cache = loadTsMorphCached();
  };
  // Files go to a staging folder as they are made, and are swapped in at the end.
  const result = await generateStaged(inputs.defs, { interfaces: inputs.interfaces }, opts.out, loadTsMorph);
  printDiagnostics(result.diagnostics);
  if (!result.model) {
    process.stderr.write(`everest-typegen: ${summarize(result.diagnostics)}; nothing written\n`);
    return EXIT.badInput;
  }
  try {
    result.staged.add(manifestOf(inputs.hashed, result.written));
  } catch (err) {
    result.staged.abort();
    throw err;
  }
  result.staged.commit();
  cache?.save();
  const types = result.model.files.reduce((n, f) => n + f.types.length, 0);
  const ms = Number((process.hrtime.bigint() - start) / 1_000_000n);
  process.stdout.write(
    `everest-typegen: wrote ${result.written.length} files (${types} types from ${result.model.files.length} files${interfaceSummary(result.model)}) to ${opts.out} in ${ms} ms\n`,
  );
  return EXIT.ok;
}

/** `, 1 interface with 7 commands and 6 vars`, or nothing when there are no interfaces. */
function interfaceSummary(model: Model): string {
  const n = model.interfaces.length;
  if (n === 0) return "";
  const commands = model.interfaces.reduce((k, i) => k + i.commands.length, 0);
  const vars = model.interfaces.reduce((k, i) => k + i.vars.length, 0);
  return `, ${n} interface${n === 1 ? "" : "s"} with ${commands} command${commands === 1 ? "" : "s"} and ${vars} var${vars === 1 ? "" : "s"}`;
}

/** Regenerates on every change in `defs` and the interfaces folder; errors are printed and the watch goes on. */
export async function runWatch(opts: GenerateOptions): Promise<number> {
  // One run at a time; changes during a run trigger one more run after it.
  let running = false;
  let again = false;
  const once = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await runGenerate(opts);
    } catch (err) {
      process.stderr.write(`everest-typegen: ${(err as Error).message}\n`);
    } finally {
      running = false;
      if (again) {
        again = false;
        void once();
      }
    }
  };
  await once();
  process.stdout.write(`everest-typegen: watching ${opts.defs} (Ctrl-C to stop)\n`);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const changed = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void once(), 100);
    };
    const dirs = [path.resolve(opts.defs)];
    const ifaces = interfacesDir(opts);
    if (ifaces !== undefined && fs.existsSync(ifaces)) dirs.push(path.resolve(ifaces));
    const watchers = dirs.map((d) => fs.watch(d, { persistent: true }, changed));
    const stop = (): void => {
      for (const w of watchers) w.close();
      resolve(EXIT.ok);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
