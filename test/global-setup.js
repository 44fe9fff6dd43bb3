// Once per `npm test`, before any test file runs:
// - build the generator when dist/ is not already the build of the current sources (scripts/build.js
//   --if-stale: `npm ci` has just built it, and a developer's second run finds it built): the CLI tests spawn
//   bin/everest-typegen, which runs the compiled generator, so they never test stale code;
// - generate the trees several test files start from, once (test/helpers/shared-trees.ts).
// The type-check of the whole project (tsc --noEmit) is a test file of its own, test/typecheck.test.ts: here it
// kept the tests from starting for as long as it ran, though nothing waits for it.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** Runs node with `args` in the project; resolves to its exit code and its stdout and stderr (kept to print on failure). */
function run(args, { inherit = false, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    if (!inherit) {
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? signal, stdout, stderr }));
  });
}

module.exports = async function globalSetup() {
  const build = await run([path.join(root, "scripts", "build.js"), "--if-stale"], { inherit: true });
  if (build.code !== 0) throw new Error(`global setup: the build failed (exit ${build.code})`);

  // The run's own temporary folder: os.tmpdir() reads TMPDIR, and the jest workers, which inherit this process's
  // environment, and the processes they start make theirs in it. test/global-teardown.js fails the run on anything a
  // test left there, then removes it, so a run leaves nothing behind even when a test file crashed.
  const runTmp = fs.mkdtempSync(path.join(os.tmpdir(), "etg-run-"));
  process.env["TMPDIR"] = runTmp;
  process.env["EVEREST_TYPEGEN_TEST_TMP"] = runTmp;
  // Workers inherit this process's environment, so the folder's path reaches every test file; test/global-teardown.js removes it.
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), "etg-shared-"));
  process.env["EVEREST_TYPEGEN_TEST_SHARED"] = shared;
  const bin = path.join(root, "bin", "everest-typegen");
  const env = { ...process.env, NO_COLOR: "1" };
  const defsTree = run([bin, "generate", "--quiet", "--defs", path.join(root, "defs"), "--out", path.join(shared, "defs-tree")], { env });
  // EVerest's tree with its API specs, as `generate --everest <tree> --out <out> -q` writes it (test/helpers/shared-trees.ts):
  // its result is kept beside it for the tests to check. Without the tree, the tests that need it skip.
  const everest = process.env["EVEREST_DIR"] ?? path.resolve(root, "..", "shared", "everest", "aa8113f");
  const everestTree = fs.existsSync(path.join(everest, "types"))
    ? run([bin, "generate", "--everest", everest, "--out", path.join(shared, "everest-tree"), "-q"], { env })
    : undefined;
  const [defs, ev] = await Promise.all([defsTree, everestTree]);
  if (defs.code !== 0) throw new Error(`global setup: generate --defs defs failed (exit ${defs.code}):\n${defs.stderr}`);
  if (ev !== undefined) {
    fs.writeFileSync(path.join(shared, "everest-tree.json"), JSON.stringify({ tree: everest, code: ev.code, stdout: ev.stdout, stderr: ev.stderr }));
  }
};
