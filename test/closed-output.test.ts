/**
 * The real binary with a reader that has gone away (`generate --watch | head -1`,
 * a closed terminal): its writes to that stream fail with EPIPE, and it ends
 * with its own exit code, never a stack trace. A watch whose stdout reader has
 * gone ends as on Ctrl-C; one whose stderr is closed runs on.
 * A watch prints after each run while it is alive, so the failed write is
 * seen every time; a one-shot command often exits before the failure is
 * reported, which is why these tests watch.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, cliEnv, tempDir } from "./helpers/cli";

const MANIFEST = ".everest-typegen-manifest.json";

let work: string;
let child: ChildProcess | undefined;
beforeEach(() => {
  work = tempDir("etg-closed-");
});
afterEach(() => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  fs.rmSync(work, { recursive: true, force: true });
});

/** A defs folder of one type file; `warned` leaves a property without a description (a warning on stderr). */
function defsFolder(warned: boolean): string {
  const defs = path.join(work, "defs");
  fs.mkdirSync(defs);
  const property = warned ? "      a:\n        type: string\n" : "      a:\n        description: A\n        type: string\n";
  fs.writeFileSync(path.join(defs, "w.yaml"), `description: Closed output\ntypes:\n  W:\n    description: W\n    type: object\n    properties:\n${property}`);
  return defs;
}

async function until(what: string, done: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!done()) {
    if (Date.now() - t0 > ms) throw new Error(`${what} not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts a watch with `closed` shut on our side before it prints, waits for its first tree and a little after
 * (the line that reports it is printed then), stops it with Ctrl-C, and gives its exit and what the other stream said.
 */
async function watchClosed(closed: "stdout" | "stderr", warned: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; kept: string; out: string; endedByItself: boolean }> {
  const defs = defsFolder(warned);
  const out = path.join(work, "out");
  const c = spawn(process.execPath, [BIN, "generate", "--watch", "--defs", defs, "--out", out], { env: cliEnv(), stdio: ["ignore", "pipe", "pipe"] });
  child = c;
  c[closed].destroy();
  let kept = "";
  const other = closed === "stdout" ? c.stderr! : c.stdout!;
  other.setEncoding("utf8");
  other.on("data", (d: string) => {
    kept += d;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => c.once("close", (code, signal) => resolve({ code, signal })));
  await until("the first tree", () => fs.existsSync(path.join(out, MANIFEST)) || c.exitCode !== null);
  // The report of the first run, printed after its tree is in place: a watch that dies of it is gone well within this.
  await new Promise((r) => setTimeout(r, 500));
  const endedByItself = c.exitCode !== null || c.signalCode !== null;
  if (!endedByItself) c.kill("SIGINT");
  return { ...(await ended), kept, out, endedByItself };
}

test("--watch with stdout closed: it ends by itself once it has put its tree in place, exit 0, and stderr holds nothing", async () => {
  const r = await watchClosed("stdout", false);
  expect({ code: r.code, signal: r.signal, stderr: r.kept, endedByItself: r.endedByItself }).toEqual({ code: 0, signal: null, stderr: "", endedByItself: true });
  expect(fs.existsSync(path.join(r.out, "w.d.ts"))).toBe(true);
}, 120_000);

test("--watch with stderr closed and a warning to print: it runs on and ends on Ctrl-C with exit 0", async () => {
  const r = await watchClosed("stderr", true);
  expect({ code: r.code, signal: r.signal, endedByItself: r.endedByItself }).toEqual({ code: 0, signal: null, endedByItself: false });
  // stdout: what a watch says, its first run's report among it (1 warning), and no stack trace.
  expect(r.kept).toMatch(/wrote \d+ files .*; 1 warning /);
  expect(r.kept).not.toMatch(/EPIPE|node:events|\n\s+at /);
  expect(fs.existsSync(path.join(r.out, "w.d.ts"))).toBe(true);
}, 120_000);
