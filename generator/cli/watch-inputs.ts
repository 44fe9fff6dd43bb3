/**
 * Watches the inputs of `generate --watch` so that no save is ever missed.
 *
 * `fs.watch` follows an inode, not a name: once a watched folder is deleted
 * and made again, or a watched file is replaced by an editor's
 * write-temp-then-rename save, the old watch hears nothing more. So each
 * input is watched through its parent folder too, filtered to the input's
 * own name, and every event re-arms the watches whose path now names another
 * inode (or has appeared, or has gone). When the parent is gone as well (a
 * folder of inputs deleted with the folder holding it), the nearest folder
 * above that still exists is watched instead, filtered to the name of the
 * next folder down, so the path is followed back as it is made again, and
 * some folder is always watched: the watch never ends on its own.
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
  /** Re-reads the inputs to watch (they can change: a default folder made later) and re-arms what moved; true when folders came or went while it did. */
  rearm(): boolean;
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
        // The watched folder itself deleted or replaced (its own events name it, which no filter of its entries
        // lets through): the watch hears nothing more, so the folders are watched anew from the nearest one left.
        if (inoOf(target) !== ino) return fire();
        if (!all && name !== null && !(namesIn.get(target)?.has(name.toString()) ?? false)) return;
        fire();
      });
    } catch {
      return; // gone between stat and watch: the parent's event re-arms it
    }
    // A watch whose folder is deleted can end in an error: the folder above it is watched instead.
    watcher.on("error", () => {
      watcher.close();
      if (armed.get(target)?.watcher === watcher) armed.delete(target);
      if (rearm()) onChange();
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

  /** What to watch now: each folder with whether every event in it counts; sets `namesIn` for the filtered ones. */
  const plan = (): Map<string, boolean> => {
    const paths = inputs().map((p) => path.resolve(p));
    namesIn = new Map();
    for (const p of paths) {
      // The parent, or, while it is gone, the nearest folder above that exists, with the name of the next one down.
      let dir = path.dirname(p);
      let name = path.basename(p);
      while (!isDirectory(dir) && path.dirname(dir) !== dir) {
        name = path.basename(dir);
        dir = path.dirname(dir);
      }
      if (!namesIn.has(dir)) namesIn.set(dir, new Set());
      namesIn.get(dir)!.add(name);
    }
    // An input folder is watched for all its entries; a file is heard through its parent.
    const targets = new Map<string, boolean>();
    for (const dir of namesIn.keys()) targets.set(dir, false);
    for (const p of paths) if (isDirectory(p)) targets.set(p, true);
    return targets;
  };

  const same = (a: Map<string, boolean>, b: Map<string, boolean>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

  /**
   * Arms the watches of the plan and closes the rest. A folder made or removed
   * while they are armed (between looking and watching) is heard by none of
   * them, so the plan is made again afterwards until it holds still; true when
   * it moved, as a change may then have gone unheard.
   */
  const rearm = (): boolean => {
    let moved = false;
    for (let round = 0; round < 10 && !closed; round++) {
      const targets = plan();
      for (const [target, all] of targets) arm(target, all);
      for (const [target, a] of armed) {
        if (!targets.has(target)) {
          a.watcher.close();
          armed.delete(target);
        }
      }
      if (same(targets, plan())) return moved;
      moved = true;
    }
    return moved;
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
