/**
 * A V8 code cache for loading ts-morph, for the CLI's generate and check.
 *
 * ts-morph bundles the TypeScript compiler: about 13 MB of JavaScript that V8
 * parses on every start, which is most of the time a small generate takes.
 * With the bytecode V8 made on an earlier run, loading takes about half as
 * long. The three big files are compiled here with `vm.Script` and their
 * cached data, and put into `require.cache`, so ts-morph's own `require`
 * calls find them. (Node 22's `module.enableCompileCache` would write its
 * cache at exit whatever the command, and `check` must not write.)
 *
 * - The cache lives in `node_modules/.cache/everest-typegen/`, beside the
 *   ts-morph it was made from: whoever can write there can already change
 *   ts-morph itself, so reading it trusts no one new. No writable
 *   node_modules, no cache; nothing else changes.
 * - A cache file is named after the node version and the source file's path,
 *   size, inode and change time (npm gives every file the same modification
 *   time, but a reinstall a new change time), and after V8's tag for cached
 *   data (`v8.cachedDataVersionTag()`: V8's version, its flags, the CPU's
 *   features). V8 checks the source length, its own version and flags again,
 *   rejecting data that does not fit: then the file is compiled as usual and
 *   the cache rewritten. A watch runs under other V8 flags than generate and
 *   check (./v8-flags.ts), so without the tag in the name each rejected and
 *   rewrote the other's files: every generate or check after a watch compiled
 *   ts-morph anew. Its name also says whether the source is ASCII (see
 *   readWrapped), so a run with a cache does not scan the source for that
 *   again, and which install it belongs to (a hash of the source file's
 *   path), so that projects sharing EVEREST_TYPEGEN_CACHE_DIR keep their own.
 * - The folder stays bounded (`removeOutdated`): writing a module's file
 *   removes that install's files of other versions, keeps those of at most
 *   three sets of V8 flags, removes other installs' files unwritten for 30
 *   days and any temporary file a killed run left.
 * - TypeScript is loaded only when something asks for more than printing
 *   structures needs (./lazy-typescript.ts): its enums come from a record,
 *   `<typescript's name>.tsdata.json`, which the run that loaded it wrote.
 * - ts-morph-common is compiled without its lib texts, which are built on
 *   first use (./lazy-lib-files.ts): they were most of its source, of the
 *   cache and of the load's time.
 * - Only `generate` writes it (`check` never writes), after the run, so the
 *   bytecode of every function the run compiled is in it. Written to a
 *   temporary name and renamed: concurrent runs never see half a file.
 * - `EVEREST_TYPEGEN_COMPILE_CACHE=0` turns it off; `EVEREST_TYPEGEN_CACHE_DIR`
 *   puts it somewhere else (a folder only you can write to: the cache is code).
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import * as v8 from "node:v8";
import { isAscii } from "node:buffer";
import Module = require("node:module");
import { LAZY_LIB_FILES_VERSION, LIB_FILES_TEXT, lazyLibFiles } from "./lazy-lib-files";
import { MAX_DATA_BYTES, type TypeScriptData, commaScannerFits, dataOf, lazyTypeScript, parseData } from "./lazy-typescript";
import { fill, readRegular, readRegularWith } from "../regular-file";
import { waitForFlags } from "../young-generation";
import { STALE_TEMP_MS } from "../stale-temps";

export interface CompileCache {
  /** Writes the cache files of this run's compiled modules that had none that fit. */
  save(): void;
}

const NO_CACHE: CompileCache = { save: () => undefined };

/** A module's source as a rewrite gives it: its text, whether that is ASCII, and a parameter of its wrapper after node's five, if any. */
interface Source {
  readonly text: string;
  readonly ascii: boolean;
  readonly extra?: { readonly name: string; readonly value: unknown };
}

/** A module's code as compiled: its source in node's wrapper, whether the source is ASCII, and the wrapper's extra parameter, if any. */
interface Wrapped {
  readonly code: string;
  readonly ascii: boolean;
  readonly extra?: Source["extra"];
}

