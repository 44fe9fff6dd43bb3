#!/usr/bin/env node
"use strict";
/**
 * How long the CLI's loader takes to load ts-morph with its code cache
 * (generator/cli/compile-cache.ts), for one build or two side by side: each
 * round starts a fresh node per build, sets the V8 flags generate sets
 * (generator/cli/v8-flags.ts, which the cache's data must match), loads
 * ts-morph through that build's loader and reports the time, the process's
 * CPU (all threads) and its RSS once loaded. Each build has its own cache
 * folder in a scratch folder, filled by a first, untimed load.
 *
 *   node bench/ts-morph-load.js [--rounds N] [ROOT ...]
 *
 * ROOT is a checkout with a built dist/ (default: this one); with two or more,
 * the rounds alternate between them. BENCHMARKS.md, "At 4cf8ec2".
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { childEnv } = require("./lib/proc");
const { summarize } = require("./lib/stats");

const args = process.argv.slice(2);
const at = args.indexOf("--rounds");
const ROUNDS = at >= 0 ? Number(args[at + 1]) : 7;
// Every argument but --rounds and its value is a build (without --rounds, `at` is -1: the first argument is a build too).
const roots = args.filter((_, i) => at < 0 || (i !== at && i !== at + 1)).map((r) => path.resolve(r));
if (roots.length === 0) roots.push(path.resolve(__dirname, ".."));
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error("--rounds: a positive integer");

// The child: the CLI's flags, then the build's loader, timed; one JSON line out.
const CHILD = `
const { tuneV8ForGenerate } = require(process.argv[1] + "/dist/generator/cli/v8-flags.js");
tuneV8ForGenerate({ watch: false });
const t = process.hrtime.bigint();
const cache = require(process.argv[1] + "/dist/generator/cli/compile-cache.js").loadTsMorphCached();
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.memoryUsage().rss / 1048576 }));
if (process.argv[2] === "fill") cache.save();
`;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "everest-typegen-bench-tsload-"));
function load(root, i, fill) {
  const r = spawnSync(process.execPath, ["-e", CHILD, root, fill ? "fill" : "time"], {
    encoding: "utf8",
    env: childEnv({ EVEREST_TYPEGEN_CACHE_DIR: path.join(scratch, String(i)) }),
  });
  if (r.status !== 0) throw new Error(`${root}: the load failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

try {
  roots.forEach((root, i) => load(root, i, true));
  const samples = roots.map(() => ({ ms: [], cpuMs: [], rssMiB: [] }));
  for (let round = 0; round < ROUNDS; round++) {
    roots.forEach((root, i) => {
      const s = load(root, i, false);
      for (const k of ["ms", "cpuMs", "rssMiB"]) samples[i][k].push(s[k]);
    });
  }
  const caches = (i) => fs.readdirSync(path.join(scratch, String(i))).map((n) => `${n.replace(/(-[0-9a-f]{8})?-[0-9a-f]{16}-[0-9a-f]{8}/, "")} ${(fs.statSync(path.join(scratch, String(i), n)).size / 1e6).toFixed(2)} MB`);
  console.log(`node ${process.version}, ${os.cpus().length} cores; ${ROUNDS} rounds\n`);
  console.log("| Build | load (median, min-max) | CPU | RSS once loaded | code cache |");
  console.log("| --- | ---: | ---: | ---: | --- |");
  roots.forEach((root, i) => {
    const f = (xs, unit) => {
      const s = summarize(xs);
      return `${s.median} ${unit} (${s.min}-${s.max})`;
    };
    console.log(`| ${root} | ${f(samples[i].ms, "ms")} | ${f(samples[i].cpuMs, "ms")} | ${f(samples[i].rssMiB, "MiB")} | ${caches(i).join(", ")} |`);
  });
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
