/**
 * The only code that writes the output folder. `stageTree` replaces it
 * atomically: the new tree is written beside it and swapped in with renames,
 * so a failure or a kill at any point leaves either the old tree or the new
 * one, never a mix. `compareTree` reads only.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmittedFile } from "../emit/emitted-file";
import { MANIFEST_PATH } from "./manifest";
import { CACHE_DIR } from "../job-cache";
import { type ReusableFiles, linkRecorded } from "./reuse";
import { fill, openRegular, readRegular } from "../regular-file";

/** An output folder that must not be replaced; the message is for the user, as it stands. */
export class OutputFolderError extends Error {}

export interface TreeDiff {
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** Folders that could not be listed (`a/b/`): what is in them is unknown, so the tree is not the one generate writes. */
  readonly unreadable: readonly string[];
}

/**
 * Lists every file under `dir` (POSIX relative paths, sorted); empty when
 * `dir` does not exist. Not listed: the top `node_modules`, whatever it is
 * (a folder, a link, a file), which generate keeps through a swap as it is
 * (`keepUnmanaged`), and the cache folder at the top (../job-cache.ts) when
 * it is a real folder: a link or file under its name is listed, as generate
 * replaces it. Only the top ones: a deeper `node_modules` is an extra file,
 * which generate removes. An empty folder is listed, with a `/` at its end.
 * A folder below `dir` that cannot be read is given to `unreadable` (as
 * `a/b/`) when it is passed, and throws otherwise, as `dir` itself does.
 */
export function listTree(dir: string, unreadable?: (folder: string) => void): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT" && rel === "") return;
      if (rel === "" || unreadable === undefined) throw err;
      unreadable(`${rel}/`);
      return;
    }
    // An empty folder is listed as itself (`a/b/`): generate writes none, so a tree that has one is not its tree.
    if (entries.length === 0 && rel !== "") out.push(`${rel}/`);
    for (const e of entries) {
      const p = rel === "" ? e.name : `${rel}/${e.name}`;
      if (p === "node_modules") continue;
      if (e.isDirectory()) {
        if (p !== CACHE_DIR) walk(p);
      } else out.push(p);
    }
  };
  walk("");
  return out.sort();
}

/**
 * Compares `dir` with `files` (`ignore` lists paths left out on both sides).
 * A folder below `dir` that cannot be listed (no permission to read it) is
 * reported as unreadable, and the files expected in it are not reported one
 * by one: generate replaces the whole tree, whatever the folder holds.
 */
export function compareTree(dir: string, files: readonly EmittedFile[], ignore: readonly string[] = []): TreeDiff {
  const unreadable: string[] = [];
  const existing = new Set(listTree(dir, (folder) => unreadable.push(folder)).filter((p) => !ignore.includes(p)));
  const inUnreadable = (p: string): boolean => unreadable.some((folder) => p.startsWith(folder));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const f of files) {
    if (!existing.has(f.path)) {
      if (!inUnreadable(f.path)) missing.push(f.path);
    } else if (!holds(path.join(dir, f.path), f.content)) changed.push(f.path);
    existing.delete(f.path);
  }
  return { changed, missing, extra: [...existing].sort(), unreadable: unreadable.sort() };
}

/**
 * Whether `file` is a regular file whose bytes are `content`'s UTF-8. Read
 * only when its size is that of `content`: a FIFO or device in an output
 * folder never blocks the compare, and a huge file is never read.
 */
function holds(file: string, content: string): boolean {
  const expected = Buffer.from(content, "utf8");
  const opened = openRegular(file);
  if (opened === undefined) return false;
  try {
    if (opened.stat.size !== BigInt(expected.length)) return false;
    const bytes = Buffer.allocUnsafe(expected.length);
    return fill(opened.fd, bytes) && bytes.equals(expected);
  } catch {
    return false;
  } finally {
    fs.closeSync(opened.fd);
  }
}

/**
 * A new tree for `dir`, written as its files are made instead of all being
 * held in memory: `add` each file (any thread may write into `staged.dir`
 * with `writeStagedFile`), then `commit` swaps the tree in, or `abort`
 * removes what was staged. Steps: write everything to `<dir>.tmp-<tag>`,
 * rename `dir` to `<dir>.old-<tag>`, rename the new tree into place, delete
 * the old. A leftover `.old-<tag>` from a killed run is restored by
 * `recoverTree` on the next run. The tag is the pid (which `recoverTree`
 * asks about) and random bits: two runs with one pid (in two containers
 * that share the folder) never take each other's folders.
 *
 * Only a tree this tool wrote is replaced: `dir` must not exist, or be an
 * empty folder, or hold the manifest of an earlier run (`MANIFEST_PATH`).
 * Anything else (`--out .`, `--out src`, a file) is refused by `stageTree`
 * before anything is written: replacing it would delete what the user keeps
 * there.
 */
