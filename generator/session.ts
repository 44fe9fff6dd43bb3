/**
 * A session: what one process keeps between generate() runs so that a run
 * after a small change redoes only what the change touches (`generate
 * --watch`, a build tool calling generate() again). Opaque to callers: they
 * make one with `createSession()` and pass it to every run; the output is
 * byte for byte what a run without it gives.
 *
 * It holds the last run's YAML trees, checks (each file's also by its
 * bytes, so a check its first run took from the output folder's record is
 * taken again as the same object) and builds (./load/), and,
 * per emitter and module, the files (or the validator job) of the last run
 * with the fingerprint they were made under (../module-memo.ts); only
 * entries of the last run: it never grows with the number of runs.
 */
import type { ReusableFiles } from "./write/reuse";
import { ParseMemo } from "./load/parse-memo";
import { StepMemo } from "./load/step-memo";

export interface SessionEntry {
  readonly fingerprint: string;
  /** A module's files (readonly EmittedFile[]), or a job emitter's job for it. */
  readonly value: unknown;
}

export class GenerateSession {
  /** @internal Per `<emitter>\0<input key>`, the last run's files. */
  entries = new Map<string, SessionEntry>();
  /** @internal The files of the output folder the last run wrote, as its stat index recorded them (write/reuse.ts); none without the cache. */
  tree?: ReusableFiles;
  /** @internal The YAML trees of the last run's inputs. */
  readonly parsed = new ParseMemo();
  /** @internal The checks and builds of the last run, by the trees and checked files they were given. */
  readonly steps = new StepMemo();
  /** @internal The removal of the last run's old output tree, still going (write/tree.ts `removeOldTree`). */
  removing?: Promise<void>;
  /** @internal How the last run used it: files of modules (and jobs) reused from it, taken from the output folder's module store, and made. */
  last = { reused: 0, made: 0, stored: 0 };
}

export function createSession(): GenerateSession {
  return new GenerateSession();
}
