// Removes the trees test/global-setup.js generated for the run.
const fs = require("node:fs");

module.exports = function globalTeardown() {
  const shared = process.env["EVEREST_TYPEGEN_TEST_SHARED"];
  if (shared) fs.rmSync(shared, { recursive: true, force: true });
};
