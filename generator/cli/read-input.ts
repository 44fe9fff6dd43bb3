import * as fs from "node:fs";
import * as path from "node:path";
// Not through ../index, which loads the generator: check's fast path reads inputs but never generates.
import type { InputFile, ModelOptions } from "../index";
import { DefsFolderError, readDefs, type ListOptions } from "../load/read-defs";
import { type NamedInput, overlapProblem } from "../write/overlap";
import { UserError } from "./exit-codes";
import { type PackageFlags, packageOptionsOrFail } from "./package-options";

/** The options of the `generate` and `check` commands, as commander parses them. */
export interface CliOptions extends PackageFlags {
  readonly defs: string;
  readonly out: string;
  /** Folder of interface files (or one file); default `<defs>/interfaces` when that folder exists. */
  readonly interfaces?: string;
  /** Folder of error files (or one file); default `<defs>/errors` when that folder exists. */
  readonly errors?: string;
  /** Folder of EVerest API specs (AsyncAPI 3.x), or one spec; with `--everest`, default its `docs/source/reference/EVerest_API/` when that folder exists. */
  readonly api?: string;
  /** An EVerest checkout (or a tree laid out like one): its `types/`, `interfaces/`, `errors/` and API specs. */
  readonly everest?: string;
  /** Print no warnings. */
  readonly quiet?: boolean;
  /** Warnings fail the run like errors (exit 2, nothing written). */
  readonly strict?: boolean;
  /** generate: false with `--no-cache` (no validator cache read or written). */
  readonly cache?: boolean;
}

/** The folders one run reads, once `--everest` and the defaults are applied. */
export interface InputFolders {
  readonly defs: string;
  readonly interfaces?: string;
  readonly errors?: string;
  readonly api?: string;
}

/** Where an EVerest checkout keeps its API specs. */
export const EVEREST_API_FOLDER = path.join("docs", "source", "reference", "EVerest_API");
/** Where EVerest 2025.10 to 2025.12 kept their API specs, one folder each (`<name>/asyncapi.yaml`): read when EVEREST_API_FOLDER is absent. */
export const EVEREST_API_SPEC_FOLDERS = path.join("doc", "everest_api_specs");

/** `--everest <dir>` names EVerest's four folders; otherwise `--defs` with its defaults. */
export function inputFolders(opts: CliOptions): InputFolders {
  if (opts.everest !== undefined) {
    if (!isDirectory(opts.everest)) throw new UserError(`${opts.everest}: not a folder (--everest names an EVerest checkout)`);
    const types = path.join(opts.everest, "types");
    if (!isDirectory(types)) throw new UserError(`${opts.everest}: no types/ folder here; --everest names an EVerest checkout`);
    const sub = (name: string, given: string | undefined): string | undefined => given ?? (isDirectory(path.join(opts.everest!, name)) ? path.join(opts.everest!, name) : undefined);
    return {
      defs: types,
      ...optional("interfaces", sub("interfaces", opts.interfaces)),
      ...optional("errors", sub("errors", opts.errors)),
      ...optional("api", sub(EVEREST_API_FOLDER, opts.api) ?? sub(EVEREST_API_SPEC_FOLDERS, undefined)),
    };
  }
  return {
    defs: opts.defs,
    ...optional("api", opts.api),
    ...optional("interfaces", defaultSubfolder(opts.defs, "interfaces", opts.interfaces)),
    ...optional("errors", defaultSubfolder(opts.defs, "errors", opts.errors)),
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function readDefsOrFail(defs: string): InputFile[] {
  const files = readFolder(defs);
  if (files.length === 0) throw new UserError(`${defs}: no .yaml files found`);
  return files;
}

function readFolder(dir: string, options: ListOptions = {}): InputFile[] {
  try {
    return readDefs(dir, options);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof DefsFolderError) throw new UserError(err.message);
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === "ENOENT" ? "no such file or directory" : e.message.replace(/^[A-Z]+: /, "");
    throw new UserError(`${dir}: ${reason}`);
  }
}

/** What one generate or check run reads. */
export interface RunInputs {
  /** The package settings: the flags, else package.json's key (package-options.ts). */
  readonly package: NonNullable<ModelOptions["package"]>;
  readonly folders: InputFolders;
  readonly defs: InputFile[];
  readonly interfaces: InputFile[];
  /** Absent when the run has no error files folder: interfaces' error references are then only recorded. */
  readonly errors?: InputFile[];
  /** The API specs (`--api`, or `--everest`'s); empty when there are none. */
  readonly api: InputFile[];
  /** The interfaces folder read, if any. */
  readonly interfacesDir?: string;
  /** Display path of each file read -> the path on disk a terminal or editor can open (relative to the current folder). */
  readonly openable: ReadonlyMap<string, string>;
  /** Every file read, by its absolute path on disk (for the stat index: check's confirm-unread.ts). */
  readonly files: readonly string[];
}

/**
 * `given`, else `<defs>/<name>` when it is a folder, else none. The default
 * is never a symbolic link (it could lead anywhere, and nothing outside
 * `--defs` is read unless asked for): such a link is refused, and the option
 * names the folder it points to instead.
 */
function defaultSubfolder(defs: string, name: "interfaces" | "errors", given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  const byDefault = path.join(defs, name);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(byDefault);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) {
    throw new UserError(
      `${byDefault} is a symbolic link: the default ${name} folder must be a folder in the defs folder, and nothing outside it is read; pass --${name} to read ${name === "errors" ? "error" : "interface"} files from elsewhere`,
    );
  }
  return stat.isDirectory() ? byDefault : undefined;
}

