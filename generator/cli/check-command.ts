import * as path from "node:path";
// Not through ../index, which loads the generator: a tree its manifest confirms never needs it.
import { check } from "../write/check-output";
import { MANIFEST_PATH } from "../write/manifest";
import type * as CompileCache from "./compile-cache";
import type * as V8Flags from "./v8-flags";
import type * as BoundedDiff from "./bounded-diff";
import { confirmUnread } from "./confirm-unread";
import { EXIT } from "./exit-codes";
import { oneLine } from "../diagnostics";
import { printDiagnostics, printLine, printLines, summarize, writeLine } from "./output";
import { inputFolders, readInputsOrFail, refuseOverlap, modelOptions, type CliOptions } from "./read-input";
import { packageOptionsOrFail } from "./package-options";
import { readRegular } from "../regular-file";

/** The largest output-folder file check shows a diff of; a changed file beyond it is named without one. */
const DIFF_MAX_BYTES = 16 * 1024 * 1024;

export async function runCheck(opts: CliOptions): Promise<number> {
  // As generate does, first: an --out that holds an input or lies inside one is refused (exit 2), never judged.
  refuseOverlap(opts);
  // Not with --strict: the warnings it fails on are only known by checking the definitions.
  if (opts.strict !== true) {
    // Bad settings, then bad folders, are refused first, in readInputsOrFail's order.
    const settings = packageOptionsOrFail(opts);
    // A tree confirmed is up to date whatever another run is doing (check() says why); one that is not is read again there.
    if (confirmUnread(opts.out, inputFolders(opts), settings).confirmed) return confirmed(opts);
  }
  const inputs = readInputsOrFail(opts);
  // Set before anything could load ts-morph; loaded only now, as a confirmed tree never needs them (nor node:v8).
  (require("./v8-flags") as typeof V8Flags).tuneV8ForGenerate({ watch: false });
  const result = await check(inputs.defs, opts.out, {
    ...modelOptions(inputs),
    // Not with --strict: the warnings it fails on are only known by checking the definitions.
    fastPath: opts.strict !== true,
    // Warnings then end the check before anything is generated: the run fails whatever the folder holds.
    strict: opts.strict === true,
    // Reads the code cache but never writes it: check writes nothing.
    loadTsMorph: () => void (require("./compile-cache") as typeof CompileCache).loadTsMorphCached(),
    onLockWait: notice,
    onRecheck: notice,
  });
  if (result.confirmedByManifest) return confirmed(opts);
  // Warnings are generate's to show; check prints them only when --strict makes them fail.
  const failsStrict = opts.strict === true && result.diagnostics.some((d) => d.severity === "warning");
  printDiagnostics(result.diagnostics.filter((d) => d.severity === "error" || failsStrict), { openable: inputs.openable });
  if (result.diagnostics.some((d) => d.severity === "error") || failsStrict) {
    writeLine(process.stderr, `everest-typegen: ${summarize(result.diagnostics)}`);
    return EXIT.badInput;
  }
  if (result.upToDate) {
    printLine(`everest-typegen: ${oneLine(opts.out)} is up to date (${result.files.length} files)`);
    return EXIT.ok;
  }
  // Every name, path and line of a file below is the output folder's or the command line's: a name goes through
  // oneLine before it is put in a line (so it cannot end the line), and each line through it again as it is printed.
  const sources = [inputs.folders.defs, ...(inputs.interfaces.length > 0 && inputs.interfacesDir !== undefined ? [inputs.interfacesDir] : []), ...(inputs.errors !== undefined && inputs.folders.errors !== undefined ? [inputs.folders.errors] : []), ...(inputs.api.length > 0 && inputs.folders.api !== undefined ? [inputs.folders.api] : [])].map(oneLine);
  const out: string[] = [];
  // Files as generate writes them, in a folder generate will not replace: said first, with what generate would say.
  if (result.refused !== undefined) out.push(`everest-typegen: ${oneLine(opts.out)} is out of date, and \`everest-typegen generate\` would refuse to replace it: ${oneLine(result.refused)}`);
  if (result.changed.length + result.missing.length + result.extra.length + result.unreadable.length > 0) {
    out.push(`everest-typegen: ${oneLine(opts.out)} is out of date with ${sources.length > 1 ? `${sources.slice(0, -1).join(", ")} and ${sources[sources.length - 1]}` : sources[0]} (run \`everest-typegen generate\`):`);
  }
  for (const p of result.changed) out.push(`  changed: ${oneLine(p)}`);
  for (const p of result.missing) out.push(`  missing: ${oneLine(p)}`);
  for (const p of result.extra) out.push(`  extra:   ${oneLine(p)}`);
  for (const p of result.unreadable) out.push(`  unreadable: ${oneLine(p)} (a folder check may not list; generate replaces it)`);
  // Loaded only here: a tree confirmed up to date never needs it.
  const differ = (require("./bounded-diff") as typeof BoundedDiff).boundedDiffer();
  const byPath = new Map(result.files.map((f) => [f.path, f.content]));
  for (const p of result.changed) {
    // The output folder's file may be anything: a FIFO (whose read would block), a device, a sparse file of gigabytes.
    const bytes = readRegular(path.join(opts.out, p), DIFF_MAX_BYTES);
    if (bytes === undefined) {
      out.push(`  (no diff of ${oneLine(p)}: not a regular file of at most ${DIFF_MAX_BYTES} bytes)`);
      continue;
    }
    out.push(...differ.diff(p, bytes.toString("utf8"), byPath.get(p) ?? ""));
  }
  out.push(...differ.finish());
  printLines(out);
  return EXIT.mismatch;
}

/** Says on stderr what the check waits for, or why it reads the folder again. */
function notice(message: string): void {
  writeLine(process.stderr, `everest-typegen: ${message}`);
}

function confirmed(opts: CliOptions): number {
  printLine(`everest-typegen: ${oneLine(opts.out)} is up to date (confirmed by ${MANIFEST_PATH})`);
  return EXIT.ok;
}
