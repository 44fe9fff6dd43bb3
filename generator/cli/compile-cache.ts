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
 *   the file is compiled as usual and the cache rewritten.
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

export interface CompileCache {
  /** Writes the cache files of this run's compiled modules that had none that fit. */
  save(): void;
}

const NO_CACHE: CompileCache = { save: () => undefined };

/** ts-morph's modules, dependencies first: each one's `require`s find the one before in `require.cache`. */
function tsMorphFiles(): string[] {
  const tsMorph = require.resolve("ts-morph");
  // The @ts-morph/common that this ts-morph loads, wherever npm put it.
  const common = Module.createRequire(tsMorph).resolve("@ts-morph/common");
  return [path.join(path.dirname(common), "typescript.js"), common, tsMorph];
}

/** Loads ts-morph with the code cache (when on), so that a later `require("ts-morph")` is instant. */
export function loadTsMorphCached(): CompileCache {
  if (process.env["EVEREST_TYPEGEN_COMPILE_CACHE"] === "0") return NO_CACHE;
  try {
    const files = tsMorphFiles();
    const dir = process.env["EVEREST_TYPEGEN_CACHE_DIR"] || cacheDir(files[0]!);
    if (dir === undefined) return NO_CACHE;
    const stale: { script: vm.Script; file: string }[] = [];
    for (const filename of files) {
      if (require.cache[filename] !== undefined) continue;
      const file = path.join(dir, cacheName(filename));
      const cachedData = readOrUndefined(file);
      const script = new vm.Script(readWrapped(filename), { filename, cachedData });
      const mod = new Module(filename, module);
      mod.filename = filename;
      mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
      require.cache[filename] = mod;
      try {
        (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(filename), mod, filename, path.dirname(filename));
      } catch (err) {
        delete require.cache[filename];
        throw err;
      }
      mod.loaded = true;
      if (cachedData === undefined || script.cachedDataRejected === true) stale.push({ script, file });
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

function cacheName(filename: string): string {
  const st = fs.statSync(filename);
  const key = [process.version, process.arch, filename, st.size, st.ino, st.mtimeMs, st.ctimeMs].join("\0");
  const hash = crypto.createHash("sha256").update(key).digest("hex").slice(0, 16);
  return `${path.basename(filename, ".js")}-${hash}.v8cache`;
}

/**
 * A module's source text, wrapped as node wraps it. Decoding UTF-8 makes V8
 * check and copy every character; an ASCII file (TypeScript's 9 MB is one) is
 * decoded as Latin-1 instead, which gives the same string for a fraction of
 * the work. Loading ts-morph with its code cache went from 377 to 328 ms
 * (median of 12 interleaved loads on the project's machine).
 */
function readWrapped(filename: string): string {
  const bytes = fs.readFileSync(filename);
  return Module.wrap(isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8"));
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
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
  const sameModule = new RegExp(`^${name.replace(/-[0-9a-f]{16}\.v8cache$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{16}\.v8cache$`);
  for (const other of fs.readdirSync(dir)) {
    if (other !== name && sameModule.test(other)) fs.rmSync(path.join(dir, other), { force: true });
  }
}
