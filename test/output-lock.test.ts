/**
 * One run at a time writes an output folder (generator/write/output-lock.ts):
 * a second run waits for the first rather than racing it to the swap. The
 * lock's holder is played here by a lock file naming a live process (a
 * `sleep` this test starts), a gone one, or another host.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LOCK_SUFFIX, lockOutput } from "../generator/write/output-lock";
import { OutputFolderError } from "../generator/write/tree";
import { BIN, ROOT, cliEnv, runCli, stopProcess, tempDir } from "./helpers/cli";
import { deadPid } from "./helpers/dead-pid";

let work: string;
let out: string;
let lockFile: string;
let sleeper: ChildProcess | undefined;
beforeEach(() => {
  work = tempDir("etg-lock-");
  out = path.join(work, "out");
  lockFile = `${out}${LOCK_SUFFIX}`;
});
afterEach(async () => {
  if (sleeper !== undefined) await stopProcess(sleeper);
  sleeper = undefined;
});

/** A lock file as a run of `pid` on `host` makes it. */
function holdAs(pid: number, host = os.hostname()): void {
  fs.writeFileSync(lockFile, `${JSON.stringify({ lock: "everest-typegen", pid, host, token: "ab".repeat(16) })}\n`);
}

/** A live process that is no run of everest-typegen: its pid holds the lock. */
function livePid(): number {
  sleeper = spawn("sleep", ["60"], { stdio: "ignore" });
  return sleeper.pid!;
}

const beside = (): string[] => fs.readdirSync(work).sort();

