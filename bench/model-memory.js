#!/usr/bin/env node
"use strict";
/**
 * Live heap held by the model and by the validator jobs, after loadModel() on
 * an EVerest tree (a diagnosis aid for "10x EVerest's tree" in BENCHMARKS.md):
 *
 *   node --expose-gc bench/model-memory.js TREE
 *
 * TREE is laid out as EVerest's (types/, interfaces/, errors/,
 * docs/source/reference/EVerest_API/), e.g. a tree of bench/lib/scale-tree.js.
 * Uses the compiled generator (dist/): build it first.
 */
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const { readDefs } = require(path.join(ROOT, "dist", "generator", "load", "read-defs"));
const { loadModel } = require(path.join(ROOT, "dist", "generator", "load-model"));
const { EMITTERS } = require(path.join(ROOT, "dist", "generator", "emit", "emitters"));

if (typeof global.gc !== "function") {
  console.error("run with node --expose-gc");
  process.exit(2);
}
const tree = process.argv[2];
const live = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const h0 = live();
const opts = {
  interfaces: readDefs(path.join(tree, "interfaces")),
  errors: readDefs(path.join(tree, "errors")),
  api: readDefs(path.join(tree, "docs", "source", "reference", "EVerest_API")),
};
let model = loadModel(readDefs(path.join(tree, "types")), opts).model;
opts.interfaces = opts.errors = opts.api = null;
const h1 = live();
let jobs = EMITTERS.flatMap((e) => ("jobs" in e ? e.jobs(model) : []));
const h2 = live();
const jobsJson = JSON.stringify(jobs).length / 2 ** 20;
jobs = null;
live();
// Parts share objects (an interface's types live in its module), so each is dropped in turn.
const parts = {};
for (const k of ["apis", "interfaces", "errorFiles", "modules", "files"]) {
  const before = live();
  model = { ...model, [k]: [] };
  parts[k] = Number((before - live()).toFixed(1));
}
const r = (x) => Number(x.toFixed(1));
console.log(JSON.stringify({ modelMiB: r(h1 - h0), validatorJobsMiB: r(h2 - h1), validatorJobsAsJsonMiB: r(jobsJson), freedDroppingModelPartsInTurnMiB: parts }));
