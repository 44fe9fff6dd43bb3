/**
 * generate(): definition files in, emitted files and diagnostics out; the one
 * way the API and the CLI generate.
 *
 * On two threads, but for a small input (one-thread.ts: the main thread
 * alone, as if the worker never took a job). A worker thread
 * (worker-thread.ts) is asked for first and warms the job emitters up (loads
 * ajv) while this thread builds the model;
 * then the job emitters' jobs (emit/emitters.ts: plain data, no model) go
 * into one list that both threads take from, one job at a time through a
 * shared counter (take-jobs.ts): the worker from the start, this thread once
 * it has run every other emitter (which loads ts-morph). A job's files do not
 * depend on the thread that runs it, so the output is byte-identical however
 * the jobs fall (tested). The worker never holds the model, so the second
 * thread costs little memory. With the output folder's module store, an
 * unchanged module's job goes by its cache key without being made; if its
 * entry is gone, this thread makes the job and runs it at the end.
 *
 * Files go where the caller says as they are made (`FileSink`), or are
 * returned. Into a folder, each thread writes the files it makes and only
 * paths and hashes cross between threads: memory does not grow with the
 * output.
 */
import type { Diagnostic } from "./diagnostics";
import type { EmittedFile } from "./emit/emitted-file";
import { EMITTERS, type JobEmitter } from "./emit/emitters";
import type { ValidatorJob } from "./emit/validators/compile";
import type { ModelOptions } from "./load-model";
import type { InputFile } from "./load/input-file";
import type { Model, SchemaModule } from "./model/model";
import { hashGenerator } from "./write/manifest";
import { contentHash } from "./content-hash";
import { writeStagedFile } from "./write/tree";
import { takeJobs } from "./take-jobs";
import type { JobReply, LeasedWorker, TaggedJob } from "./worker-thread";
import { compareText } from "./compare";
import { type JobCacheConfig, cacheSecret, jobPaths, newSessionRun } from "./job-cache";
import { runTaggedJob } from "./run-job";
import { WORKER_FROM_BYTES, mainThreadOnly } from "./one-thread";
import { type ModuleCounts, moduleMemo } from "./module-memo";
import { bytesToCheck, type CheckCounts, type CheckStore, carryCheckStore, openCheckStore } from "./load/check-store";
import type { GenerateSession } from "./session";
import type { ReusableFiles } from "./write/reuse";

export interface GenerateOptions extends ModelOptions {
  /**
   * Loads ts-morph some other way before the emitters first need it (the
   * CLI's V8 code cache, cli/compile-cache.ts). Called before the first file
   * an emitter makes (not at all when every file comes from a session or the
   * output folder's module store), while the worker thread, if the run has
   * one, already runs jobs.
   */
  readonly loadTsMorph?: () => void;
  /**
   * A folder that keeps the job emitters' results (the compiled validators)
   * between runs, keyed by a hash of each job's data and of the generator
   * (job-cache.ts): a run after a small change recompiles only what changed.
   * The output is byte for byte the same with or without it. Absent: no cache.
   */
  readonly cache?: { readonly dir: string };
  /**
   * What this process keeps between runs (`createSession()`, ./session.ts):
   * a run after a small change takes the files of every module the change
   * cannot touch from the last run instead of making them again. The output
   * is byte for byte the same with or without it.
   */
  readonly session?: GenerateSession;
  /**
   * Warnings fail the run as errors do (the CLI's `--strict`): with any,
   * nothing is emitted, and the result holds the diagnostics alone (no files,
   * no model). Every diagnostic comes from checking the definitions, so the
   * run stops there, before the emitters.
   */
  readonly strict?: boolean;
}

/** How a run used the cache: jobs whose files came from it, and jobs compiled (and stored). */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
}

export interface GenerateResult {
  /** Sorted by path; empty when there are errors, and when the files went to a `FileSink`. */
  readonly files: readonly EmittedFile[];
  /** Errors and warnings, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Absent when there are errors (with `strict`, warnings too). */
  readonly model?: Model;
  /** Present when a cache was given, its secret could be read or made (job-cache.ts), and the model was built. */
  readonly cache?: CacheStats;
  /**
   * Present when module files could be reused (a session, or an output folder
   * written with the cache on): how many modules' files per emitter came from
   * the session, from the output folder (module-store.ts), or were made.
   */
  readonly modules?: ModuleCounts;
  /** Present when the run read the cache's checks (without a session, or a session's first run into an output folder) and the model was built: input files whose checks came from the cache, and files read and checked. */
  readonly checks?: CheckCounts;
}

/**
 * A folder to write the files into as they are made: each thread writes its
 * own, so none is held or sent between threads (write/write-output.ts writes
 * the output folder's staging folder this way).
 */