/** A module to load, and a rewrite of it from its file's bytes (named in the cache's key; undefined from it: the file as it is). */
interface ModuleFile {
  readonly filename: string;
  readonly rewrite?: { readonly version: string; apply(bytes: Buffer): Source | undefined };
}

/** ts-morph-common with its lib texts built on first use (./lazy-lib-files.ts). */
function lazyCommon(bytes: Buffer): Source | undefined {
  const lazy = lazyLibFiles(bytes);
  return lazy === undefined ? undefined : { text: lazy.source, ascii: lazy.ascii, extra: { name: LIB_FILES_TEXT, value: lazy.arrayText } };
}

/** ts-morph's modules, dependencies first: each one's `require`s find the one before in `require.cache`. */
function tsMorphFiles(): ModuleFile[] {
  const tsMorph = require.resolve("ts-morph");
  // The @ts-morph/common that this ts-morph loads, wherever npm put it.
  const common = Module.createRequire(tsMorph).resolve("@ts-morph/common");
  return [{ filename: path.join(path.dirname(common), "typescript.js") }, { filename: common, rewrite: { version: LAZY_LIB_FILES_VERSION, apply: lazyCommon } }, { filename: tsMorph }];
}

/**
 * Loads ts-morph with the code cache (when on), so that a later `require("ts-morph")` is instant.
 * TypeScript itself is loaded only when something needs it (./lazy-typescript.ts), once a run has
 * recorded its data; the run that loads it records it.
 */
export function loadTsMorphCached(): CompileCache {
  if (process.env["EVEREST_TYPEGEN_COMPILE_CACHE"] === "0") return NO_CACHE;
  try {
    const files = tsMorphFiles();
    const dir = process.env["EVEREST_TYPEGEN_CACHE_DIR"] || cacheDir(files[0]!.filename);
    if (dir === undefined) return NO_CACHE;
    // True while ts-morph runs its top level, when it uses its scanner as the stand-in's comma scanner serves it.
    let commaScannerNow = false;
    for (const [i, { filename, rewrite }] of files.entries()) {
      if (require.cache[filename] !== undefined) continue;
      const base = path.join(dir, cacheBase(filename, rewrite?.version));
      if (i === 0) {
        const data = readData(dataFile(base));
        const ts: TypeScriptRecord = { file: dataFile(base), recorded: data !== undefined };
        typescript = ts;
        if (data !== undefined) {
          const load = (): Record<PropertyKey, unknown> => (ts.real = keep(loadModule(filename, base, undefined)) as Record<PropertyKey, unknown>);
          registerModule(filename, lazyTypeScript(data, load, () => commaScannerNow));
          continue;
        }
      }
      const source = rewritten(filename, rewrite) ?? readWrapped(filename, knownAscii(dir, path.basename(base)));
      commaScannerNow = i === files.length - 1 && commaScannerFits(source.code);
      try {
        const exports = keep(loadModule(filename, base, source, (mod) => (require.cache[filename] = mod)));
        if (i === 0) typescript!.real = exports as Record<PropertyKey, unknown>;
      } finally {
        commaScannerNow = false;
      }
    }
    return SAVE;
  } catch {
    // A cache is an optimisation: on any surprise ts-morph loads the usual way.
    return NO_CACHE;
  }
}

/** A module compiled, from its cached code when that fits, and run; with what to write its cache from when none fit. */
interface Loaded {
  readonly exports: unknown;
  readonly stale?: { readonly script: vm.Script; readonly base: string; readonly ascii: boolean };
}

/** What runs loaded without a cache that fit, to write one from: a TypeScript loaded late (by a watch's later run) too. */
const stale: NonNullable<Loaded["stale"]>[] = [];

function keep(loaded: Loaded): unknown {
  if (loaded.stale !== undefined) stale.push(loaded.stale);
  return loaded.exports;
}

