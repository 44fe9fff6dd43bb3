/**
 * generate() runs on two threads (generator/generate.ts): its output is
 * byte-identical to every emitter run on one thread, diagnostics included,
 * whether the files are returned, streamed to a function or written into a
 * folder; and the compiled API, which users run, gives the same bytes as the
 * sources jest runs.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT } from "./helpers/cli";
import { generate, loadModel, readDefs, type EmittedFile, type GenerateResult, type InputFile, type ModelOptions, type OutputFolder } from "../generator/index";
import { EMITTERS, type FileEmitter, type JobEmitter, emitFiles } from "../generator/emit/emitters";
import type { ValidatorJob } from "../generator/emit/validators/compile";
import { compareText } from "../generator/compare";
import * as workerThread from "../generator/worker-thread";
import { JOBS_AHEAD, type TaggedJob } from "../generator/worker-thread";
import { takeJobs } from "../generator/take-jobs";
import { WORKER_FROM_BYTES } from "../generator/one-thread";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require("../bench/corpus.js") as {
  generateCorpus(o: { types: number; seed: number; typesPerFile?: number }): { path: string; content: string }[];
};

/** Every emitter on this thread, one after the other: what the two threads must reproduce. */
function oneThread(files: readonly InputFile[], options: ModelOptions = {}): { files: [string, string][]; diagnostics: unknown } {
  const { model, diagnostics } = loadModel(files, options);
  if (!model) return { files: [], diagnostics };
  const out = EMITTERS.flatMap((e) => ("jobs" in e ? e.jobs(model).flatMap((job) => e.runJob(job)) : emitFiles(e, model)));
  return { files: pairs(out), diagnostics };
}

const pairs = (files: readonly EmittedFile[]): [string, string][] => files.map((f): [string, string] => [f.path, f.content]).sort(([a], [b]) => compareText(a, b));
const strip = (r: GenerateResult): { files: [string, string][]; diagnostics: unknown } => ({ files: pairs(r.files), diagnostics: r.diagnostics });
const sha = (s: string): string => crypto.createHash("sha256").update(s).digest("hex");

const defs = (): InputFile[] => readDefs(path.join(ROOT, "defs"));
const options = (): ModelOptions => ({ interfaces: readDefs(path.join(ROOT, "defs", "interfaces")), errors: readDefs(path.join(ROOT, "defs", "errors")) });

test("defs/ with its interfaces and errors, and enough types beside them for a worker: the files and diagnostics of one thread, byte for byte", async () => {
  const files = [...defs(), ...generateCorpus({ types: 60, seed: 3 })];
  const lease = jest.spyOn(workerThread, "leaseWorker");
  let r: GenerateResult;
  try {
    r = await generate(files, options());
    expect(lease).toHaveBeenCalledTimes(1);
  } finally {
    lease.mockRestore();
  }
  expect(strip(r)).toEqual(oneThread(files, options()));
  expect(r.files.some((f) => f.path.startsWith("internal/validators/"))).toBe(true);
  expect(r.files.some((f) => f.path.startsWith("internal/interface-validators/"))).toBe(true);
});

describe(`an input under ${WORKER_FROM_BYTES} bytes runs on this thread alone`, () => {
  /** One type file of exactly `bytes` bytes (ASCII), its length made up by the type's description. */
  const sized = (bytes: number): InputFile[] => {
    const head = "description: Sized\ntypes:\n  Sized:\n    type: string\n    description: ";
    const content = `${head}${"x".repeat(bytes - head.length - 1)}\n`;
    expect(content.length).toBe(bytes);
    return [{ path: "defs/sized.yaml", content }];
  };
  const validators = EMITTERS.find((e): e is JobEmitter<ValidatorJob> => e.name === "validators" && "jobs" in e)!;
  /** Whether generate() asked for a worker, and how many validator jobs this thread ran. */
  const observed = async (files: readonly InputFile[], opts: ModelOptions = {}): Promise<{ leased: number; ranHere: number; same: boolean }> => {
    const lease = jest.spyOn(workerThread, "leaseWorker");
    const here = jest.spyOn(validators, "runJob");
    try {
      const r = await generate(files, opts);
      return { leased: lease.mock.calls.length, ranHere: here.mock.calls.length, same: JSON.stringify(strip(r)) === JSON.stringify(oneThread(files, opts)) };
    } finally {
      lease.mockRestore();
      here.mockRestore();
    }
  };

  test("defs/ with its interfaces and errors: no worker is asked for, this thread runs every job, the files are the same", async () => {
    const jobs = validators.jobs(loadModel(defs(), options()).model!).length;
    expect(jobs).toBeGreaterThan(1);
    expect(await observed(defs(), options())).toEqual({ leased: 0, ranHere: jobs, same: true });
  });

  test("the whole input counts, interfaces, errors and API specs included: one byte under the bound, none; at the bound, a worker", async () => {
    expect(await observed(sized(WORKER_FROM_BYTES - 1))).toEqual({ leased: 0, ranHere: 1, same: true });
    expect((await observed(sized(WORKER_FROM_BYTES))).leased).toBe(1);
    // With defs/'s interface and error files beside it, a type file that alone is well under the bound makes it a worker's.
    const others = [...options().interfaces!, ...options().errors!].reduce((n, f) => n + f.content.length, 0);
    expect(others).toBeGreaterThan(1000);
    expect(await observed(sized(WORKER_FROM_BYTES - others - 1), options())).toMatchObject({ leased: 0, same: true });
    expect(await observed(sized(WORKER_FROM_BYTES - others), options())).toMatchObject({ leased: 1, same: true });
    // And an API spec's bytes (the spec need not be valid: the bound is judged before anything is read).
    const api = { api: [{ path: "api/probe_API.yaml", content: "asyncapi: 3.0.0\n".repeat(200) }] };
    const spec = api.api[0]!.content.length;
    expect(await observed(sized(WORKER_FROM_BYTES - spec - 1), api)).toMatchObject({ leased: 0, same: true });
    expect(await observed(sized(WORKER_FROM_BYTES - spec), api)).toMatchObject({ leased: 1, same: true });
  });
});

