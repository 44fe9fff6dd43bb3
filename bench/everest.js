#!/usr/bin/env node
"use strict";
/**
 * everest-typegen on EVerest's own tree (issue 17), interleaved with EVerest's
 * generator ev-cli and `node -e 0`:
 *
 * - cold:  `generate --no-cache` into a fresh folder (the ts-morph code cache
 *          warm, as in bench/run.js, kept in the bench's scratch folder with
 *          EVEREST_TYPEGEN_CACHE_DIR and filled by the warm-up round; no
 *          validator cache);
 * - warm:  `generate` into a folder holding the last run's output and
 *          validator cache, after one type file changed (a type appended to
 *          it, alternating between two versions so every round changes it);
 * - check: `check` of that folder, up to date (the manifest's fast path);
 * - ev-cli: `ev types generate-headers` + `ev interface generate-headers`
 *          (clang-format off), two processes timed as their sum; skipped with
 *          a line when ev-cli cannot be imported;
 * - node -e 0.
 *
 * Then peak RSS of the cold and the warm generate (/usr/bin/time -f %M). The tree's
 * types/, interfaces/, errors/ and EVerest API specs are copied to a scratch folder outside the
 * project (one of them is changed between rounds); nothing is copied into
 * the project.
 *
 *   node bench/everest.js [--everest DIR] [--rounds N] [--rss-runs N] [--json FILE]
 *
 * EVerest's tree: --everest, else $EVEREST_DIR, else ../shared/everest/aa8113f.
 * ev-cli: importable as `ev_cli` with PYTHONPATH (its ev-dev-tools/src; it
 * needs PyYAML, jinja2, jsonschema and stringcase), and the framework's
 * schemas from the tree's lib/everest/framework/schemas (or $EV_CLI_SCHEMAS).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { interleave, rssMethod, fmtMs } = require("./lib/proc");
const { summarize, pairRatios } = require("./lib/stats");

const { ROOT, arg, everestTree, copyEverestInputs } = require("./lib/everest-tree");

const BIN = path.join(ROOT, "bin", "everest-typegen");

const TREE = everestTree();
const ROUNDS = Number(arg("--rounds", "7"));
const RSS_RUNS = Number(arg("--rss-runs", "3"));
const JSON_OUT = arg("--json", undefined);

/** The type file changed between warm rounds, and the type appended to it (two versions, alternating). */
const CHANGED = "types/evse_manager.yaml";
const probe = (n) => `  BenchProbe:\n    description: Appended by bench/everest.js\n    type: string\n    maxLength: ${n}\n`;

