/** The job counter two threads share (parallel.ts): its own module, so the worker thread loads nothing else with it. */

/** Runs jobs, taking the next free one from the shared counter each time, until none is left. */
export function takeJobs<T>(nextJob: SharedArrayBuffer, jobs: readonly T[], run: (job: T) => void): void {
  const counter = new Int32Array(nextJob);
  for (let i = Atomics.add(counter, 0, 1); i < jobs.length; i = Atomics.add(counter, 0, 1)) run(jobs[i]!);
}
