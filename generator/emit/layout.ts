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
 * internal/validators.js: every type's precompiled validate function, shared by the file modules.
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
  /** All precompiled ajv validators, shared by the file modules (a folder, so no defs file can collide with it). */
  validatorsCjs: "internal/validators.js",
  /** How a file module (at the root) requires the shared validators. */
  validatorsSpecifier: "./internal/validators.js",
  /** How the shared validators require the runtime helpers. */
  runtimeFromValidators: "../runtime.js",
  packageJson: "package.json",
  readme: "README.md",
} as const;
