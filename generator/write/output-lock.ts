/**
 * One run at a time writes an output folder. Two runs on one folder (a
 * `--watch` and a pre-commit hook, two terminals, parallel CI steps) would
 * otherwise race to swap their trees in: the one that lost failed, and had
 * to be run again. Now the second waits for the first to finish.
 *
 * The lock is a file beside the output, `<out>.everest-typegen-lock`, made
 * whole or not at all (written under a temporary name, then hard-linked to
 * its own name, which fails when it exists), naming the process that holds
 * it, its host and its PID namespace. A waiting run only reads it, so its
 * polls change nothing that a file watcher would hear.
 *
 * A lock is stale when its process is gone: judged by its pid for a lock
 * made on this host in this PID namespace, and for this thread's own pid
 * and thread, by whether this thread holds it. Elsewhere (another host,
 * another container) a process cannot be seen from here, nor another thread
 * of this process (the API on a worker thread), so the holder marks its
 * lock alive (its modification time) every {@link HEARTBEAT_MS} (from a
 * timer, and as it writes its files, `beat`), and such a lock is stale once
 * this run has watched it go {@link UNSEEN_STALE_MS} unchanged, timed by
 * this run's own clock, or at once when it was last marked over
 * {@link LEFTOVER_MS} ago by this host's clock (no two hosts' clocks are
 * compared closer than that): a killed container's lock no longer keeps
 * the next run waiting until the bound. (A run whose
 * main thread is busy for longer than that, or an older version that does
 * not mark its lock, can then be taken for gone: the swap's race detection
 * still keeps the two runs' trees apart.) A stale lock is removed by one
 * waiting run at a time, under a second lock (`<lock>.takeover`), after
 * reading it once more: a lock another run made meanwhile is not removed.
 * (A second lock left by a run killed mid-takeover is removed after 10 s;
 * two runs that find it so at the same moment can both go on, and the swap's
 * race detection, tree.ts, then decides.)
 *
 * Runs of one thread queue in memory, never through the file (the queue is
 * keyed by the lock file's real path, however `--out` is spelled); that wait
 * is said, bounded and stoppable as one on the file is. The queue and the
 * locks held are this thread's: another thread of the process using the API
 * on the same folder waits on the file, and the lock names its thread
 * (`threadId`, left out on the main thread as before) so that each thread
 * tells its own from another's. A lock of another thread of this pid is
 * judged as one made elsewhere: it may be a live thread's, or a thread's of
 * an earlier process that had this pid, and neither can be seen from here.
 *
 * `check` waits as well (awaitWriters), only reading, and only to back a
 * verdict that the folder is not up to date: it takes no lock and removes
 * none, so a check never keeps a generate waiting.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { threadId } from "node:worker_threads";
import { readRegular } from "../regular-file";
import { removeStaleTemps } from "../stale-temps";
import { OutputFolderError, isRunning } from "./tree";

export interface OutputLock {
  /**
   * Marks the lock alive if the last mark is {@link HEARTBEAT_MS} old or
   * more; cheap otherwise. For work that keeps the event loop from turning
   * (a generate's main thread does not turn it between its first file and
   * its last), so the holder's timer cannot: the writer calls it for every
   * file written.
   */
  beat(): void;
  /** Removes the lock if it is still this run's; then the next run of this process on the folder goes on. */
  release(): void;
}

export interface LockOptions {
  /** Called once, when the run starts to wait for another: the words say for whom. */
  readonly onWait?: (message: string) => void;
  /** How long to wait for another run before failing; default {@link LOCK_WAIT_MS}. */
  readonly timeoutMs?: number;
  /** The moment (`Date.now()` ms) the wait fails, in place of `timeoutMs`: one bound for several waits. */
  readonly deadline?: number;
  /** Ends a wait (a watch stopped by Ctrl-C): the run then fails with {@link LockWaitStopped}. */
  readonly signal?: AbortSignal;
  /** How often the holder marks its lock alive; default {@link HEARTBEAT_MS}. */
  readonly heartbeatMs?: number;
  /** How long a lock made elsewhere is watched unchanged before it is taken for a gone run's; default {@link UNSEEN_STALE_MS}. */
  readonly unseenStaleMs?: number;
}

