#!/usr/bin/env node
"use strict";
/**
 * `generate --watch` on EVerest's tree (issue 17): the time from one
 * interface file saved to the new tree swapped in, interleaved with
 * `node -e 0`.
 *
 * The tree's types/, interfaces/, errors/ and EVerest API specs are copied to
 * a scratch folder outside the project; one `generate --watch --everest` runs
 * on it for the whole bench. Each round writes the interface file (a comment
 * appended, alternating between two versions so that every save changes it)
 * and waits for the watch's line saying the new tree was written: it is
 * printed once the tree is swapped in, so the time is save -> swapped in,
 * the watch's wait for the save's events to settle included.
 *
 * Saves are --gap ms apart (default 2500: longer than generate() keeps its
 * idle second thread, as when a person edits between saves).
 *
 *   node bench/watch.js [--everest DIR] [--rounds N] [--gap MS] [--file interfaces/X.yaml] [--json FILE]
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");
const { summarize, pairRatios } = require("./lib/stats");

const { ROOT, arg, everestTree, copyEverestInputs } = require("./lib/everest-tree");

const BIN = path.join(ROOT, "bin", "everest-typegen");

const TREE = everestTree();
const ROUNDS = Number(arg("--rounds", "15"));
const FILE = arg("--file", "interfaces/evse_manager.yaml");
const JSON_OUT = arg("--json", undefined);
const GAP = Number(arg("--gap", "2500"));

function nodeStart() {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, ["-e", "0"]);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main() {
  if (!fs.existsSync(path.join(TREE, FILE))) {
    console.log(`watch bench: skipped, no ${FILE} in ${TREE} (--everest or EVEREST_DIR)`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "everest-typegen-bench-watch-"));
  const tree = path.join(tmp, "tree");
  copyEverestInputs(TREE, tree);
  const file = path.join(tree, FILE);
  const original = fs.readFileSync(file, "utf8");
  const env = { ...process.env, EVEREST_TYPEGEN_CACHE_DIR: path.join(tmp, "node-cache"), EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: path.join(tmp, "job-cache-key") };
  const child = spawn(process.execPath, [BIN, "generate", "--watch", "-q", "--everest", tree, "--out", path.join(tmp, "out")], { env, stdio: ["ignore", "pipe", "inherit"] });
  let pending = "";
  let waiter = null;
  child.stdout.on("data", (d) => {
    pending += d;
    const lines = pending.split("\n");
    pending = lines.pop();
    for (const line of lines) if (waiter && waiter.test(line)) waiter.resolve(line);
  });
  const waitFor = (re, ms) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch bench: no line matching ${re} within ${ms} ms`)), ms);
      waiter = { test: (l) => re.test(l), resolve: (l) => (clearTimeout(timer), (waiter = null), resolve(l)) };
    });
  const load = () => os.loadavg()[0].toFixed(2);
  const loadStart = load();
  const watch = [];
  const node = [];
  try {
    await waitFor(/watching/, 120_000);
    for (let round = -2; round < ROUNDS; round++) {
      // Quiet between saves, as between a person's edits; the save must not fall into the last run's tail either.
      await new Promise((r) => setTimeout(r, GAP));
      // Before the save, while the watch is idle (after a run it still removes the old tree and records the new one).
      const n = nodeStart();
      const done = waitFor(/wrote \d+ files/, 60_000);
      const t = process.hrtime.bigint();
      fs.writeFileSync(file, `${original}\n# bench/watch.js round ${round % 2}\n`);
      await done;
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      // The first two rounds warm up (the first run after the start fills the session).
      if (round >= 0) {
        watch.push(ms);
        node.push(n);
      }
    }
  } finally {
    child.kill("SIGTERM");
    fs.writeFileSync(file, original);
  }
  await new Promise((r) => child.once("exit", r));
  const loadEnd = load();
  const result = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadStart, loadEnd, date: new Date().toISOString() },
    tree: TREE,
    file: FILE,
    gapMs: GAP,
    watch: summarize(watch),
    node: summarize(node),
    ratio: pairRatios(watch, node),
  };
  console.log(`node ${process.version}, ${os.cpus().length} cores; 1-minute load average ${loadStart} at the start, ${loadEnd} at the end`);
  console.log(`${FILE} saved (${GAP} ms apart) -> new tree swapped in: median ${result.watch.median} ms (min ${result.watch.min}, max ${result.watch.max}, ${result.watch.runs} saves)`);
  console.log(`node -e 0: median ${result.node.median} ms; ratio (median of per-round ratios) ${result.ratio.median}x`);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