test("a synthetic corpus of 300 types (several validator jobs, shared by both threads): the same", async () => {
  const files = generateCorpus({ types: 300, seed: 7 });
  expect(strip(await generate(files))).toEqual(oneThread(files));
});

test("the worker thread takes part: this thread runs fewer of the validator jobs than there are", async () => {
  const files = generateCorpus({ types: 300, seed: 5 });
  const validators = EMITTERS.find((e): e is JobEmitter<ValidatorJob> => e.name === "validators" && "jobs" in e)!;
  const jobs = validators.jobs(loadModel(files).model!).length;
  const here = jest.spyOn(validators, "runJob");
  // Read before mockRestore, which clears the calls.
  let ranHere: number;
  try {
    await generate(files);
    ranHere = here.mock.calls.length;
  } finally {
    here.mockRestore();
  }
  expect(jobs).toBeGreaterThan(1);
  expect(ranHere).toBeLessThan(jobs);
});

describe("the jobs go to the worker in batches, as it takes them", () => {
  // One type per file: 150 modules, 150 small validator jobs, more than one batch.
  const files = generateCorpus({ types: 150, seed: 5, typesPerFile: 1 });
  const validators = EMITTERS.find((e): e is JobEmitter<ValidatorJob> => e.name === "validators" && "jobs" in e)!;
  const firstFileEmitter = EMITTERS.find((e): e is FileEmitter & { module: NonNullable<FileEmitter["module"]> } => !("jobs" in e) && e.module !== undefined)!;
  const jobCount = (): number => validators.jobs(loadModel(files).model!).length;
  // A known job with no cache to take it from: the worker answers it as missed at once.
  const key = (index: number): string => index.toString(16).padStart(64, "0");
  const knownJob = (index: number): TaggedJob => ({ emitter: "validators", known: { key: key(index), paths: [] } });

  test("not every job is made before this thread's emitters start, and the files are the same", async () => {
    const total = jobCount();
    const made = jest.spyOn(validators, "moduleJob");
    let madeBeforeEmitters: number | undefined;
    const emit = firstFileEmitter.module;
    const first = jest.spyOn(firstFileEmitter, "module").mockImplementation((m, model) => {
      madeBeforeEmitters ??= made.mock.calls.length;
      return emit(m, model);
    });
    try {
      expect(strip(await generate(files))).toEqual(oneThread(files));
    } finally {
      first.mockRestore();
      made.mockRestore();
    }
    expect(total).toBe(150);
    expect(madeBeforeEmitters).toBeGreaterThan(0);
    expect(madeBeforeEmitters).toBeLessThan(total);
  });

  test("a worker that runs ahead of this thread waits for the next batch: the files are the same", async () => {
    const expected = oneThread(files);
    // This thread slowed down between the steps where it sends jobs, so that the worker takes every job it has.
    const emit = firstFileEmitter.module;
    const slow = jest.spyOn(firstFileEmitter, "module").mockImplementation((m, model) => {
      const until = Date.now() + 10;
      while (Date.now() < until);
      return emit(m, model);
    });
    const here = jest.spyOn(validators, "runJob");
    let ranHere: number;
    try {
      const result = await generate(files);
      ranHere = here.mock.calls.length;
      expect(strip(result)).toEqual(expected);
    } finally {
      slow.mockRestore();
      here.mockRestore();
    }
    // The worker ran more than the first batch it was sent, so it took later ones, waiting for them when it ran out.
    expect(ranHere).toBeLessThan(jobCount() - JOBS_AHEAD);
  });

  test("each job is made once, as it is sent; the thread that takes it runs that copy, and every job is taken by one", async () => {
    // The real worker and batches, with known jobs.
    const total = 3 * JOBS_AHEAD + 5;
    const made = new Array<number>(total).fill(0);
    const byWorker = new Set<number>();
    const here = new Set<number>();
    const worker = workerThread.leaseWorker();
    try {
      const make = (index: number): TaggedJob => {
        made[index]!++;
        return knownJob(index);
      };
      const run = worker.run(total, make, undefined, undefined, undefined, (reply) => void byWorker.add(reply.index));
      run.takeReplies();
      takeJobs(run.shared, total, (index) => {
        const tagged = run.job(index);
        expect("known" in tagged && tagged.known.key).toBe(key(index));
        here.add(index);
        run.takeReplies();
      });
      await run.finish();
    } finally {
      worker.release();
    }
    expect(made).toEqual(new Array<number>(total).fill(1));
    expect([...byWorker].filter((index) => here.has(index))).toEqual([]);
    expect(byWorker.size + here.size).toBe(total);
  });

  test("a worker waiting for a job it took after the last batch gets it when this thread finishes", async () => {
    const total = 2 * JOBS_AHEAD + 3;
    const byWorker = new Set<number>();
    const worker = workerThread.leaseWorker();
    let finished = false;
    try {
      const run = worker.run(total, knownJob, undefined, undefined, undefined, (reply) => void byWorker.add(reply.index));
      // This thread sends no batch after the first and takes no job: the worker runs the first batch, then waits.
      while (byWorker.size < JOBS_AHEAD) await new Promise((resolve) => setTimeout(resolve, 5));
      const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the run did not finish: the worker waits for a job never sent")), 5000).unref());
      await Promise.race([run.finish(), stuck]);
      finished = true;
    } finally {
      // A worker that never finished is stopped, or it would keep this process alive.
      if (finished) worker.release();
      else await worker.kill();
    }
    expect(byWorker.size).toBe(total);
  });
});