/** A wait for the lock that `signal` ended: nothing was written. */
export class LockWaitStopped extends OutputFolderError {}

/** How long a run waits for another to finish: a run on ten copies of EVerest's tree takes about 15 s. */
export const LOCK_WAIT_MS = 5 * 60 * 1000;

/** How often a run marks the lock it holds alive, for runs elsewhere that cannot see its process. */
export const HEARTBEAT_MS = 10 * 1000;

/** How long a run watches a lock made elsewhere (another host or PID namespace) go unchanged before it takes it for a gone run's. */
export const UNSEEN_STALE_MS = 60 * 1000;

/** A lock made elsewhere and last marked longer ago than this, by this host's clock, is a gone run's on sight. */
export const LEFTOVER_MS = 60 * 60 * 1000;

/** How often a waiting run looks at the lock again. */
const POLL_MS = 50;

/** The name beside `<out>`. */
export const LOCK_SUFFIX = ".everest-typegen-lock";

/** The prefix of a lock's temporary name while it is made, in the output's parent folder. */
const TEMP_PREFIX = ".everest-typegen-lock-";

/** Reads in a row that find the lock replaced before a lock that cannot be read is taken for something else. */
const MAX_CHANGES = 100;

/** A takeover lasts a few file system calls: a second lock for one older than this is a killed run's. */
const STALE_TAKEOVER_MS = 10 * 1000;

/** The largest lock file read: a lock holds a line of JSON. */
const MAX_LOCK_BYTES = 4096;

interface Holder {
  readonly lock: "everest-typegen";
  readonly pid: number;
  readonly host: string;
  /** The PID namespace (`/proc/self/ns/pid`'s link), empty where there is none to read. */
  readonly pidns: string;
  /** The worker thread's `threadId`; absent on the main thread (0), as locks were before threads were named. */
  readonly thread?: number;
  readonly token: string;
}

/** This process's runs on each lock file, in order: each waits for the one before it to release. */
const queues = new Map<string, Promise<void>>();

/** The locks this process holds now, by file: their tokens. */
const held = new Map<string, string>();

/** Waits until this run may write `out`, and holds the lock until `release()`. */
export async function lockOutput(out: string, options: LockOptions = {}): Promise<OutputLock> {
  const file = lockFileOf(out);
  // Where the folder above --out cannot be resolved, no lock can be made: the run goes on (staging reports why).
  if (file === undefined) return { beat: () => undefined, release: () => undefined };
  const before = queues.get(file);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  queues.set(file, mine);
  const leave = (): void => {
    if (queues.get(file) === mine) queues.delete(file);
    done();
  };
  const wait = waitOf(file, out, options);
  let token: string | undefined;
  let queued = before !== undefined;
  try {
    if (before !== undefined) await awaitInProcess(before, wait, "nothing written");
    queued = false;
    token = await acquire(file, out, wait);
  } catch (err) {
    // Stopped while the run before it still goes on: the runs after this one still wait for that one (where no lock
    // can be made on the file, the queue is all that keeps them apart).
    if (queued) void before!.then(leave);
    else leave();
    throw err;
  }
  if (token !== undefined) held.set(file, token);
  const every = options.heartbeatMs ?? HEARTBEAT_MS;
  // Timed by this process's monotonic clock: a step of the wall clock neither stops nor hurries the marks.
  let marked = performance.now();
  const mark = (): void => {
    marked = performance.now();
    if (token !== undefined) markAlive(file, token);
  };
  const beat = (): void => {
    if (token !== undefined && performance.now() - marked >= every) mark();
  };
  // While the event loop turns (a wait, a session's old tree being removed); the lock never keeps the process alive.
  const heartbeat = token === undefined ? undefined : setInterval(mark, every);
  heartbeat?.unref();
  let released = false;
  return {
    beat,
    release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (token !== undefined) {
        removeIfMine(file, token);
        held.delete(file);
      }
      leave();
    },
  };
}

