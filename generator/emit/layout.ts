/**
 * Where each part of the generated package lives, and how modules name each
 * other. Every emitter takes paths from here, so the package's shape is
 * decided in one place.
 *
 * Per module, in its source's folder (`""` for type files, `interfaces/` for
 * interface files):
 *   <dir><name>.js     CommonJS implementation: enum objects and validators
 *   <dir><name>.mjs    ES module wrapper re-exporting <name>.js (one implementation, no dual-package hazard)
 *   <dir><name>.d.ts   declarations: interfaces, enums, aliases, validator signatures
 *   <dir><name>.d.mts  declarations for the ES module wrapper
 *   schemas/<dir><name>.json, docs/<dir><name>.md (and docs/<name>.txt for type files)
 *   internal/<validators folder>/<name>.js: the module's precompiled ajv validate functions (error details)
 * Root: index.js/.mjs/.d.ts/.d.mts (namespaces per type file + validate()), runtime.js/.d.ts (shared helpers);
 * a source with its own folder has <dir>index.js (+ .d.ts): its modules under their namespace names.
 * internal/guards.js: the fast boolean guards behind isX.
 * No type file can be named `interfaces` and no interface file `index` (the
 * loaders refuse both), so no two paths collide.
 */
import * as path from "node:path";
import type { ModuleSource, SchemaModule } from "../model/model";

interface SourceFolders {
  /** The module's folder in the package, `""` or ending in `/`. */
  readonly dir: string;
  /** Its precompiled validators' folder: two levels deep, so the compiled code's `../../runtime.js` holds. */
  readonly validators: string;
}

const FOLDERS: Readonly<Record<ModuleSource, SourceFolders>> = {
  types: { dir: "", validators: "internal/validators/" },
  interface: { dir: "interfaces/", validators: "internal/interface-validators/" },
};

/** The folder of the modules of `source` in the package (`interfaces`), or "" for the root. */
export function sourceDir(source: ModuleSource): string {
  return FOLDERS[source].dir.replace(/\/$/, "");
}

/**
 * How the file at package path `from` imports the file at package path `to`:
 * `./display_message.js`, `../ocpp.js`, `../../runtime.js`.
 */
export function specifier(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return rel.startsWith(".") ? rel : `./${rel}`;
}

const at = (m: SchemaModule, ext: string): string => `${FOLDERS[m.source].dir}${m.name}${ext}`;

/** The index of a source that has its own folder: `interfaces/index.js`, listing its modules under their namespace names. */
export function sourceIndexCjs(source: ModuleSource): string {
  return `${FOLDERS[source].dir}index.js`;
}

export function sourceIndexDts(source: ModuleSource): string {
  return `${FOLDERS[source].dir}index.d.ts`;
}

/** The specifier one module uses to import another, e.g. `./display_message.js`, `../ocpp.js`. */
export function moduleSpecifier(from: SchemaModule, to: SchemaModule): string {
  return specifier(at(from, ".js"), at(to, ".js"));
}

// `layout`'s functions each take one module: package-files.ts calls every one of them to list the packed folders.

export const layout = {
  cjs: (m: SchemaModule) => at(m, ".js"),
  esm: (m: SchemaModule) => at(m, ".mjs"),
  dts: (m: SchemaModule) => at(m, ".d.ts"),
  dmts: (m: SchemaModule) => at(m, ".d.mts"),
  schema: (m: SchemaModule) => `schemas/${at(m, ".json")}`,
  docsMd: (m: SchemaModule) => `docs/${at(m, ".md")}`,
  docsTxt: (m: SchemaModule) => `docs/${at(m, ".txt")}`,
  /** A module's precompiled ajv validators (a folder, so no module name can collide with it). */
  validatorsCjs: (m: SchemaModule) => `${FOLDERS[m.source].validators}${m.name}.js`,
  rootCjs: "index.js",
  rootEsm: "index.mjs",
  rootDts: "index.d.ts",
  rootDmts: "index.d.mts",
  runtimeCjs: "runtime.js",
  runtimeDts: "runtime.d.ts",
  /** The fast boolean guards of every type, in one module (they call each other across files). */
  guardsCjs: "internal/guards.js",
  /** How every module's validators require the runtime: all validator folders are two levels deep (FOLDERS). */
  runtimeFromValidators: specifier("internal/validators/x.js", "runtime.js"),
  packageJson: "package.json",
  readme: "README.md",
} as const;
