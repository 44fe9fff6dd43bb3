/**
 * The first import of the worker thread (./generate-worker.ts): it sets the
 * young-generation flags again (./young-generation.ts: the growth factor, and
 * the semi-spaces' start the main thread set for this worker) before anything
 * else of the worker loads, then tells the main thread so (`settled`). Until then the
 * process-wide flag is the value setting up the worker's isolate gave it, and
 * V8's flag hash with it: a code cache the main thread read or checked
 * meanwhile (ts-morph's, ./cli/compile-cache.ts) would be the wrong one, and
 * be rejected. The main thread waits for `settled` before it reads that
 * cache (./young-generation.ts `waitForFlags`).
 */
import { workerData } from "node:worker_threads";
import { refixYoungGenerations } from "./young-generation";

const data = workerData as { fixedYoung?: unknown; semiSpaceSet?: unknown; settled?: unknown } | null;
refixYoungGenerations(data?.fixedYoung, data?.semiSpaceSet);
if (data?.settled instanceof SharedArrayBuffer) {
  const settled = new Int32Array(data.settled);
  Atomics.store(settled, 0, 1);
  Atomics.notify(settled, 0);
}
