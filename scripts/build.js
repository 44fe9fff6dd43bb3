#!/usr/bin/env node
"use strict";
// The build (`npm run build`, and jest's global setup): compiles generator/ to
// dist/, type-checks the runtime assets, and copies them to dist/ beside the
// compiled module that reads them at emit time (generator/emit/runtime/assets.ts).
// tsc does neither for them: they are left out of tsconfig.build.json, whose
// emit would put a reformatted copy of runtime.js where the verbatim one goes,
// and are checked as a project of their own (assets/tsconfig.json).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const ASSETS = path.join("generator", "emit", "runtime", "assets");

function tsc(project) {
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

tsc("tsconfig.build.json");
tsc(ASSETS);
const from = path.join(ROOT, ASSETS);
const to = path.join(ROOT, "dist", ASSETS);
// Afresh, so a renamed or deleted asset does not linger (and count in the manifest's generator hash).
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from)) {
  // tsconfig.json is the check's project file, not an asset.
  if (name !== "tsconfig.json") fs.copyFileSync(path.join(from, name), path.join(to, name));
}
