/**
 * Temporary files that runs killed mid-write left. Each writer that names a
 * file `<name>.tmp-<hex>` and renames (or links) it into place leaves one
 * when killed in between, and nothing else would ever remove it.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A temporary file this old is a killed run's: each is written in a few calls, in milliseconds. */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/** Whether `name` is `<base>.tmp-` followed by 16 hex digits: the temporary names the writers make. */
export function isTempOf(name: string, base: string): boolean {
  return name.length === base.length + 21 && name.startsWith(`${base}.tmp-`) && /^[0-9a-f]{16}$/.test(name.slice(base.length + 5));
}

/**
 * Removes the regular files in `dir` that `isTemp` names and that were last
 * written more than STALE_TEMP_MS ago: younger ones may be another run's,
 * about to be renamed. Nothing else is touched, and no failure is one.
 */
export function removeStaleTemps(dir: string, isTemp: (name: string) => boolean): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!isTemp(name)) continue;
    const full = path.join(dir, name);
    try {
      const st = fs.lstatSync(full, { throwIfNoEntry: false });
      if (st?.isFile() === true && now - st.mtimeMs > STALE_TEMP_MS) fs.rmSync(full, { force: true });
    } catch {
      // another run's clean-up, or a folder we may not change: left as it is
    }
  }
}