function main() {
  if (!fs.existsSync(path.join(TREE, "types"))) {
    console.log(`everest bench: skipped, no EVerest tree at ${TREE} (--everest or EVEREST_DIR)`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "everest-typegen-bench-ev-"));
  const tree = path.join(tmp, "tree");
  copyEverestInputs(TREE, tree);
  const original = fs.readFileSync(path.join(tree, CHANGED), "utf8");
  if (!original.endsWith("\n")) throw new Error(`${CHANGED}: expected to end with a line break`);
  let version = 0;
  const change = () => fs.writeFileSync(path.join(tree, CHANGED), original + probe(7 + (version++ % 2)));
  change();

  const cold = path.join(tmp, "cold");
  const warm = path.join(tmp, "warm");
  // The ts-morph code cache and the validator cache's secret in the bench's own folders (filled by the warm-up round).
  const env = { EVEREST_TYPEGEN_CACHE_DIR: path.join(tmp, "node-cache"), EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: path.join(tmp, "job-cache-key") };
  const ours = (cmd, out, ...flags) => ({ node: true, args: [BIN, cmd, ...flags, "--everest", tree, "--out", out], env, label: `${cmd} ${flags.join(" ")}`.trim() });

  const contenders = [
    { key: "cold", label: "generate --no-cache, fresh output", steps: [ours("generate", cold, "-q", "--no-cache")], prepare: () => fs.rmSync(cold, { recursive: true, force: true }) },
    { key: "warm", label: "generate, one type file changed, validator cache of the last run", steps: [ours("generate", warm, "-q")], prepare: change },
    { key: "check", label: "check, up to date", steps: [ours("check", warm)] },
    { key: "node", label: "node -e 0", steps: [{ node: true, args: ["-e", "0"], label: "node -e 0" }] },
  ];

  const schemas = process.env.EV_CLI_SCHEMAS ?? path.join(TREE, "lib", "everest", "framework", "schemas");
  const probeEv = spawnSync("python3", ["-c", "import ev_cli.ev"], { encoding: "utf8" });
  const evOut = path.join(tmp, "ev-cli");
  let evSkipped = null;
  if (probeEv.status !== 0) evSkipped = `ev-cli skipped: python3 cannot import ev_cli (${(probeEv.stderr || probeEv.error?.message || "").trim().split("\n").pop()}); put ev-dev-tools/src on PYTHONPATH`;
  else if (!fs.existsSync(schemas)) evSkipped = `ev-cli skipped: no framework schemas at ${schemas} (EV_CLI_SCHEMAS)`;
  if (evSkipped) console.log(evSkipped);
  else {
    const ev = (kind, out) => ({ cmd: "python3", args: ["-m", "ev_cli.ev", kind, "generate-headers", "--everest-dir", tree, "--schemas-dir", schemas, "--disable-clang-format", "-f", "-o", out], cwd: tmp, label: `ev ${kind}` });
    contenders.unshift({ key: "evcli", label: "ev-cli types + interface generate-headers", steps: [ev("types", path.join(evOut, "types")), ev("interface", path.join(evOut, "interfaces"))], prepare: () => fs.rmSync(evOut, { recursive: true, force: true }) });
  }

  const load = () => os.loadavg()[0].toFixed(2);
  const loadStart = load();
  console.log(`EVerest tree ${TREE}; ${ROUNDS} rounds + 1 warm-up, interleaved: ${contenders.map((c) => c.key).join(", ")}`);
  return (async () => {
    const res = await interleave(contenders, { runs: ROUNDS, warmup: 1, log: (l) => console.error(l) });
    const rssOf = (key) => ({ ...contenders.find((c) => c.key === key), key: `${key}-rss` });
    const rss = await interleave([rssOf("cold"), rssOf("warm")], { runs: RSS_RUNS, warmup: 0, rss: true, log: (l) => console.error(l) });
    const loadEnd = load();
    const rows = contenders.map((c) => ({ key: c.key, label: c.label, failure: res[c.key].failure, ...summarize(res[c.key].samples) }));
    const ratio = (a, b) => (res[a]?.samples.length && res[b]?.samples.length ? pairRatios(res[a].samples, res[b].samples) : null);
    const ratios = {
      coldVsEvCli: ratio("cold", "evcli"),
      warmVsEvCli: ratio("warm", "evcli"),
      checkVsNode: ratio("check", "node"),
      coldVsNode: ratio("cold", "node"),
      warmVsNode: ratio("warm", "node"),
      warmVsCold: ratio("warm", "cold"),
    };
    const mib = (key) => rss[key].rssKiB.map((k) => k / 1024);
    const result = {
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadStart, loadEnd, date: new Date().toISOString() },
      tree: TREE,
      rounds: ROUNDS,
      evCli: evSkipped ?? "ev-cli types + interface generate-headers, --disable-clang-format",
      rows,
      ratios,
      peakRss: { method: rssMethod(), cold: summarize(mib("cold-rss")), warm: summarize(mib("warm-rss")) },
    };
    console.log(`\nnode ${process.version}, ${os.cpus().length} cores; 1-minute load average ${loadStart} at the start, ${loadEnd} at the end\n`);
    console.log("| Command | Runs | Median | Min | Max |\n| --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(r.failure ? `| ${r.label} | failed: ${r.failure} | | | |` : `| ${r.label} | ${r.runs} | ${fmtMs(r.median)} | ${fmtMs(r.min)} | ${fmtMs(r.max)} |`);
    console.log("\n| Ratio (median of per-round ratios) | Value |\n| --- | --- |");
    for (const [k, v] of Object.entries(ratios)) console.log(`| ${k} | ${v ? `${v.median.toFixed(3)}x (${v.runs} pairs)` : "n/a"} |`);
    for (const k of ["cold", "warm"]) {
      const r = result.peakRss[k];
      console.log(`\nPeak RSS of the ${k} generate (${result.peakRss.method}): median ${r.median} MiB, max ${r.max} MiB over ${r.runs} runs`);
    }
    if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
    fs.rmSync(tmp, { recursive: true, force: true });
  })();
}

main();
