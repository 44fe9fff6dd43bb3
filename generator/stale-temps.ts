/**
 * Temporary files that runs killed mid-write left. A writer that writes a
 * file under a temporary name and renames (or links) it into place leaves
 * one when killed in between, and nothing else would ever remove it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readRegular } from "./regular-file";

/** A temporary file this old is a killed run's: each is written in a few calls, in milliseconds. */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/** Whether `name` is `<base>.tmp-` followed by 16 hex digits: the temporary names the writers make. */
export function isTempOf(name: string, base: string): boolean {
  return name.length === base.length + 21 && name.startsWith(`${base}.tmp-`) && /^[0-9a-f]{16}$/.test(name.slice(base.length + 5));
}

/** The largest temporary file read to tell whether it is one of ours: the writers that use this write a line each. */
const MAX_TEMP_BYTES = 4096;

/**
 * Removes the regular files in `dir` that `isTemp` names, that were last
 * written more than STALE_TEMP_MS ago (younger ones may be another run's,
 * about to be renamed), and whose text `isOurs` says its writer writes: a
 * file of someone else's under such a name is left. Nothing else is touched,
 * and no failure is one.
 */
export function removeStaleTemps(dir: string, isTemp: (name: string) => boolean, isOurs: (text: string) => boolean): void {
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
      if (st?.isFile() !== true || now - st.mtimeMs <= STALE_TEMP_MS || st.size > MAX_TEMP_BYTES) continue;
      const text = readRegular(full, MAX_TEMP_BYTES)?.toString("utf8");
      if (text !== undefined && isOurs(text)) fs.rmSync(full, { force: true });
    } catch {
      // another run's clean-up, or a folder we may not change: left as it is
    }
  }
}
