#!/usr/bin/env node
"use strict";
/**
 * Summarizes the .cpuprofile files `node --cpu-prof` writes (one per thread):
 * self time by package or generator folder, and the inclusive time of the
 * generator's phases (the functions named below), with when each was first
 * and last seen. BENCHMARKS.md, "Where the time goes on EVerest's tree".
 *
 *   node --cpu-prof --cpu-prof-dir=$DIR bin/everest-typegen generate -q --everest ../shared/everest/aa8113f --out $OUT
 *   node bench/profile.js $DIR/*.cpuprofile
 */
const fs = require("node:fs");

const PHASES = [
  "main",
  "readInputsOrFail",
  "loadModel",
  "readYamlFile",
  "checkTypeFile",
  "checkInterfaceFile",
  "checkErrorFile",
  "buildModel",
  "buildInterfaces",
  "validatorJobs",
  "loadTsMorphCached",
  "emitDocsText",
  "emitDocsMarkdown",
  "emitErrorDocs",
  "emitPackageFiles",
  "emitRuntimeDeclarations",
  "emitRuntime",
  "emitTypeScript",
  "emitJsonSchemas",
  "emitGuards",
  "emitFileModules",
  "emitRootModule",
  "moduleDependencies",
  "moduleFingerprints",
  "indexDeclarations",
  "moduleDeclarations",
  "docsMarkdownPage",
  "moduleGuards",
  "moduleFiles",
  "moduleClient",
  "clientAssets",
  "sourceIndexes",
  "readApiYaml",
  "checkApiFile",
  "buildApis",
  "runCachedJob",
  "stageTree",
  "readEntry",
  "writeStagedFile",
  "manifestOf",
  "commit",
  "manifestConfirms",
  "loadAjv",
  "runCachedJob",
  "compileValidatorJob",
  "(garbage collector)",
  "(idle)",
];

/** A package (dep:name), a generator folder (gen:emit/ts), node's own code, or V8's pseudo-frames. */
function category(url, fn) {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  let m;
  if ((m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url))) return `dep:${m[1]}`;
  if ((m = /generator\/(emit\/[^/]+|[^/]+)/.exec(url))) return `gen:${m[1].replace(/\.[jt]s$/, "")}`;
  if (url.startsWith("node:")) return "node internals";
  return url;
}

function summarizeProfile(file) {
  const p = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const incl = new Map();
  const first = new Map();
  const last = new Map();
  let t = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const d = p.timeDeltas[i] ?? 0;
    t += d;
    const leaf = byId.get(p.samples[i]).callFrame;
    const c = category(leaf.url, leaf.functionName);
    self.set(c, (self.get(c) ?? 0) + d);
    const seen = new Set();
    for (let cur = p.samples[i]; cur !== undefined; cur = parent.get(cur)) {
      const fn = byId.get(cur).callFrame.functionName;
      if (!PHASES.includes(fn) || seen.has(fn)) continue;
      seen.add(fn);
      incl.set(fn, (incl.get(fn) ?? 0) + d);
      if (!first.has(fn)) first.set(fn, t);
      last.set(fn, t);
    }
  }
  const ms = (us) => (us / 1000).toFixed(0).padStart(6);
  console.log(`== ${file}: ${ms(p.endTime - p.startTime).trim()} ms profiled`);
  console.log("self time by where the code is (ms):");
  for (const [c, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms(us)}  ${c}`);
  console.log("phases: inclusive ms, first and last seen (ms from the profile's start):");
  for (const fn of PHASES) if (incl.has(fn)) console.log(`${ms(incl.get(fn))} ${ms(first.get(fn))} ${ms(last.get(fn))}  ${fn}`);
}

for (const f of process.argv.slice(2)) summarizeProfile(f);
