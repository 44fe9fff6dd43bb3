/**
 * The job list two threads share (generate.ts): one shared buffer holding the
 * index of the next job to take, and the state of the run, so that the main
 * thread, done first, can call off a run the worker thread has not begun (it
 * is still booting, or busy with nothing yet). Its own module, so the worker
 * thread loads nothing else with it.
 */

const NEXT = 0;
const STATE = 1;
const POSTED = 0;
const STARTED = 1;
const CALLED_OFF = 2;

/** A fresh shared counter and run state, for one run. */
export function sharedJobs(): SharedArrayBuffer {
  return new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
}

/** Runs jobs, taking the next free one (and its index in `jobs`) from the shared counter each time, until none is left. */
export function takeJobs<T>(shared: SharedArrayBuffer, jobs: readonly T[], run: (job: T, index: number) => void): void {
  const counter = new Int32Array(shared);
  for (let i = Atomics.add(counter, NEXT, 1); i < jobs.length; i = Atomics.add(counter, NEXT, 1)) run(jobs[i]!, i);
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