test("a lock held by a live process is waited for, said once, and taken when it goes; release removes it", async () => {
  const pid = livePid();
  holdAs(pid);
  const told: string[] = [];
  let taken = false;
  const waiting = lockOutput(out, { onWait: (m) => told.push(m) }).then((lock) => {
    taken = true;
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(taken).toBe(false);
  expect(told).toEqual([`waiting for another run of everest-typegen (pid ${pid}) to finish writing ${out}`]);
  fs.rmSync(lockFile);
  const lock = await waiting;
  expect(told).toHaveLength(1);
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8"))).toMatchObject({ lock: "everest-typegen", pid: process.pid, host: os.hostname() });
  lock.release();
  expect(beside()).toEqual([]);
});

test("a lock whose process is gone is taken over at once, without waiting", async () => {
  holdAs(deadPid());
  const told: string[] = [];
  const lock = await lockOutput(out, { onWait: (m) => told.push(m), timeoutMs: 0 });
  expect(told).toEqual([]);
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  lock.release();
  expect(beside()).toEqual([]);
});

test("another host's lock is waited for up to the bound, then the run fails naming the host and the file", async () => {
  holdAs(process.pid, "build-box-7");
  const t0 = Date.now();
  const err = await lockOutput(out, { timeoutMs: 300 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  expect(err).toBeInstanceOf(OutputFolderError);
  expect((err as Error).message).toBe(`${out}: another run of everest-typegen (pid ${process.pid} on build-box-7) has been writing it for too long; if no such run is going on, remove ${lockFile}`);
  // Not this run's to remove.
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).host).toBe("build-box-7");
});

test("anything else under the lock's name is refused at once and left as it is", async () => {
  fs.writeFileSync(path.join(work, "real-lock"), `${JSON.stringify({ lock: "everest-typegen", pid: deadPid(), host: os.hostname(), token: "ab".repeat(16) })}\n`);
  for (const [make, label] of [
    [() => fs.writeFileSync(lockFile, "my notes\n"), "a file"],
    [() => fs.writeFileSync(lockFile, `${JSON.stringify({ lock: "everest-typegen", pid: 1, host: os.hostname(), token: "x" })}\n`), "a look-alike"],
    [() => fs.mkdirSync(lockFile), "a folder"],
    [() => fs.symlinkSync(path.join(work, "nowhere"), lockFile), "a dangling link"],
    [() => fs.symlinkSync(path.join(work, "real-lock"), lockFile), "a link to a lock"],
  ] as const) {
    make();
    const err = await lockOutput(out, { timeoutMs: 0 }).then(
      () => `${label}: taken`,
      (e: unknown) => e,
    );
    expect(err).toEqual(new OutputFolderError(`${lockFile}: not a lock of everest-typegen, though it has the name of ${out}'s; move it away`));
    expect(fs.lstatSync(lockFile, { throwIfNoEntry: false })).toBeDefined();
    fs.rmSync(lockFile, { recursive: true });
  }
});

test("a gone run's lock that cannot be moved aside is waited on as a live one's, up to the bound", async () => {
  const pid = deadPid();
  holdAs(pid);
  // The rename that moves the lock aside fails, as in a folder whose entries only their owner may move.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require("node:fs") as typeof fs;
  const renameSync = nodeFs.renameSync;
  jest.spyOn(nodeFs, "renameSync").mockImplementation((a, b) => {
    if (String(a) === lockFile) throw Object.assign(new Error("EPERM: operation not permitted"), { code: "EPERM" });
    return renameSync(a, b);
  });
  try {
    const told: string[] = [];
    await expect(lockOutput(out, { timeoutMs: 200, onWait: (m) => told.push(m) })).rejects.toThrow(OutputFolderError);
    expect(told).toEqual([`waiting for another run of everest-typegen (pid ${pid}) to finish writing ${out}`]);
  } finally {
    jest.restoreAllMocks();
  }
  expect(fs.existsSync(lockFile)).toBe(true);
});

test("release leaves a lock another run has taken over in the meantime", async () => {
  const lock = await lockOutput(out);
  holdAs(deadPid());
  lock.release();
  expect(fs.existsSync(lockFile)).toBe(true);
});

test("runs of one process queue in memory: the second goes on once the first releases, never waiting on the file", async () => {
  const first = await lockOutput(out);
  const told: string[] = [];
  let second = false;
  const next = lockOutput(out, { onWait: (m) => told.push(m), timeoutMs: 0 }).then((lock) => {
    second = true;
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(second).toBe(false);
  first.release();
  (await next).release();
  expect(told).toEqual([]);
  expect(beside()).toEqual([]);
});

test("no lock where none can be made (the folder above --out does not exist): the run goes on, and nothing is made", async () => {
  const deep = path.join(work, "a", "b", "out");
  const lock = await lockOutput(deep, { timeoutMs: 0 });
  expect(beside()).toEqual([]);
  lock.release();
});

test("a killed run's temporary lock file is removed once it is 10 minutes old; a young one is left", async () => {
  const old = `${lockFile}.tmp-0123456789abcdef`;
  const young = `${lockFile}.tmp-fedcba9876543210`;
  const other = `${out}.tmp-0123456789abcdef`;
  for (const f of [old, young, other]) fs.writeFileSync(f, "{}\n");
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  fs.utimesSync(old, hourAgo, hourAgo);
  fs.utimesSync(other, hourAgo, hourAgo);
  (await lockOutput(out)).release();
  expect(beside()).toEqual([path.basename(other), path.basename(young)].sort());
});

describe("the CLI", () => {
  test("generate waits while another run holds the folder's lock, says so, and writes once it is free", async () => {
    holdAs(livePid());
    const child = spawn(process.execPath, [BIN, "generate", "-q", "--defs", path.join(ROOT, "defs"), "--out", out], { cwd: work, env: cliEnv() });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    try {
      // Up to the wait, the run has built its model: its waiting line comes once it would stage the tree.
      const t0 = Date.now();
      while (!stderr.includes("waiting for another run") && Date.now() - t0 < 20_000) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stderr).toContain(`everest-typegen: waiting for another run of everest-typegen (pid ${sleeper!.pid}) to finish writing ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(fs.existsSync(out)).toBe(false);
      expect(beside()).toEqual([path.basename(lockFile)]);
      fs.rmSync(lockFile);
      expect(await exited).toBe(0);
    } finally {
      await stopProcess(child);
    }
    expect(beside()).toEqual(["out"]);
    expect(runCli(["check", "--defs", "defs", "--out", out]).code).toBe(0);
  });

  test("a run with errors does not wait for the lock, nor make one", () => {
    holdAs(livePid());
    fs.mkdirSync(path.join(work, "defs"));
    fs.writeFileSync(path.join(work, "defs", "bad.yaml"), "description: x\ntypes:\n  A:\n    $ref: /nope#/X\n");
    const t0 = Date.now();
    const r = runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("waiting");
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(beside()).toEqual(["defs", path.basename(lockFile)]);
  });

  test("two generates started together on one folder both succeed, one after the other, and leave one tree and no lock", async () => {
    const run = (): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, "generate", "-q", "--defs", path.join(ROOT, "defs"), "--out", out], { cwd: work, env: cliEnv() });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.once("close", (code) => resolve({ code, stderr }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(beside()).toEqual(["out"]);
    expect(runCli(["check", "--defs", "defs", "--out", out]).code).toBe(0);
  });
});
