#!/usr/bin/env node
"use strict";
// The build (`npm run build`, and jest's global setup): compiles generator/ to
// dist/, type-checks the runtime assets, and copies them to dist/ beside the
// compiled module that reads them at emit time (generator/emit/runtime/assets.ts).
// tsc does neither for them: they are left out of tsconfig.build.json, whose
// emit would put a reformatted copy of runtime.js where the verbatim one goes,
// and are checked as a project of their own (assets/tsconfig.json).
// Then commander is bundled over its module's compiled file (see bundleCommander).
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const esbuild = require("esbuild");

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

bundleCommander();

/**
 * dist/generator/cli/commander.js (tsc's re-export of commander, see
 * generator/cli/commander.ts) becomes commander bundled into one file, with
 * `node:child_process` required only when commander spawns a subcommand:
 * every CLI run loads commander, and a confirmed `check` is meant to cost
 * little more than starting node. Symbolic links are kept as they are and
 * paths are relative to the project, so the bundle (which is part of the
 * generator's hash) is the same in every checkout.
 */
function bundleCommander() {
  const out = path.join(ROOT, "dist", "generator", "cli", "commander.js");
  const built = esbuild.buildSync({
    entryPoints: [path.join("node_modules", "commander", "index.js")],
    absWorkingDir: ROOT,
    preserveSymlinks: true,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    write: false,
  });
  const text = built.outputFiles[0].text;
  const required = 'var childProcess = require("node:child_process");';
  // Fails the build if a new commander uses child_process otherwise: the lazy stand-in has spawn only.
  const uses = text.match(/childProcess\b[^;\n]*/g) ?? [];
  if (uses.filter((u) => u === required.slice(4, -1)).length !== 1 || uses.some((u) => u !== required.slice(4, -1) && !u.startsWith("childProcess.spawn("))) {
    console.error(`build: commander's use of node:child_process changed; update bundleCommander in scripts/build.js:\n${uses.join("\n")}`);
    process.exit(1);
  }
  const lazy = 'var childProcess = { spawn: (...args) => require("node:child_process").spawn(...args) };';
  fs.writeFileSync(out, `// commander, bundled by scripts/build.js (see generator/cli/commander.ts).\n${text.replace(required, lazy)}`);
}
