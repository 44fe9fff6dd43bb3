/**
 * One job of a run, on whichever thread takes it (generate.ts and
 * generate-worker.ts): a job is run through the job cache; a known job (an
 * unchanged module's, by its cache key) is only looked up. Light, like the
 * job cache: the worker loads it without the model.
 */
import { jobEmitter } from "./emit/emitters";
import type { EmittedFile } from "./emit/emitted-file";
import { type JobCacheConfig, jobKey, runCachedJob, takeKnownJob } from "./job-cache";
import type { TaggedJob } from "./worker-thread";

export interface JobResult {
  readonly files: readonly EmittedFile[];
  /** With a cache: whether the files came from it, and the job's key there. */
  readonly cached?: { readonly hit: boolean; readonly key: string };
}

/** The job's files; undefined for a known job whose cache entry is not there to take (the main thread then makes the job). */
export function runTaggedJob(cache: JobCacheConfig | undefined, tagged: TaggedJob): JobResult | undefined {
  if ("known" in tagged) {
    const found = cache === undefined ? undefined : takeKnownJob(cache, tagged.known.key, tagged.known.paths);
    return found === undefined ? undefined : { files: found.files, cached: { hit: found.hit, key: tagged.known.key } };
  }
  const { emitter, job } = tagged;
  const { files, hit } = runCachedJob(cache, emitter, job, () => jobEmitter(emitter).runJob(job));
  return cache === undefined ? { files } : { files, cached: { hit, key: jobKey(cache, emitter, job) } };
}
