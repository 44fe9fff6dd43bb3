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
 * - Young generations that do not grow (../young-generation.ts), except in a
 *   watch. The main thread's grew to 32 MB in a generate; kept small, a cold
 *   generate of EVerest's tree peaked at 157 MiB instead of 179, in the same
 *   time. A watch's runs keep their session's results, and there the small
 *   young generation made a save's run slower (medians of three alternating
 *   runs of 11 saves: 167-183 -> 180-196 ms).
 */
import * as v8 from "node:v8";
import { fixYoungGenerations } from "../young-generation";

export function tuneV8ForGenerate(run: { readonly watch: boolean }): void {
  v8.setFlagsFromString("--heap-growing-percent=30");
  v8.setFlagsFromString("--no-flush-bytecode");
  if (!run.watch) fixYoungGenerations();
}
