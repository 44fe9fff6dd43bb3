/**
 * Young generations that do not grow, for the CLI (./cli/v8-flags.ts).
 *
 * V8 doubles a thread's young generation, up to 16 MB per semi-space, each
 * time enough of it has survived scavenges since it last grew, and seldom
 * gives it back within a run. A generate keeps much of what it allocates (the
 * model, ts-morph's code, the checks taken from the cache), so its main
 * thread's young generation grew to 32 MB, a fifth of the process's peak;
 * kept small, the run took as long (BENCHMARKS.md).
 *
 * `--semi-space-growth-factor=1` stops the doubling (V8 may still grow a
 * young generation by a step). V8 honours it only once the process runs
 * (given at start, a factor under 2 is raised to 2), and raises it to 2 again
 * whenever it sets up a new isolate: each worker thread the generator starts.
 * So the worker sets it again as it starts, when the process asked for it
 * (`workerData`, ./worker-thread.ts). The flag is process-wide: only the CLI
 * asks, never the API.
 */
import * as v8 from "node:v8";

const FLAG = "--semi-space-growth-factor=1";

let fixed = false;

/** Stops the young generations of this process's threads from growing, from now on and after every worker the generator starts. */
export function fixYoungGenerations(): void {
  fixed = true;
  v8.setFlagsFromString(FLAG);
}

/** Whether the process asked for fixed young generations (passed to each worker thread). */
export function youngGenerationsFixed(): boolean {
  return fixed;
}

/** In a worker thread that was asked to: sets the flag again, which setting up the worker's isolate has reset. */
export function refixYoungGenerations(asked: unknown): void {
  if (asked === true) v8.setFlagsFromString(FLAG);
}

/** The last worker's signal that it has set the flag again (../worker-flags.ts), while it may not have. */
let settling: Int32Array | undefined;

/**
 * For a worker about to start in a process that fixes its young generations:
 * the shared word it sets to 1 once it has set the flag again. Until then the
 * flags are not the run's own, nor V8's tag for cached data with them.
 */
export function newFlagsSignal(): Int32Array {
  settling = new Int32Array(new SharedArrayBuffer(4));
  return settling;
}

/**
 * Returns once no worker's start is changing the flags: at once, unless a
 * worker was started and has not yet set the flag again; then for at most a
 * second (a worker that fails to start never does). Called before anything
 * reads or makes a V8 code cache (./cli/compile-cache.ts), which V8 checks
 * against the flags.
 */
export function waitForFlags(): void {
  if (settling !== undefined && Atomics.load(settling, 0) === 0) Atomics.wait(settling, 0, 0, 1000);
  settling = undefined;
}