export interface StagedTree {
  /** The temporary folder the new tree is written to. */
  readonly dir: string;
  add(file: EmittedFile): void;
  /**
   * Swaps the new tree in. With `keepOld`, the old tree is not removed but
   * returned (its path, when there was one), for `removeOldTree` to remove
   * later: a watch's new tree is in place without waiting for that.
   */
  commit(options?: { readonly keepOld?: boolean }): string | undefined;
  abort(): void;
}

/** A run's tag for its staging and backup folders: `<pid>-<8 hex digits>`. */
function runTag(): string {
  return `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
}

/**
 * The file that marks a staging folder as this tool's, written first into
 * it and removed just before the swap. With the manifest (which marks a
 * finished tree), it is what lets a later run remove a leftover staging
 * folder: a look-alike folder a user made is never touched.
 */
export const STAGING_MARKER = ".everest-typegen-staging";
const STAGING_MARKER_TEXT = "a staging folder of everest-typegen: removed by its next run once the run that made it is gone\n";

/** Why making a folder failed, in words, by error code. */
const MKDIR_FAILURES: Readonly<Record<string, string>> = {
  EEXIST: "a file is in the way",
  ENOTDIR: "a file is in the way",
  ENOENT: "a link in the way leads nowhere",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
};

/** Makes the folders above `abs` that do not exist yet; `dir` is --out as given, for the message when that fails. */
export function makeParents(abs: string, dir: string): void {
  const parent = path.dirname(abs);
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = MKDIR_FAILURES[e.code ?? ""] ?? e.code ?? "failed";
    throw new OutputFolderError(`${dir}: cannot make the folders it goes in (${why}: ${parent})`);
  }
}

export function stageTree(dir: string): StagedTree {
  const abs = path.resolve(dir);
  // Checked first, so a refused --out is not even tidied around.
  checkReplaceable(abs, dir);
  recoverTree(abs);
  const tag = runTag();
  const tmp = `${abs}.tmp-${tag}`;
  const old = `${abs}.old-${tag}`;
  for (const mine of [tmp, old]) {
    // Same names as this run's (all but impossible with the random bits): only a folder of ours is cleared.
    if (exists(mine) && !provablyOurs(mine, mine === tmp ? "staging" : "backup")) {
      throw new OutputFolderError(`${mine}: refusing to remove a folder that everest-typegen did not write; it has the name of this run's ${mine === tmp ? "staging" : "backup"} folder, so move it away`);
    }
    removeOurs(mine);
  }
  // `--out build/types` in a fresh checkout: the folders above it are made, as `mkdir -p` would. Only folders are
  // made, none is written into but the staging folder, and a file in the way is reported by --out's own name.
  makeParents(abs, dir);
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(tmp, STAGING_MARKER), STAGING_MARKER_TEXT);
  const made = new Set<string>([tmp]);
  return {
    dir: tmp,
    add(file) {
      writeStagedFile(tmp, file, made);
    },
    abort() {
      removeOurs(tmp);
    },
    commit(options) {
      // Set when a rename fails because another run on the same folder moved it at that moment: the output folder was
      // gone when it was to be renamed aside, or a tree was in its place when the new one was to be renamed in.
      let lostRace = false;
      const renameOrRace = (from: string, to: string, raced: readonly string[]): void => {
        try {
          fs.renameSync(from, to);
        } catch (err) {
          lostRace = raced.includes((err as NodeJS.ErrnoException).code ?? "");
          throw err;
        }
      };
      try {
        keepUnmanaged(abs, tmp);
        fs.rmSync(path.join(tmp, STAGING_MARKER), { force: true });
        const hadOld = fs.existsSync(abs);
        if (hadOld) renameOrRace(abs, old, ["ENOENT"]);
        renameOrRace(tmp, abs, ["EEXIST", "ENOTEMPTY"]);
        if (!hadOld) return undefined;
        if (options?.keepOld === true) return old;
        try {
          removeOurs(old);
        } catch {
          // The new tree is in place and the run has succeeded; a backup that cannot be removed (a folder made
          // read-only) stays beside it, provably ours, and the next run's recoverTree tries again.
        }
        return undefined;
      } catch (err) {
        const nm = path.join(tmp, "node_modules");
        if (exists(nm) && isRealFolder(abs) && !exists(path.join(abs, "node_modules"))) {
          fs.renameSync(nm, path.join(abs, "node_modules"));
        }
        // The user's node_modules never goes with the staging folder: when it could not go back (another run had the
        // output folder away at that moment), the folder stays, and the next run's recoverTree hands it back.
        if (!exists(nm)) removeOurs(tmp);
        if (!fs.existsSync(abs) && fs.existsSync(old)) fs.renameSync(old, abs);
        // Another run's tree is in place: this run's backup of the tree before is of no more use.
        else if (lostRace && exists(old) && !exists(path.join(old, "node_modules"))) removeOurs(old);
        throw lostRace ? new OutputFolderError(`${dir}: another run of everest-typegen replaced it at the same moment, and that run's tree is the one in place; run generate again`) : err;
      }
    },
  };
}

