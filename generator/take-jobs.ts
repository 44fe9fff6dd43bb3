/**
 * The job list two threads share (generate.ts): one shared buffer holding the
 * index of the next job to take, how many jobs the main thread has sent the
 * worker so far, and the state of the run, so that the main thread, done
 * first, can call off a run the worker thread has not begun (it is still
 * booting, or busy with nothing yet). Its own module, so the worker thread
 * loads nothing else with it.
 *
 * The main thread makes the jobs and sends them in batches, a few ahead of
 * the next one to take (worker-thread.ts), rather than all at once: neither
 * thread then holds every job of a large run (24 MiB at 10 copies of
 * EVerest's tree). A worker that reaches a job not yet sent waits for it.
 */

const NEXT = 0;
const STATE = 1;
const SENT = 2;
const POSTED = 0;
const STARTED = 1;
const CALLED_OFF = 2;

/** A fresh shared counter, count of jobs sent and run state, for one run. */
export function sharedJobs(): SharedArrayBuffer {
  return new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
}

/** Runs jobs by index, taking the next free index from the shared counter each time, until `total` are taken. */
export function takeJobs(shared: SharedArrayBuffer, total: number, run: (index: number) => void): void {
  const counter = new Int32Array(shared);
  for (let i = Atomics.add(counter, NEXT, 1); i < total; i = Atomics.add(counter, NEXT, 1)) run(i);
}

/** The next index the counter will hand out (every index below it is taken, or being taken). */
export function nextJob(shared: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(shared), NEXT);
}

/** The main thread has sent the worker the jobs below `count`: a worker waiting for one of them goes on. */
export function markSent(shared: SharedArrayBuffer, count: number): void {
  const counter = new Int32Array(shared);
  Atomics.store(counter, SENT, count);
  Atomics.notify(counter, SENT);
}

/** The worker, which has the jobs below `have`, waits until the main thread has sent more, or `timeoutMs` has passed. */
export function waitForSent(shared: SharedArrayBuffer, have: number, timeoutMs: number): void {
  Atomics.wait(new Int32Array(shared), SENT, have, timeoutMs);
}

/** The worker thread starts the run: false when the main thread has called it off (it has taken every job). */
export function startRun(shared: SharedArrayBuffer): boolean {
  return Atomics.compareExchange(new Int32Array(shared), STATE, POSTED, STARTED) === POSTED;
}

/**
 * The main thread, which takes no more jobs, calls the run off: true when the
 * worker had not started it (and now never will), so there is nothing to wait
 * for; false when the worker has started, and may be running the last jobs.
 */
export function callOff(shared: SharedArrayBuffer): boolean {
  return Atomics.compareExchange(new Int32Array(shared), STATE, POSTED, CALLED_OFF) === POSTED;
}
