import { type GenerateSession, type Model, createSession, writeOutput } from "../index";
import { manifestIdentity } from "../write/manifest";
import { type CompileCache, loadTsMorphCached } from "./compile-cache";
import { tuneV8ForGenerate } from "./v8-flags";
import { watchInputs } from "./watch-inputs";
import { specFolders } from "../load/read-defs";
import { EXIT, UserError } from "./exit-codes";
import { oneLine } from "../diagnostics";
import { printDiagnostics, printError, printLine, summarize, warningCount, writeLine } from "./output";
import { inputFolders, readInputsOrFail, refuseOverlap, modelOptions, type CliOptions, type RunInputs } from "./read-input";
import type { InputFile } from "../load/input-file";
import { LockWaitStopped } from "../write/output-lock";

/** Another run wrote the tree after this run read its inputs, and they have changed since: it wrote nothing, and runs again. */
class InputsChangedWhileWaiting extends Error {}

/** One run, or (`watch`) one of a watch's runs, whose `session` keeps what the next run can reuse. */
export async function runGenerate(opts: CliOptions, watch?: { readonly session: GenerateSession | undefined; readonly signal: AbortSignal }): Promise<number> {
  for (;;) {
    try {
      return await runOnce(opts, watch);
    } catch (err) {
      if (!(err instanceof InputsChangedWhileWaiting)) throw err;
      writeLine(process.stderr, "everest-typegen: another run wrote the output from newer inputs than this run read; generating again");
    }
  }
}

async function runOnce(opts: CliOptions, watch: { readonly session: GenerateSession | undefined; readonly signal: AbortSignal } | undefined): Promise<number> {
  const session = watch?.session;
  const start = process.hrtime.bigint();
  refuseOverlap(opts);
  // Taken before the inputs are read: a tree another run writes from here on changes it.
  const treeBefore = manifestIdentity(opts.out);
  const inputs = readInputsOrFail(opts);
  tuneV8ForGenerate({ watch: watch !== undefined });
  let cache: CompileCache | undefined;
  const loadTsMorph = (): void => {
    cache = loadTsMorphCached();
  };
  // Another run wrote the tree since these inputs were read (this run waited for it, or was slow to reach the lock):
  // that tree may come from newer inputs, which this run's must not replace.
  const afterLock = (): void => {
    if (manifestIdentity(opts.out) !== treeBefore && !sameInputs(inputs, readInputsOrFail(opts))) throw new InputsChangedWhileWaiting();
  };
  const result = await writeOutput(opts.out, inputs.defs, {
    ...modelOptions(inputs),
    loadTsMorph,
    strict: opts.strict === true,
    cache: opts.cache !== false,
    inputFiles: inputs.files,
    onLockWait: (message) => writeLine(process.stderr, `everest-typegen: ${message}`),
    afterLock,
    ...(watch === undefined ? {} : { lockSignal: watch.signal }),
    ...(session === undefined ? {} : { session }),
  });
  printDiagnostics(result.diagnostics, { quiet: opts.quiet === true, openable: inputs.openable });
  if (!result.model) {
    // Nothing written: errors, or else warnings that --strict fails on.
    const failsStrict = !result.diagnostics.some((d) => d.severity === "error");
    writeLine(process.stderr, `everest-typegen: ${summarize(result.diagnostics)}${failsStrict ? " (--strict: warnings fail the run)" : ""}; nothing written`);
    return EXIT.badInput;
  }
  cache?.save();
  const types = result.model.files.reduce((n, f) => n + f.items.length, 0);
  const ms = Number((process.hrtime.bigint() - start) / 1_000_000n);
  printLine(
    `everest-typegen: wrote ${result.written} files (${plural(types, "type")} from ${plural(result.model.files.length, "file")}${interfaceSummary(result.model)}) to ${oneLine(opts.out)} in ${ms} ms${warningCount(result.diagnostics)}`,
  );
  return EXIT.ok;
}

/** `, 1 interface with 7 commands and 6 vars, 12 error files with 60 errors, 2 API specs with 9 messages and 4 schemas`, or less when some are absent. */
function interfaceSummary(model: Model): string {
  let out = "";
  const n = model.interfaces.length;
  if (n > 0) {
    const commands = model.interfaces.reduce((k, i) => k + i.interface.commands.length, 0);
    const vars = model.interfaces.reduce((k, i) => k + i.interface.vars.length, 0);
    out += `, ${plural(n, "interface")} with ${plural(commands, "command")} and ${plural(vars, "var")}`;
  }
  if (model.errorFiles.length > 0) {
    const errors = model.errorFiles.reduce((k, f) => k + f.errors.length, 0);
    out += `, ${plural(model.errorFiles.length, "error file")} with ${plural(errors, "error")}`;
  }
  if (model.apis.length > 0) {
    const messages = model.apis.reduce((k, a) => k + a.api.messages.length, 0);
    const schemas = model.apis.reduce((k, a) => k + a.items.length, 0) - messages;
    out += `, ${plural(model.apis.length, "API spec")} with ${plural(messages, "message")} and ${plural(schemas, "schema")}`;
  }
  return out;
}

