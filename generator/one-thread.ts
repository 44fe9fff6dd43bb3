/**
 * A run of generate() without a worker thread, for a small input: the main
 * thread runs every job itself.
 *
 * A worker costs about 0.15 CPU-seconds and 15 MiB to start and to load ajv
 * into, whatever it then does; for a small input it saves at most the time
 * the main thread takes to compile a few validators. Generating the
 * project's defs/ (24 KB) on 2 cores, alternating runs with and without a
 * worker (BENCHMARKS.md, "a small input on one thread"):
 * - the machine otherwise idle: 0.47 against 0.54 s, for 0.72 against 0.58
 *   CPU-seconds and 88 against 73 MiB of peak RSS (medians of 24 rounds);
 * - two generates at a time, as a test suite or a CI runs them: 16 runs in
 *   8.2 against 6.5 s.
 * A worker is the faster on an idle machine and the slower on a busy one, at
 * every size measured: 4 of EVerest's type files, 58 KB, took 0.47 against
 * 0.56 s idle, and 12 runs two at a time 7.2 against 5.9 s (102 KB: 7.6
 * against 6.2 s). The bound keeps the worker from the smallest inputs, where
 * it saves the least time and costs the same. (Measured on an idle machine
 * only, this was left out three times before: BENCHMARKS.md at 4cf8ec2,
 * f8bc526 and 355c62a.)
 *
 * Measured on the whole input, not on the part whose checks the output
 * folder keeps (./load/check-store.ts `bytesToCheck`): after one of EVerest's
 * type files changed, the run compiles the validators of every module that
 * refers to it, and is faster with a worker (1.15 against 1.28 s).
 */
import { callOff, sharedJobs } from "./take-jobs";
import type { LeasedWorker } from "./worker-thread";

/** Inputs of fewer bytes than this (UTF-16 units, for content given as a string) are generated on the main thread alone. */
export const WORKER_FROM_BYTES = 32 * 1024;

/**
 * Stands in for a worker that never takes a job: the main thread takes them
 * all from the counter, each made as it is taken, and there is nothing to
 * wait for, release or stop.
 */
export function mainThreadOnly(): LeasedWorker {
  return {
    run(total, job) {
      const shared = sharedJobs();
      return {
        shared,
        takeReplies() {},
        job,
        async finish() {
          // Nothing started the run, so calling it off always succeeds: no reply is awaited.
          callOff(shared);
        },
      };
    },
    release() {},
    async kill() {},
  };
}
