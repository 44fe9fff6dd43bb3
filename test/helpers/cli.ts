/** Runs the real CLI binary, as a user would. */
import { spawnSync, type ChildProcess, type SpawnSyncReturns } from "node:child_process";
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

/**
 * Stops a CLI process a test started (a `generate --watch`): SIGTERM, then
 * waits until it has exited, at most `waitMs`. On SIGTERM a watch finishes
 * the run under way and its clean-up (the old tree, the stat index) first, so
 * a test that removes its folder right after the signal races those last
 * writes; and a process that outlives its test file is the next file's.
 */
export async function stopProcess(child: ChildProcess, waitMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  // "close": exited, and its standard streams closed too, so nothing of it is left open in this process.
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  // The timer is cleared once the process has exited: a pending one would keep the jest worker alive for waitMs.
  await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
}

/** The folders `tempDir` made in this test file, removed when the file's tests are done. */
const madeDirs: string[] = [];

/**
 * A new empty folder under the system's temporary folder. It is removed, with
 * what the test put in it, after the last test of the file that made it: the
 * suite made about 200 MB of folders per run and left them behind.
 */
export function tempDir(prefix = "etg-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/**
 * Removes `dir`. Copies of EVerest's tree keep its read-only folders (0555),
 * whose entries only root may remove: for anyone else the folders are made
 * writable first.
 */
function removeTree(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    const reopen = (d: string): void => {
      try {
        fs.chmodSync(d, 0o700);
        for (const e of fs.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) reopen(path.join(d, e.name));
      } catch {
        // Already gone, or not ours to change: rmSync below reports nothing either way.
      }
    };
    reopen(dir);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  }
}

// Jest loads this module afresh for each test file, so the hook is that file's.
// Outside jest (a script importing the helpers) there is no hook to add.
if (typeof afterAll === "function") {
  afterAll(() => {
    for (const dir of madeDirs.splice(0)) removeTree(dir);
  });
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
