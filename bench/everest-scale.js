#!/usr/bin/env node
"use strict";
/**
 * 10x EVerest's tree (issue 17: "time <= 10x that of 1x, RSS <= 1.5x").
 *
 * Builds two trees in a scratch folder under os.tmpdir() (removed at the end):
 * - 1x: one renamed copy of everything `generate --everest` reads (types/,
 *   interfaces/, errors/, docs/source/reference/EVerest_API/), and
 * - Nx: N renamed copies (default 10), each with its own file and type names
 *   and its references pointing at its own files (bench/lib/scale-tree.js says how),
 *
 * then checks them (one untimed run of each, which also fills the ts-morph code cache):
 * - the 1x copy generates exactly as the original tree: same number of files
 *   per output folder, same counts in the summary line, same warnings by code, no errors;
 * - the Nx tree gives N times every count of the summary line and N times the
 *   warnings by code, and N times the output files that depend on the input, plus
 *   the same fixed files (those whose paths are the same in every output);
 *
 * and measures, interleaved: cold `generate --no-cache` into a fresh folder at
 * 1x and at Nx, and `node -e 0`; then peak RSS (/usr/bin/time -f %M) of both
 * generates. The ts-morph V8 code cache (EVEREST_TYPEGEN_CACHE_DIR) is warm, as
 * in bench/everest.js; no validator cache (--no-cache).
 *
 *   node bench/everest-scale.js [--everest DIR] [--copies 10] [--rounds 5] [--rounds-scaled 3]
 *                               [--rss-runs 3] [--check-only] [--json FILE]
 *
 * --rounds: timed rounds of 1x and node -e 0; --rounds-scaled: of which the first
 * ones also run the Nx generate (Nx takes ~N times as long). EVerest's tree:
 * --everest, else $EVEREST_DIR, else ../shared/everest/aa8113f.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { interleave, rssMethod, fmtMs, childEnv } = require("./lib/proc");
const { summarize, pairRatios, median } = require("./lib/stats");
const { scaleTree, KINDS } = require("./lib/scale-tree");

const { ROOT, arg, everestTree } = require("./lib/everest-tree");

const BIN = path.join(ROOT, "bin", "everest-typegen");

const TREE = everestTree();
const COPIES = Number(arg("--copies", "10"));
const ROUNDS = Number(arg("--rounds", "5"));
const ROUNDS_SCALED = Math.min(ROUNDS, Number(arg("--rounds-scaled", "3")));
const RSS_RUNS = Number(arg("--rss-runs", "3"));
const CHECK_ONLY = process.argv.includes("--check-only");
const JSON_OUT = arg("--json", undefined);

/** Files under `dir`, relative, with "/". */
function listFiles(dir, base = dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, base, out);
    else out.push(path.relative(base, p).split(path.sep).join("/"));
  }
  return out;
}

/** One untimed generate: its summary-line counts, diagnostics by code and output files. */
function generateOnce(tree, out, env) {
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [BIN, "generate", "--no-cache", "--everest", tree, "--out", out], { env: childEnv(env), encoding: "utf8", maxBuffer: 1 << 30 });
  const text = `${r.stdout}\n${r.stderr}`;
  const line = /wrote (\d+) files \(([^)]*)\) to .* in (\d+) ms/.exec(text);
  const diags = {};
  for (const m of text.matchAll(/\b(warning|error) ([EW]\d+)\b/g)) diags[m[2]] = (diags[m[2]] ?? 0) + 1;
  return {
    status: r.status,
    wrote: line ? Number(line[1]) : null,
    counts: line ? line[2].match(/\d+/g).map(Number) : null,
    countsText: line ? line[2] : null,
    diags,
    files: fs.existsSync(out) ? listFiles(out) : [],
    tail: text.trim().split("\n").slice(-3).join(" | "),
  };
}

/**
 * Output files per folder, for the files not in `fixed`: a folder named
 * after an input (api/powermeter/, api/powermeter_c3/) counts as "<parent>/*".
 */
function perFolder(files, fixed, sharedFolders) {
  const m = {};
  for (const f of files) {
    if (fixed.has(f)) continue;
    const dirs = f.split("/").slice(0, -1);
    const key = dirs.map((d, i) => (sharedFolders.has(dirs.slice(0, i + 1).join("/")) ? d : "*")).join("/") || ".";
    m[key] = (m[key] ?? 0) + 1;
  }
  return m;
}

/** Folders (and their parents) that hold the output files in `files`. */
function foldersOf(files) {
  const s = new Set();
  for (const f of files) {
    const dirs = f.split("/").slice(0, -1);
    for (let i = 1; i <= dirs.length; i++) s.add(dirs.slice(0, i).join("/"));
  }
  return s;
}

