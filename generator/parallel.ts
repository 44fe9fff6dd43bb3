/**
 * generate() on two threads, for the CLI: a worker thread builds the model
 * again and runs the validator emitters (ajv's code generation) while the
 * main thread loads ts-morph and runs the rest. Same output as generate(),
 * byte for byte (tested); most of the validator work hides behind loading
 * ts-morph, which the main thread pays anyway.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { EmittedFile } from "./emit/emitted-file";
import { WORKER_EMITTERS } from "./emit/worker-emitters";
import type { GenerateResult } from "./index";
import { loadModel, type GenerateOptions } from "./load-model";
import type { InputFile } from "./load/load-defs";

export interface WorkerInput {
  readonly files: readonly InputFile[];
  readonly options: GenerateOptions;
}

export async function generateParallel(files: readonly InputFile[], options: GenerateOptions = {}): Promise<GenerateResult> {
  const workerFile = path.join(__dirname, "parallel-worker.js");
  // Under ts-jest the sources are .ts and no compiled worker sits beside them: one thread then.
  if (!fs.existsSync(workerFile)) return (require("./index") as typeof import("./index")).generate(files, options);

  const input: WorkerInput = { files, options };
  const worker = new Worker(workerFile, { workerData: input });
  const fromWorker = new Promise<EmittedFile[]>((resolve, reject) => {
    worker.once("message", (m: EmittedFile[]) => resolve(m));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`internal error: the generator's worker thread stopped (exit code ${code})`)));
  });
  // A failure on either side must not leave the other's promise unobserved.
  fromWorker.catch(() => undefined);
  try {
    const { model, diagnostics } = loadModel(files, options);
    if (!model) return { files: [], diagnostics };
    // Loaded only now, after the worker has started: this is what pulls in ts-morph.
    const { EMITTERS } = require("./emit/emitters") as typeof import("./emit/emitters");
    const mine = EMITTERS.filter((e) => !WORKER_EMITTERS.includes(e)).flatMap((emit) => emit(model));
    const out = [...mine, ...(await fromWorker)];
    out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files: out, diagnostics, model };
  } finally {
    void worker.terminate();
  }
}
