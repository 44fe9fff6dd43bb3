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
import { Worker } from "node:worker_threads";
import { MANIFEST_PATH, check, readDefs, writeOutput } from "../generator/index";
import * as outputLock from "../generator/write/output-lock";
import { LOCK_SUFFIX, LockWaitStopped, awaitWriters, lockOutput } from "../generator/write/output-lock";
import * as tree from "../generator/write/tree";
import { OutputFolderError } from "../generator/write/tree";
import { BIN, ROOT, cliEnv, runCli, stopProcess, tempDir } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";
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

/** This process's PID namespace, as the lock names it. */
const PIDNS = ((): string => {
  try {
    return fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
})();

/** A lock file as a run of `pid` on `host` in `pidns` makes it; `thread` as a worker thread's run names itself (or, in tests of what is refused, anything). */
function holdAs(pid: number, host = os.hostname(), pidns = PIDNS, token = "ab".repeat(16), thread?: unknown): string {
  const text = `${JSON.stringify({ lock: "everest-typegen", pid, host, pidns, ...(thread === undefined ? {} : { thread }), token })}\n`;
  fs.writeFileSync(lockFile, text);
  return text;
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

test("another host's lock, marked alive, is waited for up to the bound, then the run fails naming the host and the file", async () => {
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

test("a gone run's lock is taken over at once: this host's by its pid, another host's or PID namespace's when last marked over an hour ago", async () => {
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  const unmarked = (): void => fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  for (const hold of [
    // Just made: this host's is judged by its pid alone.
    () => holdAs(deadPid()),
    () => (holdAs(4242, "ci-container-1f2e"), unmarked()),
    () => (holdAs(4242, os.hostname(), "pid:[1]"), unmarked()),
  ]) {
    hold();
    const told: string[] = [];
    const lock = await lockOutput(out, { onWait: (m) => told.push(m), timeoutMs: 0 });
    expect(told).toEqual([]);
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(beside()).toEqual([]);
  }
});
test("the holder marks its lock alive while it holds it, only while the lock is still its own, and stops at release", async () => {
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  const lock = await lockOutput(out, { heartbeatMs: 50 });
  fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(Date.now() - fs.statSync(lockFile).mtimeMs).toBeLessThan(5_000);
  // Another run's lock in its place (this one was taken for gone and taken over): left unmarked.
  const mine = fs.readFileSync(lockFile);
  holdAs(4242, "ci-container-1f2e");
  fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(Math.round(fs.statSync(lockFile).mtimeMs)).toBe(hoursAgo.getTime());
  fs.writeFileSync(lockFile, mine);
  lock.release();
  expect(beside()).toEqual([]);
});

test("another host's lock that this run watches go unchanged for a minute (here 300 ms) is a gone run's; one its holder keeps marking is waited for, though the holder's clock is behind", async () => {
  holdAs(4242, "ci-container-1f2e");
  const told: string[] = [];
  const t0 = Date.now();
  const lock = await lockOutput(out, { onWait: (m) => told.push(m), unseenStaleMs: 300 });
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  expect(told).toEqual([`waiting for another run of everest-typegen (pid 4242 on ci-container-1f2e) to finish writing ${out}`]);
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  lock.release();

  // A live holder on a host whose clock is two minutes behind: each mark it makes is two minutes old by this clock.
  holdAs(4242, "ci-container-1f2e");
  const behind = 120_000;
  const marking = setInterval(() => {
    const then = new Date(Date.now() - behind);
    fs.utimesSync(lockFile, then, then);
  }, 50);
  try {
    await expect(lockOutput(out, { unseenStaleMs: 400, timeoutMs: 1_200 })).rejects.toBeInstanceOf(OutputFolderError);
  } finally {
    clearInterval(marking);
  }
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(4242);
  fs.rmSync(lockFile);
});

test("a second lock left by a killed takeover in another PID namespace goes by its age, not by a pid that means another process here", async () => {
  holdAs(4242, "ci-container-1f2e");
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  const guard = `${lockFile}.takeover`;
  // pid 1 runs on every host; the guard names a container's.
  fs.writeFileSync(guard, `1\nci-container-1f2e\npid:[4026532999]\n`);
  const minutesAgo = new Date(Date.now() - 120_000);
  fs.utimesSync(guard, minutesAgo, minutesAgo);
  const lock = await lockOutput(out, { timeoutMs: 2_000 });
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(process.pid);
  lock.release();
  expect(beside()).toEqual([]);
});

test("the marks are timed by the monotonic clock: a wall clock stepped back an hour does not stop them", async () => {
  const lock = await lockOutput(out, { heartbeatMs: 50 });
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  const now = Date.now();
  const stepped = jest.spyOn(Date, "now").mockReturnValue(now - 3600_000);
  try {
    const until = performance.now() + 100;
    while (performance.now() < until); // the thread busy: no timer runs
    lock.beat();
  } finally {
    stepped.mockRestore();
  }
  expect(Math.round(fs.statSync(lockFile).mtimeMs)).not.toBe(hoursAgo.getTime());
  lock.release();
});

test("beat() marks the lock alive where the event loop does not turn, at most once a heartbeat; writeOutput beats for every file it writes", async () => {
  const hoursAgo = new Date(Date.now() - 2 * 3600_000);
  const lock = await lockOutput(out, { heartbeatMs: 50 });
  fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  const until = Date.now() + 100;
  while (Date.now() < until); // the thread busy: no timer runs
  lock.beat();
  expect(Date.now() - fs.statSync(lockFile).mtimeMs).toBeLessThan(5_000);
  fs.utimesSync(lockFile, hoursAgo, hoursAgo);
  lock.beat();
  expect(Math.round(fs.statSync(lockFile).mtimeMs)).toBe(hoursAgo.getTime());
  lock.release();

  const real = outputLock.lockOutput;
  let beats = 0;
  const spy = jest.spyOn(outputLock, "lockOutput").mockImplementation(async (...args) => {
    const taken = await real(...args);
    return { beat: () => void (beats++, taken.beat()), release: () => taken.release() };
  });
  try {
    const r = await writeOutput(path.join(work, "tree"), readDefs(path.join(ROOT, "defs")));
    expect(spy).toHaveBeenCalledTimes(1);
    expect(beats).toBe(r.written);
  } finally {
    spy.mockRestore();
  }
});

test("anything else under the lock's name is refused at once and left as it is", async () => {
  fs.writeFileSync(path.join(work, "real-lock"), `${JSON.stringify({ lock: "everest-typegen", pid: deadPid(), host: os.hostname(), pidns: PIDNS, token: "ab".repeat(16) })}\n`);
  for (const [make, label] of [
    [() => fs.writeFileSync(lockFile, "my notes\n"), "a file"],
    [() => fs.writeFileSync(lockFile, `${JSON.stringify({ lock: "everest-typegen", pid: 1, host: os.hostname(), pidns: PIDNS, token: "x" })}\n`), "a look-alike"],
    [() => fs.writeFileSync(lockFile, `${JSON.stringify({ lock: "everest-typegen", pid: 1, host: os.hostname(), token: "ab".repeat(16) })}\n`), "no PID namespace"],
    [() => fs.writeFileSync(lockFile, "x".repeat(5000)), "a large file"],
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

test("a takeover under way (its second lock) is waited for; one a killed run left, older than 10 s, is removed", async () => {
  const guard = `${lockFile}.takeover`;
  holdAs(deadPid());
  fs.writeFileSync(guard, "4242\n");
  let taken = false;
  const waiting = lockOutput(out).then((lock) => {
    taken = true;
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(taken).toBe(false);
  fs.rmSync(guard);
  (await waiting).release();
  expect(beside()).toEqual([]);
  // Left by a killed run: removed, and the stale lock taken over at once.
  holdAs(deadPid());
  fs.writeFileSync(guard, "4242\n");
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(guard, old, old);
  (await lockOutput(out, { timeoutMs: 0 })).release();
  expect(beside()).toEqual([]);
  // Not a second lock of ours (other text): left, and the run waits up to its bound.
  holdAs(deadPid());
  fs.writeFileSync(guard, "my notes\n");
  fs.utimesSync(guard, old, old);
  await expect(lockOutput(out, { timeoutMs: 200 })).rejects.toThrow(OutputFolderError);
  expect(fs.readFileSync(guard, "utf8")).toBe("my notes\n");
});

/** A lock run takes the lock holding `token` over at once, saying nothing, and leaves nothing beside the output once it lets go. */
async function expectTakenOverAtOnce(token: string): Promise<void> {
  const told: string[] = [];
  const lock = await lockOutput(out, { onWait: (m) => told.push(m), timeoutMs: 0 });
  expect(told).toEqual([]);
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).token).not.toBe(token);
  lock.release();
  expect(beside()).toEqual([]);
}

test("a lock naming this process that it does not hold is an earlier process's (a container's pid 1), taken over at once", async () => {
  holdAs(process.pid, os.hostname(), PIDNS, "cd".repeat(16));
  await expectTakenOverAtOnce("cd".repeat(16));
});

/** A worker thread of this process holding the lock of `out` through the built API, until told to let go. */
async function holdInWorker(): Promise<{ thread: number; release(): Promise<void> }> {
  const script = path.join(work, "hold.js");
  fs.writeFileSync(
    script,
    `const { parentPort, workerData } = require("node:worker_threads");
const { lockOutput } = require(workerData.lockModule);
lockOutput(workerData.out).then((lock) => {
  parentPort.postMessage("held");
  parentPort.once("message", () => { lock.release(); parentPort.postMessage("released"); });
});
`,
  );
  const worker = new Worker(script, { workerData: { out, lockModule: path.join(ROOT, "dist", "generator", "write", "output-lock.js") } });
  const next = (): Promise<unknown> => new Promise((resolve, reject) => (worker.once("message", resolve), worker.once("error", reject)));
  expect(await next()).toBe("held");
  return {
    thread: worker.threadId,
    async release() {
      worker.postMessage("release");
      expect(await next()).toBe("released");
      await worker.terminate();
    },
  };
}

test("another thread of this process holding the lock (the API on a worker thread) is waited for, never taken for an earlier process's", async () => {
  const other = await holdInWorker();
  try {
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8"))).toMatchObject({ pid: process.pid, thread: other.thread });
    const told: string[] = [];
    const err = await lockOutput(out, { onWait: (m) => told.push(m), timeoutMs: 300 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutputFolderError);
    expect(told).toEqual([`waiting for another run of everest-typegen (pid ${process.pid}, thread ${other.thread}) to finish writing ${out}`]);
    // check waits for it too, rather than judging a folder that thread is writing.
    await expect(awaitWriters(out, { timeoutMs: 300 })).rejects.toThrow(OutputFolderError);
  } finally {
    await other.release();
  }
  const lock = await lockOutput(out, { timeoutMs: 0 });
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).thread).toBeUndefined();
  lock.release();
  expect(beside()).toEqual(["hold.js"]);
});

test("a lock naming this pid and another thread, last marked over an hour ago, is a gone run's: taken over at once", async () => {
  holdAs(process.pid, os.hostname(), PIDNS, "ef".repeat(16), 7);
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  fs.utimesSync(lockFile, old, old);
  await expectTakenOverAtOnce("ef".repeat(16));
});

test.each([["-1", -1], ["0", 0], ["a string", "7"], ["a fraction", 1.5]])("a lock whose thread is %s is no lock of everest-typegen's: refused, left in place", async (_name, thread) => {
  const text = holdAs(process.pid, os.hostname(), PIDNS, "ab".repeat(16), thread);
  await expect(lockOutput(out, { timeoutMs: 0 })).rejects.toThrow(`${lockFile}: not a lock of everest-typegen, though it has the name of ${out}'s; move it away`);
  expect(fs.readFileSync(lockFile, "utf8")).toBe(text);
});

test("a lock from another PID namespace on this host is waited for, never judged by a pid that means another process here", async () => {
  holdAs(deadPid(), os.hostname(), "pid:[1]");
  const told: string[] = [];
  await expect(lockOutput(out, { onWait: (m) => told.push(m), timeoutMs: 200 })).rejects.toThrow(OutputFolderError);
  expect(told[0]).toMatch(/^waiting for another run of everest-typegen \(pid \d+ in another PID namespace\) to finish writing /);
  expect(fs.existsSync(lockFile)).toBe(true);
});

test("while it waits, a run only reads: the folder beside the output does not change", async () => {
  holdAs(livePid());
  const before = fs.statSync(work).mtimeMs;
  const names = beside();
  const abort = new AbortController();
  const waiting = lockOutput(out, { signal: abort.signal }).then(
    () => "taken",
    (e: unknown) => e,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(fs.statSync(work).mtimeMs).toBe(before);
  expect(beside()).toEqual(names);
  abort.abort();
  const err = await waiting;
  expect(err).toBeInstanceOf(LockWaitStopped);
  expect((err as Error).message).toBe(`${out}: stopped while waiting for another run of everest-typegen to finish writing it; nothing written`);
});

test("many processes waiting on a killed run's lock take it one at a time", async () => {
  const script = path.join(work, "contend.js");
  const log = path.join(work, "log");
  fs.writeFileSync(
    script,
    `const fs = require("node:fs");
const { lockOutput } = require(${JSON.stringify(path.join(ROOT, "dist", "generator", "write", "output-lock.js"))});
const [out, go, log] = process.argv.slice(2);
const lockFile = out + ${JSON.stringify(LOCK_SUFFIX)};
const mine = () => JSON.parse(fs.readFileSync(lockFile, "utf8")).pid === process.pid;
(async () => {
  while (!fs.existsSync(go)) await new Promise((r) => setTimeout(r, 2));
  const lock = await lockOutput(out, { timeoutMs: 20000 });
  fs.appendFileSync(log, "in " + process.pid + " " + mine() + "\\n");
  await new Promise((r) => setTimeout(r, 5));
  fs.appendFileSync(log, "out " + process.pid + " " + mine() + "\\n");
  lock.release();
})();
`,
  );
  for (let round = 0; round < 3; round++) {
    const go = path.join(work, `go-${round}`);
    fs.rmSync(log, { force: true });
    holdAs(deadPid());
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, [script, out, go, log], { stdio: "ignore" }));
    const exits = children.map((c) => new Promise<number | null>((resolve) => c.once("close", resolve)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    fs.writeFileSync(go, "");
    expect(await Promise.all(exits)).toEqual([0, 0, 0, 0, 0, 0]);
    const lines = fs.readFileSync(log, "utf8").trim().split("\n");
    // In pairs: each run's "in" followed by its own "out", the lock its own throughout.
    expect(lines).toHaveLength(12);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(" ")[1];
      expect([lines[i], lines[i + 1]]).toEqual([`in ${pid} true`, `out ${pid} true`]);
    }
    expect(beside().filter((n) => n.startsWith("out") || n.startsWith(".everest-typegen"))).toEqual([]);
  }
});

test("a lock released and made again between the look and the read (a reused inode) is read again, not refused", async () => {
  holdAs(deadPid());
  const live = livePid();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require("node:fs") as typeof fs;
  const openSync = nodeFs.openSync;
  let swapped = false;
  jest.spyOn(nodeFs, "openSync").mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
    if (!swapped && String(file) === lockFile) {
      swapped = true;
      // Released at this moment, and another run's lock made in its place.
      fs.rmSync(lockFile);
      holdAs(live, os.hostname(), PIDNS, "ef".repeat(16));
      throw Object.assign(new Error("ENOENT: no such file or directory"), { code: "ENOENT" });
    }
    return (openSync as (...a: unknown[]) => number)(file, ...rest);
  }) as typeof fs.openSync);
  try {
    const told: string[] = [];
    await expect(lockOutput(out, { timeoutMs: 200, onWait: (m) => told.push(m) })).rejects.toThrow(/has been writing it for too long/);
    expect(told).toEqual([`waiting for another run of everest-typegen (pid ${live}) to finish writing ${out}`]);
  } finally {
    jest.restoreAllMocks();
  }
  expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(live);
});

test("an old second lock whose process still runs (a run stopped with Ctrl-Z) is kept, and waited for", async () => {
  const guard = `${lockFile}.takeover`;
  holdAs(deadPid());
  fs.writeFileSync(guard, `${livePid()}\n`);
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(guard, old, old);
  await expect(lockOutput(out, { timeoutMs: 200 })).rejects.toThrow(OutputFolderError);
  expect(fs.readFileSync(guard, "utf8")).toBe(`${sleeper!.pid}\n`);
});

test("release leaves a lock another run has taken over in the meantime", async () => {
  const lock = await lockOutput(out);
  holdAs(deadPid());
  lock.release();
  expect(fs.existsSync(lockFile)).toBe(true);
});

test("runs of one process queue in memory: the second goes on once the first releases, and says it waits only once the first has taken 250 ms more", async () => {
  for (const [holdMs, said] of [
    [100, []],
    [600, [`waiting for another run of everest-typegen in this process to finish writing ${out}`]],
  ] as const) {
    const first = await lockOutput(out);
    const told: string[] = [];
    let second = false;
    const next = lockOutput(out, { onWait: (m) => told.push(m) }).then((lock) => {
      second = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    expect(second).toBe(false);
    first.release();
    (await next).release();
    expect(told).toEqual(said);
    expect(beside()).toEqual([]);
  }
});

test("a queued run of this process that is stopped leaves the runs after it waiting for the one before it, even where no lock can be made on the file", async () => {
  // 236 characters: the lock's name is past the file system's limit, so the queue alone keeps the runs apart.
  const near = path.join(work, "q".repeat(236));
  const first = await lockOutput(near);
  expect(beside()).toEqual([]);
  const stop = new AbortController();
  const stopped = lockOutput(near, { signal: stop.signal });
  let third = false;
  const next = lockOutput(near).then((lock) => ((third = true), lock));
  stop.abort();
  await expect(stopped).rejects.toBeInstanceOf(LockWaitStopped);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(third).toBe(false);
  first.release();
  (await next).release();
});

test("no lock where none can be made (the folder above --out does not exist): the run goes on, and nothing is made", async () => {
  const deep = path.join(work, "a", "b", "out");
  const lock = await lockOutput(deep, { timeoutMs: 0 });
  expect(beside()).toEqual([]);
  lock.release();
});

test("a killed run's temporary lock file is removed once it is 10 minutes old, if it holds what the lock's writer writes", async () => {
  const temp = (hex: string): string => path.join(work, `.everest-typegen-lock-${hex}`);
  const files: [string, string, boolean][] = [
    [temp("0123456789abcdef"), "", true],
    [temp("1123456789abcdef"), `${JSON.stringify({ lock: "everest-typegen", pid: 7, host: "h", pidns: "", token: "ab".repeat(16) })}\n`, true],
    [temp("2123456789abcdef"), "my notes\n", false],
    [temp("fedcba9876543210"), "", false],
    [path.join(work, "out.tmp-0123456789abcdef"), "", true],
  ];
  const hoursAgo = new Date(Date.now() - 60 * 60 * 1000);
  for (const [file, text, old] of files) {
    fs.writeFileSync(file, text);
    if (old) fs.utimesSync(file, hoursAgo, hoursAgo);
  }
  (await lockOutput(out)).release();
  expect(beside()).toEqual([".everest-typegen-lock-2123456789abcdef", ".everest-typegen-lock-fedcba9876543210", "out.tmp-0123456789abcdef"]);
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
    // No other run wrote meanwhile: the tree made before the wait is written, not made again.
    expect(stderr).not.toContain("generating again");
    expect(beside()).toEqual(["out"]);
    expect(runCli(["check", "--defs", "defs", "--out", out]).code).toBe(0);
  });

  /** Starts the CLI with `args` in `work`; `stderr` fills as it prints, `exited` resolves with its exit code. */
  function start(args: readonly string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: cliEnv() });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    return { child, stderr: () => stderr, exited: new Promise((resolve) => child.once("close", resolve)) };
  }

  async function until(ok: () => boolean): Promise<void> {
    const t0 = Date.now();
    while (!ok() && Date.now() - t0 < 20_000) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  test("a run whose inputs another run wrote a newer tree from while it waited does not write its own: it reads them again and generates anew", async () => {
    fs.cpSync(path.join(ROOT, "defs"), path.join(work, "defs"), { recursive: true });
    expect(runCli(["generate", "-q", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    holdAs(livePid());
    const run = start(["generate", "-q", "--defs", "defs", "--out", "out"]);
    try {
      await until(() => run.stderr().includes("waiting for another run"));
      // What the other run does meanwhile: the inputs change, and it puts the tree of the new ones in place.
      fs.appendFileSync(path.join(work, "defs", "display_message.yaml"), "  LockProbe:\n    description: A type added while the run waited\n    type: string\n");
      expect(runCli(["generate", "-q", "--defs", "defs", "--out", "other"], { cwd: work }).code).toBe(0);
      fs.rmSync(out, { recursive: true });
      fs.renameSync(path.join(work, "other"), out);
      fs.rmSync(lockFile);
      expect(await run.exited).toBe(0);
    } finally {
      await stopProcess(run.child);
    }
    expect(run.stderr()).toContain("everest-typegen: another run wrote the output from newer inputs than this run read; generating again");
    expect(runCli(["check", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    expect(fs.readFileSync(path.join(out, "display_message.d.ts"), "utf8")).toContain("LockProbe");
  });

  test("a folder generate refuses is refused at once, while another run holds the lock, and no lock is made", () => {
    holdAs(livePid());
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "mine.txt"), "a user's file\n");
    const t0 = Date.now();
    const r = runCli(["generate", "--defs", "defs", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("waiting");
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(JSON.parse(fs.readFileSync(lockFile, "utf8")).pid).toBe(sleeper!.pid);
    expect(fs.readdirSync(out)).toEqual(["mine.txt"]);
  });

  test("Ctrl-C stops a watch that waits for the lock at once, with nothing written", async () => {
    holdAs(livePid());
    const run = start(["generate", "--watch", "--defs", path.join(ROOT, "defs"), "--out", "out"]);
    try {
      await until(() => run.stderr().includes("waiting for another run"));
      expect(run.stderr()).toContain("waiting for another run");
      const t0 = Date.now();
      run.child.kill("SIGINT");
      expect(await run.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      await stopProcess(run.child);
    }
    expect(run.stderr()).not.toContain("error");
    expect(beside()).toEqual([path.basename(lockFile)]);
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

  test("check confirms an up-to-date tree at once, whoever holds the lock", () => {
    copyOfDefsTree(out);
    for (const hold of [() => holdAs(livePid()), () => holdAs(process.pid, "build-box-7"), () => holdAs(deadPid()), () => fs.writeFileSync(lockFile, "not a lock\n")]) {
      hold();
      const before = fs.readFileSync(lockFile);
      const t0 = Date.now();
      const r = runCli(["check", "--defs", path.join(ROOT, "defs"), "--out", out]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(r.stdout).toMatch(/is up to date/);
      expect(Date.now() - t0).toBeLessThan(20_000);
      // check writes nothing: the lock is generate's to take over, or to refuse.
      expect(fs.readFileSync(lockFile)).toEqual(before);
      expect(beside()).toEqual(["out", path.basename(lockFile)]);
      fs.rmSync(lockFile);
    }
  });

  test("check of a tree that is not up to date waits while a run it can see holds the lock, says so, and reads the tree again once it is free", async () => {
    copyOfDefsTree(out);
    const file = path.join(out, "ocpp.d.ts");
    const good = fs.readFileSync(file);
    fs.appendFileSync(file, "// edited\n");
    holdAs(livePid());
    const run = start(["check", "--defs", path.join(ROOT, "defs"), "--out", "out"]);
    let code: number | null | undefined;
    void run.exited.then((c) => (code = c));
    try {
      await until(() => run.stderr().includes("waiting for another run"));
      expect(run.stderr()).toBe(`everest-typegen: waiting for another run of everest-typegen (pid ${sleeper!.pid}) to finish writing out\n`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(code).toBeUndefined();
      // What the other run does: it puts the tree right, then releases the lock.
      fs.writeFileSync(file, good);
      fs.rmSync(lockFile);
      expect(await run.exited).toBe(0);
    } finally {
      await stopProcess(run.child);
    }
    expect(run.stderr()).toContain("everest-typegen: another run of everest-typegen wrote out while it was being checked; checking again\n");
    expect(beside()).toEqual(["out"]);
  });

  test("check of a tree that is not up to date gives its verdict at once beside a gone run's lock (another host's last marked over an hour ago, or this host's), or a file that is no lock", () => {
    copyOfDefsTree(out);
    fs.appendFileSync(path.join(out, "ocpp.d.ts"), "// edited\n");
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const hold of [
      () => {
        holdAs(4242, "ci-container-1f2e");
        fs.utimesSync(lockFile, hoursAgo, hoursAgo);
      },
      () => holdAs(deadPid()),
      () => fs.writeFileSync(lockFile, "not a lock\n"),
    ]) {
      hold();
      const before = fs.readFileSync(lockFile);
      const r = runCli(["check", "--defs", path.join(ROOT, "defs"), "--out", out]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" });
      expect(r.stdout).toContain("  changed: ocpp.d.ts");
      expect(fs.readFileSync(lockFile)).toEqual(before);
      fs.rmSync(lockFile);
    }
  });

  test("check of an --out beneath a file fails once, naming it, with no word of another run", () => {
    fs.writeFileSync(path.join(work, "afile"), "x\n");
    const r = runCli(["check", "--defs", path.join(ROOT, "defs"), "--out", path.join(work, "afile", "sub")]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("another run");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("afile/sub");
  });

  test("an --out near the file system's name limit: generate writes it where the second lock's name would not fit, and check judges it where the lock's would not", () => {
    // 228 characters: the staging folder's and the lock's names fit in 255, the second lock's (30 more) does not.
    const near = path.join(work, "o".repeat(228));
    const g = runCli(["generate", "-q", "--defs", path.join(ROOT, "defs"), "--out", near]);
    expect({ code: g.code, stderr: g.stderr }).toEqual({ code: 0, stderr: "" });
    expect(beside()).toEqual([path.basename(near)]);
    // 250 characters: not even the lock's name fits (generate could not stage it either: the tree is moved there).
    const long = path.join(work, "o".repeat(250));
    fs.renameSync(near, long);
    const ok = runCli(["check", "--defs", path.join(ROOT, "defs"), "--out", long]);
    expect({ code: ok.code, stderr: ok.stderr }).toEqual({ code: 0, stderr: "" });
    fs.appendFileSync(path.join(long, "ocpp.d.ts"), "// edited\n");
    const c = runCli(["check", "--defs", path.join(ROOT, "defs"), "--out", long]);
    expect({ code: c.code, stderr: c.stderr }).toEqual({ code: 1, stderr: "" });
  });
});

describe("check() and another run writing the folder", () => {
  test("awaitWriters returns at once when there is no lock, a killed run's lock or a file that is no lock, and leaves each as it is", async () => {
    expect(await awaitWriters(out, { timeoutMs: 0 })).toBe(false);
    for (const make of [() => holdAs(deadPid()), () => fs.writeFileSync(lockFile, "not a lock\n"), () => fs.mkdirSync(lockFile)]) {
      make();
      const told: string[] = [];
      expect(await awaitWriters(out, { timeoutMs: 0, onWait: (m) => told.push(m) })).toBe(false);
      expect(told).toEqual([]);
      expect(beside()).toEqual([path.basename(lockFile)]);
      fs.rmSync(lockFile, { recursive: true });
    }
  });

  test("awaitWriters waits for a live run's lock, says so once and returns true once it goes; past the bound it fails as generate does; a signal stops it", async () => {
    holdAs(livePid());
    const told: string[] = [];
    let done = false;
    const waiting = awaitWriters(out, { onWait: (m) => told.push(m) }).then((w) => ((done = true), w));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    expect(told).toEqual([`waiting for another run of everest-typegen (pid ${sleeper!.pid}) to finish writing ${out}`]);
    fs.rmSync(lockFile);
    expect(await waiting).toBe(true);
    expect(told).toHaveLength(1);
    expect(beside()).toEqual([]);

    holdAs(sleeper!.pid!);
    const late = await awaitWriters(out, { timeoutMs: 200 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(late).toBeInstanceOf(OutputFolderError);
    expect((late as Error).message).toBe(`${out}: another run of everest-typegen (pid ${sleeper!.pid}) has been writing it for too long; if no such run is going on, remove ${lockFile}`);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    await expect(awaitWriters(out, { signal: stop.signal })).rejects.toBeInstanceOf(LockWaitStopped);
    expect(beside()).toEqual([path.basename(lockFile)]);
  });

  test("awaitWriters fails at once past a deadline it is given (one bound for a check's waits), and a stopped signal ends only a wait", async () => {
    holdAs(livePid());
    await expect(awaitWriters(out, { deadline: Date.now() - 1 })).rejects.toThrow(`${out}: another run of everest-typegen (pid ${sleeper!.pid}) has been writing it for too long; if no such run is going on, remove ${lockFile}`);
    const stopped = AbortSignal.abort();
    await expect(awaitWriters(out, { signal: stopped })).rejects.toBeInstanceOf(LockWaitStopped);
    fs.rmSync(lockFile);
    // Nothing to wait for: a stopped signal stops nothing.
    expect(await awaitWriters(out, { signal: stopped })).toBe(false);
    holdAs(deadPid());
    expect(await awaitWriters(out, { signal: stopped })).toBe(false);
  });

  test("awaitWriters waits for another host's or PID namespace's lock while it is marked alive, and not for one last marked over an hour ago", async () => {
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const [host, pidns, where] of [
      ["build-box-7", PIDNS, " on build-box-7"],
      [os.hostname(), "pid:[1]", " in another PID namespace"],
    ] as const) {
      holdAs(4242, host, pidns);
      const told: string[] = [];
      let done = false;
      const waiting = awaitWriters(out, { onWait: (m) => told.push(m) }).then((w) => ((done = true), w));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      expect(told).toEqual([`waiting for another run of everest-typegen (pid 4242${where}) to finish writing ${out}`]);
      // Its run is killed: the lock goes unmarked, and looks so once its time is past the minute.
      fs.utimesSync(lockFile, hoursAgo, hoursAgo);
      expect(await waiting).toBe(true);
      expect(told).toHaveLength(1);
      const t0 = Date.now();
      expect(await awaitWriters(out, { timeoutMs: 0 })).toBe(false);
      expect(Date.now() - t0).toBeLessThan(1_000);
      expect(beside()).toEqual([path.basename(lockFile)]);
      fs.rmSync(lockFile);
    }
  });

  test("a run of this process on the folder is waited for in memory as on the file: said, bounded, stopped by a signal; generate's queue too", async () => {
    const first = await lockOutput(out);
    try {
      const told: string[] = [];
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 400);
      const t0 = Date.now();
      await expect(awaitWriters(out, { onWait: (m) => told.push(m), signal: stop.signal })).rejects.toBeInstanceOf(LockWaitStopped);
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(told).toEqual([`waiting for another run of everest-typegen in this process to finish writing ${out}`]);
      await expect(awaitWriters(out, { timeoutMs: 100 })).rejects.toThrow(`${out}: another run of everest-typegen in this process has been writing it for too long`);
      const again = new AbortController();
      setTimeout(() => again.abort(), 100);
      await expect(lockOutput(out, { signal: again.signal })).rejects.toBeInstanceOf(LockWaitStopped);
      // The first run still holds the lock, and a run after it waits for it, then takes it.
      let second = false;
      const next = lockOutput(out).then((lock) => ((second = true), lock));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(second).toBe(false);
      first.release();
      (await next).release();
    } finally {
      first.release();
    }
    expect(beside()).toEqual([]);
  });

  /** The tree writeOutput makes of defs/ at `out`, with one file edited: not up to date. */
  async function editedTree(): Promise<{ file: string; good: Buffer }> {
    await writeOutput(out, readDefs(path.join(ROOT, "defs")));
    const file = path.join(out, "ocpp.d.ts");
    const good = fs.readFileSync(file);
    fs.appendFileSync(file, "// edited\n");
    return { file, good };
  }

  /** What another run's swap does to the folder: `file` as generate makes it, and a manifest of its own (a new file). */
  function swapIn(file: string, good: Buffer): void {
    fs.writeFileSync(file, good);
    const manifest = path.join(out, MANIFEST_PATH);
    fs.copyFileSync(manifest, `${manifest}.new`);
    fs.renameSync(`${manifest}.new`, manifest);
  }

  test("a folder another run replaced while check read it is read again, and judged as it is now; one never replaced, once", async () => {
    const { file, good } = await editedTree();
    const real = tree.compareTree;
    const compare = jest.spyOn(tree, "compareTree");
    try {
      const told: string[] = [];
      const stale = await check(readDefs(path.join(ROOT, "defs")), out, { onRecheck: (m) => told.push(m) });
      expect(stale).toMatchObject({ upToDate: false, changed: ["ocpp.d.ts"] });
      expect(compare).toHaveBeenCalledTimes(1);
      expect(told).toEqual([]);

      compare.mockClear();
      compare.mockImplementationOnce((...args) => {
        const seen = real(...args);
        swapIn(file, good);
        return seen;
      });
      const now = await check(readDefs(path.join(ROOT, "defs")), out, { onRecheck: (m) => told.push(m) });
      expect(now).toMatchObject({ upToDate: true, changed: [], missing: [], extra: [] });
      expect(compare).toHaveBeenCalledTimes(2);
      expect(told).toEqual([`another run of everest-typegen wrote ${out} while it was being checked; checking again`]);
    } finally {
      compare.mockRestore();
    }
  });

  test("a folder replaced at every read gets the third read's verdict", async () => {
    const { file } = await editedTree();
    const real = tree.compareTree;
    const compare = jest.spyOn(tree, "compareTree").mockImplementation((...args) => {
      const seen = real(...args);
      swapIn(file, Buffer.from(`// another run's tree ${Date.now()}\n`));
      return seen;
    });
    try {
      const told: string[] = [];
      const r = await check(readDefs(path.join(ROOT, "defs")), out, { onRecheck: (m) => told.push(m) });
      expect(r).toMatchObject({ upToDate: false, changed: ["ocpp.d.ts"] });
      expect(compare).toHaveBeenCalledTimes(3);
      expect(told).toHaveLength(2);
    } finally {
      compare.mockRestore();
    }
  });

  test("a run that took the lock while check read the folder is waited for, and the folder read again once it is done", async () => {
    const { file, good } = await editedTree();
    const real = tree.compareTree;
    const pid = livePid();
    const compare = jest.spyOn(tree, "compareTree").mockImplementationOnce((...args) => {
      const seen = real(...args);
      // Another run takes the lock now, and puts the file right before it releases it.
      holdAs(pid);
      setTimeout(() => {
        fs.writeFileSync(file, good);
        fs.rmSync(lockFile);
      }, 300);
      return seen;
    });
    try {
      const told: string[] = [];
      const r = await check(readDefs(path.join(ROOT, "defs")), out, { onLockWait: (m) => told.push(m), onRecheck: (m) => told.push(m) });
      expect(r).toMatchObject({ upToDate: true, changed: [] });
      expect(compare).toHaveBeenCalledTimes(2);
      expect(told).toEqual([`waiting for another run of everest-typegen (pid ${pid}) to finish writing ${out}`, `another run of everest-typegen wrote ${out} while it was being checked; checking again`]);
    } finally {
      compare.mockRestore();
    }
  });

  test("runs that take the lock at two readings are each waited for, said once; the third reading's verdict is given", async () => {
    const { file } = await editedTree();
    const real = tree.compareTree;
    const pid = livePid();
    let reading = 0;
    const compare = jest.spyOn(tree, "compareTree").mockImplementation((...args) => {
      const seen = real(...args);
      // Two runs in turn take the lock after a reading, and leave the file as it was.
      if (++reading <= 2) {
        holdAs(pid);
        setTimeout(() => fs.rmSync(lockFile), 150);
      }
      return seen;
    });
    try {
      const told: string[] = [];
      const r = await check(readDefs(path.join(ROOT, "defs")), out, { onLockWait: (m) => told.push(m), onRecheck: (m) => told.push(m) });
      expect(r).toMatchObject({ upToDate: false, changed: ["ocpp.d.ts"] });
      expect(compare).toHaveBeenCalledTimes(3);
      const recheck = `another run of everest-typegen wrote ${out} while it was being checked; checking again`;
      expect(told).toEqual([`waiting for another run of everest-typegen (pid ${pid}) to finish writing ${out}`, recheck, recheck]);
      expect(fs.readFileSync(file, "utf8")).toMatch(/\/\/ edited\n$/);
    } finally {
      compare.mockRestore();
    }
  });

  test("a reading that finds the folder gone (a swap renamed it aside between two of its steps) is made again", async () => {
    const { file, good } = await editedTree();
    const refusal = jest.spyOn(tree, "replaceRefusal").mockImplementationOnce(() => {
      // The swap: the tree renamed aside, and the new one in place, as the reading lists the folder.
      swapIn(file, good);
      throw Object.assign(new Error(`ENOENT: no such file or directory, scandir '${out}'`), { code: "ENOENT" });
    });
    try {
      const told: string[] = [];
      const r = await check(readDefs(path.join(ROOT, "defs")), out, { onRecheck: (m) => told.push(m) });
      expect(r).toMatchObject({ upToDate: true, changed: [], missing: [], extra: [] });
      expect(refusal).toHaveBeenCalledTimes(2);
      expect(told).toEqual([`another run of everest-typegen wrote ${out} while it was being checked; checking again`]);
      // Any other failure of a reading is the check's to report; so is a folder gone where no run wrote it.
      refusal.mockClear();
      refusal.mockImplementationOnce(() => {
        throw Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
      });
      await expect(check(readDefs(path.join(ROOT, "defs")), out)).rejects.toThrow("EIO: i/o error");
      refusal.mockImplementationOnce(() => {
        throw Object.assign(new Error(`ENOENT: no such file or directory, scandir '${out}'`), { code: "ENOENT" });
      });
      await expect(check(readDefs(path.join(ROOT, "defs")), out, { onRecheck: (m) => told.push(m) })).rejects.toThrow("ENOENT");
      expect(refusal).toHaveBeenCalledTimes(2);
      expect(told).toHaveLength(1);
    } finally {
      refusal.mockRestore();
    }
  });

  test("a check stopped before it would wait, with no lock to wait for, gives its verdict", async () => {
    await editedTree();
    const r = await check(readDefs(path.join(ROOT, "defs")), out, { lockSignal: AbortSignal.abort() });
    expect(r).toMatchObject({ upToDate: false, changed: ["ocpp.d.ts"] });
  });
});
