/**
 * A session's memory of validator results (generator/job-cache.ts): a watch
 * runs for hours, and each save that changes a module's schemas makes that
 * module's job a new key. Each thread keeps only the results its last run
 * used and the ones its current run uses, never every result ever made.
 */
import * as path from "node:path";
import { type JobCacheConfig, newSessionRun, runCachedJob, sessionResultCount } from "../generator/job-cache";
import type { ValidatorJob } from "../generator/emit/validators/compile";
import { tempDir } from "./helpers/cli";

const job = (n: number, save: number): ValidatorJob => ({
  documents: [{ $id: `m${n}`, description: `module ${n}, save ${save}` }],
  formats: [],
  callTargets: [],
  files: [{ path: `m${n}.js`, sources: [], header: [], exports: [] }],
});
const files = (n: number, save: number) => [{ path: `m${n}.js`, content: `// module ${n}, save ${save}\n` }];

test("each save changes one module of ten: the memory holds one run's results, not one more per save", () => {
  const dir = tempDir("etg-session-memory-");
  const config: JobCacheConfig = { writeDir: path.join(dir, "cache"), session: true, generator: "g".repeat(64), secret: "0".repeat(64) };
  const saved = new Array<number>(10).fill(0);
  const counts: number[] = [];
  for (let save = 1; save <= 50; save++) {
    saved[save % 10] = save;
    newSessionRun();
    for (let n = 0; n < 10; n++) runCachedJob(config, "validators", job(n, saved[n]!), () => files(n, saved[n]!));
    counts.push(sessionResultCount());
  }
  // This run's ten, and the one result of the last run that this run replaced.
  expect(Math.max(...counts.slice(1))).toBe(11);
  expect(counts[counts.length - 1]).toBe(11);
});

test("a result the last run used is still taken from memory: the next run finds it without reading the cache", () => {
  const dir = tempDir("etg-session-memory-");
  const config: JobCacheConfig = { writeDir: path.join(dir, "cache"), session: true, generator: "g".repeat(64), secret: "0".repeat(64) };
  newSessionRun();
  expect(runCachedJob(config, "validators", job(1, 1), () => files(1, 1)).hit).toBe(false);
  newSessionRun();
  // From memory: a hit, though nothing is read (no readDir).
  expect(runCachedJob(config, "validators", job(1, 1), () => files(1, 1)).hit).toBe(true);
  // Two runs that did not use it: gone.
  newSessionRun();
  newSessionRun();
  expect(runCachedJob(config, "validators", job(1, 1), () => files(1, 1)).hit).toBe(false);
});
