// Removes the run's temporary folder (test/global-setup.js made it, and pointed TMPDIR at it), with the trees
// generated for the run in it; and fails the run when a test left anything else there: each test removes what
// it makes (test/helpers/cli.ts tempDir does it for the folders it makes).
const fs = require("node:fs");
const path = require("node:path");

module.exports = function globalTeardown() {
  const runTmp = process.env["EVEREST_TYPEGEN_TEST_TMP"];
  if (!runTmp) return;
  const shared = process.env["EVEREST_TYPEGEN_TEST_SHARED"];
  let left = [];
  try {
    left = fs.readdirSync(runTmp).filter((name) => shared === undefined || path.join(runTmp, name) !== shared);
  } catch {
    // Gone already: nothing was left.
  }
  fs.rmSync(runTmp, { recursive: true, force: true });
  if (left.length > 0) {
    const shown = left.sort().slice(0, 10).map((name) => JSON.stringify(name)).join(", ");
    throw new Error(`tests left ${left.length} ${left.length === 1 ? "entry" : "entries"} in the run's temporary folder (removed now): ${shown}${left.length > 10 ? ", ..." : ""}`);
  }
};