/** `<out>.everest-typegen-lock` in the real folder above `out`; undefined when that folder cannot be resolved. */
function lockFileOf(out: string): string | undefined {
  const abs = path.resolve(out);
  try {
    return path.join(fs.realpathSync(path.dirname(abs)), `${path.basename(abs)}${LOCK_SUFFIX}`);
  } catch {
    return undefined;
  }
}

/** How a run waits: for the lock `file` of `out`, until `deadline`, saying so once (`say`), stopped by `signal`. */
interface Wait {
  readonly file: string;
  readonly out: string;
  readonly deadline: number;
  readonly say: (message: string) => void;
  readonly signal: AbortSignal | undefined;
  readonly unseenStaleMs: number;
}

function waitOf(file: string, out: string, options: LockOptions): Wait {
  let said = false;
  const say = (message: string): void => {
    if (said) return;
    said = true;
    options.onWait?.(message);
  };
  return { file, out, deadline: options.deadline ?? Date.now() + (options.timeoutMs ?? LOCK_WAIT_MS), say, signal: options.signal, unseenStaleMs: options.unseenStaleMs ?? UNSEEN_STALE_MS };
}

/**
 * How long a run of this process may still take to let go of the folder before a wait for it is said: a call
 * of the API with a session returns before it has removed its old tree, and a call right after it waits for that.
 */
const SAY_IN_PROCESS_MS = 250;

/** Waits for `before`, a run of this process on the same file, as a wait on the file is waited: said, bounded, stoppable. */
function awaitInProcess(before: Promise<void>, wait: Wait, nothingDone: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = (): void => finish(new LockWaitStopped(`${wait.out}: stopped while waiting for another run of everest-typegen to finish writing it; ${nothingDone}`));
    const timer = setTimeout(() => finish(new OutputFolderError(`${wait.out}: another run of everest-typegen in this process has been writing it for too long`)), Math.max(0, wait.deadline - Date.now()));
    const saying = setTimeout(() => wait.say(`waiting for another run of everest-typegen in this process to finish writing ${wait.out}`), SAY_IN_PROCESS_MS);
    function finish(err?: Error): void {
      clearTimeout(timer);
      clearTimeout(saying);
      wait.signal?.removeEventListener("abort", stop);
      if (err === undefined) resolve();
      else reject(err);
    }
    if (wait.signal?.aborted === true) return stop();
    wait.signal?.addEventListener("abort", stop, { once: true });
    void before.then(() => finish());
  });
}

/** Takes the file lock: its token, or undefined where no lock can be made (the run goes on without). */
async function acquire(file: string, out: string, wait: Wait): Promise<string | undefined> {
  const me: Holder = { lock: "everest-typegen", ...thisProcess(), token: crypto.randomBytes(16).toString("hex") };
  // Left by runs killed while making a lock, or while taking one over.
  removeStaleTemps(path.dirname(file), isLockTemp, isLockTempContent);
  removeStaleGuard(`${file}.takeover`);
  const reader = new LockReader(file);
  for (;;) {
    if (wait.signal?.aborted === true) throw new LockWaitStopped(`${out}: stopped while waiting for another run of everest-typegen to finish writing it; nothing written`);
    const found = reader.read();
    if (found === "none") {
      const made = tryCreate(file, me);
      if (made === "made") return me.token;
      if (made === "unavailable") return undefined;
      continue;
    }
    if (found === undefined) throw new OutputFolderError(`${file}: not a lock of everest-typegen, though it has the name of ${out}'s; move it away`);
    if (isStale(found, me, file, reader, wait.unseenStaleMs)) {
      const took = takeOver(file, found.token, reader.identity());
      // Read afresh next time, whatever was there: the lock was removed, or was not the one read.
      reader.forget();
      if (took === "removed") continue;
      // "busy": another run is taking it over at this moment (or a second lock is in the way): waited for as any.
    }
    await pause(found, me, wait);
  }
}

