/** Reads a defs folder (or one file) from disk, in a stable order whatever the file system returns. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { InputFile } from "../load/load-defs";

/**
 * Display paths are `<folder name>/<file>` (e.g. `defs/ocpp.yaml`) so banners
 * and diagnostics read the same on every machine and from any working directory.
 */
export function readDefs(defs: string): InputFile[] {
  const stat = fs.statSync(defs);
  if (stat.isFile()) {
    return [{ path: path.basename(defs), content: fs.readFileSync(defs) }];
  }
  const label = path.basename(path.resolve(defs));
  return fs
    .readdirSync(defs, { withFileTypes: true })
    .filter((d) => d.isFile() && /\.ya?ml$/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ path: `${label}/${name}`, content: fs.readFileSync(path.join(defs, name)) }));
}
