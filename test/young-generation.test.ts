/**
 * The V8 settings of the CLI's generate (generator/cli/v8-flags.ts), against
 * a run of the API, which leaves V8 as it is, in a process of its own:
 * - the young generations do not grow (generator/young-generation.ts): on the
 *   main thread too, after its worker thread has started, whose setting up
 *   resets V8's flag. Measured as the main thread's new space when the
 *   process exits, which V8 grows to 32 MB (two semi-spaces of 16) in a
 *   generate of 76 KB of synthetic types when it is let;
 * - TurboFan optimizes only what runs long (`--interrupt-budget`): counted
 *   from `--trace-opt`, which only logs, as the optimizations completed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, ROOT, cliEnv, tempDir } from "./helpers/cli";
import { MAX_WORKER_SEMI_SPACE_MB, workerSemiSpaceMb } from "../generator/young-generation";
import { WORKER_FROM_BYTES } from "../generator/one-thread";

const MB = 1024 * 1024;

interface Probed {
  /** The main thread's new space as the process exits, in MB. */
  readonly newSpaceMb: number;
  /** Functions TurboFan finished optimizing, on every thread. */
  readonly optimized: number;
}

/** Runs node with the new-space probe, `--trace-opt` and `args`. */
function probed(work: string, args: readonly string[]): Probed {
  const out = path.join(work, "new-space.txt");
  const r = spawnSync(process.execPath, ["--trace-opt", "-r", path.join(work, "new-space.js"), ...args], { cwd: ROOT, encoding: "utf8", env: cliEnv({ NEW_SPACE_OUT: out }), timeout: 60_000, maxBuffer: 64 * MB });
  expect([r.status, r.stderr]).toEqual([0, ""]);
  return { newSpaceMb: Number(fs.readFileSync(out, "utf8")) / MB, optimized: r.stdout.split("\n").filter((l) => l.startsWith("[completed optimizing ")).length };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require("../bench/corpus.js") as { generateCorpus(o: { types: number; seed: number }): { path: string; content: string }[] };

/** 100 synthetic types in 10 files, 76 KB: a run with a worker thread, at V8's own start for it. Returns the folder. */
function writeCorpus(dir: string): string {
  fs.mkdirSync(dir);
  const files = generateCorpus({ types: 100, seed: 1 });
  for (const f of files) fs.writeFileSync(path.join(dir, path.basename(f.path)), f.content);
  const bytes = files.reduce((n, f) => n + f.content.length, 0);
  expect(bytes).toBeGreaterThanOrEqual(WORKER_FROM_BYTES);
  expect(workerSemiSpaceMb(bytes)).toBe(1);
  return dir;
}

let cli: Probed;
let api: Probed;
beforeAll(() => {
  const work = tempDir("etg-young-");
  // Written where the test's process can read it back: the new space's size as the process exits.
  fs.writeFileSync(
    path.join(work, "new-space.js"),
    'process.on("exit", () => { const s = require("node:v8").getHeapSpaceStatistics().find((x) => x.space_name === "new_space"); require("node:fs").writeFileSync(process.env.NEW_SPACE_OUT, String(s.space_size)); });\n',
  );
  // Large enough for a worker thread (generator/one-thread.ts), whose start is what resets V8's flag.
  const defs = writeCorpus(path.join(work, "corpus"));
  cli = probed(work, [BIN, "generate", "-q", "--no-cache", "--defs", defs, "--out", path.join(work, "cli")]);
  // The API in a process of its own, as an application calls it: the same run, with V8's own settings.
  api = probed(work, ["-e", `const g = require(${JSON.stringify(path.join(ROOT, "dist", "generator", "index.js"))}); g.writeOutput(${JSON.stringify(path.join(work, "api"))}, g.readDefs(${JSON.stringify(defs)})).then((r) => { if (r.written === 0) process.exitCode = 1; });`]);
});

test("a CLI generate: the main thread's young generation stays small; through the API, V8 grows it", () => {
  // It may grow once or twice before the worker thread sets the flag again; V8's own sizing goes to 32 MB.
  expect(cli.newSpaceMb).toBeLessThanOrEqual(8);
  expect(api.newSpaceMb).toBeGreaterThanOrEqual(16);
});

describe("the worker thread's young generation, sized by the input a run has not checked before", () => {
  test("V8's start (1 MB semi-spaces) up to 240 KB, then 1 MB more per 160 KB, at most 6", () => {
    expect([0, 37_000, 239_999, 240_000, 480_000, 958_321, 9_583_210, 1e12].map(workerSemiSpaceMb)).toEqual([1, 1, 1, 2, 3, 6, MAX_WORKER_SEMI_SPACE_MB, 6]);
    // A caller's content that is neither a string nor bytes is refused later, by the load; until then it sizes nothing.
    expect([Number.NaN, Number.POSITIVE_INFINITY].map(workerSemiSpaceMb)).toEqual([1, 1]);
  });

  test("a CLI generate of 480 KB unchecked starts its worker's at 3 MB, of 76 KB or of a file checked before at V8's 1 MB; ts-morph's code cache is used as it is", () => {
    const work = tempDir("etg-young-worker-");
    // In the worker thread, before anything of the worker loads: its new space (two semi-spaces) as V8 set it up, which a
    // later step may grow (V8 still may, by a step).
    const probe = path.join(work, "worker-new-space.js");
    fs.writeFileSync(
      probe,
      'if (!require("node:worker_threads").isMainThread) require("node:fs").writeFileSync(process.env.WORKER_NEW_SPACE_OUT, String(require("node:v8").getHeapSpaceStatistics().find((x) => x.space_name === "new_space").space_size));\n',
    );
    // Eight types whose descriptions make 480 KB: little to compile, much to read.
    const big = path.join(work, "big");
    fs.mkdirSync(big);
    const types = Array.from({ length: 8 }, (_, i) => `  Big${i}:\n    description: ${"word ".repeat(12_000)}\n    type: string\n`).join("");
    fs.writeFileSync(path.join(big, "big.yaml"), `description: Types with long descriptions\ntypes:\n${types}`);
    expect(fs.statSync(path.join(big, "big.yaml")).size).toBeGreaterThan(480_000);
    const cacheDir = path.join(work, "code-cache");
    let runs = 0;
    const run = (defs: string, out: string, opts: { cache?: boolean; node?: readonly string[] } = {}): number => {
      const sizeOut = path.join(work, `run-${++runs}.txt`);
      const args = [...(opts.node ?? []), "-r", probe, BIN, "generate", "-q", ...(opts.cache === true ? [] : ["--no-cache"]), "--defs", defs, "--out", path.join(work, out)];
      const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: cliEnv({ WORKER_NEW_SPACE_OUT: sizeOut, EVEREST_TYPEGEN_CACHE_DIR: cacheDir }), timeout: 60_000 });
      expect(r.status).toBe(0);
      return Number(fs.readFileSync(sizeOut, "utf8")) / MB;
    };
    /** Each file of the code cache folder, as the file it is: a cache V8 rejected is written anew, under the same name. */
    const cacheFiles = (): Record<string, string> =>
      Object.fromEntries(
        fs
          .readdirSync(cacheDir)
          .sort()
          .map((f) => {
            const st = fs.statSync(path.join(cacheDir, f));
            return [f, `${st.ino} ${st.mtimeMs}`];
          }),
      );
    // V8's start: two semi-spaces of 1 MB.
    const start = run(writeCorpus(path.join(work, "corpus")), "small-out");
    expect(start).toBe(2);
    const cached = cacheFiles();
    expect(Object.keys(cached).some((f) => f.endsWith(".v8cache"))).toBe(true);
    // 3 MB asked for (V8 may round what it sets up).
    expect(run(big, "big-out")).toBeGreaterThanOrEqual(3);
    // The flag is part of V8's tag for cached code: given back before the main thread read ts-morph's, which was used as it is.
    expect(cacheFiles()).toEqual(cached);
    // With the cache: a first run is sized by all of it; a run after it, whose checks (and validators) are all kept, has V8's start.
    expect(run(big, "big-cached", { cache: true })).toBeGreaterThanOrEqual(3);
    fs.writeFileSync(path.join(big, "small.yaml"), "description: A type file added\ntypes:\n  Small:\n    description: One more type\n    type: string\n");
    expect(run(big, "big-cached", { cache: true })).toBe(start);
    // A semi-space size node was started with stands: the worker's is what any worker of such a process gets.
    const given = ["--min-semi-space-size=2"];
    const plain = spawnSync(process.execPath, [...given, "-e", `new (require("node:worker_threads").Worker)(${JSON.stringify(fs.readFileSync(probe, "utf8"))}, { eval: true })`], {
      encoding: "utf8",
      env: cliEnv({ WORKER_NEW_SPACE_OUT: path.join(work, "plain.txt") }),
      timeout: 60_000,
    });
    expect(plain.status).toBe(0);
    const expected = Number(fs.readFileSync(path.join(work, "plain.txt"), "utf8")) / MB;
    expect(expected).not.toBe(3);
    expect(run(big, "big-given", { node: given })).toBe(expected);
  });

  // The flag is process-wide and V8 reads it as it sets up any isolate: once the worker has started, it is given back.
  // A probe worker (the process's own) reports its new space until it is V8's start again; without a give-back, it never is.
  test.each([
    ["by the worker, first thing", "const leased = leaseWorker(480000);"],
    ["by the main thread before it reads a code cache (waitForFlags), even when no worker starts", "young.startWorkerSemiSpace(3); young.waitForFlags(); const leased = { kill: async () => {} };"],
  ])("the semi-spaces' flag is given back %s", (how, start) => {
    const work = tempDir("etg-young-flag-");
    const script = path.join(work, "flag.js");
    const dist = (m: string): string => JSON.stringify(path.join(ROOT, "dist", "generator", m));
    fs.writeFileSync(
      script,
      [
        `const young = require(${dist("young-generation.js")});`,
        `const { leaseWorker } = require(${dist("worker-thread.js")});`,
        'const { Worker } = require("node:worker_threads");',
        "young.fixYoungGenerations();",
        start,
        'const probe = () => new Promise((resolve) => new Worker("require(\\"node:worker_threads\\").parentPort.postMessage(require(\\"node:v8\\").getHeapSpaceStatistics().find((s) => s.space_name === \\"new_space\\").space_size)", { eval: true }).once("message", resolve));',
        "(async () => {",
        "  const seen = [];",
        "  for (let i = 0; i < 200; i++) { const size = await probe(); seen.push(size); if (size <= 2 * 1024 * 1024) break; }",
        "  console.log(JSON.stringify(seen));",
        "  await leased.kill();",
        "})();",
      ].join("\n"),
    );
    const r = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: "utf8", env: cliEnv(), timeout: 60_000 });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const seen = JSON.parse(r.stdout) as number[];
    expect(seen[seen.length - 1]).toBe(2 * MB);
    // Given back at once by the main thread; by the worker once it has started.
    if (how.includes("main thread")) expect(seen).toEqual([2 * MB]);
  });
});

test("a CLI generate: TurboFan optimizes a few functions; through the API, V8 optimizes many more", () => {
  // Measured on the 76 KB of synthetic types: 11-14 against 136-137.
  expect(api.optimized).toBeGreaterThanOrEqual(20);
  expect(cli.optimized * 4).toBeLessThanOrEqual(api.optimized);
});
