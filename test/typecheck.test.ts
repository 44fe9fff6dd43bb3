/**
 * The whole project type-checks: generator, tests and benches (tsc --noEmit
 * -p tsconfig.json). ts-jest only transpiles (tsconfig.json sets
 * isolatedModules), so this is where a type error in a test fails the run.
 * A test file rather than part of jest's global setup, so that the other files
 * run beside it instead of waiting for it.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./helpers/cli";

test("tsc --noEmit -p tsconfig.json finds no type error", () => {
  const r = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", path.join(ROOT, "tsconfig.json")], { cwd: ROOT, encoding: "utf8" });
  // On failure the message is tsc's own list of errors.
  expect(`${r.stdout}${r.stderr}`.trim()).toBe("");
  expect(r.status).toBe(0);
});
