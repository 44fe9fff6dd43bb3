/**
 * The JavaScript of EVerest interfaces:
 *
 * - `internal/interface-validators/<name>.js`: the precompiled ajv validate
 *   function of every item (arguments object, result, var), compiled by
 *   ./compile.ts's pipeline from the items' compile-view documents; a ref to
 *   a type is a call of that type's function in its file's validator module.
 *   Each is exported under the item's ref, `interfaces/ocpp/cmds/get_variables/arguments`.
 * - `interfaces/<name>.js` (CommonJS, the one implementation) and `.mjs`:
 *   per item `validateX` (the raw function), `isX` (a boolean type guard) and
 *   `assertX` (throws ValidationError), plus the item's string enum objects.
 *   `isX` is the ajv function itself (the fast guards of ./guards.ts cover
 *   type declarations only).
 * - `interfaces/index.js`: every interface module under its namespace name.
 * - the root module's share: `interfaces`, and the `validate()` table rows.
 */
import { codeBanner } from "../../banner";
import { lineComment, stringLiteral } from "../../escape";
import {
  errorType,
  interfaceItemRef,
  interfaceItems,
  walkSchema,
  type EnumSchema,
  type InterfaceDecl,
  type InterfaceItem,
  type Model,
} from "../../model/model";
import { ERROR_TYPES_CONSTANT, NameScope, helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { interfaceLayout } from "../interface-layout";
import { layout } from "../layout";
import { type ValidatorJob, compiledFormats, referencedModules } from "../validators/compile";
import { needsDepthCheck } from "../validators/depth";
import { compileItemSchema, compiledItemId, interfaceFormats } from "../schemas/interface-schemas";
import { enumObject, esmWrapper } from "./module-text";
import { compareText } from "../../compare";

/** One job for every interface's validator module (none without interfaces); see compile.ts `ValidatorJob`. */
export function interfaceValidatorJobs(model: Model): ValidatorJob[] {
  if (model.interfaces.length === 0) return [];
  const items = model.interfaces.flatMap((decl) => interfaceItems(decl));
  return [
    {
      documents: items.map(compileItemSchema),
      formats: [...new Set([...compiledFormats(model), ...interfaceFormats(model)])].sort(),
      // Refs into the type files compile to calls of their validator modules (internal/validators/<file>.js).
      modules: referencedModules(
        items.map((item) => item.schema),
        [],
        "../validators",
      ),
      files: model.interfaces.map((decl) => ({
        path: interfaceLayout.validatorsCjs(decl),
        header:
          codeBanner([decl.path]) +
          `"use strict";\n` +
          `// Precompiled by ajv (standalone code) at generation time; one export per argument object, result and var, named by its ref.\n` +
          `// Helpers come from ${layout.runtimeCjs}, types of the type files from their modules in internal/validators/.\n`,
        exports: interfaceItems(decl)
          .map((item): [string, string] => [interfaceItemRef(item), compiledItemId(item)])
          .sort(([a], [b]) => compareText(a, b)),
      })),
    },
  ];
}

export function emitInterfaceModules(model: Model): EmittedFile[] {
  if (model.interfaces.length === 0) return [];
  const out: EmittedFile[] = [];
  for (const decl of model.interfaces) {
    const names = interfaceExportedNames(decl);
    out.push({ path: interfaceLayout.cjs(decl), content: cjsModule(decl, names) });
    out.push({ path: interfaceLayout.esm(decl), content: esmWrapper(decl.path, interfaceLayout.siblingSpecifier(decl), names) });
  }
  const index = [`${codeBanner(model.interfaces.map((i) => i.path))}"use strict";\n`];
  for (const decl of model.interfaces) index.push(`exports.${decl.moduleName} = require(${stringLiteral(interfaceLayout.siblingSpecifier(decl))});`);
  out.push({ path: interfaceLayout.indexCjs, content: `${index.join("\n")}\n` });
  return out;
}

/** The string enums of an item that are objects at run time: the item itself when it is one, and those nested in it. */
function itemEnums(item: InterfaceItem): EnumSchema[] {
  return [...walkSchema(item.schema)].filter((s): s is EnumSchema => s.kind === "enum" && s.isStringEnum);
}

/** Every name `interfaces/<name>.js` exports, in order; a duplicate is a naming bug. */
export function interfaceExportedNames(decl: InterfaceDecl): string[] {
  const names: string[] = [];
  for (const item of interfaceItems(decl)) {
    for (const e of itemEnums(item)) names.push(e.tsName);
    const h = helperNames(item.tsName);
    names.push(h.validate, h.is, h.assert);
  }
  if (decl.raises !== undefined) names.push(ERROR_TYPES_CONSTANT);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${decl.path}: two exports of ${interfaceLayout.cjs(decl)} would be named ${n}`);
    seen.add(n);
  }
  return names;
}

function cjsModule(decl: InterfaceDecl, exported: readonly string[]): string {
  const scope = new NameScope(exported);
  const runtime = scope.claim("runtime");
  const validators = scope.claim("validators");
  const out: string[] = [
    `${codeBanner([decl.path])}"use strict";\n`,
    `const ${runtime} = require(${stringLiteral(interfaceLayout.runtimeSpecifier)});`,
    `const ${validators} = require(${stringLiteral(interfaceLayout.validatorsSpecifier(decl))});\n`,
  ];
  for (const item of interfaceItems(decl)) {
    const ref = stringLiteral(interfaceItemRef(item));
    out.push(lineComment(interfaceItemRef(item)));
    for (const e of itemEnums(item)) out.push(enumObject(e));
    const h = helperNames(item.tsName);
    // As for a type (./file-modules.ts): the value's depth is counted first where the item could follow it too deep.
    const deep = needsDepthCheck(item.schema) ? ", true" : "";
    out.push(
      `const ${h.validate} = ${validators}[${ref}];`,
      `exports.${h.validate} = ${h.validate};`,
      `exports.${h.is} = function ${h.is}(value) {`,
      `  return ${runtime}.safely(${h.validate}, value${deep});`,
      `};`,
      `exports.${h.assert} = function ${h.assert}(value) {`,
      `  if (!${runtime}.safely(${h.validate}, value${deep})) throw new ${runtime}.ValidationError(${ref}, ${runtime}.issuesFor(null, ${h.validate}, value${deep}));`,
      `};\n`,
    );
  }
  if (decl.raises !== undefined) {
    out.push(
      lineComment("The type of every error this interface may raise, in the order its errors: references list them."),
      `exports.${ERROR_TYPES_CONSTANT} = Object.freeze([${decl.raises.map((e) => stringLiteral(errorType(e))).join(", ")}]);\n`,
    );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** The root module's name for the interfaces namespace object. */
export const INTERFACES_EXPORT = "interfaces";

/**
 * index.js lines for the interfaces: `exports.interfaces`, a getter that
 * loads them, and the `validate()` table rows `[ref, validate function]`
 * (with `true` after it where values are counted first, see ./depth.ts),
 * which root-module.ts puts behind a function so that they too load only when
 * an interface ref is asked for (both empty when there are no interfaces).
 */
export function rootInterfaceLines(model: Model): { readonly exports: string[]; readonly table: string[] } {
  if (model.interfaces.length === 0) return { exports: [], table: [] };
  const table: string[] = [];
  for (const decl of model.interfaces) {
    for (const item of interfaceItems(decl)) {
      const deep = needsDepthCheck(item.schema) ? ", true" : "";
      table.push(`  [${stringLiteral(interfaceItemRef(item))}, exports.${INTERFACES_EXPORT}.${decl.moduleName}.${helperNames(item.tsName).validate}${deep}],`);
    }
  }
  return {
    // Loaded when first used: a process that validates only type-file types never parses them.
    exports: [
      `Object.defineProperty(exports, ${stringLiteral(INTERFACES_EXPORT)}, { enumerable: true, get: () => require(${stringLiteral(interfaceLayout.indexSpecifier)}) });`,
    ],
    table,
  };
}
