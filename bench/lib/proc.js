"use strict";
/**
 * Whole-process timing: runs commands as child processes, timed from spawn to
 * exit in this process, with NODE_EXTRA_CA_CERTS removed from the child
 * environment. Peak RSS comes from `/usr/bin/time -f %M` when present, else
 * from bench/peak-rss.js preloaded into node children.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn } = require("node:child_process");

// BENCH_NO_TIME_BIN=1 forces the node preload, to test that path on a machine that has /usr/bin/time.
const TIME_BIN = !process.env.BENCH_NO_TIME_BIN && fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const PEAK_RSS = path.join(__dirname, "..", "peak-rss.js");
const OUTPUT_CAP = 256 * 1024;

/** The environment of every timed child: ours, minus NODE_EXTRA_CA_CERTS (node reads that file at startup). */
function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function rssMethod() {
  return TIME_BIN ? "/usr/bin/time -f %M" : "node -r bench/peak-rss.js (process.resourceUsage().maxRSS)";
}

let rssCounter = 0;
/** Children still running (each leads its own process group), so an interrupted bench can end them. */
const running = new Set();
const rssFiles = new Set();

function killRunning() {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
  for (const f of rssFiles) fs.rmSync(f, { force: true });
  rssFiles.clear();
}

/**
 * Runs one step: `{ node: true, args }` runs this node binary, `{ cmd, args }` anything else.
 * Resolves to { ms, status, signal, timedOut, stdout, stderr, rssKiB }.
 */
function runStep(step, opts = {}) {
  const rss = Boolean(opts.rss);
  let cmd = step.node ? process.execPath : step.cmd;
  let args = [...step.args];
  const env = childEnv(step.env);
  let rssFile = null;
  if (rss) {
    rssFile = path.join(os.tmpdir(), `everest-typegen-bench-rss-${process.pid}-${rssCounter++}`);
    rssFiles.add(rssFile);
    if (TIME_BIN) {
      args = ["-f", "%M", "-o", rssFile, cmd, ...args];
      cmd = TIME_BIN;
    } else if (step.node) {
      args = ["-r", PEAK_RSS, ...args];
      env.BENCH_PEAK_RSS_FILE = rssFile;
    } else {
      rssFile = null;
    }
  }
  return new Promise((resolve) => {
    const out = [];
    const err = [];
    let outLen = 0;
    let errLen = 0;
    let timedOut = false;
    let exitAt = null;
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: step.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    if (child.pid) running.add(child.pid);
    child.stdout.on("data", (d) => {
      if (outLen < OUTPUT_CAP) out.push(d);
      outLen += d.length;
    });
    child.stderr.on("data", (d) => {
      if (errLen < OUTPUT_CAP) err.push(d);
      errLen += d.length;
    });
    const timer =
      step.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid, "SIGKILL"); // the whole group: /usr/bin/time and the node under it
            } catch {
              child.kill("SIGKILL");
            }
          }, step.timeoutMs)
        : null;
    child.on("exit", () => {
      exitAt = process.hrtime.bigint();
    });
    const done = (status, signal, spawnError) => {
      if (timer) clearTimeout(timer);
      running.delete(child.pid);
      const end = exitAt ?? process.hrtime.bigint();
      let rssKiB = null;
      if (rssFile) {
        try {
          const lines = fs.readFileSync(rssFile, "utf8").trim().split("\n");
          const n = Number(lines[lines.length - 1]);
          if (Number.isFinite(n) && n > 0) rssKiB = n;
        } catch {
          // killed before it could write: no figure
        }
        fs.rmSync(rssFile, { force: true });
        rssFiles.delete(rssFile);
      }
      resolve({
        ms: Number(end - t0) / 1e6,
        status,
        signal,
        timedOut,
        spawnError: spawnError ? spawnError.message : null,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        rssKiB,
      });
    };
    child.on("error", (e) => done(null, null, e));
    child.on("close", (status, signal) => done(status, signal, null));
  });
}