/**
 * Removes an old tree `commit({ keepOld: true })` left, off the main thread
 * (the file system calls run in libuv's pool). Its manifest goes last, so a
 * removal cut short by a kill leaves a folder that is still provably ours
 * (with its manifest, or empty), which the next run's `recoverTree` removes.
 */
export async function removeOldTree(old: string): Promise<void> {
  const names = await fs.promises.readdir(old);
  await Promise.all(names.filter((n) => !PROOFS.has(n)).map((n) => fs.promises.rm(path.join(old, n), { recursive: true, force: true })));
  await fs.promises.rm(old, { recursive: true, force: true });
}

/** The files that prove a folder is ours (`provablyOurs`): removed last. */
const PROOFS = new Set([MANIFEST_PATH, STAGING_MARKER]);

/**
 * Removes a folder this tool wrote, its proofs last (removeOldTree's order,
 * at once): a removal cut short by a kill leaves a folder that is still
 * provably ours, which the next run's `recoverTree` removes. (A plain
 * recursive removal may take the manifest first, and leave a folder that no
 * later run may touch.)
 */
function removeOurs(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (!PROOFS.has(n)) fs.rmSync(path.join(dir, n), { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes one file into a staging folder; `made` remembers the folders already
 * created. With `reuse`, the output folder's file is linked instead when it
 * is provably the same (./reuse.ts). Folders are made one level at a time below `root`, never `root`
 * itself: if the staging folder has gone (removed by a signal handler, or by
 * hand), the write fails instead of quietly starting a new, partial tree that
 * a later commit would swap in.
 */
export function writeStagedFile(root: string, file: EmittedFile, made: Set<string> = new Set(), reuse?: { readonly from: ReusableFiles | undefined; readonly sha256: string }): void {
  const parts = file.path.split("/");
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    if (made.has(dir)) continue;
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      // The other thread may have made it first.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    made.add(dir);
  }
  const target = path.join(root, ...parts);
  if (reuse !== undefined && linkRecorded(reuse.from, file.path, reuse.sha256, target)) return;
  fs.writeFileSync(target, file.content);
}

export function checkReplaceable(abs: string, shown: string): void {
  const refusal = replaceRefusal(abs, shown);
  if (refusal !== undefined) throw new OutputFolderError(refusal);
}

/**
 * Why generate would refuse to replace the folder at `abs` (`shown`: --out as
 * given), or undefined when it may: it does not exist, is empty, or holds a
 * manifest this tool writes. `check` asks too, so that it never calls a
 * folder up to date that generate would refuse.
 */
export function replaceRefusal(abs: string, shown: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  // The swap renames `abs` itself: a link would be replaced by the new tree, and its folder emptied as the old tree.
  if (stat.isSymbolicLink()) return `${shown}: is a symbolic link; refusing to replace it with the generated package (pass the folder it names as --out)`;
  if (!stat.isDirectory()) return `${shown}: exists and is not a folder; refusing to replace it with the generated package`;
  const entries = fs.readdirSync(abs).filter((n) => n !== "node_modules");
  if (entries.length === 0) return undefined;
  if (!entries.includes(MANIFEST_PATH)) {
    return `${shown}: refusing to replace a folder that everest-typegen did not write (it has no ${MANIFEST_PATH}); remove it, or choose another --out`;
  }
  // Only a manifest proves the folder ours: a folder, a link or any other file under its name proves nothing.
  if (!isRegularFileWith(path.join(abs, MANIFEST_PATH), looksLikeManifest)) {
    return `${shown}: refusing to replace a folder that everest-typegen did not write (its ${MANIFEST_PATH} is not a manifest that everest-typegen writes); remove it, or choose another --out`;
  }
  return undefined;
}

/**
 * `node_modules` inside the output (from trying the package locally) is not ours to delete, whatever it is: a link
 * (to a folder, or dangling until an install makes it) moves as the link.
 */
function keepUnmanaged(from: string, to: string): void {
  const nm = path.join(from, "node_modules");
  if (exists(nm)) fs.renameSync(nm, path.join(to, "node_modules"));
}

/**
 * Undoes the traces of a run that was killed mid-swap, and removes stale
 * temporary trees. Only those of processes that are gone: a run still going
 * (another `generate` on the same folder, a `--watch`) keeps its staging folder.
 * And only folders this tool provably wrote (`provablyOurs`): a user's folder
 * that merely has the name (`out.old-1`, `out.tmp-2`) is left alone.
 */
export function recoverTree(abs: string): void {
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  const leftovers: { readonly full: string; readonly kind: string }[] = [];
  for (const name of names) {
    const full = path.join(parent, name);
    // Exactly the names stageTree makes (`<base>.old-<pid>-<hex>`, or `<base>.old-<pid>` from before the random
    // bits): a user's `generated.old-backup` is left alone.
    const m = name.startsWith(`${base}.`) ? /^\.(old|tmp)-(\d+)(?:-[0-9a-f]{8})?$/.exec(name.slice(base.length)) : null;
    const found = m !== null && Number(m[2]) !== process.pid && !isRunning(Number(m[2])) ? m[1] : undefined;
    if (found !== undefined && provablyOurs(full, found === "old" ? "backup" : "staging")) leftovers.push({ full, kind: found });
  }
  // Backups first: one restored as the output brings the output back before a staging folder hands it its node_modules.
  leftovers.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "old" ? -1 : 1));
  for (const { full, kind } of leftovers) {
    // Only a whole backup: one whose removal began and stopped (a file it could not delete) is no output to restore.
    if (kind === "old" && !fs.existsSync(abs) && wholeBackup(full)) {
      try {
        fs.renameSync(full, abs);
      } catch (err) {
        // Another run restored it, or made the output, at the same moment: what is left of this one is a later run's.
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "ENOENT" && code !== "EEXIST" && code !== "ENOTEMPTY") throw err;
      }
      continue;
    }
    try {
      if (returnUnmanaged(full, abs)) removeOurs(full);
    } catch {
      // One that cannot be removed (made read-only) is left as it is, for a later run: it is no reason to fail this one.
    }
  }
}

