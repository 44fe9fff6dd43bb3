/**
 * The worker thread of generate() (worker-thread.ts is the main thread's
 * side). On start it warms the job emitters up (loads ajv), while the main
 * thread builds the model. For each run it takes jobs one at a time from the
 * counter it shares with the main thread until none is left, replying with
 * each job's files, or, into a folder, writing them there and replying with
 * their paths and hashes. It never sees the model. The jobs come in batches
 * (take-jobs.ts): one with the run, the rest on the run's port; a job not yet
 * sent is waited for.
 */
// First: see ./worker-flags.ts.
import "./worker-flags";
import { parentPort, receiveMessageOnPort } from "node:worker_threads";
import { EMITTERS } from "./emit/emitters";
import type { TaggedJob, WorkerJobs, WorkerReply, WorkerRun } from "./worker-thread";
import { startRun, takeJobs, waitForSent } from "./take-jobs";
import { sha256 } from "./write/manifest";
import { writeStagedFile } from "./write/tree";
import { runTaggedJob } from "./run-job";
import { newSessionRun } from "./job-cache";

for (const e of EMITTERS) if ("warmUp" in e) e.warmUp();

/** How long one wait for the main thread's next batch lasts before it looks again. */
const WAIT_MS = 1000;

parentPort!.on("message", ({ jobs, total, shared, folder, reuse, cache, port }: WorkerRun) => {
  // Called off: the main thread took every job while this thread was getting here.
  if (!startRun(shared)) return;
  // This thread's session memory keeps what its last run used, not every run's (../job-cache.ts).
  if (cache?.session === true) newSessionRun();
  // This thread's own copy (the message was cloned): more batches are appended to it, and each job is dropped once taken.
  const received = jobs as (TaggedJob | undefined)[];
  const take = (index: number): TaggedJob => {
    while (index >= received.length) {
      const more = receiveMessageOnPort(port);
      if (more !== undefined) received.push(...(more.message as WorkerJobs).jobs);
      else waitForSent(shared, received.length, WAIT_MS);
    }
    const tagged = received[index]!;
    // Not read again once taken: dropped, so that the jobs done do not stay in this thread's copy until the run ends.
    received[index] = undefined;
    return tagged;
  };
  const made = new Set<string>();
  const reply = (r: WorkerReply): void => port.postMessage(r);
  takeJobs(shared, total, (index) => {
    const result = runTaggedJob(cache, take(index));
    if (result === undefined) return reply({ index, missed: true });
    const { files, cached } = result;
    const tag = cached === undefined ? {} : { hit: cached.hit, key: cached.key };
    if (folder === undefined) return reply({ index, files, ...tag });
    const written = files.map((f): [string, string] => [f.path, sha256(f.content)]);
    files.forEach((f, i) => writeStagedFile(folder, f, made, { from: reuse, sha256: written[i]![1] }));
    reply({ index, written, ...tag });
  });
  reply({ done: true });
});