/** Where TypeScript's data is recorded (./lazy-typescript.ts), whether a record that fits was there, and the real module once it is loaded. */
interface TypeScriptRecord {
  readonly file: string;
  readonly recorded: boolean;
  real?: Record<PropertyKey, unknown>;
}

let typescript: TypeScriptRecord | undefined;

const SAVE: CompileCache = {
  save() {
    waitForFlags();
    for (const { script, base, ascii } of stale.splice(0)) {
      try {
        // Named after the flags the data is made under, which V8 writes into it.
        writeAtomically(cacheFile(base, ascii, flagsTag()), script.createCachedData());
      } catch {
        // No cache this time; the run itself has succeeded.
      }
    }
    // The run that loaded TypeScript records its data for the runs after it, when there was no record or none that fit.
    if (typescript?.real !== undefined) {
      const { file, recorded, real } = typescript;
      typescript = undefined;
      if (!recorded) writeAtomically(file, Buffer.from(`${JSON.stringify(dataOf(real))}\n`));
    }
  },
};

/**
 * Compiles a module (`given`, or its file read now) with its cached code, when that fits the flags, and runs it
 * as node would, in a module of its own, which `register` (if any) puts in `require.cache` first.
 */
function loadModule(filename: string, base: string, given: Wrapped | undefined, register?: (mod: Module) => void): Loaded {
  const source = given ?? readWrapped(filename, knownAscii(path.dirname(base), path.basename(base)));
  // Read and checked under the run's own flags: a worker's start may have them changed for a moment (../young-generation.ts).
  // Waited for only now, after reading the source, so that the worker's start and the reading overlap.
  waitForFlags();
  const cachedData = readCache(base, source.ascii);
  const script = new vm.Script(source.code, { filename, cachedData });
  const mod = newModule(filename);
  register?.(mod);
  try {
    const args = [mod.exports, Module.createRequire(filename), mod, filename, path.dirname(filename), ...(source.extra === undefined ? [] : [source.extra.value])];
    (script.runInThisContext() as (...args: unknown[]) => void).apply(mod.exports, args);
  } catch (err) {
    if (register !== undefined) delete require.cache[filename];
    throw err;
  }
  mod.loaded = true;
  return { exports: mod.exports, ...(cachedData === undefined || script.cachedDataRejected === true ? { stale: { script, base, ascii: source.ascii } } : {}) };
}

function newModule(filename: string): Module {
  const mod = new Module(filename, module);
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
  return mod;
}

/** Puts `exports` in `require.cache` as the loaded module of `filename`. */
function registerModule(filename: string, exports: object): void {
  const mod = newModule(filename);
  mod.exports = exports;
  mod.loaded = true;
  require.cache[filename] = mod;
}

/** The record of TypeScript's data beside its code cache: named after the same file and version, whatever the flags. */
function dataFile(base: string): string {
  return `${base}.tsdata.json`;
}

/**
 * TypeScript's data as an earlier run recorded it; undefined when there is no record, or none that fits. Read only
 * from a regular file of bounded size: a FIFO or a huge file in its place is no record (and is written over).
 */
function readData(file: string): TypeScriptData | undefined {
  try {
    return readRegularWith(file, MAX_DATA_BYTES, (bytes) => parseData(bytes.toString("utf8")));
  } catch {
    return undefined;
  }
}

/** `<node_modules>/.cache/everest-typegen`, when `file` is inside a node_modules folder. */
function cacheDir(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  return path.join(parts.slice(0, at + 1).join(path.sep) || path.sep, ".cache", "everest-typegen");
}

/**
 * A module's cache files' name without its ending and the flags' tag: the
 * module's name, a hash of its file's path (the install it belongs to: two
 * projects may share EVEREST_TYPEGEN_CACHE_DIR) and a hash of the key (see
 * the top of this file).
 */