/**
 * For `check`, which writes nothing, so takes no lock and removes none:
 * waits, only reading, while a live run holds the lock of `out`, and says
 * whether it waited. A lock whose run is gone (made elsewhere: unmarked for
 * {@link UNSEEN_STALE_MS}), or a file of that name that is no lock, it
 * leaves to generate, and returns at once. A wait fails as generate's
 * does: past the bound, or stopped by `signal`.
 */
export async function awaitWriters(out: string, options: LockOptions = {}): Promise<boolean> {
  const file = lockFileOf(out);
  if (file === undefined) return false;
  const wait = waitOf(file, out, options);
  // A run of this process on the folder (through the API) is waited for in memory, as its runs wait for each other.
  const before = queues.get(file);
  let waited = before !== undefined;
  if (before !== undefined) await awaitInProcess(before, wait, "nothing checked");
  const reader = new LockReader(file);
  let me: ReturnType<typeof thisProcess> | undefined;
  for (;;) {
    const found = reader.read();
    if (found === "none" || found === undefined) return waited;
    me ??= thisProcess();
    if (isStale(found, me, file, reader, wait.unseenStaleMs)) return waited;
    // Only a wait is stopped: with nothing to wait for, the check goes on to its verdict.
    if (wait.signal?.aborted === true) throw new LockWaitStopped(`${out}: stopped while waiting for another run of everest-typegen to finish writing it; nothing checked`);
    await pause(found, me, wait);
    waited = true;
  }
}

/** The lock's file, read as a waiting run reads it: again only once it changed, so a long wait reads it once. */
class LockReader {
  private seen: { readonly id: string; readonly holder: Holder | undefined; readonly mtimeMs: number; readonly since: number } | undefined;

  constructor(private readonly file: string) {}

  /** The holder; "none" when there is no file of the lock's name; undefined when that file is not a lock. */
  read(): Holder | "none" | undefined {
    // Reads that found the lock gone or replaced, in a row: past a bound, a lock that cannot be read is not one.
    for (let changes = 1; ; changes++) {
      let st: fs.BigIntStats | undefined;
      try {
        st = fs.lstatSync(this.file, { throwIfNoEntry: false, bigint: true });
      } catch {
        // Not there as far as this process can tell: a name past the file system's limit, a folder it may not search.
        // No lock can be made there either (tryCreate: "unavailable"), so no run holds one.
        return "none";
      }
      if (st === undefined) return "none";
      const id = identityOf(st);
      if (this.seen?.id !== id) {
        const found = st.isFile() ? readHolder(this.file, st) : undefined;
        if (found === "changed" && changes < MAX_CHANGES) continue;
        this.seen = { id, holder: found === "changed" ? undefined : found, mtimeMs: Number(st.mtimeNs / 1_000_000n), since: performance.now() };
      }
      return this.seen.holder;
    }
  }

  /** How long this reader has seen the lock unchanged (not marked by its holder), by this process's monotonic clock. */
  unchangedMs(): number {
    return this.seen === undefined ? 0 : performance.now() - this.seen.since;
  }

  /** How long ago the lock last read was marked (made, or touched by its holder), by this host's clock against the holder's. */
  markedAgoMs(): number {
    return this.seen === undefined ? 0 : Date.now() - this.seen.mtimeMs;
  }

  /** The identity of the lock last read (see {@link identityOf}). */
  identity(): string | undefined {
    return this.seen?.id;
  }

  /** Reads the file afresh next time, whatever its identity. */
  forget(): void {
    this.seen = undefined;
  }
}

/** One poll's wait for a live holder: fails past the deadline, and first says whom it waits for. */
async function pause(found: Holder, me: Pick<Holder, "host" | "pidns">, wait: Wait): Promise<void> {
  if (Date.now() >= wait.deadline) {
    throw new OutputFolderError(`${wait.out}: another run of everest-typegen (${who(found, me)}) has been writing it for too long; if no such run is going on, remove ${wait.file}`);
  }
  wait.say(`waiting for another run of everest-typegen (${who(found, me)}) to finish writing ${wait.out}`);
  await sleep(POLL_MS, wait.signal);
}

