/** Runs the real CLI binary, as a user would. */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as crypto from "node:crypto";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "everest-typegen");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment the CLI runs in: this process's, with NO_COLOR and
 * `extra`, without NODE_EXTRA_CA_CERTS. The CLI makes no TLS connection, and
 * where that variable is set node reads and parses the CA bundle it names at
 * every start: 43 ms of a 106 ms `node -e 0` on the project's machine, times
 * the suite's 280-odd runs of the CLI.
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...extra };
  if (!("NODE_EXTRA_CA_CERTS" in extra)) delete env["NODE_EXTRA_CA_CERTS"];
  return env;
}

export function runCli(args: readonly string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? "",
    encoding: "utf8",
    env: cliEnv(opts.env),
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "etg-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Path -> sha256 of every file below `dir` (sorted), to prove a command wrote nothing. */
export function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out[p] = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, p))).digest("hex");
    }
  };
  if (fs.existsSync(dir)) walk("");
  return out;
}

export function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}
