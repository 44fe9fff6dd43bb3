/**
 * Trees generated once per `npm test` by test/global-setup.js, for tests that
 * only need one as their starting point (the thing under test comes after).
 * A test never gets the shared tree itself, only a copy of its own to change:
 * nothing a test does can reach another test.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli } from "./cli";

/**
 * Puts at `out` the tree `everest-typegen generate --defs defs --out <out>` writes
 * (byte for byte: the manifest holds no path). Without global setup (a config
 * that skips it) it runs that generate instead.
 */
export function copyOfDefsTree(out: string): void {
  const shared = process.env["EVEREST_TYPEGEN_TEST_SHARED"];
  if (shared === undefined || shared === "") {
    const r = runCli(["generate", "--quiet", "--defs", path.join(ROOT, "defs"), "--out", out]);
    if (r.code !== 0) throw new Error(`generate --defs defs failed (exit ${r.code}):\n${r.stderr}`);
    return;
  }
  fs.cpSync(path.join(shared, "defs-tree"), out, { recursive: true });
}
