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

/** V8's flag for the size a new isolate's semi-spaces start at, and its default (V8 chooses). */
const MIN_SEMI_SPACE = "--min-semi-space-size";
const MIN_SEMI_SPACE_DEFAULT = `${MIN_SEMI_SPACE}=0`;

/** Input bytes per MB of the worker's semi-space, and the largest it is given (see workerSemiSpaceMb). */
const INPUT_BYTES_PER_SEMI_SPACE_MB = 160_000;
export const MAX_WORKER_SEMI_SPACE_MB = 6;

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

/** In a worker thread that was asked to: sets the flag again, which setting up the worker's isolate has reset, and gives the semi-spaces' flag back its default (startWorkerSemiSpace). */
export function refixYoungGenerations(asked: unknown, semiSpaceSet: unknown): void {
  if (asked === true) v8.setFlagsFromString(FLAG);
  if (semiSpaceSet === true) v8.setFlagsFromString(MIN_SEMI_SPACE_DEFAULT);
}

/**
 * The semi-space, in MB, that a worker thread starts at for a run with
 * `inputBytes` bytes of input it has not checked before (../load/check-store.ts
 * `bytesToCheck`: roughly the validators it will compile). 1 is V8's own
 * start; the young generation is two semi-spaces and as much again for large
 * objects.
 *
 * With young generations that do not grow, a worker stays at V8's 1 MB, and
 * ajv's code generation for EVerest's tree (0.96 MB of YAML) then made the
 * worker scavenge 390 times: 296 ms, and 39 ms of full collections for what
 * the scavenges had promoted too early. With 6 MB, 63 scavenges and 197 ms.
 * A bigger young generation costs the pages it first touches (about 15 us
 * each on the project's machine), so a small run keeps V8's start: with 4 MB,
 * a generate of the project's defs/ (37 KB, then; since e738838 a run that
 * small has no worker) took 0.02 CPU-seconds and 5 MiB of RSS more, and a
 * regeneration of EVerest's tree after one type file changed, which
 * compiles little, 0.03 s more (BENCHMARKS.md, "the worker's young
 * generation sized by its work").
 */
export function workerSemiSpaceMb(inputBytes: number): number {
  if (!Number.isFinite(inputBytes)) return 1;
  return Math.max(1, Math.min(MAX_WORKER_SEMI_SPACE_MB, Math.round(inputBytes / INPUT_BYTES_PER_SEMI_SPACE_MB)));
}

/**
 * The least a worker's young generation may grow to, in MB. V8 sizes a
 * thread's young generation for throughput (up to 16 MB per semi-space): on
 * EVerest's tree a small one lowered the peak RSS of a cold generate by
 * 15-30 MB for no time measured (bench/everest.js).
 */
const WORKER_YOUNG_MB = 4;

/** A worker's young generation at most (its `resourceLimits`), in MB, for semi-spaces of `semiSpaceMb`: two of them, and a space for large objects as big as one. */
export function workerYoungGenerationMb(semiSpaceMb: number): number {
  return Math.max(WORKER_YOUNG_MB, 3 * semiSpaceMb);
}

/** Whether the semi-spaces' flag is set for a worker, and not yet given back its default. */
let semiSpaceSet = false;

/** A semi-space flag given to node by whoever started the process (NODE_OPTIONS takes only the maximum): their sizes stand. */
const GIVEN_SEMI_SPACE = /(?:^|\s)--(?:min|max)[-_]semi[-_]space[-_]size(?:[=\s]|$)/;
const semiSpaceGiven = (): boolean => process.execArgv.some((a) => GIVEN_SEMI_SPACE.test(a)) || GIVEN_SEMI_SPACE.test(process.env["NODE_OPTIONS"] ?? "");

/**
 * For a worker about to start in a process that fixes its young generations:
 * its semi-spaces start at `mb` (workerSemiSpaceMb), unless node was started
 * with a semi-space size of the user's. V8 reads the flag as it sets up any
 * isolate, and the flag is process-wide and part of V8's tag for cached code,
 * so it is given back its default as soon as the worker has set up its own:
 * by the worker, first thing (./worker-flags.ts), or by this thread in
 * waitForFlags, which ./cli/compile-cache.ts calls before it reads or makes a
 * code cache, whichever comes first. Returns whether the flag was set (then
 * the worker is told to give it back).
 */
export function startWorkerSemiSpace(mb: number): boolean {
  if (!fixed || semiSpaceGiven()) return false;
  if (mb <= 1) {
    // A flag left by a worker that never started is not this one's.
    if (semiSpaceSet) v8.setFlagsFromString(MIN_SEMI_SPACE_DEFAULT);
    semiSpaceSet = false;
    return false;
  }
  v8.setFlagsFromString(`${MIN_SEMI_SPACE}=${mb}`);
  semiSpaceSet = true;
  return true;
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
  // The worker has given the semi-spaces' flag back its default, or never started: either way it is this thread's to give back.
  if (semiSpaceSet) {
    v8.setFlagsFromString(MIN_SEMI_SPACE_DEFAULT);
    semiSpaceSet = false;
  }
}
