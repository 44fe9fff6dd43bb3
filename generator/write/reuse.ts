/**
 * Files of the output folder that a new staged tree may take as they are,
 * by a hard link, instead of writing them again: most of a run after a
 * small change makes the same files, and writing a thousand files costs
 * more than linking them.
 *
 * A file is linked only when the new content's sha256 equals the one
 * recorded for that path when this tool last wrote the tree, and the path,
 * through folders of the output folder's own (no symbolic link on the way),
 * still names that very file: same device, inode, size, and change and
 * modification times (ctime cannot be set by programs, so a file edited or
 * replaced since does not match). The record is the stat index's
 * (stat-index.ts: taken once the old tree is gone, as removing a file's
 * other link moves its change time, and each file read and hashed under a
 * fence, so a file edited between the swap and the record is left out); the
 * output folder is never trusted beyond it. On any doubt or error the file
 * is written as usual.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

export interface RecordedFile extends FileIdentity {
  readonly sha256: string;
}

/** An output folder's files as recorded right after they were written. Plain data: it crosses to the worker thread. */
export interface ReusableFiles {
  /** The output folder (absolute). */
  readonly dir: string;
  readonly files: ReadonlyMap<string, RecordedFile>;
}

/** A regular file's identity, or undefined (missing, a link, anything else). */
export function identityOf(file: string): FileIdentity | undefined {
  try {
    const st = fs.lstatSync(file, { bigint: true });
    if (!st.isFile()) return undefined;
    return { dev: st.dev, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs };
  } catch {
    return undefined;
  }
}

/** Whether both name one unchanged file (an absent identity is never the same). */
export function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && same(a, b);
}

function same(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** For each run's record (one object per run, on either thread): whether each of its folders, by relative path, is a folder of its own. */
const ownFolders = new WeakMap<ReusableFiles, Map<string, boolean>>();

/**
 * Whether every folder on the way from the output folder to `rel` is a real
 * folder, not a symbolic link: `lstat` refuses a link only at the path's last
 * part, and a folder moved out of the output folder and linked back keeps
 * its files' recorded identities, which would then be linked into the new
 * tree from outside it. Each folder is looked at once per run.
 */
function inOwnFolders(reuse: ReusableFiles, rel: string): boolean {
  let known = ownFolders.get(reuse);
  if (known === undefined) ownFolders.set(reuse, (known = new Map()));
  const parts = rel.split("/");
  for (let i = 1; i < parts.length; i++) {
    const folder = parts.slice(0, i).join("/");
    let own = known.get(folder);
    if (own === undefined) {
      try {
        own = fs.lstatSync(path.join(reuse.dir, ...parts.slice(0, i))).isDirectory();
      } catch {
        own = false;
      }
      known.set(folder, own);
    }
    if (!own) return false;
  }
  return true;
}

/** Links the recorded file at `rel` to `target` when its content is `sha256` and it is still the file recorded; false when it was not linked. */
export function linkRecorded(reuse: ReusableFiles | undefined, rel: string, sha256: string, target: string): boolean {
  const recorded = reuse?.files.get(rel);
  if (reuse === undefined || recorded === undefined || recorded.sha256 !== sha256) return false;
  if (!inOwnFolders(reuse, rel)) return false;
  const source = path.join(reuse.dir, ...rel.split("/"));
  const now = identityOf(source);
  if (now === undefined || !same(now, recorded)) return false;
  try {
    fs.linkSync(source, target);
  } catch {
    return false;
  }
  // The link itself changes the ctime; the rest must still be the recorded file's (not one renamed into its place meanwhile).
  const linked = identityOf(target);
  if (linked !== undefined && same(linked, { ...recorded, ctimeNs: linked.ctimeNs })) return true;
  fs.rmSync(target, { force: true });
  return false;
}
