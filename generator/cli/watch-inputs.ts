/**
 * Watches the inputs of `generate --watch` so that no save is ever missed.
 *
 * `fs.watch` follows an inode, not a name: once a watched folder is deleted
 * and made again, or a watched file is replaced by an editor's
 * write-temp-then-rename save, the old watch hears nothing more. So each
 * input is watched through its parent folder too, filtered to the input's
 * own name, and every event re-arms the watches whose path now names another
 * inode (or has appeared, or has gone).
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface Armed {
  readonly watcher: fs.FSWatcher;
  /** The inode watched, to notice that the path now names another one. */
  readonly ino: number;
  /** Whether every event counts (an input folder), or only those naming an input (a parent folder). */
  readonly all: boolean;
}

export interface InputWatch {
  /** Re-reads the inputs to watch (they can change: a default folder made later) and re-arms what moved. */
  rearm(): void;
  close(): void;
}

/**
 * Calls `onChange` on any change to a path of `inputs()` (a folder's files,
 * or a file), including its deletion and re-creation.
 */
export function watchInputs(inputs: () => readonly string[], onChange: () => void): InputWatch {
  const armed = new Map<string, Armed>();
  /** Parent folder -> the names in it that are inputs. */
  let namesIn = new Map<string, Set<string>>();
  let closed = false;

  const inoOf = (p: string): number | undefined => {
    try {
      return fs.statSync(p).ino;
    } catch {
      return undefined;
    }
  };

  const fire = (): void => {
    if (closed) return;
    rearm();
    onChange();
  };

  /** Watches `target`: every event when `all` (an input folder), else only events naming an input in it. */
  const arm = (target: string, all: boolean): void => {
    const ino = inoOf(target);
    const current = armed.get(target);
    if (current !== undefined && current.ino === ino && current.all === all) return;
    current?.watcher.close();
    armed.delete(target);
    if (ino === undefined) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(target, { persistent: true }, (_event, name) => {
        if (!all && name !== null && !(namesIn.get(target)?.has(name.toString()) ?? false)) return;
        fire();
      });
    } catch {
      return; // gone between stat and watch: the parent's event re-arms it
    }
    // A watch whose folder is deleted can end in an error; the next event re-arms it.
    watcher.on("error", () => {
      watcher.close();
      if (armed.get(target)?.watcher === watcher) armed.delete(target);
    });
    armed.set(target, { watcher, ino, all });
  };

  const isDirectory = (p: string): boolean => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false; // absent for now: its parent's watch hears it come back
    }
  };

  const rearm = (): void => {
    if (closed) return;
    const paths = inputs().map((p) => path.resolve(p));
    namesIn = new Map();
    for (const p of paths) {
      const dir = path.dirname(p);
      if (!namesIn.has(dir)) namesIn.set(dir, new Set());
      namesIn.get(dir)!.add(path.basename(p));
    }
    // An input folder is watched for all its entries; a file is heard through its parent.
    const targets = new Map<string, boolean>();
    for (const dir of namesIn.keys()) targets.set(dir, false);
    for (const p of paths) if (isDirectory(p)) targets.set(p, true);
    for (const [target, all] of targets) arm(target, all);
    for (const [target, a] of armed) {
      if (!targets.has(target)) {
        a.watcher.close();
        armed.delete(target);
      }
    }
  };

  rearm();
  return {
    rearm,
    close() {
      closed = true;
      for (const a of armed.values()) a.watcher.close();
      armed.clear();
    },
  };
}
