// Once per `npm test`, before any test file runs:
// - build the generator: the CLI tests spawn bin/everest-typegen, which runs the compiled generator,
//   so they never test stale code;
// - type-check the whole project, test files included (tsc --noEmit -p tsconfig.json): ts-jest only
//   transpiles (tsconfig.json sets isolatedModules), so this is where a type error in a test fails the run;
// - generate the trees several test files start from, once (test/helpers/shared-trees.ts).
// The build and the type-check run side by side: they are independent, and each keeps one core busy.
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** Runs node with `args` in the project; resolves to its exit code and its output (kept to print on failure). */
function run(args, { inherit = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"] });
    let output = "";
    if (!inherit) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code: code ?? signal, output }));
  });
}

module.exports = async function globalSetup() {
  const [build, typecheck] = await Promise.all([
    run([path.join(root, "scripts", "build.js")], { inherit: true }),
    run([require.resolve("typescript/bin/tsc"), "--noEmit", "-p", path.join(root, "tsconfig.json")]),
  ]);
  if (build.code !== 0) throw new Error(`global setup: the build failed (exit ${build.code})`);
  if (typecheck.code !== 0) {
    process.stderr.write(typecheck.output);
    throw new Error(`global setup: tsc --noEmit -p tsconfig.json found type errors (exit ${typecheck.code}), listed above`);
  }

  // Workers inherit this process's environment, so the folder's path reaches every test file; test/global-teardown.js removes it.
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), "etg-shared-"));
  process.env["EVEREST_TYPEGEN_TEST_SHARED"] = shared;
  const defsTree = path.join(shared, "defs-tree");
  const r = spawnSync(process.execPath, [path.join(root, "bin", "everest-typegen"), "generate", "--quiet", "--defs", path.join(root, "defs"), "--out", defsTree], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (r.status !== 0) throw new Error(`global setup: generate --defs defs failed (exit ${r.status}):\n${r.stderr}`);
};
