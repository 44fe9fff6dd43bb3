/**
 * generate()'s worker thread, from the main thread's side (generate-worker.ts
 * is the other side).
 *
 * - Asked for first thing, so that it boots and loads ajv while the main
 *   thread builds the model.
 * - Kept after a run for IDLE_MS, unref'd (an idle worker never keeps the
 *   process alive): a build tool, a watch or a test suite that calls
 *   generate() over and over pays for one boot, not one per call.
 * - A run: the worker is sent the shared counter and the first jobs, and
 *   takes jobs as the main thread does. The main thread makes the rest as
 *   the worker takes them, and sends them in batches, JOBS_AHEAD ahead of the
 *   next job to take, whenever it passes on replies (between the steps of
 *   its emitters); neither thread holds every job (take-jobs.ts). When the
 *   main thread has taken every job before the worker started the run (a
 *   few jobs, a worker still booting), it calls the run off and does not
 *   wait. (A small input has no worker at all: one-thread.ts.)
 */
import * as path from "node:path";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { EmittedFile } from "./emit/emitted-file";
import type { ValidatorJob } from "./emit/validators/compile";
import type { JobCacheConfig } from "./job-cache";
import { callOff, markSent, nextJob, sharedJobs } from "./take-jobs";
import type { ReusableFiles } from "./write/reuse";
import { newFlagsSignal, startWorkerSemiSpace, workerSemiSpaceMb, workerYoungGenerationMb, youngGenerationsFixed } from "./young-generation";

/**
 * A job as it crosses to the worker: the name of the emitter that runs it,
 * and the job; or, for an unchanged module's job that an earlier run made,
 * what the job cache needs to find its files (module-store.ts), so that the
 * job is not made again just to be looked up.
 */
export type TaggedJob = { readonly emitter: string; readonly job: ValidatorJob } | { readonly emitter: string; readonly known: KnownJob };

/** A job by its cache key (job-cache.ts `jobKey`) and the paths its files may have (`jobPaths`). */
export interface KnownJob {
  readonly key: string;
  readonly paths: readonly string[];
}

/** What the worker is sent for one run. */
export interface WorkerRun {
  /** The first jobs, from index 0; the rest come through `port` as a WorkerJobs each, in order. */
  readonly jobs: readonly TaggedJob[];
  /** How many jobs the run has. */
  readonly total: number;
  /** The counter, the count of jobs sent and the run state both threads share (take-jobs.ts). */
  readonly shared: SharedArrayBuffer;
  /** Where set, the worker writes its files into this folder and replies with their paths and hashes. */
  readonly folder?: string;
  /** Where set (with `folder`), files the worker may link instead of writing (write/reuse.ts). */
  readonly reuse?: ReusableFiles;
  /** Where set, job results are taken from and stored in this cache (job-cache.ts). */
  readonly cache?: JobCacheConfig;
  /** The run's replies go here, and the run's further jobs come from here. */
  readonly port: MessagePort;
}

/** A further batch of a run's jobs: the ones that follow those sent before. */
export interface WorkerJobs {
  readonly jobs: readonly TaggedJob[];
}

/**
 * The worker's replies: per job (by its index in the run's list), its files
 * or (into a folder) the path and sha256 of each, and with a cache whether
 * they came from it and the job's key; for a known job whose cache entry is
 * gone, that it was missed (the main thread then makes the job); then that
 * it is done.
 */
export type WorkerReply = JobReply | { readonly done: true };
export type JobReply =
  | ({ readonly index: number } & ({ readonly files: readonly EmittedFile[] } | { readonly written: readonly (readonly [string, string])[] }) & { readonly hit?: boolean; readonly key?: string })
  | { readonly index: number; readonly missed: true };