/** The checks of the 1x and Nx trees against the original: a list of problems (empty when all hold). */
function checkScaled(orig, one, many, n) {
  const problems = [];
  for (const [name, r] of [["original", orig], ["1x", one], [`${n}x`, many]]) {
    if (r.status !== 0 || r.wrote === null) problems.push(`${name}: generate exited ${r.status}: ${r.tail}`);
    const errors = Object.keys(r.diags).filter((c) => c.startsWith("E"));
    if (errors.length > 0) problems.push(`${name}: errors ${errors.join(", ")}`);
  }
  if (problems.length > 0) return problems;
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const times = (o, k) => Object.fromEntries(Object.entries(o).map(([c, v]) => [c, v * k]));
  if (one.countsText !== orig.countsText) problems.push(`1x counts (${one.countsText}) differ from the original's (${orig.countsText})`);
  if (!same(one.diags, orig.diags)) problems.push(`1x diagnostics ${JSON.stringify(one.diags)} differ from the original's ${JSON.stringify(orig.diags)}`);
  if (one.files.length !== orig.files.length) problems.push(`1x: ${one.files.length} output files, the original ${orig.files.length}`);
  if (!same(many.counts, one.counts.map((c) => c * n))) problems.push(`${n}x counts (${many.countsText}) are not ${n} times 1x's (${one.countsText})`);
  if (!same(many.diags, times(one.diags, n))) problems.push(`${n}x diagnostics ${JSON.stringify(many.diags)} are not ${n} times 1x's ${JSON.stringify(one.diags)}`);
  // Fixed files: the same path in every output (package.json, the runtime, indexes...); the rest depends on the input.
  const inOne = new Set(one.files);
  const inMany = new Set(many.files);
  const fixed = new Set(orig.files.filter((f) => inOne.has(f) && inMany.has(f)));
  // Folders with the same name in every output; the others are named after an input.
  const inOneDirs = foldersOf(one.files);
  const inManyDirs = foldersOf(many.files);
  const shared = new Set([...foldersOf(orig.files)].filter((d) => inOneDirs.has(d) && inManyDirs.has(d)));
  const perOne = perFolder(one.files, fixed, shared);
  const perOrig = perFolder(orig.files, fixed, shared);
  const perMany = perFolder(many.files, fixed, shared);
  if (!same(perOne, perOrig)) problems.push(`1x output files per folder ${JSON.stringify(perOne)} differ from the original's ${JSON.stringify(perOrig)}`);
  if (!same(perMany, times(perOne, n))) problems.push(`${n}x output files per folder ${JSON.stringify(perMany)} are not ${n} times 1x's ${JSON.stringify(perOne)}`);
  return { problems, fixed: fixed.size, variable1x: one.files.length - fixed.size, variableNx: many.files.length - fixed.size, perOne };
}

