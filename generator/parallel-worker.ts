/**
 * The worker side of parallel.ts. Started before the model is built, it loads
 * ajv meanwhile; then it takes validator jobs one at a time until none is left.
 */
import { parentPort } from "node:worker_threads";
import type { EmittedFile } from "./emit/emitted-file";
import { compileValidatorJob, loadAjv } from "./emit/validators/compile";
import type { WorkerInput, WorkerOutput } from "./parallel";
import { takeJobs } from "./take-jobs";
import { sha256 } from "./write/manifest";
import { writeStagedFile } from "./write/tree";

loadAjv();
parentPort!.once("message", ({ jobs, nextJob, stagingDir }: WorkerInput) => {
  const kept: EmittedFile[] = [];
  const written: [string, string][] = [];
  const made = new Set<string>();
  takeJobs(nextJob, jobs, (job) => {
    for (const f of compileValidatorJob(job)) {
      if (stagingDir === undefined) {
        kept.push(f);
      } else {
        writeStagedFile(stagingDir, f, made);
        written.push([f.path, sha256(f.content)]);
      }
    }
  });
  const out: WorkerOutput = stagingDir === undefined ? { files: kept } : { written };
  parentPort!.postMessage(out);
});