export interface Run {
  /** The counter to take jobs from, as the worker does. */
  readonly shared: SharedArrayBuffer;
  /**
   * Sends the worker the jobs up to JOBS_AHEAD past the next one to take, and passes on the replies that have arrived,
   * now: the main thread runs without a break until it awaits `finish`, so it asks between steps, and before it takes
   * a job from the counter.
   */
  takeReplies(): void;
  /** The job at `index`, which the main thread has taken from the counter: the copy kept since it was sent. */
  job(index: number): TaggedJob;
  /** Once the main thread takes no more jobs: every reply passed on, or the run called off. */
  finish(): Promise<void>;
}

export interface LeasedWorker {
  /**
   * Hands the worker a run of `total` jobs, made by `job` as they are sent (each index once, in order); its replies
   * reach `receive` (which may throw: the run then fails).
   */
  run(total: number, job: (index: number) => TaggedJob, folder: string | undefined, reuse: ReusableFiles | undefined, cache: JobCacheConfig | undefined, receive: (reply: JobReply) => void): Run;
  /** After a run that finished, or none: the worker is kept for the next generate(), `idleMs` (default IDLE_MS). */
  release(idleMs?: number): void;
  /** After a failure: the worker is stopped, and has stopped writing once this resolves. */
  kill(): Promise<void>;
}

/** How long an idle worker is kept: long enough for the next call of a test or a build, short enough not to hold memory for nothing. */
const IDLE_MS = 2000;

/** How long a session's worker is kept (../session.ts): a watch's next run comes after the next save, seconds or minutes later. */
export const SESSION_IDLE_MS = 10 * 60 * 1000;

/**
 * How many jobs past the next one to take the worker is sent. The main thread sends more only between the steps of
 * its emitters, and its longest step, loading ts-morph, takes about 0.3 s, in which the worker runs about 20 of
 * EVerest's jobs; 64 leave it room on a slower machine, and hold about 1.5 MB of jobs at 10 copies of EVerest's tree.
 */
export const JOBS_AHEAD = 64;

interface Spawned {
  readonly worker: Worker;
  /** Rejects when the worker fails or stops. */
  readonly failed: Promise<never>;
  /** False once the worker has stopped (a worker that failed to start: the main thread then ran every job): it is not kept. */
  alive(): boolean;
}

let idle: { readonly spawned: Spawned; readonly timer: NodeJS.Timeout } | undefined;