/**
 * A run killed mid-swap may leave the output's `node_modules` in its staging
 * folder (`keepUnmanaged` moves it there first): it goes back into the output
 * rather than away with the folder. False when it cannot (no output folder,
 * or one with a `node_modules` of its own): the leftover is then kept whole.
 */
function returnUnmanaged(leftover: string, abs: string): boolean {
  const nm = path.join(leftover, "node_modules");
  if (!fs.existsSync(nm) && !isLink(nm)) return true;
  const target = path.join(abs, "node_modules");
  if (!isRealFolder(abs) || fs.existsSync(target) || isLink(target)) return false;
  fs.renameSync(nm, target);
  return true;
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isRealFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether `dir` is a folder this tool made: a real folder (not a link), and
 * either a staging folder (the marker), or a tree with the manifest an
 * earlier run wrote (a backup is the previous output, a staging folder about
 * to be swapped in has its manifest), or an empty folder (an output folder
 * can start empty; removing an empty folder loses nothing).
 */
function provablyOurs(dir: string, role: "staging" | "backup"): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return false;
  }
  if (!stat.isDirectory()) return false;
  const names = fs.readdirSync(dir);
  if (names.length === 0) return true;
  if (role === "staging" && isRegularFileWith(path.join(dir, STAGING_MARKER), (text) => text === STAGING_MARKER_TEXT)) return true;
  return isRegularFileWith(path.join(dir, MANIFEST_PATH), looksLikeManifest);
}

/**
 * Whether a backup holds every file its manifest lists (or is empty, the
 * backup of an empty output): what a kill between the swap's two renames
 * leaves. A removal deletes the manifest last, so a backup whose removal
 * stopped part way still has it, with files missing.
 */
function wholeBackup(dir: string): boolean {
  const bytes = readRegular(path.join(dir, MANIFEST_PATH), MAX_PROOF_BYTES);
  if (bytes === undefined) return fs.readdirSync(dir).length === 0;
  try {
    const files = (JSON.parse(bytes.toString("utf8")) as { files?: unknown }).files;
    if (typeof files !== "object" || files === null) return false;
    return Object.keys(files).every((p) => fs.lstatSync(path.join(dir, ...p.split("/")), { throwIfNoEntry: false })?.isFile() === true);
  } catch {
    return false;
  }
}

/** A manifest or marker is small: a bigger file under that name is not ours. */
const MAX_PROOF_BYTES = 64 * 1024 * 1024;

function isRegularFileWith(file: string, test: (text: string) => boolean): boolean {
  // Opened without following a link or blocking on a FIFO.
  const bytes = readRegular(file, MAX_PROOF_BYTES);
  return bytes !== undefined && test(bytes.toString("utf8"));
}

/** The manifest's shape (write/manifest.ts): `inputs` and `generator` hashes and a `files` map. */
function looksLikeManifest(text: string): boolean {
  try {
    const m = JSON.parse(text) as unknown;
    if (typeof m !== "object" || m === null || Array.isArray(m)) return false;
    const { inputs, generator, files } = m as Record<string, unknown>;
    return typeof inputs === "string" && typeof generator === "string" && typeof files === "object" && files !== null && !Array.isArray(files);
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process with this pid exists (signal 0 tests without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
