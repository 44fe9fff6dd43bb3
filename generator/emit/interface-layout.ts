/**
 * Where the files of EVerest interfaces live in the generated package (the
 * type files' layout is ./layout.ts). Per interface `ocpp`:
 *
 *   interfaces/ocpp.js     CommonJS: validators (validateX, isX, assertX) and enum objects
 *   interfaces/ocpp.mjs    ES module wrapper re-exporting interfaces/ocpp.js
 *   interfaces/ocpp.d.ts   declarations: argument, result and var types, Commands, Vars, validator signatures
 *   interfaces/ocpp.d.mts  declarations for the ES module wrapper
 *   schemas/interfaces/ocpp.json, docs/interfaces/ocpp.md
 *   internal/interface-validators/ocpp.js  the precompiled ajv validate functions
 *
 * and interfaces/index.js (+ .d.ts): every interface module under its
 * namespace name, exported by the root module as `interfaces`.
 * No type file can be named `interfaces` and no interface file `index`
 * (the loaders refuse both), so nothing here collides with ./layout.ts.
 */
import type { DefsFile, InterfaceDecl } from "../model/model";

export const INTERFACES_DIR = "interfaces";

export const interfaceLayout = {
  cjs: (i: InterfaceDecl) => `${INTERFACES_DIR}/${i.name}.js`,
  esm: (i: InterfaceDecl) => `${INTERFACES_DIR}/${i.name}.mjs`,
  dts: (i: InterfaceDecl) => `${INTERFACES_DIR}/${i.name}.d.ts`,
  dmts: (i: InterfaceDecl) => `${INTERFACES_DIR}/${i.name}.d.mts`,
  schema: (i: InterfaceDecl) => `schemas/${INTERFACES_DIR}/${i.name}.json`,
  docsMd: (i: InterfaceDecl) => `docs/${INTERFACES_DIR}/${i.name}.md`,
  /** Same depth as ./layout.ts's `internal/validators/<file>.js`, so the compiled code's `../../runtime.js` holds. */
  validatorsCjs: (i: InterfaceDecl) => `internal/interface-validators/${i.name}.js`,
  /** From the interface module to its validators. */
  validatorsSpecifier: (i: InterfaceDecl) => `../internal/interface-validators/${i.name}.js`,
  /** From interfaces/index.js (and its ESM wrapper) to one interface module. */
  siblingSpecifier: (i: InterfaceDecl) => `./${i.name}.js`,
  /** From an interface module to a type file's module. */
  typeSpecifier: (f: DefsFile) => `../${f.name}.js`,
  runtimeSpecifier: "../runtime.js",
  indexCjs: `${INTERFACES_DIR}/index.js`,
  indexDts: `${INTERFACES_DIR}/index.d.ts`,
  /** From the root module to interfaces/index.js. */
  indexSpecifier: `./${INTERFACES_DIR}/index.js`,
} as const;
