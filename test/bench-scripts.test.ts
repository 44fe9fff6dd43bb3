/**
 * The bench scripts that read the compiled generator's internals still run
 * against it. bench/ts-morph-load.js and bench/model-memory.js call into
 * dist/ directly (the CLI's loader and V8 settings, loadModel and the
 * emitters), so a change of those functions can break them without any
 * other test noticing: ts-morph-load once failed for several commits.
 * Each runs here at its smallest, and its output is checked for shape; the
 * figures themselves are BENCHMARKS.md's.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");

function bench(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("bench/ts-morph-load.js loads ts-morph through the CLI's loader and reports its code cache", () => {
  const r = bench([path.join("bench", "ts-morph-load.js"), "--rounds", "1"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const row = r.stdout.split("\n").find((l) => l.startsWith(`| ${ROOT} |`));
  expect(row).toBeDefined();
  // load, CPU and RSS, each "median unit (min-max)", then the cache files the first load wrote.
  expect(row).toMatch(/^\| .+ \| [\d.]+ ms \([\d.]+-[\d.]+\) \| [\d.]+ ms \([\d.]+-[\d.]+\) \| [\d.]+ MiB \([\d.]+-[\d.]+\) \| .*typescript\.(ascii|utf8)\.v8cache [\d.]+ MB/);
});

const hasTree = fs.existsSync(path.join(TREE, "types"));
if (!hasTree) console.log(`bench scripts: model-memory skipped, no tree at ${TREE} (set EVEREST_DIR)`);
(hasTree ? test : test.skip)("bench/model-memory.js measures the model and the validator jobs of EVerest's tree", () => {
  const r = bench(["--expose-gc", path.join("bench", "model-memory.js"), TREE]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const last = JSON.parse(r.stdout.trim().split("\n").pop()!) as { modelMiB: number; validatorJobsMiB: number };
  expect(last.modelMiB).toBeGreaterThan(1);
  expect(last.validatorJobsMiB).toBeGreaterThan(0);
});
