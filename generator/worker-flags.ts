/**
 * The first import of the worker thread (./generate-worker.ts): it sets the
 * young-generation flag again (./young-generation.ts) before anything else of
 * the worker loads. Until then the process-wide flag is the value setting up
 * the worker's isolate gave it, and V8's flag hash with it: a code cache the
 * main thread reads or writes meanwhile (ts-morph's, ./cli/compile-cache.ts)
 * carries the wrong hash, and the next run rejects and rewrites it. Loading
 * the emitters first made that window tens of milliseconds wide.
 */
import { workerData } from "node:worker_threads";
import { refixYoungGenerations } from "./young-generation";

refixYoungGenerations((workerData as { fixedYoung?: unknown } | null)?.fixedYoung);
