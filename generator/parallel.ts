/**
 * generate() on two threads, for the CLI. A worker thread starts first and
 * loads ajv while the main thread builds the model and turns the validator
 * modules into jobs (compile.ts `ValidatorJob`: plain documents, no model),
 * which it posts to the worker. The worker compiles jobs while the main
 * thread loads ts-morph and runs every other emitter; then both take jobs one
 * at a time from a shared counter until none is left.
 * Same output as generate(), byte for byte (tested): a job's code does not
 * depend on the thread. The worker never holds the model, so a second thread
 * costs little memory.
 *
 * `generateStaged` writes each file into a staging folder as soon as it is
 * made (the worker writes its own), keeping only paths and hashes, so memory
 * does not grow with the size of the output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { EmittedFile } from "./emit/emitted-file";
import type { ValidatorJob } from "./emit/validators/compile";
import type { GenerateResult } from "./index";
import { loadModel, type ModelOptions } from "./load-model";
import type { InputFile } from "./load/input-file";
import type { Diagnostic } from "./diagnostics";
import type { Model } from "./model/model";
import { sha256 } from "./write/manifest";
import { type StagedTree, stageTree } from "./write/tree";
import { takeJobs } from "./take-jobs";
import { compareText } from "./compare";

export interface WorkerInput {
  readonly jobs: readonly ValidatorJob[];
  /** One Int32 shared with the main thread: the index of the next job to take. */
  readonly nextJob: SharedArrayBuffer;
  /** Where set, the worker writes its files into this staging folder and sends back paths and hashes only. */
  readonly stagingDir?: string;
}

/** The worker's files, or (when staging) the path and sha256 of each file it wrote. */
export type WorkerOutput = { readonly files: EmittedFile[] } | { readonly written: [string, string][] };

/** Loads ts-morph some other way before the main thread first needs it (the CLI's code cache, cli/compile-cache.ts). */
export type LoadTsMorph = () => void;

export async function generateParallel(files: readonly InputFile[], options: ModelOptions = {}, loadTsMorph?: LoadTsMorph): Promise<GenerateResult> {
  const mine: EmittedFile[] = [];
  const run = await runParallel(files, options, loadTsMorph, (f) => mine.push(f));
  if (run === undefined) return (require("./index") as typeof import("./index")).generate(files, options);
  if (run.model === undefined) return { files: [], diagnostics: run.diagnostics };
  const out = [...mine, ...("files" in run.fromWorker ? run.fromWorker.files : [])];
  out.sort((a, b) => compareText(a.path, b.path));
  return { files: out, diagnostics: run.diagnostics, model: run.model };
}

export type StagedResult =
  | { readonly diagnostics: readonly Diagnostic[]; readonly model?: undefined; readonly staged?: undefined; readonly written?: undefined }
  | {
      readonly diagnostics: readonly Diagnostic[];
      readonly model: Model;
      /** Holds every generated file; the caller commits it (or aborts it). */
      readonly staged: StagedTree;
      /** Path and sha256 of every file staged. */
      readonly written: readonly (readonly [string, string])[];
    };

/**
 * Generates into a staging folder for `out` (write/tree.ts `stageTree`), made
 * only once the model is built without errors: a run with errors touches
 * nothing. On a throw the staging folder is removed.
 */
export async function generateStaged(files: readonly InputFile[], options: ModelOptions, out: string, loadTsMorph?: LoadTsMorph): Promise<StagedResult> {
  const written: [string, string][] = [];
  let staged: StagedTree | undefined;
  const stage = (): string => (staged = stageTree(out)).dir;
  const put = (f: EmittedFile): void => {
    staged!.add(f);
    written.push([f.path, sha256(f.content)]);
  };
  try {
    const run = await runParallel(files, options, loadTsMorph, put, stage);
    if (run === undefined) {
      const r = (require("./index") as typeof import("./index")).generate(files, options);
      if (r.model === undefined) return { diagnostics: r.diagnostics };
      stage();
      r.files.forEach(put);
      return { diagnostics: r.diagnostics, model: r.model, staged: staged!, written };
    }
    if (run.model === undefined) return { diagnostics: run.diagnostics };
    if ("written" in run.fromWorker) written.push(...run.fromWorker.written);
    return { diagnostics: run.diagnostics, model: run.model, staged: staged!, written };
  } catch (err) {
    (staged as StagedTree | undefined)?.abort();
    throw err;
  }
}

interface Run {
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: Model;
  readonly fromWorker: WorkerOutput;
}

/**
 * undefined when no compiled worker is at hand (under ts-jest the sources are
 * .ts): the caller then runs on one thread. `stage` makes the staging folder
 * and returns its path (generateStaged only).
 */
async function runParallel(
  files: readonly InputFile[],
  options: ModelOptions,
  loadTsMorph: LoadTsMorph | undefined,
  put: (file: EmittedFile) => void,
  stage?: () => string,
): Promise<Run | undefined> {
  const workerFile = path.join(__dirname, "parallel-worker.js");
  if (!fs.existsSync(workerFile)) return undefined;

  // Started first, so that it boots and loads ajv while this thread builds the model.
  const worker = new Worker(workerFile);
  const fromWorker = new Promise<WorkerOutput>((resolve, reject) => {
    worker.once("message", (m: WorkerOutput) => resolve(m));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the generator's worker thread stopped (exit code ${code})`)));
  });
  // A failure on either side must not leave the other's promise unobserved.
  fromWorker.catch(() => undefined);
  try {
    const { model, diagnostics } = loadModel(files, options);
    if (!model) return { diagnostics, fromWorker: { files: [] } };
    const stagingDir = stage?.();
    const compile = require("./emit/validators/compile") as typeof import("./emit/validators/compile");
    const ifaces = require("./emit/modules/interface-modules") as typeof import("./emit/modules/interface-modules");
    const jobs = [...compile.validatorJobs(model), ...ifaces.interfaceValidatorJobs(model)];
    const nextJob = new SharedArrayBuffer(4);
    const input: WorkerInput = { jobs, nextJob, ...(stagingDir === undefined ? {} : { stagingDir }) };
    worker.postMessage(input);
    // Loaded only now, after the worker has started: this is what pulls in ts-morph.
    loadTsMorph?.();
    const { EMITTERS } = require("./emit/emitters") as typeof import("./emit/emitters");
    for (const emit of EMITTERS) {
      if (emit !== compile.emitValidatorCode && emit !== ifaces.emitInterfaceValidators) emit(model).forEach(put);
    }
    takeJobs(nextJob, jobs, (job) => compile.compileValidatorJob(job).forEach(put));
    return { diagnostics, model, fromWorker: await fromWorker };
  } finally {
    // Awaited: a worker still writing into the staging folder must stop before the caller can remove it.
    await worker.terminate();
  }
}
