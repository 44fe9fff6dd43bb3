/**
 * The V8 settings of the CLI's generate (generator/cli/v8-flags.ts), against
 * a run of the API, which leaves V8 as it is, in a process of its own:
 * - the young generations do not grow (generator/young-generation.ts): on the
 *   main thread too, after its worker thread has started, whose setting up
 *   resets V8's flag. Measured as the main thread's new space when the
 *   process exits, which V8 grows to 32 MB (two semi-spaces of 16) in a
 *   generate of the project's defs/ when it is let;
 * - TurboFan optimizes only what runs long (`--interrupt-budget`): counted
 *   from `--trace-opt`, which only logs, as the optimizations completed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, ROOT, cliEnv, tempDir } from "./helpers/cli";

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

let cli: Probed;
let api: Probed;
beforeAll(() => {
  const work = tempDir("etg-young-");
  // Written where the test's process can read it back: the new space's size as the process exits.
  fs.writeFileSync(
    path.join(work, "new-space.js"),
    'process.on("exit", () => { const s = require("node:v8").getHeapSpaceStatistics().find((x) => x.space_name === "new_space"); require("node:fs").writeFileSync(process.env.NEW_SPACE_OUT, String(s.space_size)); });\n',
  );
  const defs = path.join(ROOT, "defs");
  cli = probed(work, [BIN, "generate", "-q", "--no-cache", "--defs", defs, "--out", path.join(work, "cli")]);
  // The API in a process of its own, as an application calls it: the same run, with V8's own settings.
  api = probed(work, ["-e", `const g = require(${JSON.stringify(path.join(ROOT, "dist", "generator", "index.js"))}); g.writeOutput(${JSON.stringify(path.join(work, "api"))}, g.readDefs(${JSON.stringify(defs)})).then((r) => { if (r.written === 0) process.exitCode = 1; });`]);
});

test("a CLI generate: the main thread's young generation stays small; through the API, V8 grows it", () => {
  // It may grow once or twice before the worker thread sets the flag again; V8's own sizing goes to 32 MB.
  expect(cli.newSpaceMb).toBeLessThanOrEqual(8);
  expect(api.newSpaceMb).toBeGreaterThanOrEqual(16);
});

test("a CLI generate: TurboFan optimizes a few functions; through the API, V8 optimizes many more", () => {
  // Measured: 6 against 52, and 60-63 in the CLI with V8's default budget (16 times smaller).
  expect(api.optimized).toBeGreaterThanOrEqual(20);
  expect(cli.optimized * 4).toBeLessThanOrEqual(api.optimized);
});
