#!/usr/bin/env node
"use strict";
// The build (`npm run build`, and jest's global setup): compiles generator/ to
// dist/, type-checks the runtime assets, and copies them to dist/ beside the
// compiled module that reads them at emit time (generator/emit/runtime/assets.ts).
// tsc does neither for them: they are left out of tsconfig.build.json, whose
// emit would put a reformatted copy of runtime.js where the verbatim one goes,
// and are checked as a project of their own (assets/tsconfig.json).
// Then commander is bundled over its module's compiled file (see bundleCommander).
//
// `--if-stale` (the test suite's global setup) builds only when dist/ is not
// provably this build's output: after a build, dist/.build-stamp.json records a
// hash of everything the build reads (generator/, the tsconfig files, this
// script, the installed packages' lockfile) and one of every file it left in
// dist/. Both must match for the build to be skipped, so an edited source, an
// `npm install` or a changed, added or removed file in dist/ rebuilds. `npm ci`
// builds (the prepare script), and the suite then reuses that build.
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const ASSETS = path.join("generator", "emit", "runtime", "assets");
const STAMP = path.join(ROOT, "dist", ".build-stamp.json");

const inputs = inputsHash();
if (process.argv.includes("--if-stale") && isUpToDate(inputs)) {
  console.log("build: dist/ is the build of the current sources (dist/.build-stamp.json); not rebuilt");
  process.exit(0);
}
// A build that fails half-way must not leave the last build's stamp behind.
fs.rmSync(STAMP, { force: true });

const esbuild = require("esbuild");
const { staleOutputs } = require("./stale-outputs");

function tsc(project) {
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", project], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

tsc("tsconfig.build.json");
// What earlier builds compiled from sources since deleted or renamed (./stale-outputs.js).
for (const rel of staleOutputs(path.join(ROOT, "generator"), path.join(ROOT, "dist", "generator"), [path.relative("generator", ASSETS)])) {
  fs.rmSync(path.join(ROOT, "dist", "generator", rel));
}
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
fs.writeFileSync(STAMP, `${JSON.stringify({ inputs, outputs: treeHash(path.join(ROOT, "dist"), [STAMP]) })}\n`);

/** What the build reads: its sources, its settings, this script and the installed packages (npm's record of node_modules). */
function inputsHash() {
  const h = crypto.createHash("sha256");
  h.update(treeHash(path.join(ROOT, "generator")));
  for (const file of ["tsconfig.json", "tsconfig.build.json", "scripts/build.js", "scripts/stale-outputs.js", "package.json", "node_modules/.package-lock.json"]) {
    h.update(`${file}\0${fileHash(path.join(ROOT, file))}\n`);
  }
  return h.digest("hex");
}

function isUpToDate(expected) {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP, "utf8"));
    return stamp.inputs === expected && stamp.outputs === treeHash(path.join(ROOT, "dist"), [STAMP]);
  } catch {
    return false;
  }
}

/** Every file under `dir` (but `except`), by path relative to it and content; a symbolic link or other entry counts by name and kind. */
function treeHash(dir, except = []) {
  const h = crypto.createHash("sha256");
  const walk = (sub) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true });
    } catch {
      h.update(`${sub}\0missing\n`);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = path.join(sub, e.name);
      const full = path.join(dir, rel);
      if (except.includes(full)) continue;
      if (e.isDirectory()) walk(rel);
      else h.update(`${rel}\0${e.isFile() ? fileHash(full) : "not a file"}\n`);
    }
  };
  walk("");
  return h.digest("hex");
}

function fileHash(file) {
  try {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return "missing";
  }
}

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
