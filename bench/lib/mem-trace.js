"use strict";
/**
 * Memory over one generate run, by phase, for diagnosis (BENCHMARKS.md, "10x
 * EVerest's tree"). Preloaded into the CLI:
 *
 *   MEM_TRACE_FILE=trace.json node -r ./bench/lib/mem-trace.js bin/everest-typegen generate ...
 *
 * On the main thread it samples process.memoryUsage() every MEM_TRACE_MS
 * (default 20) ms, and marks phases by wrapping, from outside, the compiled
 * generator's exports as they load: loadModel() (the model), each emitter's
 * emit() (emit/emitters.js EMITTERS, by name) and the whole generateCached().
 * At exit it writes { samples, marks, peak } to MEM_TRACE_FILE. It changes no
 * behaviour of the generator (the wrappers call through). The worker thread
 * writes its own heap's peak to MEM_TRACE_FILE.worker<id>.json.
 * With `node --expose-gc` and MEM_TRACE_GC=1 every mark collects garbage first,
 * so the marks' heapUsed is the live heap (slower; the samples between marks
 * are as usual).
 * With MEM_TRACE_SNAPSHOT_MIB=N it also writes one heap snapshot of the main
 * thread (v8.writeHeapSnapshot, into MEM_TRACE_SNAPSHOT_DIR or the current folder)
 * the first time heapUsed passes N MiB at a phase mark.
 */
const { isMainThread, threadId } = require("node:worker_threads");

// A worker thread: its own heap (process.memoryUsage()'s heap figures are the calling thread's),
// peak and last sample rewritten to MEM_TRACE_FILE.worker<id>.json every 100 ms (a worker may be
// terminated without an exit event).
if (!isMainThread && process.env.MEM_TRACE_FILE) {
  const fs = require("node:fs");
  const MiB = (b) => Math.round((b / 2 ** 20) * 10) / 10;
  const peak = { heapUsed: 0, heapTotal: 0, external: 0 };
  let n = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, MiB(m.heapUsed));
    peak.heapTotal = Math.max(peak.heapTotal, MiB(m.heapTotal));
    peak.external = Math.max(peak.external, MiB(m.external));
    if (++n % 5 === 0) fs.writeFileSync(`${process.env.MEM_TRACE_FILE}.worker${threadId}.json`, JSON.stringify({ peak, last: { heapUsed: MiB(m.heapUsed), heapTotal: MiB(m.heapTotal) } }));
  }, 20);
  timer.unref();
}

if (isMainThread && process.env.MEM_TRACE_FILE) {
  const fs = require("node:fs");
  const path = require("node:path");
  const v8 = require("node:v8");
  const Module = require("node:module");
  const t0 = process.hrtime.bigint();
  const now = () => Number(process.hrtime.bigint() - t0) / 1e6;
  const MiB = (b) => Math.round((b / 2 ** 20) * 10) / 10;
  const mem = () => {
    const m = process.memoryUsage();
    return { t: Math.round(now()), rss: MiB(m.rss), heapUsed: MiB(m.heapUsed), heapTotal: MiB(m.heapTotal), external: MiB(m.external), arrayBuffers: MiB(m.arrayBuffers) };
  };
  const samples = [];
  const marks = [];
  const peak = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const m = mem();
    samples.push(m);
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    return m;
  };
  const timer = setInterval(sample, Number(process.env.MEM_TRACE_MS ?? 20));
  timer.unref();
  const snapAt = Number(process.env.MEM_TRACE_SNAPSHOT_MIB ?? 0);
  let snapped = false;
  // With node --expose-gc and MEM_TRACE_GC=1, each mark first collects: its heapUsed is then what is live.
  const gcAtMarks = process.env.MEM_TRACE_GC === "1" && typeof global.gc === "function";
  const mark = (label) => {
    if (gcAtMarks) global.gc();
    const m = sample();
    marks.push({ label, ...m });
    if (snapAt > 0 && !snapped && m.heapUsed >= snapAt) {
      snapped = true;
      const file = v8.writeHeapSnapshot(path.join(process.env.MEM_TRACE_SNAPSHOT_DIR ?? ".", `mem-trace-${label.replace(/[^\w.-]+/g, "_")}.heapsnapshot`));
      marks.push({ label: `snapshot ${file}`, ...mem() });
    }
  };
  const wrap = (obj, key, label) => {
    const f = obj[key];
    if (typeof f !== "function" || f.__memTrace) return;
    const w = function (...args) {
      mark(`${label} start`);
      const r = f.apply(this, args);
      if (r && typeof r.then === "function") return r.then((v) => (mark(`${label} end`), v));
      if (r && typeof r[Symbol.iterator] === "function" && !Array.isArray(r)) {
        // A generator of files: marked when it is used up.
        return (function* () {
          yield* r;
          mark(`${label} end`);
        })();
      }
      mark(`${label} end`);
      return r;
    };
    w.__memTrace = true;
    obj[key] = w;
  };
  const origLoad = Module._load;
  Module._load = function (request, parent, isMain) {
    const exp = origLoad.apply(this, arguments);
    let file;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      return exp;
    }
    const rel = file.split(path.sep).join("/");
    if (rel.endsWith("/generator/load-model.js")) wrap(exp, "loadModel", "loadModel");
    if (rel.endsWith("/generator/generate.js")) wrap(exp, "generateCached", "generate");
    if (rel.endsWith("/generator/emit/emitters.js") && Array.isArray(exp.EMITTERS)) {
      for (const e of exp.EMITTERS) if (Object.isExtensible(e) && typeof e.emit === "function") wrap(e, "emit", `emit ${e.name}`);
    }
    return exp;
  };
  process.on("exit", () => {
    mark("exit");
    fs.writeFileSync(process.env.MEM_TRACE_FILE, `${JSON.stringify({ peak, marks, samples })}\n`);
  });
}