function cacheBase(filename: string, rewrite: string | undefined): string {
  const st = fs.statSync(filename);
  const key = [process.version, process.arch, filename, st.size, st.ino, st.mtimeMs, st.ctimeMs, ...(rewrite === undefined ? [] : [rewrite])].join("\0");
  const hash = crypto.createHash("sha256").update(key).digest("hex").slice(0, 16);
  const place = crypto.createHash("sha256").update(filename).digest("hex").slice(0, 8);
  return `${path.basename(filename, ".js")}-${place}-${hash}`;
}

/** V8's tag for cached data as the process's flags are now (the CLI sets its own before it loads ts-morph). */
function flagsTag(): string {
  return v8.cachedDataVersionTag().toString(16).padStart(8, "0");
}

/** The cache file of a source that is ASCII or not, made under the flags `tag` names. */
function cacheFile(base: string, ascii: boolean, tag: string): string {
  return `${base}-${tag}.${ascii ? "ascii" : "utf8"}.v8cache`;
}

/** The cached data for a module under the flags as they are now; undefined when there is none. */
function readCache(base: string, ascii: boolean): Buffer | undefined {
  // A regular file of bounded size only: a FIFO in its place would block the run, and a huge file fill its memory.
  return readRegular(cacheFile(base, ascii, flagsTag()), MAX_CACHE_BYTES);
}

/** The largest cache file read (TypeScript's is about 2.5 MB after a run of EVerest's tree). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Whether a module's source is ASCII, as the name of a cache file made from
 * it says (under any flags: they are all made from the same source); undefined
 * when there is none.
 */
function knownAscii(dir: string, base: string): boolean | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const pattern = new RegExp(`^${literal(base)}-[0-9a-f]{8}\\.(ascii|utf8)\\.v8cache$`);
  for (const n of names) {
    const m = pattern.exec(n);
    if (m !== null) return m[1] === "ascii";
  }
  return undefined;
}

/** A module rewritten from its file's bytes, in node's wrapper with the rewrite's extra parameter; undefined when it has no rewrite or the rewrite does not apply. */
function rewritten(filename: string, rewrite: ModuleFile["rewrite"]): Wrapped | undefined {
  const source = rewrite?.apply(fs.readFileSync(filename));
  if (source === undefined) return undefined;
  if (source.extra === undefined) return { code: Module.wrap(source.text), ascii: source.ascii };
  return { code: `(function (exports, require, module, __filename, __dirname, ${source.extra.name}) { ${source.text}\n});`, ascii: source.ascii, extra: source.extra };
}

/**
 * A module's file in node's wrapper (`Module.wrap`), decoded once from one
 * buffer that holds the wrapper's text around the file's bytes. Decoding the
 * file and then wrapping it joins two strings, which V8 flattens into a third
 * when it compiles: for TypeScript's 9 MB, 9 MB more memory touched and
 * copied on every load, and kept until a full collection.
 *
 * An ASCII file (TypeScript's 9 MB is one) is decoded as Latin-1, which gives
 * the same string as UTF-8 for a fraction of the work: loading ts-morph with
 * its code cache went from 377 to 328 ms. Whether the file is ASCII is taken
 * from the cache file's name when there is one (`known`): scanning 13 MB for it
 * took about 15 ms of every load.
 */
export function readWrapped(filename: string, known: boolean | undefined): Wrapped {
  const [head, tail] = (Module as unknown as { wrapper: readonly [string, string] }).wrapper;
  const fd = fs.openSync(filename, "r");
  try {
    const size = fs.fstatSync(fd).size;
    // The wrapper is ASCII, so its length is its length in bytes.
    const bytes = Buffer.allocUnsafe(head.length + size + tail.length);
    bytes.write(head, 0, "latin1");
    const body = bytes.subarray(head.length, head.length + size);
    // Shorter than its size: changed while read; the caller then loads ts-morph the usual way.
    if (!fill(fd, body)) throw new Error(`${filename} changed while it was read`);
    bytes.write(tail, head.length + size, "latin1");
    const ascii = known ?? isAscii(body);
    return { code: bytes.toString(ascii ? "latin1" : "utf8"), ascii };
  } finally {
    fs.closeSync(fd);
  }
}

