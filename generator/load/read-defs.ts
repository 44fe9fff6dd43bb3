/** Reads a defs folder (or one file) from disk, in a stable order whatever the file system returns. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { InputFile } from "./input-file";
import { LIMITS } from "../limits";

/** A defs folder that cannot be read as it is; the message is for the user, as it stands. */
export class DefsFolderError extends Error {}

const DEFS_FILE = /\.ya?ml$/;

/**
 * Display paths are `<folder name>/<file>` (e.g. `defs/ocpp.yaml`) so banners
 * and diagnostics read the same on every machine and from any working directory.
 *
 * Only regular files directly in the folder are read, and with `specFolders`
 * the one file of each spec folder; other subfolders are skipped. A `*.yaml`
 * entry that is a symbolic link (which could point anywhere, outside the
 * folder too) or a FIFO, socket or device is refused. Nothing is
 * read past the loader's bounds (../limits.ts): at most `maxFileBytes + 1`
 * bytes of a file, and no content at all once the files read add up to more
 * than `maxTotalBytes` or there are more than `maxFiles` of them; the loader
 * then reports the bound that was crossed.
 */
export function readDefs(defs: string, options: ListOptions = {}): InputFile[] {
  const listed = listDefs(defs, options);
  if (listed.single) return [{ path: listed.files[0]!.path, content: readBounded(defs, false) }];
  let total = 0;
  return listed.files.map(({ path: display, file }) => {
    const skip = listed.files.length > LIMITS.maxFiles || total > LIMITS.maxTotalBytes;
    const content = skip ? Buffer.alloc(0) : readBounded(file, true);
    total += content.byteLength;
    return { path: display, content };
  });
}

/** The files readDefs reads: display path and path on disk of each, in order; `single` when `defs` names one file. */
export interface ListedDefs {
  readonly single: boolean;
  readonly files: readonly { readonly path: string; readonly file: string }[];
}

export interface ListOptions {
  /**
   * Also `<sub>/asyncapi.yaml` (or `.yml`) in each subfolder: EVerest API specs
   * kept one folder per spec, as EVerest 2025.10 to 2025.12 keep them
   * (`doc/everest_api_specs/<name>/asyncapi.yaml`). Such a file's stem is its
   * folder's name (./input-file.ts). A subfolder that is a symbolic link is
   * skipped, as every subfolder is otherwise.
   */
  readonly specFolders?: boolean;
}

/** The one file of a spec folder. */
const SPEC_FOLDER_FILE = /^asyncapi\.ya?ml$/;

/**
 * What readDefs would read, without reading it: the same names, the same
 * refusals (DefsFolderError). check uses it to hash the inputs without
 * reading those its stat index vouches for (cli/confirm-unread.ts).
 */
export function listDefs(defs: string, options: ListOptions = {}): ListedDefs {
  const stat = fs.statSync(defs);
  if (stat.isFile()) return { single: true, files: [{ path: path.basename(defs), file: defs }] };
  const label = path.basename(path.resolve(defs));
  const names: string[] = [];
  for (const d of fs.readdirSync(defs, { withFileTypes: true })) {
    if (options.specFolders === true && d.isDirectory()) names.push(...specFolderFiles(defs, label, d.name));
    if (!DEFS_FILE.test(d.name) || d.isDirectory()) continue;
    regularEntry(`${label}/${d.name}`, d);
    names.push(d.name);
  }
  names.sort();
  return { single: false, files: names.map((name) => ({ path: `${label}/${name}`, file: path.join(defs, name) })) };
}

/** `<sub>/asyncapi.yaml` or `<sub>/asyncapi.yml` (names relative to `defs`), as the subfolder `sub` holds them. */
function specFolderFiles(defs: string, label: string, sub: string): string[] {
  const found: string[] = [];
  for (const d of fs.readdirSync(path.join(defs, sub), { withFileTypes: true })) {
    if (!SPEC_FOLDER_FILE.test(d.name)) continue;
    regularEntry(`${label}/${sub}/${d.name}`, d);
    found.push(`${sub}/${d.name}`);
  }
  return found;
}

/** Refuses a listed definition file that is a symbolic link (it could point anywhere) or not a regular file. */
function regularEntry(display: string, d: fs.Dirent): void {
  if (d.isSymbolicLink()) {
    throw new DefsFolderError(`${display} is a symbolic link: definition files must be regular files in the defs folder, and nothing outside it is read`);
  }
  if (!d.isFile()) throw new DefsFolderError(`${display} is not a regular file`);
}

/**
 * The subfolders of `dir` (links aside) where a spec folder's file may be
 * saved, for `--watch` to watch each: all of them, since a folder's spec may be
 * written only after the folder is made.
 */
export function specFolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(dir, d.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The first `maxFileBytes + 1` bytes of a regular file (all of it when it is
 * within the limit). With `noFollow`, a link put in place of the file after the
 * folder was listed is not followed, where the platform allows (O_NOFOLLOW).
 */
function readBounded(file: string, noFollow: boolean): Buffer {
  const cap = LIMITS.maxFileBytes + 1;
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (noFollow ? (fs.constants.O_NOFOLLOW ?? 0) : 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new DefsFolderError(`${file} is not a regular file`);
    const chunks: Buffer[] = [];
    let size = 0;
    // One read for a file of the size it says it has (one byte more, to see its end), then small steps.
    let want = Math.min(cap, stat.size + 1);
    while (size < cap) {
      const chunk = Buffer.allocUnsafe(Math.min(want, cap - size));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      size += n;
      want = 64 * 1024;
    }
    // Read in one go (every file that did not grow while read): that buffer itself, not a copy. A copy of each input
    // left its first buffer to the allocator, which kept it: about 10 MiB more peak RSS on 10 copies of EVerest's tree.
    if (chunks.length === 1) return chunks[0]!;
    return Buffer.concat(chunks, size);
  } finally {
    fs.closeSync(fd);
  }
}
