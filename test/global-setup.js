// The CLI tests spawn bin/everest-typegen, which runs the compiled generator: build it first so they never test stale code.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = function globalSetup() {
  const root = path.resolve(__dirname, "..");
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], {
    cwd: root,
    stdio: "inherit",
  });
};
