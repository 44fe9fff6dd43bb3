/** The worker side of parallel.ts: validator jobs, taken one at a time until none is left. */
import { parentPort, workerData } from "node:worker_threads";
import type { EmittedFile } from "./emit/emitted-file";
import { compileValidatorJob } from "./emit/validators/compile";
import { takeJobs, type WorkerInput, type WorkerOutput } from "./parallel";
import { sha256 } from "./write/manifest";
import { writeStagedFile } from "./write/tree";

const { jobs, nextJob, stagingDir } = workerData as WorkerInput;
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
