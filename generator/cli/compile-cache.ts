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
 *   time, but a reinstall a new change time), and V8 checks the source length,
 *   its own version and flags again, rejecting data that does not fit: then
 *   the file is compiled as usual and the cache rewritten. Its name also says
 *   whether the source is ASCII (see readWrapped), so a run with a cache does
 *   not scan the source for that again.
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
import { isAscii } from "node:buffer";
import Module = require("node:module");
import { LAZY_LIB_FILES_VERSION, LIB_FILES_TEXT, lazyLibFiles } from "./lazy-lib-files";
import { fill } from "../regular-file";

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

/** Loads ts-morph with the code cache (when on), so that a later `require("ts-morph")` is instant. */
export function loadTsMorphCached(): CompileCache {
  if (process.env["EVEREST_TYPEGEN_COMPILE_CACHE"] === "0") return NO_CACHE;
  try {
    const files = tsMorphFiles();
    const dir = process.env["EVEREST_TYPEGEN_CACHE_DIR"] || cacheDir(files[0]!.filename);
    if (dir === undefined) return NO_CACHE;
    const stale: { script: vm.Script; file: string }[] = [];
    for (const { filename, rewrite } of files) {
      if (require.cache[filename] !== undefined) continue;
      const base = path.join(dir, cacheBase(filename, rewrite?.version));
      const cached = readCache(base);
      const source = rewritten(filename, rewrite) ?? readWrapped(filename, cached?.ascii);
      const cachedData = cached?.data;
      const script = new vm.Script(source.code, { filename, cachedData });
      const mod = new Module(filename, module);
      mod.filename = filename;
      mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
      require.cache[filename] = mod;
      try {
        const args = [mod.exports, Module.createRequire(filename), mod, filename, path.dirname(filename), ...(source.extra === undefined ? [] : [source.extra.value])];
        (script.runInThisContext() as (...args: unknown[]) => void).apply(mod.exports, args);
      } catch (err) {
        delete require.cache[filename];
        throw err;
      }
      mod.loaded = true;
      if (cachedData === undefined || script.cachedDataRejected === true) stale.push({ script, file: cacheFile(base, source.ascii) });
    }
    return {
      save() {
        for (const { script, file } of stale.splice(0)) {
          try {
            writeAtomically(file, script.createCachedData());
          } catch {
            // No cache this time; the run itself has succeeded.
          }
        }
      },
    };
  } catch {
    // A cache is an optimisation: on any surprise ts-morph loads the usual way.
    return NO_CACHE;
  }
}

/** `<node_modules>/.cache/everest-typegen`, when `file` is inside a node_modules folder. */
function cacheDir(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return undefined;
  return path.join(parts.slice(0, at + 1).join(path.sep) || path.sep, ".cache", "everest-typegen");
}

/** A module's cache files' name without its ending: the module's name and a hash of the key (see the top of this file). */
function cacheBase(filename: string, rewrite: string | undefined): string {
  const st = fs.statSync(filename);
  const key = [process.version, process.arch, filename, st.size, st.ino, st.mtimeMs, st.ctimeMs, ...(rewrite === undefined ? [] : [rewrite])].join("\0");
  const hash = crypto.createHash("sha256").update(key).digest("hex").slice(0, 16);
  return `${path.basename(filename, ".js")}-${hash}`;
}

/** The cache file of a source that is ASCII or not. */
function cacheFile(base: string, ascii: boolean): string {
  return `${base}.${ascii ? "ascii" : "utf8"}.v8cache`;
}

/** The cached data for a module, and whether its name says the source is ASCII; undefined when there is none. */
function readCache(base: string): { data: Buffer; ascii: boolean } | undefined {
  for (const ascii of [true, false]) {
    try {
      return { data: fs.readFileSync(cacheFile(base, ascii)), ascii };
    } catch {
      // not this one
    }
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

/** Cache files of the same module made from another version of it (or of node): each is several MB, and never read again. */
function removeOutdated(file: string): void {
  const dir = path.dirname(file);
  const name = path.basename(file);
  // Older versions named them without `.ascii` or `.utf8`.
  const sameModule = new RegExp(`^${name.replace(/-[0-9a-f]{16}\.(ascii|utf8)\.v8cache$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{16}(\.ascii|\.utf8)?\.v8cache$`);
  for (const other of fs.readdirSync(dir)) {
    if (other !== name && sameModule.test(other)) fs.rmSync(path.join(dir, other), { force: true });
  }
}
