#!/usr/bin/env node
"use strict";
/**
 * Two builds of everest-typegen side by side on EVerest's tree, interleaved
 * round by round, to measure what a change does when the machine's own speed
 * drifts (as a VM's does over an evening): cold `generate --no-cache` into a
 * fresh folder, warm `generate` after one type file changed (as in
 * bench/everest.js), and `check` of the warm folder, up to date. Then the
 * peak RSS of each build's cold generate.
 *
 *   node bench/everest-ab.js --a DIR --b DIR [--everest DIR] [--rounds N] [--rss-runs N] [--json FILE]
 *
 * --a and --b are checkouts with their generator built (`bin/everest-typegen`
 * and `dist/`), e.g. the commit before a change:
 *
 *   git worktree add ../before <rev> && (cd ../before && npm ci)
 *   node bench/everest-ab.js --a ../before --b .
 *
 * Each build gets its own output folders and its own ts-morph code cache
 * (filled by the warm-up round); the tree's inputs are copied to a scratch
 * folder outside the project, where the changed type file is changed.
 * The ratios are b/a, the median of the per-round ratios.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { interleave, rssMethod, fmtMs } = require("./lib/proc");
const { summarize, pairRatios } = require("./lib/stats");
const { arg, everestTree, copyEverestInputs } = require("./lib/everest-tree");

const TREE = everestTree();
const ROUNDS = Number(arg("--rounds", "9"));
const RSS_RUNS = Number(arg("--rss-runs", "3"));
const JSON_OUT = arg("--json", undefined);
const BUILDS = { a: arg("--a", undefined), b: arg("--b", undefined) };

/** The type file changed before each warm round, and the type appended to it (two versions, alternating), as bench/everest.js does. */
const CHANGED = "types/evse_manager.yaml";
const probe = (n) => `  BenchProbe:\n    description: Appended by bench/everest-ab.js\n    type: string\n    maxLength: ${n}\n`;

function main() {
  for (const [k, dir] of Object.entries(BUILDS)) {
    if (dir === undefined || !fs.existsSync(path.join(dir, "bin", "everest-typegen")) || !fs.existsSync(path.join(dir, "dist"))) {
      console.error(`everest-ab: --${k} must name a checkout with bin/everest-typegen and a built dist/ (got ${dir ?? "nothing"})`);
      process.exit(2);
    }
  }
  if (!fs.existsSync(path.join(TREE, "types"))) {
    console.log(`everest-ab: skipped, no EVerest tree at ${TREE} (--everest or EVEREST_DIR)`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "everest-typegen-bench-ab-"));
  const tree = path.join(tmp, "tree");
  copyEverestInputs(TREE, tree);
  const original = fs.readFileSync(path.join(tree, CHANGED), "utf8");
  let version = 0;
  const change = () => fs.writeFileSync(path.join(tree, CHANGED), original + probe(7 + (version++ % 2)));
  change();

  // One job cache secret for both (it only signs the cache); a code cache each, as each build may load its own ts-morph.
  const env = (k) => ({ EVEREST_TYPEGEN_CACHE_DIR: path.join(tmp, `node-cache-${k}`), EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: path.join(tmp, "job-cache-key") });
  const step = (k, cmd, out, ...flags) => ({ node: true, args: [path.join(path.resolve(BUILDS[k]), "bin", "everest-typegen"), cmd, ...flags, "--everest", tree, "--out", out], env: env(k), label: `${k}: ${cmd} ${flags.join(" ")}`.trim() });
  const contenders = [];
  for (const k of ["a", "b"]) {
    const cold = path.join(tmp, `cold-${k}`);
    contenders.push({ key: `cold-${k}`, steps: [step(k, "generate", cold, "-q", "--no-cache")], prepare: () => fs.rmSync(cold, { recursive: true, force: true }) });
  }
  // The file changes once per round, before a's warm run; b's sees the same change.
  contenders.push({ key: "warm-a", steps: [step("a", "generate", path.join(tmp, "warm-a"), "-q")], prepare: change });
  contenders.push({ key: "warm-b", steps: [step("b", "generate", path.join(tmp, "warm-b"), "-q")] });
  for (const k of ["a", "b"]) contenders.push({ key: `check-${k}`, steps: [step(k, "check", path.join(tmp, `warm-${k}`))] });

  console.log(`EVerest tree ${TREE}; a = ${BUILDS.a}, b = ${BUILDS.b}; ${ROUNDS} rounds + 1 warm-up, interleaved`);
  return (async () => {
    const res = await interleave(contenders, { runs: ROUNDS, warmup: 1, log: (l) => console.error(l) });
    const rssOf = (key) => ({ ...contenders.find((c) => c.key === key), key: `${key}-rss` });
    const rss = await interleave([rssOf("cold-a"), rssOf("cold-b")], { runs: RSS_RUNS, warmup: 0, rss: true, log: (l) => console.error(l) });
    const rows = contenders.map((c) => ({ key: c.key, failure: res[c.key].failure, ...summarize(res[c.key].samples) }));
    const ratios = Object.fromEntries(["cold", "warm", "check"].map((m) => [m, pairRatios(res[`${m}-b`].samples, res[`${m}-a`].samples)]));
    const mib = (key) => summarize(rss[key].rssKiB.map((k) => k / 1024));
    const result = {
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, load: os.loadavg()[0].toFixed(2), date: new Date().toISOString() },
      tree: TREE,
      builds: BUILDS,
      rounds: ROUNDS,
      rows,
      ratios,
      peakRss: { method: rssMethod(), a: mib("cold-a-rss"), b: mib("cold-b-rss") },
    };
    console.log(`\nnode ${process.version}, ${os.cpus().length} cores; 1-minute load average ${result.machine.load} at the end\n`);
    console.log("| Command | Runs | Median | Min | Max |\n| --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(r.failure ? `| ${r.key} | failed: ${r.failure} | | | |` : `| ${r.key} | ${r.runs} | ${fmtMs(r.median)} | ${fmtMs(r.min)} | ${fmtMs(r.max)} |`);
    console.log("\n| b / a (median of per-round ratios) | Value |\n| --- | --- |");
    for (const [k, v] of Object.entries(ratios)) console.log(`| ${k} | ${v.runs > 0 ? `${v.median.toFixed(3)}x (${v.runs} pairs)` : "n/a"} |`);
    console.log(`\nPeak RSS of the cold generate (${result.peakRss.method}): a ${result.peakRss.a.median} MiB, b ${result.peakRss.b.median} MiB (medians of ${RSS_RUNS} runs)`);
    if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
    fs.rmSync(tmp, { recursive: true, force: true });
  })();
}

main();
