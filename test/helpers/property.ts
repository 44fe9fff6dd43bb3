/**
 * Shared settings of the property-based tests (test/property-*.test.ts).
 *
 * - `PROPERTY_RUNS=<n>` runs every property n times instead of its default.
 *   The defaults (15 to 50 cases) are sized for `npm test`, which must stay
 *   under 3 minutes on a 2-core machine: every property still runs on every
 *   `npm test`, with fewer cases. The full-size run is PROPERTY_RUNS, e.g.
 *   `PROPERTY_RUNS=5000 npx jest test/property` (or `PROPERTY_RUNS=150` for
 *   the sizes `npm test` used before).
 * - Set at all, PROPERTY_RUNS also runs the costliest resource-bound cases
 *   (test/hostile-bounds.test.ts, test/json-text.test.ts) at full size
 *   ({@link fullSize}): `npm test` runs each at a fraction of it, with the
 *   same assertions; `.ci/run` runs them at full size after the suite.
 * - `PROPERTY_SEED=<seed>` (and `PROPERTY_PATH=<path>`) replay a run: fast-check
 *   prints both with every failure; the batch tests print the seed themselves.
 * - `PROPERTY_SHRINK=1` shrinks a failure to a smaller counterexample. It is
 *   off by default wherever a case runs the generator: shrinking a random
 *   definition set takes hundreds of generator runs, minutes that look like a
 *   hang; replay the printed seed with it instead.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as fc from "fast-check";

/** How many cases a property runs: its default, or PROPERTY_RUNS. */
export function propertyRuns(defaultRuns: number): number {
  const env = process.env["PROPERTY_RUNS"];
  if (env === undefined || env === "") return defaultRuns;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) throw new Error(`PROPERTY_RUNS must be a positive integer, got ${JSON.stringify(env)}`);
  return n;
}

/** Whether this is the full-size run (PROPERTY_RUNS set): `npm test`'s size when not, the full one when it is. */
export function fullSize(): boolean {
  return (process.env["PROPERTY_RUNS"] ?? "") !== "";
}

/** The seed CI uses when none is given: a CI run must be repeatable, a developer's run explores. */
const CI_SEED = 20261125;

/**
 * The seed of this run: PROPERTY_SEED, else CI_SEED under CI, else a fresh one. fast-check prints it
 * with a failure; it is also written to stderr at once, so a run that hangs
 * or is killed (a timeout) can be replayed too.
 */
export function propertySeed(label = ""): number {
  const env = process.env["PROPERTY_SEED"];
  let seed: number;
  if (env !== undefined && env !== "") {
    seed = Number(env);
    if (!Number.isInteger(seed)) throw new Error(`PROPERTY_SEED must be an integer, got ${JSON.stringify(env)}`);
  } else if (process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false") {
    seed = CI_SEED;
  } else {
    seed = (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  }
  if (process.env["PROPERTY_QUIET"] !== "1") process.stderr.write(`property seed ${seed}${label ? ` (${label})` : ""}\n`);
  return seed;
}

/**
 * fast-check parameters for `fc.assert`: the run count, the seed, and a replay
 * path when given. `shrink: false` (for properties that run the generator per
 * case) reports the first failure as found; PROPERTY_SHRINK=1 or =0 overrides
 * either way.
 */
export function propertyParams<T>(defaultRuns: number, opts: { shrink?: boolean; label?: string; seed?: number } = {}): fc.Parameters<T> {
  const replayPath = process.env["PROPERTY_PATH"];
  const env = process.env["PROPERTY_SHRINK"];
  const shrink = env === "1" ? true : env === "0" ? false : (opts.shrink ?? true);
  return {
    numRuns: propertyRuns(defaultRuns),
    seed: opts.seed ?? propertySeed(opts.label),
    ...(replayPath ? { path: replayPath } : {}),
    // Enough to show the failing case, not the whole shrink history.
    verbose: 1,
    ...(shrink ? {} : { endOnFailure: true }),
  };
}

/** A scratch folder, removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes emitted files below `dir` (paths use `/`). */
export function writeFiles(dir: string, files: readonly { path: string; content: string | Uint8Array }[]): void {
  for (const f of files) {
    const target = path.join(dir, ...f.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
  }
}
