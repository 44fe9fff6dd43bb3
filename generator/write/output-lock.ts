/**
 * One run at a time writes an output folder. Two runs on one folder (a
 * `--watch` and a pre-commit hook, two terminals, parallel CI steps) would
 * otherwise race to swap their trees in: the one that lost failed, and had
 * to be run again. Now the second waits for the first to finish.
 *
 * The lock is a file beside the output, `<out>.everest-typegen-lock`, made
 * whole or not at all (written under a temporary name, then hard-linked to
 * its own name, which fails when it exists), naming the process that holds
 * it and the host it runs on. A lock whose process is gone (killed, on this
 * host) is taken over; one held by a live process, or by another host's
 * (whose processes cannot be seen from here), is waited for, up to a bound.
 * Runs of one process queue in memory, never through the file, so an API
 * caller's two writeOutput() calls on one folder do not wait on each other's
 * file. Where the lock cannot be made (a folder that does not exist yet, or
 * that may not be written), the run goes on without it: staging the tree
 * reports what is wrong, and the swap still detects a race (tree.ts).
 *
 * It is taken once the model is built, so a run with errors writes nothing,
 * not even the lock.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readRegular } from "../regular-file";
import { isTempOf, removeStaleTemps } from "../stale-temps";
import { OutputFolderError, isRunning } from "./tree";

export interface OutputLock {
  /** Removes the lock if it is still this run's; then the next run of this process on the folder goes on. */
  release(): void;
}

export interface LockOptions {
  /** Called once, when the run starts to wait for another: the words say for whom. */
  readonly onWait?: (message: string) => void;
  /** How long to wait for another run before failing; default {@link LOCK_WAIT_MS}. */
  readonly timeoutMs?: number;
}

/** How long a run waits for another to finish: a run on ten copies of EVerest's tree takes about 15 s. */
export const LOCK_WAIT_MS = 5 * 60 * 1000;

/** How often a waiting run looks at the lock again. */
const POLL_MS = 50;

/** The name beside `<out>`. */
export const LOCK_SUFFIX = ".everest-typegen-lock";

/** The largest lock file read: a lock holds a line of JSON. */
const MAX_LOCK_BYTES = 4096;

interface Holder {
  readonly lock: "everest-typegen";
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/** This process's runs on each folder, in order: each waits for the one before it to release. */
const queues = new Map<string, Promise<void>>();

/** Waits until this run may write `out`, and holds the lock until `release()`. */
export async function lockOutput(out: string, options: LockOptions = {}): Promise<OutputLock> {
  const abs = path.resolve(out);
  const before = queues.get(abs);
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  queues.set(abs, mine);
  const leave = (): void => {
    if (queues.get(abs) === mine) queues.delete(abs);
    done();
  };
  await before;
  let token: string | undefined;
  try {
    token = await acquire(abs, out, options);
  } catch (err) {
    leave();
    throw err;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (token !== undefined) {
        const file = `${abs}${LOCK_SUFFIX}`;
        // Only this run's: a lock taken over meanwhile (this process was thought gone) is the other run's.
        const found = readHolder(file);
        if (typeof found === "object" && found.token === token) fs.rmSync(file, { force: true });
      }
      leave();
    },
  };
}

/** Takes the file lock: its token, or undefined where no lock can be made (the run goes on without). */
async function acquire(abs: string, out: string, options: LockOptions): Promise<string | undefined> {
  const file = `${abs}${LOCK_SUFFIX}`;
  const dir = path.dirname(abs);
  const holder: Holder = { lock: "everest-typegen", pid: process.pid, host: os.hostname(), token: crypto.randomBytes(16).toString("hex") };
  const deadline = Date.now() + (options.timeoutMs ?? LOCK_WAIT_MS);
  // Left by runs killed while making or taking over a lock.
  removeStaleTemps(dir, (name) => isTempOf(name, path.basename(file)));
  let told = false;
  for (;;) {
    const made = tryCreate(file, holder);
    if (made === "made") return holder.token;
    if (made === "unavailable") return undefined;
    const found = readHolder(file);
    if (found === "gone") continue;
    if (found === undefined) throw new OutputFolderError(`${file}: not a lock of everest-typegen, though it has the name of ${out}'s; move it away`);
    // A gone run's lock that cannot be moved aside (a folder that is not ours to change) is waited on, as a live one.
    if (found.host === holder.host && !isRunning(found.pid) && takeOver(file, found.token)) continue;
    const who = `pid ${found.pid}${found.host === holder.host ? "" : ` on ${found.host}`}`;
    if (Date.now() >= deadline) {
      throw new OutputFolderError(`${out}: another run of everest-typegen (${who}) has been writing it for too long; if no such run is going on, remove ${file}`);
    }
    if (!told) {
      told = true;
      options.onWait?.(`waiting for another run of everest-typegen (${who}) to finish writing ${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Makes the lock whole under its name: "made", "taken" when one is there, "unavailable" when none can be made here. */
function tryCreate(file: string, holder: Holder): "made" | "taken" | "unavailable" {
  const tmp = `${file}.tmp-${holder.token.slice(0, 16)}`;
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(holder)}\n`, { flag: "wx", mode: 0o644 });
  } catch {
    return "unavailable";
  }
  try {
    fs.linkSync(tmp, file);
    return "made";
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "EEXIST" ? "taken" : "unavailable";
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The lock's holder; "gone" when there is no lock; undefined when the name holds anything else (a link too, dangling or not). */
function readHolder(file: string): Holder | "gone" | undefined {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (st === undefined) return "gone";
  if (!st.isFile()) return undefined;
  const bytes = readRegular(file, MAX_LOCK_BYTES);
  if (bytes === undefined) return fs.lstatSync(file, { throwIfNoEntry: false }) === undefined ? "gone" : undefined;
  try {
    const h = JSON.parse(bytes.toString("utf8")) as Partial<Holder>;
    const ok = h.lock === "everest-typegen" && Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.host === "string" && typeof h.token === "string" && /^[0-9a-f]{32}$/.test(h.token);
    return ok ? (h as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock of a process that is gone. Renamed aside first, and
 * removed only if what was renamed is that lock: another waiting run may have
 * taken it over and made its own in the meantime, which is then put back.
 */
function takeOver(file: string, token: string): boolean {
  const aside = `${file}.tmp-${crypto.randomBytes(8).toString("hex")}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    // Gone meanwhile (another run took it over): try again; else it cannot be moved from here.
    return (err as NodeJS.ErrnoException).code === "ENOENT";
  }
  const moved = readHolder(aside);
  if (moved !== "gone" && moved !== undefined && moved.token !== token) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third run made one meanwhile: the renamed one's run finds its lock gone, and still detects a race at its swap.
    }
  }
  fs.rmSync(aside, { force: true });
  return true;
}