async function main() {
  if (!fs.existsSync(path.join(TREE, "types"))) {
    console.log(`everest-scale bench: skipped, no EVerest tree at ${TREE} (--everest or EVEREST_DIR)`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "everest-typegen-bench-scale-"));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    const one = path.join(tmp, "tree-1x");
    const many = path.join(tmp, `tree-${COPIES}x`);
    const t0 = Date.now();
    const s1 = scaleTree(TREE, one, 1);
    const sN = scaleTree(TREE, many, COPIES);
    console.log(`Trees in ${tmp}: 1x ${JSON.stringify(s1.files)}, ${COPIES}x ${JSON.stringify(sN.files)}; ${sN.renamed} names and references renamed, ${sN.unmatchedRefs} references of no known shape; ${Date.now() - t0} ms`);
    for (const { kind } of KINDS) if (s1.files[kind] === undefined) console.log(`note: the tree has no ${kind} folder`);

    const env = { EVEREST_TYPEGEN_CACHE_DIR: path.join(tmp, "node-cache"), EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: path.join(tmp, "job-cache-key") };
    // The checks (untimed; they also fill the ts-morph code cache).
    const rOrig = generateOnce(TREE, path.join(tmp, "check-orig"), env);
    const r1 = generateOnce(one, path.join(tmp, "check-1x"), env);
    const rN = generateOnce(many, path.join(tmp, `check-${COPIES}x`), env);
    for (const d of ["check-orig", "check-1x", `check-${COPIES}x`]) fs.rmSync(path.join(tmp, d), { recursive: true, force: true });
    const check = checkScaled(rOrig, r1, rN, COPIES);
    const problems = Array.isArray(check) ? check : check.problems;
    console.log(`\nOriginal: ${rOrig.wrote} files (${rOrig.countsText}); diagnostics ${JSON.stringify(rOrig.diags)}`);
    console.log(`1x copy:  ${r1.wrote} files (${r1.countsText}); diagnostics ${JSON.stringify(r1.diags)}`);
    console.log(`${COPIES}x:      ${rN.wrote} files (${rN.countsText}); diagnostics ${JSON.stringify(rN.diags)}`);
    if (!Array.isArray(check)) console.log(`Output files: ${check.fixed} fixed, ${check.variable1x} from the input at 1x, ${check.variableNx} at ${COPIES}x; per folder at 1x ${JSON.stringify(check.perOne)}`);
    if (problems.length > 0) {
      for (const p of problems) console.log(`CHECK FAILED: ${p}`);
      process.exitCode = 1;
      return;
    }
    console.log(`Checks passed: 1x as the original; ${COPIES}x = ${COPIES} x 1x (counts, warnings by code, input-dependent output files per folder)`);
    if (CHECK_ONLY) return;

    const cold1 = path.join(tmp, "cold-1x");
    const coldN = path.join(tmp, `cold-${COPIES}x`);
    const gen = (tree, out, label) => ({ node: true, args: [BIN, "generate", "-q", "--no-cache", "--everest", tree, "--out", out], env, label });
    const c1 = { key: "1x", label: "generate --no-cache, 1x, fresh output", steps: [gen(one, cold1, "1x")], prepare: () => fs.rmSync(cold1, { recursive: true, force: true }) };
    const cN = { key: `${COPIES}x`, label: `generate --no-cache, ${COPIES}x, fresh output`, steps: [gen(many, coldN, `${COPIES}x`)], prepare: () => fs.rmSync(coldN, { recursive: true, force: true }) };
    const node = { key: "node", label: "node -e 0", steps: [{ node: true, args: ["-e", "0"], label: "node -e 0" }] };

    const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
    const loadStart = load();
    console.log(`\n${ROUNDS} rounds of 1x and node -e 0, the first ${ROUNDS_SCALED} with ${COPIES}x too, interleaved; load average ${loadStart}`);
    const log = (l) => console.error(l);
    // Interleaved: rounds with all three, then rounds of 1x and node only.
    const a = await interleave([c1, cN, node], { runs: ROUNDS_SCALED, warmup: 0, log });
    const b = ROUNDS > ROUNDS_SCALED ? await interleave([c1, node], { runs: ROUNDS - ROUNDS_SCALED, warmup: 0, log }) : null;
    const res = { ...a };
    if (b) for (const k of ["1x", "node"]) res[k] = { ...a[k], samples: [...a[k].samples, ...b[k].samples], failure: a[k].failure ?? b[k].failure };
    const loadMid = load();
    const rss = await interleave([{ ...c1, key: "1x-rss" }, { ...cN, key: `${COPIES}x-rss` }], { runs: RSS_RUNS, warmup: 0, rss: true, log });
    const loadEnd = load();

    const rows = [c1, cN, node].map((c) => ({ key: c.key, label: c.label, failure: res[c.key].failure, ...summarize(res[c.key].samples) }));
    const mib = (key) => rss[key].rssKiB.map((k) => k / 1024);
    const peakRss = { method: rssMethod(), "1x": summarize(mib("1x-rss")), [`${COPIES}x`]: summarize(mib(`${COPIES}x-rss`)) };
    const t1 = median(res["1x"].samples);
    const tN = median(res[`${COPIES}x`].samples);
    const ratios = {
      time: tN / t1,
      timePaired: pairRatios(res[`${COPIES}x`].samples, res["1x"].samples),
      timeMinusNode: (tN - median(res.node.samples)) / (t1 - median(res.node.samples)),
      rss: peakRss[`${COPIES}x`].median / peakRss["1x"].median,
    };
    const targets = { time: ratios.time <= COPIES, rss: ratios.rss <= 1.5 };
    const result = {
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: { start: loadStart, mid: loadMid, end: loadEnd }, date: new Date().toISOString() },
      tree: TREE,
      copies: COPIES,
      outputFiles: { "1x": r1.wrote, [`${COPIES}x`]: rN.wrote },
      rows,
      peakRss,
      ratios,
      targets,
    };
    console.log(`\nnode ${process.version}, ${os.cpus().length} cores (${result.machine.cpu}); load average (1/5/15 min) ${loadStart} at the start, ${loadMid} after the timed rounds, ${loadEnd} at the end\n`);
    console.log("| Command | Runs | Median | Min | Max | Peak RSS (median, max) |\n| --- | --- | --- | --- | --- | --- |");
    for (const r of rows) {
      const p = peakRss[r.key];
      const rssCell = p ? `${p.median.toFixed(0)} MiB, ${p.max.toFixed(0)} MiB (${p.runs} runs)` : "";
      console.log(r.failure ? `| ${r.label} | failed: ${r.failure} | | | | |` : `| ${r.label} | ${r.runs} | ${fmtMs(r.median)} | ${fmtMs(r.min)} | ${fmtMs(r.max)} | ${rssCell} |`);
    }
    console.log(`\ntime(${COPIES}x)/time(1x): ${ratios.time.toFixed(2)}x (medians; per-round pairs ${ratios.timePaired.median?.toFixed(2)}x; without node's start-up ${ratios.timeMinusNode.toFixed(2)}x); target <= ${COPIES}x: ${targets.time ? "met" : "NOT met"}`);
    console.log(`RSS(${COPIES}x)/RSS(1x): ${ratios.rss.toFixed(2)}x (medians, ${peakRss.method}); target <= 1.5x: ${targets.rss ? "met" : "NOT met"}`);
    if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    cleanup();
  }
}

main();
