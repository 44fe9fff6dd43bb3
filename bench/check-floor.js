#!/usr/bin/env node
"use strict";
/**
 * The least a confirmed `check` of EVerest's tree can cost with the stat
 * index (issue 17's "check <= 2x node -e 0"), next to `check` itself.
 *
 * With `--floor OUT INPUTS GENERATOR` this script does only what a check
 * confirmed by the stat index cannot skip, and nothing of the CLI:
 * - load node:crypto;
 * - read the stat index, MAC it, and parse its first record line;
 * - hash the manifest;
 * - lstat every file of the output folder (the cache folder aside), of the
 *   input folders and of the generator's compiled folder.
 *
 * Without it, it copies EVerest's inputs into a scratch folder, generates
 * them once, and times in interleaved rounds: `node -e 0`, this script's
 * floor, and `check` on that folder (ratios are medians of per-round ratios).
 *
 *   node bench/check-floor.js [--everest DIR] [--rounds 31]
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

if (process.argv[2] === "--floor") floor(process.argv[3], process.argv[4], process.argv[5]);
else main();

function floor(out, inputs, generator) {
  const crypto = require("node:crypto");
  const index = fs.readFileSync(path.join(out, ".everest-typegen-cache", "stat-index"));
  crypto.createHmac("sha256", "0".repeat(64)).update(index).digest("hex");
  const start = index.indexOf(10) + 1;
  JSON.parse(index.toString("utf8", start, index.indexOf(10, start)));
  crypto.createHash("sha256").update(fs.readFileSync(path.join(out, ".everest-typegen-manifest.json"))).digest("hex");
  const walk = (dir, skip) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== skip) walk(p);
      } else fs.lstatSync(p, { bigint: true });
    }
  };
  walk(out, ".everest-typegen-cache");
  walk(inputs);
  walk(generator);
}

function main() {
  const { ROOT, arg, everestTree, copyEverestInputs } = require("./lib/everest-tree");
  const { interleave, fmtMs } = require("./lib/proc");
  const { summarize, pairRatios } = require("./lib/stats");
  const TREE = everestTree();
  const ROUNDS = Number(arg("--rounds", "31"));
  if (!fs.existsSync(path.join(TREE, "types"))) {
    console.log(`check floor: skipped, no EVerest tree at ${TREE} (--everest or EVEREST_DIR)`);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "everest-typegen-bench-floor-"));
  const tree = path.join(tmp, "tree");
  const out = path.join(tmp, "out");
  const bin = path.join(ROOT, "bin", "everest-typegen");
  const env = { ...process.env, EVEREST_TYPEGEN_CACHE_DIR: path.join(tmp, "node-cache"), EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: path.join(tmp, "key") };
  delete env.NODE_EXTRA_CA_CERTS;
  copyEverestInputs(TREE, tree);
  const made = spawnSync(process.execPath, [bin, "generate", "-q", "--everest", tree, "--out", out], { env, encoding: "utf8" });
  if (made.status !== 0) throw new Error(`generate failed (exit ${made.status}):\n${made.stderr}`);
  const confirmed = spawnSync(process.execPath, [bin, "check", "--everest", tree, "--out", out], { env, encoding: "utf8" });
  if (confirmed.status !== 0 || !confirmed.stdout.includes("confirmed by")) throw new Error(`check did not take its fast path:\n${confirmed.stdout}${confirmed.stderr}`);
  const contenders = [
    { key: "node", label: "node -e 0", steps: [{ node: true, args: ["-e", "0"] }] },
    { key: "floor", label: "the floor (this script, --floor)", steps: [{ node: true, args: [__filename, "--floor", out, tree, path.join(ROOT, "dist", "generator")] }] },
    { key: "check", label: "check, up to date", steps: [{ node: true, args: [bin, "check", "--everest", tree, "--out", out], env }] },
  ];
  return (async () => {
    const load = () => os.loadavg()[0].toFixed(2);
    const loadStart = load();
    const res = await interleave(contenders, { runs: ROUNDS, warmup: 1, log: (l) => console.error(l) });
    console.log(`node ${process.version}, ${os.cpus().length} cores; 1-minute load average ${loadStart} at the start, ${load()} at the end\n`);
    console.log("| Command | Runs | Median | Min | Max |\n| --- | --- | --- | --- | --- |");
    for (const c of contenders) {
      const s = summarize(res[c.key].samples);
      console.log(res[c.key].failure ? `| ${c.label} | failed: ${res[c.key].failure} | | | |` : `| ${c.label} | ${s.runs} | ${fmtMs(s.median)} | ${fmtMs(s.min)} | ${fmtMs(s.max)} |`);
    }
    const ratio = (a, b) => pairRatios(res[a].samples, res[b].samples).median.toFixed(3);
    console.log(`\nfloor / node -e 0: ${ratio("floor", "node")}x; check / node -e 0: ${ratio("check", "node")}x; check / floor: ${ratio("check", "floor")}x`);
    fs.rmSync(tmp, { recursive: true, force: true });
  })();
}