/** Whether two reads of the inputs found the same settings and the same files, byte for byte. */
function sameInputs(a: RunInputs, b: RunInputs): boolean {
  const files = (r: RunInputs): readonly InputFile[] => [...r.defs, ...r.interfaces, ...(r.errors ?? []), ...r.api];
  const bytes = (f: InputFile): Buffer => (typeof f.content === "string" ? Buffer.from(f.content, "utf8") : Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength));
  const fa = files(a);
  const fb = files(b);
  return JSON.stringify(a.package) === JSON.stringify(b.package) && (a.errors === undefined) === (b.errors === undefined) && fa.length === fb.length && fa.every((f, i) => f.path === fb[i]!.path && bytes(f).equals(bytes(fb[i]!)));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}


/** How long the inputs must be quiet before a run: part of every save's wait, so short. */
const WATCH_SETTLE_MS = 25;

/** Regenerates on every change in `defs` and the interfaces folder; errors are printed and the watch goes on. */
export async function runWatch(opts: CliOptions): Promise<number> {
  // A run that would delete an input is refused once, before watching starts.
  refuseOverlap(opts);
  // One run at a time (`running` is the one under way); changes during a run trigger one more run after it.
  let running: Promise<void> | undefined;
  // Each run reuses the files of the modules a change cannot touch (generator/session.ts); not with --no-cache.
  const session = opts.cache === false ? undefined : createSession();
  // Ends a run's wait for another run's lock when the watch stops.
  const stopping = new AbortController();
  let again = false;
  let stopped = false;
  const once = async (): Promise<void> => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await runGenerate(opts, { session, signal: stopping.signal });
      } catch (err) {
        // A wait for another run's lock, ended by Ctrl-C: nothing was written, and nothing is wrong.
        if (err instanceof LockWaitStopped && stopped) return;
        for (const line of err instanceof UserError ? err.lines : [(err as Error).message]) printError(line);
      }
    })();
    await running;
    running = undefined;
    if (again && !stopped) {
      again = false;
      void once();
    }
  };
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    // The inputs are named anew on every event: a default folder can appear, or --everest's folders come back.
    let last: readonly string[] = [];
    const inputs = (): readonly string[] => {
      try {
        const f = inputFolders(opts);
        // A spec kept in a folder of its own is saved in that folder, which a watch of the API folder does not hear.
        last = [f.defs, f.interfaces, f.errors, f.api, ...(f.api === undefined ? [] : specFolders(f.api))].filter((d): d is string => d !== undefined);
      } catch {
        // An input is missing for now (deleted to be made again): keep watching where it was.
      }
      return last;
    };
    // Armed before the first run: a save made while it runs is heard, and gives one more run after it.
    const watch = watchInputs(inputs, () => {
      if (timer) clearTimeout(timer);
      // One run for the burst of events one save makes (an editor's write, rename and chmod come within a few ms).
      timer = setTimeout(() => void once(), WATCH_SETTLE_MS);
    });
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      stopping.abort();
      watch.close();
      if (timer) clearTimeout(timer);
      // The run under way, and the old tree it removes once done, are finished first: the CLI exits as soon as this resolves.
      void (async () => {
        await running;
        await session?.removing;
        resolve(EXIT.ok);
      })();
    };
    // Also before the first run: Ctrl-C during it lets it put its tree in place, as during any other run.
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    // A reader of its report that has gone (`generate --watch | head -1`) ends the watch as Ctrl-C would, where a
    // SIGPIPE would end another program: nobody hears it any more. Its write errors are dropped (output.ts).
    process.stdout.once("error", stop);
    void (async () => {
      await once();
      // Once the first run is done and the watches are armed: whoever reads this line and saves at once must be heard
      // (stdout to a pipe is written at once, so printed first, the line could be read and a save made unheard).
      if (!stopped) printLine(`everest-typegen: watching ${oneLine(inputFolders(opts).defs)} (Ctrl-C to stop)`);
    })();
  });
}
