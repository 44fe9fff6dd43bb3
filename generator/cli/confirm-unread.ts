/**
 * check's fastest path, for the CLI: whether the manifest confirms the output
 * folder, with each input file's sha256 taken from the stat index
 * (../write/stat-index.ts) while its identity is unchanged, so that an
 * unchanged tree is confirmed without reading its inputs either. Inputs the
 * index does not vouch for are read and hashed here.
 *
 * The verdict is the one `check()`'s own fast path gives on the files
 * readInputsOrFail reads: the same folders, the same names (listDefs), the
 * same marked paths and hashes (hashInputHashes), the same manifestConfirms.
 * The index only says which bytes were hashed already. Anything that is not
 * plainly so (a folder the read would refuse, an empty one, a file too big,
 * not a regular file, an unreadable index, bad package settings) answers
 * false, and check goes the usual way, which reports what is wrong.
 * Reads only, like check.
 */
import * as path from "node:path";
import type { PackageOptions } from "../package-settings";
import { packageSettings } from "../package-settings";
import { LIMITS } from "../limits";
import { listDefs } from "../load/read-defs";
import { ERRORS_GIVEN, type InputKind, hashInputHashes, manifestConfirms, markedInputPath, sha256 } from "../write/manifest";
import { readStatIndex } from "../write/stat-index";
import { listTree } from "../write/tree";
import { readRegularWith } from "../regular-file";
import type { InputFolders } from "./read-input";

/** The verdict, and how many input files were read and hashed, and how many taken from the index unread. */
export interface UnreadVerdict {
  readonly confirmed: boolean;
  readonly inputs: { readonly hashed: number; readonly trusted: number };
}

export function confirmUnread(out: string, folders: InputFolders, pkg: PackageOptions): UnreadVerdict {
  let hashed = 0;
  let trusted = 0;
  const verdict = (confirmed: boolean): UnreadVerdict => ({ confirmed, inputs: { hashed, trusted } });
  try {
    const settings = packageSettings(pkg);
    const index = readStatIndex(out);
    // Without an index the manifest is not taken at its word (write/manifest.ts manifestConfirms): no input need be read for it.
    if (index === undefined) return verdict(false);
    const entries: { path: string; sha256: string }[] = [];
    const kinds: readonly [InputKind | "type", string | undefined][] = [
      ["type", folders.defs],
      ["interface", folders.interfaces],
      ["error", folders.errors],
      ["api", folders.api],
    ];
    for (const [kind, dir] of kinds) {
      if (dir === undefined) continue;
      const listed = listDefs(dir, { specFolders: kind === "api" });
      // Empty folders and too many files: readInputsOrFail or the loader decide what they mean.
      if (listed.files.length === 0 || listed.files.length > LIMITS.maxFiles) return verdict(false);
      if (kind === "error") entries.push({ path: ERRORS_GIVEN.path, sha256: sha256(ERRORS_GIVEN.content) });
      // Resolved once per folder: the index names inputs by absolute path (path.resolve), as recorded.
      const base = path.resolve(dir);
      for (const f of listed.files) {
        const known = index.inputHash(listed.single ? base : path.join(base, f.path.slice(f.path.indexOf("/") + 1)));
        if (known !== undefined) trusted++;
        else hashed++;
        const hash = known ?? hashOf(f.file);
        if (hash === undefined) return verdict(false);
        entries.push({ path: markedInputPath(kind, f.path), sha256: hash });
      }
    }
    return verdict(manifestConfirms(out, hashInputHashes(entries), settings, listTree, index).confirmed);
  } catch {
    return verdict(false);
  }
}

/**
 * The sha256 of a regular file within the loader's size bound: the bytes
 * readDefs would read. Undefined for anything else (a link, a file too big),
 * which readDefs reads differently or refuses.
 */
function hashOf(file: string): string | undefined {
  return readRegularWith(file, LIMITS.maxFileBytes, sha256);
}
