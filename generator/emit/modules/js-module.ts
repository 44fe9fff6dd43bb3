/**
 * One code file of the package, written once and printed twice: as CommonJS
 * (`<path>.js`) and as a native ES module (`<path>.mjs`). Every emitter of
 * code builds a `JsModule`; only this file knows the two module syntaxes.
 *
 * The body is the same text in both: it refers to other files only through
 * the locals its imports bind, and declares its exports as plain locals, so
 * the printers add only import and export statements around it. In the ES
 * module those are static (`import * as ns`, `export { local as name }`),
 * which bundlers follow to keep only what an application uses; the body's
 * top-level statements are declarations or calls marked `/*#__PURE__*\/`
 * (see `pure`), so an unused one can be dropped.
 *
 * Files that import each other (types that refer to each other across files)
 * work in both: a namespace import is a live view in an ES module and the
 * other file's `exports` object in CommonJS, and bodies read another file's
 * exports only inside functions, once both files have run.
 */
import { codeBanner } from "../../banner";
import { lineComment, stringLiteral } from "../../escape";
import { isIdentifier } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { specifier } from "../layout";

export interface JsImport {
  /** The package path of the imported file's CommonJS form (`internal/guards/ocpp.js`). */
  readonly path: string;
  /** `ns` binds the file's exports as one namespace object; `names` binds each listed export under its own name. */
  readonly bind: { readonly ns: string } | { readonly names: readonly string[] };
  /**
   * CommonJS only: load the file when the namespace is first read, so a
   * process that never needs it never parses it (the ajv validators behind
   * isX). An ES module imports statically in any case.
   */
  readonly lazy?: boolean;
}

export interface JsExport {
  /** The exported name. */
  readonly name: string;
  /** The body's local it exports (a namespace import's local re-exports that file). */
  readonly local: string;
}

export interface JsModule {
  /** The package path of the CommonJS form, ending in `.js`; the ES module is the same path with `.mjs`. */
  readonly path: string;
  /** The input files it is made from, for the banner. */
  readonly sources: readonly string[];
  readonly imports: readonly JsImport[];
  /** Comment lines printed after the banner. */
  readonly header?: readonly string[];
  readonly body: string;
  readonly exports: readonly JsExport[];
}

/** The ES module form of the CommonJS package path `p`. */
export function esmPath(p: string): string {
  if (!p.endsWith(".js")) throw new Error(`internal error: ${p} is not a .js path`);
  return `${p.slice(0, -3)}.mjs`;
}

/** `/*#__PURE__*\/ call`: a top-level call a bundler may drop when its result is unused. */
export function pure(call: string): string {
  return `/*#__PURE__*/ ${call}`;
}

export function printModule(m: JsModule): EmittedFile[] {
  return [
    { path: m.path, content: printCjs(m) },
    { path: esmPath(m.path), content: printEsm(m) },
  ];
}

function head(m: JsModule, strict: boolean): string[] {
  return [`${codeBanner(m.sources).trimEnd()}`, ...(strict ? [`"use strict";`] : []), ...(m.header ?? [])];
}

function assemble(parts: readonly string[][]): string {
  return `${parts
    .filter((p) => p.length > 0)
    .map((p) => p.join("\n"))
    .join("\n\n")
    .trimEnd()}\n`;
}

function printCjs(m: JsModule): string {
  const imports: string[] = [];
  const lazy = new Map<string, string>();
  for (const i of m.imports) {
    const from = `require(${stringLiteral(specifier(m.path, i.path))})`;
    if ("names" in i.bind) {
      if (i.lazy === true) throw new Error(`internal error: ${m.path}: a lazy import must bind a namespace`);
      imports.push(`const { ${i.bind.names.join(", ")} } = ${from};`);
    } else if (i.lazy === true) {
      // A namespace read through a proxy: the file loads at the first property read, once.
      const cache = `${i.bind.ns}$loaded`;
      imports.push(
        lineComment(`${specifier(m.path, i.path)} loads when first used.`),
        `let ${cache} = null;`,
        `const ${i.bind.ns} = new Proxy({}, { get: (_, key) => (${cache} === null ? (${cache} = ${from}) : ${cache})[key] });`,
      );
      lazy.set(i.bind.ns, from);
    } else {
      imports.push(`const ${i.bind.ns} = ${from};`);
    }
  }
  const exports = m.exports.map((e) => {
    const load = lazy.get(e.local);
    // A lazily loaded file re-exported: a getter, so it still loads only when read.
    if (load !== undefined) return `Object.defineProperty(exports, ${stringLiteral(e.name)}, { enumerable: true, get: () => ${load} });`;
    return `${exportTarget(e.name)} = ${e.local};`;
  });
  return assemble([head(m, true), imports, [m.body.trimEnd()], exports]);
}

/** `exports.name`: every export is named by names.ts, an identifier; never `__proto__`, which would set the prototype. */
function exportTarget(name: string): string {
  if (name === "__proto__" || !isIdentifier(name)) throw new Error(`internal error: an export named ${JSON.stringify(name)}`);
  return `exports.${name}`;
}

function printEsm(m: JsModule): string {
  const imports = m.imports.map((i) => {
    const from = stringLiteral(specifier(esmPath(m.path), esmPath(i.path)));
    return "names" in i.bind ? `import { ${i.bind.names.join(", ")} } from ${from};` : `import * as ${i.bind.ns} from ${from};`;
  });
  for (const e of m.exports) exportTarget(e.name);
  const exports =
    m.exports.length === 0 ? [] : [`export {\n${m.exports.map((e) => (e.name === e.local ? `  ${e.name},` : `  ${e.local} as ${e.name},`)).join("\n")}\n};`];
  return assemble([head(m, false), imports, [m.body.trimEnd()], exports]);
}