test("definitions with errors: the same diagnostics and no files", async () => {
  const files = [{ path: "defs/x.yaml", content: "description: x\ntypes: 3\n" }];
  const r = await generate(files);
  expect(r.files).toEqual([]);
  expect(r.model).toBeUndefined();
  expect(r.diagnostics).toEqual(loadModel(files).diagnostics);
  expect(r.diagnostics.length).toBeGreaterThan(0);
});

test("the compiled API (dist/, what users run) gives the bytes the sources give, on one thread and on two", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiled = require(path.join(ROOT, "dist", "generator", "index.js")) as typeof import("../generator/index");
  expect(strip(await compiled.generate(defs(), options()))).toEqual(strip(await generate(defs(), options())));
  const files = [...defs(), ...generateCorpus({ types: 60, seed: 3 })];
  expect(strip(await compiled.generate(files, options()))).toEqual(strip(await generate(files, options())));
});

describe("files as they are made", () => {
  const corpus = generateCorpus({ types: 300, seed: 11 });
  let expected: [string, string][];
  beforeAll(() => {
    expected = oneThread(corpus).files;
  });
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "etg-generate-"));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test("to a function: each file once, those generate() returns; none returned", async () => {
    const got: EmittedFile[] = [];
    const r = await generate(corpus, {}, (f) => got.push(f));
    expect(r.files).toEqual([]);
    expect(r.model).toBeDefined();
    expect(pairs(got)).toEqual(expected);
  });

  test("into a folder: each thread writes its own files, each reported once with its hash", async () => {
    const dir = path.join(work, "staging");
    const written: [string, string][] = [];
    const folder: OutputFolder = {
      open: () => (fs.mkdirSync(dir), dir),
      written: (p, hash) => void written.push([p, hash]),
    };
    const r = await generate(corpus, {}, folder);
    expect(r.files).toEqual([]);
    expect(written.sort(([a], [b]) => compareText(a, b))).toEqual(expected.map(([p, content]) => [p, sha(content)]));
    for (const [p, content] of expected) expect([p, fs.readFileSync(path.join(dir, p), "utf8") === content]).toEqual([p, true]);
  });

  test("definitions with errors: the folder is never made", async () => {
    const folder: OutputFolder = {
      open: () => {
        throw new Error("opened");
      },
      written: () => undefined,
    };
    const r = await generate([{ path: "defs/x.yaml", content: "description: x\ntypes: 3\n" }], {}, folder);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  test("a throw on this thread rejects the run, and the worker has stopped writing by then", async () => {
    const dir = path.join(work, "staging");
    let count = 0;
    const folder: OutputFolder = {
      open: () => (fs.mkdirSync(dir), dir),
      written: () => {
        if (++count === 3) throw new Error("disk full");
      },
    };
    await expect(generate(corpus, {}, folder)).rejects.toThrow("disk full");
    const left = fs.readdirSync(dir, { recursive: true }).length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fs.readdirSync(dir, { recursive: true }).length).toBe(left);
  });
});
