/**
 * check(): whether the output folder holds exactly what generate() would
 * write; it reads the disk and never writes. An unchanged tree is confirmed
 * from its manifest (manifest.ts: hashes of the inputs, of the generator and
 * of every file) without generating at all; any mismatch falls back to
 * generating in memory and comparing, which stays the authority. The files
 * whose identity the stat index (stat-index.ts) vouches for are not read.
 *
 * Light on purpose: the generator (../generate) loads only when the manifest
 * does not confirm the tree.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Diagnostic } from "../diagnostics";
import type { EmittedFile } from "../emit/emitted-file";
import type * as Generate from "../generate";
import type { GenerateOptions } from "../generate";
import type { InputFile } from "../load/input-file";
import { type HashCounts, MANIFEST_PATH, hashInputs, manifestConfirms, manifestInputs } from "./manifest";
import { readStatIndex } from "./stat-index";
import { compareTree, listTree, replaceRefusal } from "./tree";
import { packageSettings } from "../package-settings";

export interface CheckOptions extends GenerateOptions {
  /**
   * Whether a tree its manifest confirms is up to date without generating
   * (default true). That checks no definition, so it reports no diagnostics:
   * false checks them always (the CLI's `check --strict` fails on warnings).
   */
  readonly fastPath?: boolean;
}

export interface CheckResult {
  /** Errors and warnings of the definitions; `upToDate` is false when there are errors. */
  readonly diagnostics: readonly Diagnostic[];
  readonly upToDate: boolean;
  /** The manifest confirmed the tree, and nothing was generated: no diagnostics, no files. */
  readonly confirmedByManifest: boolean;
  /**
   * On the manifest's path: how many output files were read and hashed, and
   * how many were taken from the stat index unread (their identity unchanged).
   * Zero both when the fast path was not taken.
   */
  readonly hashing: HashCounts;
  /**
   * Why generate would refuse to replace the output folder (no manifest of
   * this tool's in it, a link in its place): such a folder is never up to
   * date, whatever its files hold. Absent when generate may replace it.
   */
  readonly refused?: string;
  /** Files whose content differs, files that should exist but do not, files that should not exist. */
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** What generate() makes, sorted by path (to show how a changed file differs); empty when confirmed by the manifest, or with errors. */
  readonly files: readonly EmittedFile[];
}

export async function check(files: readonly InputFile[], outDir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const nothing = { changed: [], missing: [], extra: [], files: [] };
  // Throws PackageSettingsError for bad settings before anything is read, as generate() does.
  const settings = packageSettings(options.package);
  let hashing: HashCounts = { hashed: 0, trusted: 0 };
  if (options.fastPath !== false) {
    const fast = manifestConfirms(outDir, hashInputs(manifestInputs(files, options)), settings, listTree, readStatIndex(outDir));
    hashing = fast.counts;
    if (fast.confirmed) return { diagnostics: [], upToDate: true, confirmedByManifest: true, hashing, ...nothing };
  }
  // Never from a cache: the comparison is the authority on what the inputs give.
  const { cache: _cache, ...uncached } = options;
  const { generate } = require("../generate") as typeof Generate;
  const result = await generate(files, uncached);
  if (!result.model) return { diagnostics: result.diagnostics, upToDate: false, confirmedByManifest: false, hashing, ...nothing };
  // The manifest is no part of the compare (it names the generator, which a release changes though the files stay the
  // same), but a folder without one of this tool's is one generate refuses to touch.
  const refused = replaceRefusal(path.resolve(outDir), outDir);
  // What generate refuses is compared only where it has files to compare (a link to a folder), never read as a folder when it is none.
  const diff = refused !== undefined && !isFolder(outDir) ? { changed: [], missing: [], extra: [] } : compareTree(outDir, result.files, [MANIFEST_PATH]);
  const upToDate = refused === undefined && diff.changed.length + diff.missing.length + diff.extra.length === 0;
  return { diagnostics: result.diagnostics, upToDate, confirmedByManifest: false, hashing, ...(refused === undefined ? {} : { refused }), ...diff, files: result.files };
}

/** Whether `p` is a folder, or a link to one. */
function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
