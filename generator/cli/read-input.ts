import * as fs from "node:fs";
import * as path from "node:path";
import type { InputFile } from "../load/load-defs";
import type { NamedContent } from "../write/manifest";
import { DefsFolderError, readDefs } from "../write/read-defs";
import { UserError } from "./exit-codes";

export interface GenerateOptions {
  readonly defs: string;
  readonly out: string;
  /** Folder of interface files (or one file); default `<defs>/interfaces` when that folder exists. */
  readonly interfaces?: string;
}

export function readDefsOrFail(defs: string): ReturnType<typeof readDefs> {
  try {
    const files = readDefs(defs);
    if (files.length === 0) throw new UserError(`${defs}: no .yaml files found`);
    return files;
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof DefsFolderError) throw new UserError(err.message);
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOENT" ? "no such file or directory" : e.message.replace(/^[A-Z]+: /, "");
    throw new UserError(`${defs}: ${reason}`);
  }
}

/** What one generate or check run reads. */
export interface RunInputs {
  readonly defs: InputFile[];
  readonly interfaces: InputFile[];
  /** The interfaces folder read, if any. */
  readonly interfacesDir?: string;
  /** Every input file for the manifest's input hash, interface files marked so no path can stand for both kinds. */
  readonly hashed: NamedContent[];
}

/**
 * `--interfaces`, else `<defs>/interfaces` when it is a folder, else none. The
 * default is never a symbolic link (it could lead anywhere, and nothing outside
 * `--defs` is read unless asked for): such a link is refused, and `--interfaces`
 * names the folder it points to instead.
 */
export function interfacesDir(opts: GenerateOptions): string | undefined {
  if (opts.interfaces !== undefined) return opts.interfaces;
  const byDefault = path.join(opts.defs, "interfaces");
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(byDefault);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) {
    throw new UserError(
      `${byDefault} is a symbolic link: the default interfaces folder must be a folder in the defs folder, and nothing outside it is read; pass --interfaces to read interface files from elsewhere`,
    );
  }
  return stat.isDirectory() ? byDefault : undefined;
}

export function readInputsOrFail(opts: GenerateOptions): RunInputs {
  const defs = readDefsOrFail(opts.defs);
  const dir = interfacesDir(opts);
  let interfaces: InputFile[] = [];
  if (dir !== undefined) {
    try {
      interfaces = readDefs(dir);
    } catch (err) {
      if (err instanceof DefsFolderError) throw new UserError(err.message);
      const e = err as NodeJS.ErrnoException;
      const reason = e.code === "ENOENT" ? "no such file or directory" : e.message.replace(/^[A-Z]+: /, "");
      throw new UserError(`${dir}: ${reason}`);
    }
    // An empty default folder is no error; a folder asked for by name must hold interface files.
    if (interfaces.length === 0 && opts.interfaces !== undefined) throw new UserError(`${dir}: no .yaml files found`);
  }
  const hashed = [...defs, ...interfaces.map((f) => ({ path: `\u0000interface\u0000${f.path}`, content: f.content }))];
  return { defs, interfaces, ...(dir !== undefined ? { interfacesDir: dir } : {}), hashed };
}
