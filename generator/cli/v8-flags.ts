/**
 * V8 settings for a generate or check run. V8's flags are process-wide, so
 * only the CLI sets them, never the API.
 *
 * - `--heap-growing-percent=30`: V8 lets a heap grow to a multiple of what
 *   survived the last collection before collecting again. The generator makes
 *   a great deal of short-lived garbage (ajv's code generation above all), so
 *   on a large corpus that multiple is gigabytes of garbage. Growing by at most
 *   30% keeps the peak near what is live: measured at 32,000 types, 1.5 GiB
 *   became 0.85 GiB for about a fifth more time.
 * - `--no-flush-bytecode`: V8 drops the bytecode of functions not run for a
 *   few collections, and more collections mean more dropped. The code cache
 *   (./compile-cache.ts) saves what is compiled at the end of a run, so after
 *   a large run it would lack most of ts-morph and the next small run would
 *   compile it again. A run is short: keeping the bytecode costs a few MB.
 *   V8 checks these flags when it reads cached code, so they are set before
 *   ts-morph is loaded, by generate and check alike.
 * - `--interrupt-budget` 16 times V8's default: a function is optimized by
 *   TurboFan only after about 16 times as much of its bytecode has run. V8's
 *   default is made for long-lived processes; a run of the CLI is over in a
 *   few seconds, and most of what TurboFan compiled in it (60-63 functions in
 *   a generate of the project's defs/, 6 with this budget; compiled on
 *   background threads as well as the main one) did not pay for itself.
 *   With it, in alternating runs on the project's machine: a cold generate
 *   of EVerest's tree 2.15 s against 2.72 s, and 3.7 against 4.9
 *   CPU-seconds; a small generate 0.62 against 0.66 s; 10 copies of
 *   EVerest's tree 14.3-14.9 s against 15.0-16.5 s (the hot code of a long
 *   run is still optimized); a watch's save 150.9 and 171.5 against 191.9
 *   and 193.8 ms (medians of 12 saves). Turning
 *   TurboFan off altogether (`--no-opt`) was as fast on small runs and 16%
 *   slower on the 10 copies.
 * - Young generations that do not grow (../young-generation.ts), except in a
 *   watch. The main thread's grew to 32 MB in a generate; kept small, a cold
 *   generate of EVerest's tree peaked at 157 MiB instead of 179, in the same
 *   time. A watch's runs keep their session's results, and there the small
 *   young generation made a save's run slower (medians of three alternating
 *   runs of 11 saves: 167-183 -> 180-196 ms).
 */
import * as v8 from "node:v8";
import { fixYoungGenerations } from "../young-generation";

/** V8's `--interrupt-budget` in node 20 (`node --v8-options`). */
const V8_DEFAULT_INTERRUPT_BUDGET = 66 * 1024;

/** TurboFan for what runs 16 times as long as V8's default asks (above); the test suite's workers set it too. */
export const LATE_TURBOFAN_FLAG = `--interrupt-budget=${16 * V8_DEFAULT_INTERRUPT_BUDGET}`;

export function tuneV8ForGenerate(run: { readonly watch: boolean }): void {
  v8.setFlagsFromString("--heap-growing-percent=30");
  v8.setFlagsFromString("--no-flush-bytecode");
  v8.setFlagsFromString(LATE_TURBOFAN_FLAG);
  if (!run.watch) fixYoungGenerations();
}
