/**
 * Where each part of the generated package lives, and how modules name each
 * other. Every emitter takes paths from here, so the package's shape is
 * decided in one place.
 *
 * Per module, in its source's folder (`""` for type files, `interfaces/` for
 * interface files):
 *   <dir><name>.js     CommonJS: enum objects and validators
 *   <dir><name>.mjs    the same module as a native ES module (modules/js-module.ts prints both from one body)
 *   <dir><name>.d.ts   declarations: interfaces, enums, aliases, validator signatures
 *   <dir><name>.d.mts  declarations for the ES module wrapper
 *   schemas/<dir><name>.json, docs/<dir><name>.md (and docs/<name>.txt for type files)
 *   internal/<validators folder>/<name>.js and .mjs: the module's precompiled ajv validate functions (error details)
 * Root: index.js/.mjs/.d.ts/.d.mts (namespaces per type file + validate()), runtime.js/.mjs/.d.ts (shared helpers);
 * a source with its own folder has <dir>index.js/.mjs (+ .d.ts): its modules under their namespace names.
 * internal/guards/<name>.js and .mjs: the module's fast boolean guards behind isX and validate().
 * Every .js code file has its .mjs twin (modules/js-module.ts `esmPath`); the paths here are the .js ones.
 * The folder and module names come from ../package-modules.ts, whose
 * reserved names the checks refuse as input file names (check/file-names.ts),
 * so no two paths collide.
 */
import * as path from "node:path";
import type { ModuleSource, SchemaModule } from "../model/model";
import { INDEX_MODULE, RUNTIME_MODULE, SOURCE_FOLDERS } from "../package-modules";

interface SourceFolders {
  /** The module's folder in the package, `""` or ending in `/`. */
  readonly dir: string;
  /** Its precompiled validators' folder. */
  readonly validators: string;
}

const VALIDATOR_FOLDERS: Readonly<Record<ModuleSource, string>> = {
  types: "internal/validators/",
  interface: "internal/interface-validators/",
  api: "internal/api-validators/",
};

function folders(source: ModuleSource): SourceFolders {
  const folder = SOURCE_FOLDERS[source];
  return { dir: folder === "" ? "" : `${folder}/`, validators: VALIDATOR_FOLDERS[source] };
}

/** The folder of the modules of `source` in the package (`interfaces`), or "" for the root. */
export function sourceDir(source: ModuleSource): string {
  return SOURCE_FOLDERS[source];
}

/**
 * How the file at package path `from` imports the file at package path `to`:
 * `./display_message.js`, `../ocpp.js`, `../../runtime.js`.
 */
export function specifier(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return rel.startsWith(".") ? rel : `./${rel}`;
}

const at = (m: SchemaModule, ext: string): string => `${folders(m.source).dir}${m.name}${ext}`;

/** The index of a source that has its own folder: `interfaces/index.js`, listing its modules under their namespace names. */
export function sourceIndexCjs(source: ModuleSource): string {
  return `${folders(source).dir}${INDEX_MODULE}.js`;
}

export function sourceIndexDts(source: ModuleSource): string {
  return `${folders(source).dir}${INDEX_MODULE}.d.ts`;
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
  validatorsCjs: (m: SchemaModule) => `${folders(m.source).validators}${m.name}.js`,
  rootCjs: `${INDEX_MODULE}.js`,
  rootEsm: `${INDEX_MODULE}.mjs`,
  rootDts: `${INDEX_MODULE}.d.ts`,
  rootDmts: `${INDEX_MODULE}.d.mts`,
  runtimeCjs: `${RUNTIME_MODULE}.js`,
  runtimeDts: `${RUNTIME_MODULE}.d.ts`,
  /**
   * An API spec's typed client and EVerest-side counterpart: `api/<spec>/client.js` (+ .mjs, .d.ts,
   * .d.mts), beside its module, in a folder no module name can collide with. (An object, so
   * package-files.ts does not take it for a path of every module.)
   */
  client: {
    cjs: (m: SchemaModule) => at(m, "/client.js"),
    dts: (m: SchemaModule) => at(m, "/client.d.ts"),
    dmts: (m: SchemaModule) => at(m, "/client.d.mts"),
  },
  /** The EVerest API clients' one implementation (only in a package with API specs). */
  apiClientCjs: "internal/api-client.js",
  apiClientDts: "internal/api-client.d.ts",
  /** A module's fast boolean guards (they call other modules' guards through those modules' files). */
  guardsOf: (m: SchemaModule) => `internal/guards/${m.name}.js`,
  packageJson: "package.json",
  readme: "README.md",
} as const;
