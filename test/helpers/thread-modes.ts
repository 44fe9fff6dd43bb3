/**
 * generate() runs an input under generator/one-thread.ts's bound on the main
 * thread alone, and a larger one on two threads; each thread reads and
 * writes the caches for the jobs it takes. Tests of the caches that use a
 * small input (defs/) run their cases both ways with this: as the input
 * runs, and with the bound lowered to 0, so that a worker thread takes jobs
 * from the same input. Each way first proves it is the way it says.
 */
import * as path from "node:path";
import * as oneThread from "../../generator/one-thread";
import * as workerThread from "../../generator/worker-thread";
import { generate, loadModel, readDefs } from "../../generator/index";
import { EMITTERS, type JobEmitter } from "../../generator/emit/emitters";
import type { ValidatorJob } from "../../generator/emit/validators/compile";
import { ROOT } from "./cli";

/**
 * Leaves a booted worker idle for the next generate() (kept worker-thread.ts's IDLE_MS): one it starts is still
 * booting when this process's main thread, with ts-morph already loaded, has taken every job of defs/, and the
 * worker's side of the caches would go untested. One known job, with no cache to find it in, is answered at once.
 */
async function bootWorker(): Promise<void> {
  const leased = workerThread.leaseWorker();
  let replied = false;
  const run = leased.run(1, () => ({ emitter: "validators", known: { key: "0".repeat(64), paths: [] } }), undefined, undefined, undefined, () => {
    replied = true;
  });
  const until = Date.now() + 30_000;
  while (!replied && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
  await run.finish();
  leased.release();
  expect(replied).toBe(true);
}

export function inBothThreadModes(cases: () => void): void {
  describe.each([
    ["the main thread alone", false],
    ["with a worker thread", true],
  ])("%s", (_label, worker) => {
    let bound: jest.ReplaceProperty<number> | undefined;
    beforeEach(async () => {
      if (!worker) return;
      bound = jest.replaceProperty(oneThread, "WORKER_FROM_BYTES", 0);
      await bootWorker();
    });
    afterEach(() => {
      bound?.restore();
      bound = undefined;
    });

    test(`generate() of defs/ ${worker ? "asks for a worker, which takes jobs" : "asks for none"}`, async () => {
      const lease = jest.spyOn(workerThread, "leaseWorker");
      const validators = EMITTERS.find((e): e is JobEmitter<ValidatorJob> => e.name === "validators" && "jobs" in e)!;
      const here = jest.spyOn(validators, "runJob");
      const defs = readDefs(path.join(ROOT, "defs"));
      try {
        await generate(defs);
        expect(lease).toHaveBeenCalledTimes(worker ? 1 : 0);
        const jobs = validators.jobs(loadModel(defs).model!).length;
        if (worker) expect(here.mock.calls.length).toBeLessThan(jobs);
        else expect(here).toHaveBeenCalledTimes(jobs);
      } finally {
        lease.mockRestore();
        here.mockRestore();
      }
    });

    cases();
  });
}