function writeAtomically(file: string, data: Buffer): void {
  // Random, not the pid: containers sharing node_modules may all be pid 1.
  const tmp = `${file}.tmp-${crypto.randomBytes(8).toString("hex")}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    removeOutdated(file);
  } catch {
    // No cache this time; the run itself is unaffected.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was made
    }
  }
}

/** How many sets of V8 flags a module's cache files are kept for: generate's and check's, a watch's, and one more (NODE_OPTIONS). */
const MAX_FLAG_SETS = 3;

/** Another install's cache files unwritten for this long are removed: it may be gone, and would only write them again. */
const OTHER_INSTALL_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Keeps the cache folder bounded, after `file` was written: each file is
 * several MB, and without this the folder grew with every version of
 * ts-morph or node, every set of V8 flags, and every killed write. Removes,
 * of the module `file` is for: its files made from another version of it or
 * of node in the same install, and those named as older versions of this
 * tool named them; its files for other V8 flags but the newest
 * {@link MAX_FLAG_SETS} in all (TypeScript's data, made under no flags, is
 * kept with its version); another install's files not written for
 * {@link OTHER_INSTALL_MAX_AGE_MS}. And any module's temporary files left by
 * a run killed while writing one.
 */
function removeOutdated(file: string): void {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const parts = CACHE_NAME.exec(name);
  if (parts === null) return;
  const [, moduleName, place, version, data] = parts as unknown as [string, string, string, string, string | undefined];
  // Older versions named them without the install's hash, before that without the flags' tag, and before that without `.ascii` or `.utf8`.
  const older = new RegExp(`^${literal(moduleName)}-[0-9a-f]{16}(-[0-9a-f]{8})?(\\.ascii|\\.utf8)?\\.v8cache$`);
  const now = Date.now();
  const otherFlags: { name: string; mtimeMs: number }[] = [];
  for (const other of fs.readdirSync(dir)) {
    if (other === name) continue;
    const full = path.join(dir, other);
    // NaN for a file gone meanwhile (another run's clean-up): never removed, nor counted.
    const mtimeMs = (): number => fs.lstatSync(full, { throwIfNoEntry: false })?.mtimeMs ?? Number.NaN;
    if (TEMP_NAME.test(other)) {
      if (now - mtimeMs() > STALE_TEMP_MS) fs.rmSync(full, { force: true });
      continue;
    }
    if (older.test(other)) {
      fs.rmSync(full, { force: true });
      continue;
    }
    const m = CACHE_NAME.exec(other);
    if (m === null || m[1] !== moduleName) continue;
    if (m[2] !== place) {
      if (now - mtimeMs() > OTHER_INSTALL_MAX_AGE_MS) fs.rmSync(full, { force: true });
    } else if (m[3] !== version) fs.rmSync(full, { force: true });
    else if (m[4] === undefined) {
      const at = mtimeMs();
      if (!Number.isNaN(at)) otherFlags.push({ name: other, mtimeMs: at });
    }
  }
  // The flag sets are counted with the code just written: the data's record is of no flags.
  if (data !== undefined) return;
  otherFlags.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? -1 : 1));
  for (const { name: other } of otherFlags.slice(MAX_FLAG_SETS - 1)) fs.rmSync(path.join(dir, other), { force: true });
}

/** A cache file's name: the module, the install's hash, the version's hash, then the flags' tag, or (group 4) `.tsdata.json` for TypeScript's data, which no flags change. */
const CACHE_NAME = /^(.+)-([0-9a-f]{8})-([0-9a-f]{16})(?:-[0-9a-f]{8}\.(?:ascii|utf8)\.v8cache|(\.tsdata\.json))$/;

/** A cache file's temporary name while it is written (writeAtomically). */
const TEMP_NAME = /\.(?:v8cache|tsdata\.json)\.tmp-[0-9a-f]{16}$/;

/** `text` as a regular expression that matches it and nothing else (the cache files' names start with a module's). */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