/** A worker for a run; `inputBytes`, the size of the input the run has not checked before, sizes the young generation of a worker it starts (../young-generation.ts). */
export function leaseWorker(inputBytes = 0): LeasedWorker {
  let spawned: Spawned;
  if (idle !== undefined) {
    clearTimeout(idle.timer);
    spawned = idle.spawned;
    idle = undefined;
  } else {
    spawned = spawn(inputBytes);
  }
  const { worker, failed } = spawned;
  worker.ref();
  const ports: MessagePort[] = [];
  return {
    run(total, job, folder, reuse, cache, receive) {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      let finish!: () => void;
      let fail!: (err: unknown) => void;
      const finished = new Promise<void>((resolve, reject) => {
        finish = resolve;
        fail = reject;
      });
      // Observed by `finish`; a run given up (the main thread threw first) is not waited on.
      finished.catch(() => undefined);
      const take = (reply: WorkerReply): void => {
        if ("done" in reply) finish();
        else receive(reply);
      };
      // Replies that arrive once the main thread awaits `finish`: a throw in `receive` (a failed write) fails the run.
      port1.on("message", (reply: WorkerReply) => {
        try {
          take(reply);
        } catch (err) {
          fail(err);
        }
      });
      const shared = sharedJobs();
      // Jobs sent so far: those below `sent`, each made just before it was sent. Of those, the ones no thread has taken
      // yet are kept, for the main thread may take them; the rest, taken by the worker (or used), are dropped.
      let sent = 0;
      const kept = new Map<number, TaggedJob>();
      const batch = (upTo: number): TaggedJob[] => {
        const jobs: TaggedJob[] = [];
        for (; sent < Math.min(total, upTo); sent++) {
          const made = job(sent);
          kept.set(sent, made);
          jobs.push(made);
        }
        return jobs;
      };
      const send = (upTo: number): void => {
        const jobs = batch(upTo);
        if (jobs.length === 0) return;
        port1.postMessage({ jobs } satisfies WorkerJobs);
        markSent(shared, sent);
      };
      const message: WorkerRun = { jobs: batch(JOBS_AHEAD), total, shared, ...(folder === undefined ? {} : { folder }), ...(reuse === undefined ? {} : { reuse }), ...(cache === undefined ? {} : { cache }), port: port2 };
      worker.postMessage(message, [port2]);
      markSent(shared, sent);
      return {
        shared,
        takeReplies() {
          const next = nextJob(shared);
          for (const index of kept.keys()) if (index < next) kept.delete(index);
          send(next + JOBS_AHEAD);
          for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) take(m.message as WorkerReply);
        },
        job(index) {
          // Not sent yet when the worker, waiting for a job it has taken, has moved the counter past what was sent: the
          // jobs up to this one are sent now (the one the worker waits for among them), and this one kept, as any.
          if (index >= sent) send(index + 1);
          const tagged = kept.get(index)!;
          kept.delete(index);
          return tagged;
        },
        async finish() {
          try {
            // Every job is taken now, but the worker may wait for the one it took last if that came after the last
            // batch: sent (the main thread's own were sent as it took them, by `job`).
            send(total);
            if (!callOff(shared)) await Promise.race([finished, failed]);
          } finally {
            port1.close();
          }
        },
      };
    },
    release(idleMs = IDLE_MS) {
      for (const port of ports) port.close();
      if (idle !== undefined || !spawned.alive()) {
        void worker.terminate();
        return;
      }
      worker.unref();
      const timer = setTimeout(() => {
        if (idle?.spawned === spawned) idle = undefined;
        void worker.terminate();
      }, idleMs);
      timer.unref();
      idle = { spawned, timer };
    },
    async kill() {
      for (const port of ports) port.close();
      await worker.terminate();
    },
  };
}

function spawn(inputBytes: number): Spawned {
  const fixedYoung = youngGenerationsFixed();
  // The worker says when it has set the flag again (worker-flags.ts), so that nothing reads a code cache before.
  const settled = fixedYoung ? newFlagsSignal().buffer : undefined;
  // In the CLI, whose young generations do not grow, the worker's starts at the run's size; through the API, V8 grows it up to that.
  const semiSpaceMb = workerSemiSpaceMb(inputBytes);
  const semiSpaceSet = startWorkerSemiSpace(semiSpaceMb);
  const worker = new Worker(workerScript(), {
    resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb(semiSpaceMb) },
    workerData: { fixedYoung, semiSpaceSet, ...(settled === undefined ? {} : { settled }) },
  });
  const failed = new Promise<never>((_, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the generator's worker thread stopped (exit code ${code})`)));
  });
  // Observed by the run that waits on it, if any; an idle worker that stops is simply not kept.
  failed.catch(() => undefined);
  let alive = true;
  worker.once("exit", () => {
    alive = false;
    if (idle?.spawned.worker === worker) {
      clearTimeout(idle.timer);
      idle = undefined;
    }
  });
  return { worker, failed, alive: () => alive };
}

/**
 * The worker's script: compiled JavaScript, which is what users run (dist/).
 * Under ts-jest this module runs from its TypeScript source, and a worker
 * thread cannot load TypeScript; it then runs the build of these same sources
 * that jest's global setup has just made (tsconfig: outDir dist, rootDir .).
 * Tests thereby run both threads as users do, rather than a one-thread path
 * that no user would run.
 */
function workerScript(): string {
  return path.extname(__filename) === ".ts" ? path.join(__dirname, "..", "dist", "generator", "generate-worker.js") : path.join(__dirname, "generate-worker.js");
}
