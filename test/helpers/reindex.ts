/** The stat index made again for an output folder, as generate makes it (generator/write/stat-index.ts). */
import * as fs from "node:fs";
import * as path from "node:path";
import { MANIFEST_PATH } from "../../generator/write/manifest";
import { recordStatIndex } from "../../generator/write/stat-index";
import type { ReusableFiles } from "../../generator/write/reuse";

/**
 * Indexes `out` again for the manifest it holds, which these tests take to be
 * the one generate wrote there (generate passes what it wrote); the files
 * recorded, or undefined when no index was written.
 */
export function indexAgain(out: string, options: { readonly fenceNs?: bigint; readonly inputs?: readonly string[] } = {}): ReusableFiles | undefined {
  return recordStatIndex(out, fs.readFileSync(path.join(out, MANIFEST_PATH), "utf8"), options);
}