/** The lock's run, in words: `pid N` (and its thread, when not the main one), and where, when not here. */
function who(found: Holder, me: Pick<Holder, "host" | "pidns">): string {
  const thread = found.thread === undefined ? "" : `, thread ${found.thread}`;
  return `pid ${found.pid}${thread}${found.host !== me.host ? ` on ${found.host}` : found.pidns !== me.pidns ? " in another PID namespace" : ""}`;
}

/** What a lock says of the process and thread that made it. */
function thisProcess(): Pick<Holder, "pid" | "host" | "pidns" | "thread"> {
  return { pid: process.pid, host: os.hostname(), pidns: pidNamespace(), ...(threadId === 0 ? {} : { thread: threadId }) };
}

/** A lock file's identity: it changes when the lock is replaced, and when its holder marks it. */
function identityOf(st: fs.BigIntStats): string {
  // The change time is part of it, as a new lock may have the inode, size and modification time of the one read before.
  return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.isFile()}`;
}

/** Whether the lock's process is known to be gone; one made elsewhere, whether `reader` has seen it go unmarked too long. */
function isStale(found: Holder, me: Pick<Holder, "pid" | "host" | "pidns" | "thread">, file: string, reader: LockReader, unseenStaleMs: number): boolean {
  const unseen = (): boolean => reader.unchangedMs() > unseenStaleMs || reader.markedAgoMs() > LEFTOVER_MS;
  if (found.host !== me.host || found.pidns !== me.pidns) return unseen();
  if (found.pid === me.pid) {
    // Another thread of this pid: this process's (its own queue and locks, which this thread cannot see), or an earlier one's.
    if (found.thread !== me.thread) return unseen();
    // This thread's own pid and thread: a lock it does not hold is an earlier process's (a container's pid 1, say).
    return held.get(file) !== found.token;
  }
  return !isRunning(found.pid);
}

/** Makes the lock whole under its name: "made", "taken" when one is there, "unavailable" when none can be made here. */
function tryCreate(file: string, holder: Holder): "made" | "taken" | "unavailable" {
  const tmp = path.join(path.dirname(file), `${TEMP_PREFIX}${holder.token.slice(0, 16)}`);
  try {
    fs.writeFileSync(tmp, lockText(holder), { flag: "wx", mode: 0o644 });
  } catch {
    return "unavailable";
  }
  try {
    fs.linkSync(tmp, file);
    return "made";
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EEXIST" ? "taken" : "unavailable";
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function lockText(holder: Holder): string {
  return `${JSON.stringify(holder)}\n`;
}

/**
 * The lock's holder, read from the regular file `st` describes; "changed"
 * when the file went or was replaced while it was read (look again);
 * undefined when it holds anything but a lock.
 */
function readHolder(file: string, st: fs.BigIntStats): Holder | "changed" | undefined {
  if (st.size > BigInt(MAX_LOCK_BYTES)) return undefined;
  const bytes = readRegular(file, MAX_LOCK_BYTES);
  // Gone between the lstat and the read (released, and perhaps made again, on the same inode): look again.
  if (bytes === undefined) return "changed";
  return parseHolder(bytes.toString("utf8"));
}

function parseHolder(text: string): Holder | undefined {
  try {
    const h = JSON.parse(text) as Partial<Holder> | null;
    if (h === null || typeof h !== "object") return undefined;
    const ok =
      h.lock === "everest-typegen" &&
      Number.isSafeInteger(h.pid) &&
      (h.pid as number) > 0 &&
      typeof h.host === "string" &&
      typeof h.pidns === "string" &&
      (h.thread === undefined || (Number.isSafeInteger(h.thread) && (h.thread as number) > 0)) &&
      typeof h.token === "string" &&
      /^[0-9a-f]{32}$/.test(h.token);
    return ok ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** Marks the lock at `file` alive, when it still holds `token` (this run's heartbeat); a failure is the next beat's to mend. */
function markAlive(file: string, token: string): void {
  try {
    if (holds(file, token)) {
      const now = new Date();
      fs.utimesSync(file, now, now);
    }
  } catch {
    // Not this run's to fail on: the lock may be gone (taken over), or its folder read-only.
  }
}

/** Removes the lock at `file` when it holds `token`. */
function removeIfMine(file: string, token: string): void {
  if (holds(file, token)) fs.rmSync(file, { force: true });
}

/** Whether the lock at `file` is the one holding `token`. */
function holds(file: string, token: string): boolean {
  const st = fs.lstatSync(file, { throwIfNoEntry: false, bigint: true });
  const found = st?.isFile() === true ? readHolder(file, st) : undefined;
  return typeof found === "object" && found.token === token;
}

/**
 * Removes a stale lock holding `token`, unless another waiting run is doing
 * so (false: look again later). Under the second lock, the lock is read once
 * more and removed only if it is still the stale one: no run can make or
 * remove a lock meanwhile (making one fails while it exists, and only the
 * holder of the second lock removes one), so the lock removed is the one read.
 */
function takeOver(file: string, token: string, id: string | undefined): "removed" | "other" | "busy" {
  const guard = `${file}.takeover`;
  try {
    const me = thisProcess();
    fs.writeFileSync(guard, `${me.pid}\n${me.host}\n${me.pidns}\n`, { flag: "wx", mode: 0o644 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") removeStaleGuard(guard);
    return "busy";
  }
  try {
    const st = fs.lstatSync(file, { throwIfNoEntry: false, bigint: true });
    // Marked by its holder since it was judged (or replaced): not the lock judged stale.
    if (st === undefined || identityOf(st) !== id) return "other";
    const found = st.isFile() ? readHolder(file, st) : undefined;
    if (typeof found !== "object" || found.token !== token) return "other";
    fs.rmSync(file, { force: true });
    return "removed";
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/**
 * Removes a second lock that a run killed in the middle of a takeover left:
 * one older than any takeover lasts, holding the pid of a process that is
 * gone (or nothing: killed before it wrote). A run stopped for longer
 * (Ctrl-Z) keeps its second lock.
 */
function removeStaleGuard(guard: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(guard, { throwIfNoEntry: false });
  } catch {
    // A name past the file system's limit (an --out within 30 characters of it): no second lock can be there.
    return;
  }
  if (st === undefined || !st.isFile() || Date.now() - st.mtimeMs <= STALE_TAKEOVER_MS) return;
  const text = readRegular(guard, MAX_LOCK_BYTES)?.toString("utf8");
  // "pid\nhost\npidns\n" (or "pid\n" from an earlier version, or nothing: killed before it wrote).
  const m = text === undefined ? undefined : /^(?:(\d+)\n(?:([^\n]*)\n([^\n]*)\n)?)?$/.exec(text);
  if (m === undefined || m === null) return;
  const me = thisProcess();
  // Its process can be judged only here, in this PID namespace; one made elsewhere goes by its age alone.
  const here = m[2] === undefined || (m[2] === me.host && m[3] === me.pidns);
  if (here && m[1] !== undefined && Number(m[1]) !== process.pid && isRunning(Number(m[1]))) return;
  fs.rmSync(guard, { force: true });
}

/** Whether `name` is a lock's temporary name (`.everest-typegen-lock-` and 16 hex digits). */
function isLockTemp(name: string): boolean {
  return name.length === TEMP_PREFIX.length + 16 && name.startsWith(TEMP_PREFIX) && /^[0-9a-f]{16}$/.test(name.slice(TEMP_PREFIX.length));
}

/** This process's PID namespace, as Linux names it; empty where there is none to read. */
function pidNamespace(): string {
  try {
    return fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    return "";
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Whether `text`, a temporary file's content, is what a lock's writer writes (or began to: a run killed before writing leaves it empty). */
function isLockTempContent(text: string): boolean {
  return text === "" || parseHolder(text) !== undefined;
}