export function readInputsOrFail(opts: CliOptions): RunInputs {
  // First: bad settings are refused before any definition is read.
  const settings = packageOptionsOrFail(opts);
  const folders = inputFolders(opts);
  const defs = readDefsOrFail(folders.defs);
  const openable = new Map<string, string>();
  const onDisk: string[] = [];
  const note = (dir: string, files: readonly InputFile[]): void => {
    const single = fs.statSync(dir).isFile();
    for (const f of files) {
      const file = path.resolve(single ? dir : path.join(dir, f.path.slice(f.path.indexOf("/") + 1)));
      onDisk.push(file);
      openable.set(f.path, openablePath(file));
    }
  };
  note(folders.defs, defs);
  const optionalFolder = (dir: string | undefined, named: boolean, options: ListOptions = {}): InputFile[] | undefined => {
    if (dir === undefined) return undefined;
    const files = readFolder(dir, options);
    // An empty default folder is no error; a folder asked for by name must hold files.
    if (files.length === 0 && named) throw new UserError(`${dir}: no .yaml files found`);
    note(dir, files);
    return files;
  };
  const interfaces = optionalFolder(folders.interfaces, opts.interfaces !== undefined) ?? [];
  const errors = optionalFolder(folders.errors, opts.errors !== undefined);
  // API specs may also be kept one folder each (EVerest 2025.10 to 2025.12's layout).
  const api = optionalFolder(folders.api, opts.api !== undefined, { specFolders: true }) ?? [];
  return {
    package: settings,
    folders,
    defs,
    interfaces,
    api,
    ...(errors !== undefined ? { errors } : {}),
    ...(folders.interfaces !== undefined ? { interfacesDir: folders.interfaces } : {}),
    openable,
    files: onDisk,
  };
}

/** A path a terminal or editor opens from here: relative to the current folder when the file is inside it, else absolute. */
function openablePath(file: string): string {
  const abs = path.resolve(file);
  const rel = path.relative(process.cwd(), abs);
  return rel === "" || rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) ? abs : rel;
}

/** The API's options for what the CLI read. */
export function modelOptions(inputs: RunInputs): ModelOptions {
  return {
    interfaces: inputs.interfaces,
    ...(inputs.errors !== undefined ? { errors: inputs.errors } : {}),
    ...(inputs.api.length > 0 ? { api: inputs.api } : {}),
    package: inputs.package,
  };
}

/**
 * Refuses an output folder that holds an input, or lies inside one (see
 * write/overlap.ts). Runs before anything is read or written.
 */
export function refuseOverlap(opts: CliOptions): void {
  const folders = inputFolders(opts);
  const base = opts.everest !== undefined ? "--everest" : "--defs";
  const named: NamedInput[] = [{ option: base, path: folders.defs }];
  if (folders.interfaces !== undefined) named.push({ option: opts.interfaces !== undefined ? "--interfaces" : base, path: folders.interfaces });
  if (folders.errors !== undefined) named.push({ option: opts.errors !== undefined ? "--errors" : base, path: folders.errors });
  if (folders.api !== undefined) named.push({ option: opts.api !== undefined ? "--api" : base, path: folders.api });
  const problem = overlapProblem(opts.out, named);
  if (problem !== undefined) throw new UserError(problem);
}
