/**
 * Where each part of the generated package lives, and how modules name each
 * other. Every emitter takes paths from here, so the package's shape is
 * decided in one place.
 *
 * Per defs file `ocpp`:
 *   ocpp.js      CommonJS implementation: enum objects and validators
 *   ocpp.mjs     ES module wrapper re-exporting ocpp.js (one implementation, no dual-package hazard)
 *   ocpp.d.ts    declarations: interfaces, enums, aliases, validator signatures
 *   ocpp.d.mts   declarations for the ES module wrapper
 *   schemas/ocpp.json, docs/ocpp.md, docs/ocpp.txt
 * Root: index.js/.mjs/.d.ts/.d.mts (namespaces per file + validate()), runtime.js/.d.ts (shared helpers).
 * internal/validators/<file>.js: the file's precompiled ajv validate functions (error details);
 * internal/guards.js: the fast boolean guards behind isX.
 */
import type { DefsFile } from "../model/model";

export const layout = {
  cjs: (f: DefsFile) => `${f.name}.js`,
  esm: (f: DefsFile) => `${f.name}.mjs`,
  dts: (f: DefsFile) => `${f.name}.d.ts`,
  dmts: (f: DefsFile) => `${f.name}.d.mts`,
  schema: (f: DefsFile) => `schemas/${f.name}.json`,
  docsMd: (f: DefsFile) => `docs/${f.name}.md`,
  docsTxt: (f: DefsFile) => `docs/${f.name}.txt`,
  /** The specifier one module uses to import another, e.g. `./display_message.js`. */
  specifier: (f: DefsFile) => `./${f.name}.js`,
  rootCjs: "index.js",
  rootEsm: "index.mjs",
  rootDts: "index.d.ts",
  rootDmts: "index.d.mts",
  runtimeCjs: "runtime.js",
  runtimeDts: "runtime.d.ts",
  runtimeSpecifier: "./runtime.js",
  /** A defs file's precompiled ajv validators (a folder, so no defs file name can collide with it). */
  validatorsCjs: (f: DefsFile) => `internal/validators/${f.name}.js`,
  /** How a file module (at the root) requires its validators. */
  validatorsSpecifier: (f: DefsFile) => `./internal/validators/${f.name}.js`,
  /** How the validators require the runtime helpers. */
  runtimeFromValidators: "../../runtime.js",
  /** The fast boolean guards of every type, in one module (they call each other across files). */
  guardsCjs: "internal/guards.js",
  guardsSpecifier: "./internal/guards.js",
  runtimeFromGuards: "../runtime.js",
  packageJson: "package.json",
  readme: "README.md",
} as const;
