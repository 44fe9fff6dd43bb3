/**
 * Per defs file: `<file>.js` (CommonJS, the one implementation) with the
 * string enum objects and, per type, `validateX` (the raw precompiled
 * function), `isX` (boolean guard) and `assertX` (throws ValidationError);
 * and `<file>.mjs`, an ES module re-exporting exactly those names from
 * `<file>.js`, so enums and errors are the same objects from CJS and ESM.
 */
import { codeBanner } from "../../banner";
import { lineComment, stringLiteral } from "../../escape";
import { type DefsFile, type EnumSchema, type Model, type TypeDecl, walkSchema } from "../../model/model";
import { NameScope, helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout, specifier } from "../layout";
import { validatorExportName } from "../validators/compile";
import { needsDepthCheck } from "../validators/depth";
import { enumObject, esmWrapper } from "./module-text";

export function emitFileModules(model: Model): EmittedFile[] {
  return model.files.flatMap((file) => {
    const names = exportedNames(file);
    return [
      { path: layout.cjs(file), content: cjsModule(file, names) },
      { path: layout.esm(file), content: esmWrapper(file.path, specifier(layout.esm(file), layout.cjs(file)), names) },
    ];
  });
}

/** The string enums a declaration brings: its own (if it is one) and inline ones, in walk order. */
export function stringEnums(decl: TypeDecl): EnumSchema[] {
  const out: EnumSchema[] = [];
  for (const s of walkSchema(decl.schema)) if (s.kind === "enum" && s.isStringEnum) out.push(s);
  return out;
}

/** Every name `<file>.js` exports, in order; a duplicate is a naming bug that would silently drop an export. */
export function exportedNames(file: DefsFile): string[] {
  const names: string[] = [];
  for (const decl of file.items) {
    for (const e of stringEnums(decl)) names.push(e.tsName);
    const h = helperNames(decl.tsName);
    names.push(h.validate, h.is, h.assert);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${file.path}: two exports of ${layout.cjs(file)} would be named ${n}; rename a type or property`);
    seen.add(n);
  }
  return names;
}

function cjsModule(file: DefsFile, exported: readonly string[]): string {
  // Module-level names besides the exported helpers, chosen so they never shadow one.
  const scope = new NameScope(exported);
  const runtime = scope.claim("runtime");
  const guards = scope.claim("guards");
  const validators = scope.claim("validators");
  const compiled = scope.claim("compiled");
  const out: string[] = [
    `${codeBanner([file.path])}"use strict";\n`,
    `const ${runtime} = require(${stringLiteral(specifier(layout.cjs(file), layout.runtimeCjs))});`,
    `const ${guards} = require(${stringLiteral(specifier(layout.cjs(file), layout.guardsCjs))});`,
    // Loading a process that only asks isX must not pay for parsing the ajv code.
    `// The ajv validators load on first use: isX answers from the guards alone.`,
    `let ${validators} = null;`,
    `function ${compiled}(ref) {`,
    `  if (${validators} === null) ${validators} = require(${stringLiteral(specifier(layout.cjs(file), layout.validatorsCjs(file)))});`,
    `  return ${validators}[ref];`,
    `}\n`,
  ];
  for (const decl of file.items) {
    out.push(lineComment(decl.ref));
    for (const e of stringEnums(decl)) out.push(enumObject(e));
    const h = helperNames(decl.tsName);
    const ref = stringLiteral(decl.ref);
    // validateX is ajv's function behind a loader, with ajv's `errors`; isX is the fast guard;
    // assertX asks ajv for the details only once the guard has said no. Both count the value's
    // depth first when the type could follow it deeper than MAX_VALUE_DEPTH (./depth.ts).
    const deep = needsDepthCheck(decl.schema) ? ", true" : "";
    out.push(
      `function ${h.validate}(data, context) {`,
      `  const fn = ${compiled}(${stringLiteral(validatorExportName(decl))});`,
      `  const ok = fn(data, context);`,
      `  ${h.validate}.errors = fn.errors;`,
      `  return ok;`,
      `}`,
      `${h.validate}.errors = null;`,
      `exports.${h.validate} = ${h.validate};`,
      `exports.${h.is} = ${runtime}.guarded(${guards}[${ref}], ${h.validate}${deep});`,
      `exports.${h.assert} = function ${h.assert}(value) {`,
      `  if (!exports.${h.is}(value)) throw new ${runtime}.ValidationError(${ref}, ${runtime}.issuesFor(${guards}[${ref}], ${h.validate}, value${deep}));`,
      `};\n`,
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