export interface OutputFolder {
  /** Makes the folder and returns its path (or a promise of it: writeOutput waits there for another run on the folder); called only once the model is built without errors, so a run with errors touches nothing. */
  open(): string | Promise<string>;
  /** A file was written into the folder. */
  written(path: string, sha256: string): void;
  /** Files that may be linked instead of written when a file is the same (write/reuse.ts); asked once the folder is open. */
  reusable?(): ReusableFiles | undefined;
}

/** Where files go as they are made, in no fixed order: a function called with each file, or a folder. */
export type FileSink = ((file: EmittedFile) => void) | OutputFolder;

export async function generate(files: readonly InputFile[], options: GenerateOptions = {}, sink?: FileSink): Promise<GenerateResult> {
  const dir = options.cache?.dir;
  const secret = dir === undefined ? undefined : cacheSecret();
  if (dir === undefined || secret === undefined) return generateCached(files, options, sink, undefined);
  return generateCached(files, options, sink, {
    jobs: () => ({ readDir: dir, writeDir: dir, generator: hashGenerator(), secret }),
    // A session keeps its checks in memory.
    ...(options.session === undefined ? { checks: openCheckStore(dir, secret) } : {}),
  });
}

/** A run's caches (../write/write-output.ts: the output folder's; generate(): `options.cache`). */
export interface RunCache {
  /** The job cache's folders, called once the output folder is open (`sink.open()`): writeOutput reads the output folder's cache and writes the staged tree's. */
  readonly jobs: (openFolder: string | undefined) => JobCacheConfig | undefined;
  /** The checked input files of the run that wrote the cache (load/check-store.ts); this run's are saved into the job cache's folder. */
  readonly checks?: CheckStore;
}

/** generate() with its caches chosen by the caller. */
export async function generateCached(files: readonly InputFile[], options: GenerateOptions, sink: FileSink | undefined, cache: RunCache | undefined): Promise<GenerateResult> {
  // A small input runs on this thread alone (one-thread.ts): a worker would cost more than it saves. The whole input
  // counts, not only what is checked anew: a change to one file may recompile the validators of many modules.
  if (bytesToCheck(files, options) < WORKER_FROM_BYTES) return generateWith(mainThreadOnly(), files, options, sink, cache);
  // Loaded on the first call, not with the API: `check` confirmed by its manifest, and a small input, never load worker_threads.
  const { leaseWorker, SESSION_IDLE_MS } = require("./worker-thread") as typeof import("./worker-thread");
  // Asked for first, so that it boots and loads ajv while this thread builds the model; a new one's young generation is
  // sized by the input the run has not checked before.
  const worker = leaseWorker(bytesToCheck(files, options, cache?.checks));
  try {
    const result = await generateWith(worker, files, options, sink, cache);
    // A session's runs come again (a watch): its worker, with the validators in its memory, is kept for them.
    worker.release(options.session === undefined ? undefined : SESSION_IDLE_MS);
    return result;
  } catch (err) {
    // Awaited: a worker still writing into a folder must stop before the caller can remove the folder.
    await worker.kill();
    throw err;
  }
}

