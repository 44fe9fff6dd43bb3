"use strict";
/**
 * What the benches on EVerest's tree share: their command-line flags, where
 * the tree is, and which of its folders `generate --everest` reads.
 */
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

/** The folders of an EVerest checkout that `--everest` reads: type, interface and error files, and the EVerest API specs. */
const EVEREST_INPUTS = ["types", "interfaces", "errors", path.join("docs", "source", "reference", "EVerest_API")];

/** The value after `name` on the command line, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** EVerest's tree: --everest, else $EVEREST_DIR, else ../shared/everest/aa8113f beside the project. */
function everestTree() {
  return path.resolve(arg("--everest", process.env.EVEREST_DIR ?? path.join(ROOT, "..", "shared", "everest", "aa8113f")));
}

/** Copies what `--everest` reads from `tree` into `dest` (a folder absent from the tree is left out). */
function copyEverestInputs(tree, dest) {
  for (const sub of EVEREST_INPUTS) {
    if (fs.existsSync(path.join(tree, sub))) fs.cpSync(path.join(tree, sub), path.join(dest, sub), { recursive: true });
  }
}

module.exports = { ROOT, EVEREST_INPUTS, arg, everestTree, copyEverestInputs };