/** The telling line of a failed process's output: an error message if there is one, else its last lines. */
function summarizeOutput(r) {
  const lines = `${r.stderr}\n${r.stdout}`
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/warning W\d+/.test(l));
  const pick = (re) => lines.find((l) => re.test(l) && !/^at /.test(l));
  const telling = pick(/EMFILE|ENOMEM|out of memory|exceeded|out of date/i) ?? pick(/error|cannot|failed/i);
  // Error objects dumped by console.log come as quoted string pieces: `'message...\n' +`.
  const unquote = (l) => l.replace(/^[\w$]+: (?=["'])/, "").replace(/^["']/, "").replace(/(\\n)?["']\s*\+?,?$/, "");
  return (telling ? unquote(telling) : lines.slice(-3).join(" | ")).replace(/\s+/g, " ").slice(0, 300);
}

/** Why a step's result is a failure, or null when it succeeded. */
function failureOf(step, r) {
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  if (r.timedOut) return `timed out after ${Math.round(step.timeoutMs / 1000)} s (killed)`;
  const expected = step.expectStatus ?? 0;
  if (r.status !== expected) {
    const hint = r.status === 1 && step.hint ? step.hint : "";
    return `exit ${r.status ?? r.signal}${summarizeOutput(r) ? `: ${summarizeOutput(r)}` : ""}${hint}`;
  }
  if (step.verify) return step.verify(r);
  return null;
}

/** Runs steps one after the other: total ms is the sum, RSS the largest; stops at the first failure. */
async function runPipeline(steps, opts = {}) {
  const res = { ms: 0, stepMs: [], rssKiB: null, failure: null };
  for (const [i, step] of steps.entries()) {
    const r = await runStep(step, opts);
    const failure = failureOf(step, r);
    if (failure) {
      res.failure = `${step.label ?? `step ${i + 1}`}: ${failure}`;
      res.failedAfterMs = r.ms;
      res.failedRssKiB = r.rssKiB;
      return res;
    }
    res.ms += r.ms;
    res.stepMs.push(r.ms);
    if (r.rssKiB !== null) res.rssKiB = Math.max(res.rssKiB ?? 0, r.rssKiB);
  }
  return res;
}

/**
 * A/B(/C...) interleaved runs: after `warmup` untimed rounds, each round runs
 * every contender once, in order (ours, peer, ours, peer, ...). A contender
 * that fails is dropped, with the reason kept. `prepare()` runs untimed before each run.
 *
 * contenders: [{ key, steps, prepare? }]
 * maxTotalMs stops a contender's runs once its timed runs add up to that much.
 * returns { [key]: { samples, stepSamples, rssKiB, failure, budgetStop } }
 */
async function interleave(contenders, { runs, warmup = 1, rss = false, maxTotalMs = Infinity, log = () => {} }) {
  const out = {};
  for (const c of contenders) out[c.key] = { samples: [], stepSamples: c.steps.map(() => []), rssKiB: [], failure: null };
  for (let round = -warmup; round < runs; round++) {
    for (const c of contenders) {
      const o = out[c.key];
      if (o.failure || o.budgetStop) continue;
      if (c.prepare) c.prepare();
      const r = await runPipeline(c.steps, { rss });
      if (r.failure) {
        o.failure = r.failure;
        o.failedAfterMs = r.failedAfterMs;
        o.failedRssKiB = r.failedRssKiB;
        log(`  ${c.key}: FAILED ${r.failure}`);
        continue;
      }
      if (round < 0) {
        log(`  ${c.key}: warm-up ${fmtMs(r.ms)}`);
        continue;
      }
      o.samples.push(r.ms);
      r.stepMs.forEach((ms, i) => o.stepSamples[i].push(ms));
      if (r.rssKiB !== null) o.rssKiB.push(r.rssKiB);
      log(`  ${c.key}: run ${round + 1}/${runs} ${fmtMs(r.ms)}${r.rssKiB ? `, ${Math.round(r.rssKiB / 1024)} MiB` : ""}`);
      if (o.samples.length < runs && o.samples.reduce((a, b) => a + b, 0) >= maxTotalMs) {
        o.budgetStop = `stopped after ${o.samples.length} run(s): time budget of ${Math.round(maxTotalMs / 1000)} s spent`;
        log(`  ${c.key}: ${o.budgetStop}`);
      }
    }
  }
  return out;
}

function fmtMs(ms) {
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

module.exports = { killRunning, childEnv, runStep, runPipeline, interleave, failureOf, rssMethod, TIME_BIN, fmtMs };