async function generateWith(
  worker: LeasedWorker,
  files: readonly InputFile[],
  options: GenerateOptions,
  sink: FileSink | undefined,
  runCache: RunCache | undefined,
): Promise<GenerateResult> {
  // Loaded on the first call, not with the API: `check` confirmed by its manifest never needs the loader.
  const { loadModel } = require("./load-model") as typeof import("./load-model");
  const checks = runCache?.checks;
  const session = options.session;
  const { model, diagnostics } = loadModel(files, options, session === undefined ? (checks === undefined ? undefined : { stored: checks }) : { parsed: session.parsed, steps: session.steps, ...(checks === undefined ? {} : { stored: checks }) });
  // The emitters add no diagnostic: what fails a strict run is known here, and nothing it would emit is wanted.
  if (!model || (options.strict === true && diagnostics.some((d) => d.severity === "warning"))) return { files: [], diagnostics };
  const kept: EmittedFile[] = [];
  const out = await destination(sink, kept);
  const configured = runCache?.jobs(out.folder);
  if (configured !== undefined) {
    if (checks !== undefined) checks.save(configured.writeDir);
    // A session that took no record (its later runs) keeps its checks in memory; the output folder's record goes on, for a run after it in a new process.
    else if (options.session !== undefined && configured.readDir !== undefined) carryCheckStore(configured.readDir, configured.writeDir);
  }
  const cache = configured === undefined || options.session === undefined ? configured : { ...configured, session: true };
  if (cache?.session === true) newSessionRun();
  // Into an output folder with the cache on, the modules' files are also kept on disk for the next run, in any process.
  const store = configured?.filesDir === undefined ? undefined : (require("./module-store") as typeof import("./module-store")).openModuleStore(configured);
  const memo = moduleMemo(options.session, model, { types: files, ...options }, store);
  // Each job with where it comes from. An unchanged module's job that the module store knows goes by its cache key, unmade.
  const origins: { readonly emitter: JobEmitter<ValidatorJob>; readonly m: SchemaModule; readonly context: string }[] = [];
  for (const e of EMITTERS) {
    if (!("jobs" in e)) continue;
    const context = options.session === undefined && store === undefined ? "" : e.context(model);
    for (const m of model.modules) origins.push({ emitter: e, m, context });
  }
  /**
   * The paths each job's files may have (for the module store), recorded as the job is made: the jobs themselves are
   * made as they are sent to the worker, a batch at a time, and not kept once taken (worker-thread.ts).
   */
  const paths: (readonly string[] | undefined)[] = [];
  const jobAt = (index: number): TaggedJob => {
    const { emitter: e, m, context } = origins[index]!;
    const known = memo.knownJob(e.name, m, context);
    const tagged: TaggedJob = known !== undefined ? { emitter: e.name, known } : { emitter: e.name, job: memo.job(e.name, m, context, () => e.moduleJob(m, model)) };
    paths[index] = "known" in tagged ? tagged.known.paths : jobPaths(tagged.job);
    return tagged;
  };
  const stats = { hits: 0, misses: 0 };
  const count = (hit: boolean | undefined): void => {
    if (hit === true) stats.hits++;
    else if (hit === false) stats.misses++;
  };
  /** Each job's key in the cache, as the thread that ran it said; and the known jobs whose cache entry was gone. */
  const keys: (string | undefined)[] = [];
  const missed: number[] = [];
  const run = worker.run(origins.length, jobAt, out.folder, out.reuse, cache, (reply) => {
    if ("missed" in reply) return void missed.push(reply.index);
    count(reply.hit);
    keys[reply.index] = reply.key;
    out.receive(reply);
  });
  // Before the first file an emitter makes: a run whose files all come from the memo never loads ts-morph.
  let loaded = options.loadTsMorph === undefined;
  const made = (make: () => EmittedFile[]) => (): EmittedFile[] => {
    if (!loaded) {
      loaded = true;
      options.loadTsMorph!();
    }
    return make();
  };
  for (const e of EMITTERS) {
    if ("jobs" in e) continue;
    if (e.module !== undefined) {
      for (const m of model.modules) {
        for (const file of memo.files(e.name, m, e.referrers, made(() => e.module!(m, model)))) out.put(file);
        run.takeReplies();
      }
    }
    if (e.whole !== undefined) for (const file of memo.whole(e.name, made(() => e.whole!(model)))) out.put(file);
    run.takeReplies();
  }
  const runHere = (tagged: TaggedJob, index: number): boolean => {
    const result = runTaggedJob(cache, tagged);
    if (result === undefined) return false;
    count(result.cached?.hit);
    keys[index] = result.cached?.key;
    for (const file of result.files) out.put(file);
    return true;
  };
  // Each job this thread takes is the copy made when it was sent to the worker (worker-thread.ts `job`).
  takeJobs(run.shared, origins.length, (index) => {
    if (!runHere(run.job(index), index)) missed.push(index);
    run.takeReplies();
  });
  await run.finish();
  // A known job whose entry is gone (removed, damaged, forged): made now, and run here.
  for (const index of missed) {
    const { emitter, m } = origins[index]!;
    const job = emitter.moduleJob(m, model);
    paths[index] = jobPaths(job);
    runHere({ emitter: emitter.name, job }, index);
  }
  origins.forEach(({ emitter, m, context }, index) => {
    const key = keys[index];
    if (key !== undefined) memo.keepJob(emitter.name, m, context, { key, paths: paths[index]! });
  });
  memo.finish();
  kept.sort((a, b) => compareText(a.path, b.path));
  const modules = memo.counts();
  return { files: kept, diagnostics, model, ...(cache === undefined ? {} : { cache: stats }), ...(modules === undefined ? {} : { modules }), ...(checks === undefined ? {} : { checks: checks.counts() }) };
}

interface Destination {
  /** The folder the worker writes its files into, if any. */
  readonly folder?: string;
  /** What the folder's files may be linked from. */
  readonly reuse?: ReusableFiles;
  /** A file this thread made. */
  put(file: EmittedFile): void;
  /** Files the worker made, or wrote. */
  receive(reply: JobReply): void;
}

async function destination(sink: FileSink | undefined, kept: EmittedFile[]): Promise<Destination> {
  if (sink === undefined || typeof sink === "function") {
    const put = sink ?? ((file: EmittedFile): void => void kept.push(file));
    return {
      put,
      receive(reply) {
        if ("files" in reply) for (const file of reply.files) put(file);
      },
    };
  }
  const folder = await sink.open();
  const reuse = sink.reusable?.();
  const made = new Set<string>();
  return {
    folder,
    ...(reuse === undefined ? {} : { reuse }),
    put(file) {
      const hash = contentHash(file);
      writeStagedFile(folder, file, made, { from: reuse, sha256: hash });
      sink.written(file.path, hash);
    },
    receive(reply) {
      if ("written" in reply) for (const [file, hash] of reply.written) sink.written(file, hash);
    },
  };
}
