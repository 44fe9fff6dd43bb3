/** The worker side of parallel.ts: the model again, then the worker's emitters; files go back to the main thread. */
import { parentPort, workerData } from "node:worker_threads";
import { WORKER_EMITTERS } from "./emit/worker-emitters";
import { loadModel } from "./load-model";
import type { WorkerInput } from "./parallel";

const { files, options } = workerData as WorkerInput;
const { model } = loadModel(files, options);
parentPort!.postMessage(model ? WORKER_EMITTERS.flatMap((emit) => emit(model)) : []);
