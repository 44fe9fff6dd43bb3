/**
 * A record of what produced the output folder: hashes of the inputs, of the
 * generator itself, and of every emitted file, and the package settings
 * (name, version, description) it was made with. `check` uses it to confirm an
 * unchanged tree without loading the emitters (ts-morph, ajv); any mismatch
 * falls back to a full regeneration and compare, which stays the authority.
 *
 * This module must stay light: it runs on check's fast path.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmittedFile } from "../emit/emitted-file";
import { compareText } from "../compare";
import type { PackageSettings } from "../package-settings";
import { readRegular, readRegularWith } from "../regular-file";

export const MANIFEST_PATH = ".everest-typegen-manifest.json";

/**
 * The output's manifest as the file system knows it, never read: every run
 * that writes the tree writes a new one. "none" when there is none, or when
 * `out` is not a folder this process may look into.
 */
export function manifestIdentity(out: string): string {
  try {
    const st = fs.lstatSync(path.join(out, MANIFEST_PATH), { throwIfNoEntry: false, bigint: true });
    return st === undefined ? "none" : `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return "none";
  }
}

/** The largest manifest read: EVerest's tree's is about 100 kB, 10 copies of it about 1 MB. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The largest output file check's fast path reads to hash; a larger one is compared by the full path, which reads no more than generate made. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface Manifest {
  readonly inputs: string;
  readonly generator: string;
  /** The package settings of the run (`Model.package`); a tree made with others is never confirmed. */
  readonly package: PackageSettings;
  readonly files: Readonly<Record<string, string>>;
}

export interface NamedContent {
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** Node's one-shot hash (20.12 and later): about 4x a Hash object's speed on the many small files of an output folder, which check hashes on every run. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex") => string }).hash;

/** The sha256 of `data`, in hex: the one hash of manifests and caches. */
export function sha256(data: string | Uint8Array): string {
  return oneShot !== undefined ? oneShot("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * Every input file of a run, for the input hash: the type files, then the
 * interface, error and API files, each of these marked in its path so that no
 * path can stand for two kinds; and whether error files were given at all.
 */
export function manifestInputs(
  types: readonly NamedContent[],
  options: { readonly interfaces?: readonly NamedContent[]; readonly errors?: readonly NamedContent[]; readonly api?: readonly NamedContent[] },
): NamedContent[] {
  const mark = (kind: InputKind, files: readonly NamedContent[] = []): NamedContent[] => files.map((f) => ({ path: markedInputPath(kind, f.path), content: f.content }));
  const given = options.errors !== undefined ? [ERRORS_GIVEN] : [];
  return [...types, ...mark("interface", options.interfaces), ...given, ...mark("error", options.errors), ...mark("api", options.api)];
}

/**
 * Stands in the input hash for "error files were given", even none: with an
 * errors folder, empty or not, interfaces' error references are resolved
 * (E054 for one that names nothing); without one they are not, and the
 * interface files come out otherwise. No file has an empty path.
 */
export const ERRORS_GIVEN: NamedContent = { path: markedInputPath("error", ""), content: "" };

/** The kinds of input file besides type files, which are not marked. */
export type InputKind = "interface" | "error" | "api";

/** An input file's path as the input hash names it: marked with its kind, so that no path can stand for two kinds. */
export function markedInputPath(kind: InputKind | "type", file: string): string {
  return kind === "type" ? file : `\u0000${kind}\u0000${file}`;
}

/** One hash over every input file's path and bytes, in path order. */
export function hashInputs(inputs: readonly NamedContent[]): string {
  return hashInputHashes(inputs.map((f) => ({ path: f.path, sha256: sha256(f.content) })));
}

/** hashInputs from each file's path and sha256 (check may take a file's sha256 from its stat index, unread). */
export function hashInputHashes(inputs: readonly { readonly path: string; readonly sha256: string }[]): string {
  const h = crypto.createHash("sha256");
  for (const f of [...inputs].sort((a, b) => compareText(a.path, b.path))) {
    h.update(`${f.path}\u0000${f.sha256}\n`);
  }
  return h.digest("hex");
}

let generatorHashCache: string | undefined;

/** The generator's code files (every .js/.ts file of the running generator, not .d.ts), absolute paths in hash order. */
export function generatorFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(full);
    }
  };
  walk(generatorRoot());
  return out;
}

function generatorRoot(): string {
  return path.resolve(__dirname, "..");
}

/**
 * The libraries whose versions shape the output or what the caches keep:
 * the printer, the validator compiler, the two YAML readers and the regular
 * expression analysis the checks run (../load/check-store.ts keeps checks).
 * The packages they depend on count too (`libraryVersions`): ts-morph
 * prints with code-block-writer, and scslre analyses with
 * regexp-ast-analysis, whose versions their own ranges leave free.
 */
const OUTPUT_LIBRARIES = ["ts-morph", "ajv", "js-yaml", "yaml", "@eslint-community/regexpp", "refa", "scslre"];

/**
 * The generator's own code (every .js/.ts file of the running generator) and the
 * versions of the libraries that shape its output. `known` may give a file's
 * sha256 without reading it (check's stat index, stat-index.ts); the hash is the same.
 */
export function hashGenerator(known?: (full: string) => string | undefined): string {
  if (generatorHashCache !== undefined) return generatorHashCache;
  const root = generatorRoot();
  const h = crypto.createHash("sha256");
  const prefix = root + path.sep;
  for (const full of generatorFiles()) {
    // generatorFiles joins onto root: cutting the prefix is path.relative without its two path.resolve calls per file.
    const relative = full.startsWith(prefix) ? full.slice(prefix.length) : path.relative(root, full);
    h.update(`${relative}\u0000${known?.(full) ?? sha256(fs.readFileSync(full))}\n`);
  }
  for (const line of libraryVersions(root)) h.update(`${line}\n`);
  generatorHashCache = h.digest("hex");
  return generatorHashCache;
}

/**
 * `name@version` of each of {@link OUTPUT_LIBRARIES} as a module in `from`
 * requires it, and of every package in their `dependencies` as each requires
 * them (a package installed twice, at two versions, is there twice), sorted;
 * `name@?` for one that is not found or whose package.json cannot be read.
 */
export function libraryVersions(from: string): string[] {
  const found = new Map<string, string>();
  const folders = new Map<string, boolean>();
  const todo: [dep: string, file: string | undefined][] = OUTPUT_LIBRARIES.map((dep) => [dep, packageJsonFrom(dep, from, folders)]);
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const [dep, file] = next;
    if (file === undefined) {
      found.set(`?${dep}`, `${dep}@?`);
      continue;
    }
    if (found.has(file)) continue;
    let pkg: { version?: unknown; dependencies?: unknown };
    try {
      pkg = JSON.parse(fs.readFileSync(file, "utf8")) as typeof pkg;
    } catch {
      found.set(file, `${dep}@?`);
      continue;
    }
    found.set(file, `${dep}@${typeof pkg.version === "string" ? pkg.version : "?"}`);
    const deps = typeof pkg.dependencies === "object" && pkg.dependencies !== null ? Object.keys(pkg.dependencies) : [];
    for (const d of deps) todo.push([d, packageJsonFrom(d, path.dirname(file), folders)]);
  }
  return [...new Set(found.values())].sort(compareText);
}

/**
 * The package.json of `dep` as a package in `dir` requires it: the
 * `node_modules` of `dir` and of each folder above it, nearest first.
 * `folders` remembers which `node_modules` folders exist: most packages have
 * none of their own, and each would otherwise be probed once per dependency.
 */
function packageJsonFrom(dep: string, dir: string, folders: Map<string, boolean>): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    if (path.basename(at) !== "node_modules") {
      const modules = path.join(at, "node_modules");
      let exists = folders.get(modules);
      if (exists === undefined) folders.set(modules, (exists = fs.existsSync(modules)));
      const file = path.join(modules, dep, "package.json");
      if (exists && fs.existsSync(file)) return file;
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/** The manifest from each output file's path and sha256 (in any order: they are sorted by path). */
export function manifestOf(inputs: readonly NamedContent[], settings: PackageSettings, hashes: readonly (readonly [string, string])[]): EmittedFile {
  const sorted = [...hashes].sort(([a], [b]) => compareText(a, b));
  const manifest: Manifest = {
    inputs: hashInputs(inputs),
    generator: hashGenerator(),
    package: settingsRecord(settings),
    files: Object.fromEntries(sorted),
  };
  return { path: MANIFEST_PATH, content: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** The settings as the manifest records them: always these keys in this order, `description` only when chosen. */
function settingsRecord(settings: PackageSettings): PackageSettings {
  return { name: settings.name, version: settings.version, ...(settings.description !== undefined ? { description: settings.description } : {}) };
}

/** Where check's fast path took each file's hash from: read and hashed, or trusted from the stat index (stat-index.ts). */
export interface HashCounts {
  readonly hashed: number;
  readonly trusted: number;
}

/** What check's stat index vouches for (stat-index.ts `StatIndex`). */
export interface KnownHashes {
  /** The sha256 of the manifest generate wrote: a manifest with other bytes is not taken at its word. */
  readonly manifest: string;
  /** Whether the `position`-th of the manifest's sorted files is unchanged since recorded with the manifest whose bytes hash to `manifest`. */
  unchanged(manifest: string, position: number, file: string): boolean;
  generatorHash(full: string): string | undefined;
}

/**
 * Whether the manifest in `out` matches these inputs (`inputs`: their
 * hashInputs), these package settings
 * and this generator, and every file in `out` is exactly as the manifest
 * records (none missing, none extra); `confirmed` is true only then, and
 * only for the manifest the stat index (`known`) says generate wrote: the
 * manifest is a file in the output folder, which anyone may edit along with
 * a generated file, so on its own it proves nothing (without an index, or
 * with another manifest, the caller compares in full). `known` also saves
 * reading the files whose identity it vouches for; every other file is read
 * and hashed.
 */
export function manifestConfirms(
  out: string,
  inputs: string,
  settings: PackageSettings,
  listTree: (dir: string) => string[],
  known?: KnownHashes,
): { readonly confirmed: boolean; readonly counts: HashCounts } {
  let hashed = 0;
  let trusted = 0;
  const result = (confirmed: boolean) => ({ confirmed, counts: { hashed, trusted } });
  if (known === undefined) return result(false);
  // Only a folder is confirmed: a link in its place generate refuses to replace (write/tree.ts replaceRefusal), and no
  // folder is no tree. Resolved first, as generate resolves it: `link/` or `link/.` would have lstat follow the link.
  try {
    if (!fs.lstatSync(path.resolve(out)).isDirectory()) return result(false);
  } catch {
    return result(false);
  }
  let manifest: Manifest;
  let manifestHash: string;
  try {
    // Only a regular file (a FIFO in its place would block the read forever), and of a manifest's size.
    const bytes = readRegular(path.join(out, MANIFEST_PATH), MAX_MANIFEST_BYTES);
    if (bytes === undefined) return result(false);
    // The stat index vouches for the manifest (and files) only under the very manifest it was made with.
    manifestHash = sha256(bytes);
    manifest = JSON.parse(bytes.toString("utf8")) as Manifest;
  } catch {
    return result(false);
  }
  if (known.manifest !== manifestHash) return result(false);
  if (typeof manifest !== "object" || manifest === null || typeof manifest.files !== "object" || manifest.files === null) return result(false);
  if (manifest.inputs !== inputs) return result(false);
  if (manifest.generator !== hashGenerator((full) => known.generatorHash(full))) return result(false);
  if (JSON.stringify(manifest.package) !== JSON.stringify(settingsRecord(settings))) return result(false);
  let present: string[];
  try {
    present = listTree(out).filter((p) => p !== MANIFEST_PATH);
  } catch {
    // A folder that cannot be listed is no tree to confirm: the full compare says what it is.
    return result(false);
  }
  const recorded = Object.keys(manifest.files).sort();
  if (present.length !== recorded.length || present.some((p, i) => p !== recorded[i])) return result(false);
  // `present` is the manifest's own sorted list here, which is the order the index records.
  for (let i = 0; i < present.length; i++) {
    const p = present[i] as string;
    if (known.unchanged(manifestHash, i, p)) {
      trusted++;
      continue;
    }
    hashed++;
    // Anything but a regular file of at most MAX_OUTPUT_BYTES is no file generate wrote: the full compare says what it is.
    if (readRegularWith(path.join(out, p), MAX_OUTPUT_BYTES, sha256) !== manifest.files[p]) return result(false);
  }
  return result(true);
}
