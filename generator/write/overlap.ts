/**
 * The output folder is replaced as a whole, so an input inside it would be
 * deleted by the run that reads it, and an output inside an input would be
 * read back as input by the next run. Both are refused before anything is
 * written. Paths are compared as the file system resolves them (symbolic
 * links followed), so a link cannot hide the overlap.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One input of a run: what the user named it by (for the message) and where it is. */
export interface NamedInput {
  /** The option it came from, e.g. `--defs`. */
  readonly option: string;
  readonly path: string;
}

/** Why `out` and the inputs overlap, as a one-line message; undefined when they do not. */
export function overlapProblem(out: string, inputs: readonly NamedInput[]): string | undefined {
  const outReal = resolveReal(out);
  for (const input of inputs) {
    const inReal = resolveReal(input.path);
    if (inReal === outReal) {
      return `${input.option} ${input.path} and --out ${out} are the same folder: generating would replace the input with the output; choose another --out`;
    }
    if (isInside(inReal, outReal)) {
      return `${input.option} ${input.path} lies inside the output folder --out ${out}, which every run replaces as a whole: it would be deleted; move it out, or choose another --out`;
    }
    if (isInside(outReal, inReal)) {
      return `--out ${out} lies inside ${input.option} ${input.path}: the generated files would be read as input by the next run; choose an --out outside it`;
    }
  }
  return undefined;
}

/** Whether `inner` is strictly below `outer` (both absolute and resolved). */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * The absolute path with every symbolic link resolved. For a path that does
 * not exist yet (an output folder about to be made), its nearest existing
 * ancestor is resolved and the rest appended.
 */
function resolveReal(p: string): string {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(p);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}
