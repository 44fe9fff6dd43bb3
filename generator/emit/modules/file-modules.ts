/**
 * Per module (a type file, an interface file): `<module>.js` (CommonJS, the
 * one implementation) with the string enum objects and, per item,
 * `validateX` (the raw precompiled function), `isX` (boolean guard) and
 * `assertX` (throws ValidationError), then the constants the module's input
 * declares besides its items (an interface's `ERROR_TYPES`); and
 * `<module>.mjs`, an ES module re-exporting exactly those names from
 * `<module>.js`, so enums and errors are the same objects from CJS and ESM.
 * Each source folder's index comes with them (./source-index.ts).
 *
 * What differs between modules is whether their items have fast guards
 * (../validators/guards.ts `hasFastGuards`): see `guardedAccess` and `directAccess`.
 */
import { codeBanner } from "../../banner";
import { lineComment, propertyKey, stringLiteral } from "../../escape";
import { type EnumSchema, type Model, type NamedSchema, type SchemaModule, errorType, walkSchema } from "../../model/model";
import { ERROR_TYPES_CONSTANT, type HelperNames, NameScope, enumMemberNames, helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout, specifier } from "../layout";
import { validatorExportName } from "../validators/compile";
import { needsDepthCheck } from "../validators/depth";
import { hasFastGuards } from "../validators/guards";
import { esmWrapper } from "./esm-wrapper";
import { sourceIndexes } from "./source-index";

export function emitFileModules(model: Model): EmittedFile[] {
  const modules = model.modules.flatMap((m) => {
    const names = exportedNames(m);
    return [
      { path: layout.cjs(m), content: cjsModule(m, names) },
      { path: layout.esm(m), content: esmWrapper([m.path], specifier(layout.esm(m), layout.cjs(m)), names) },
    ];
  });
  return [...modules, ...sourceIndexes(model)];
}

/** The string enums an item brings: its own (if it is one) and inline ones, in walk order. */
function stringEnums(item: NamedSchema): EnumSchema[] {
  const out: EnumSchema[] = [];
  for (const s of walkSchema(item.schema)) if (s.kind === "enum" && s.isStringEnum) out.push(s);
  return out;
}

/** `exports.<Enum> = Object.freeze({ Member: "value", ... });` for a string enum. */
function enumObject(e: EnumSchema): string {
  const members = enumMemberNames(e.values);
  const lines = e.values.map((v, i) => `  ${propertyKey(members[i]!)}: ${stringLiteral(v as string)},`);
  return `exports.${e.tsName} = Object.freeze({\n${lines.join("\n")}\n});`;
}

/** A module-level constant besides the items' exports. */
interface Constant {
  readonly name: string;
  readonly comment: string;
  readonly value: string;
}

/** The constants `m` exports after its items: an interface with resolved errors lists the types it may raise. */
function constants(m: SchemaModule): Constant[] {
  const raises = m.interface?.raises;
  if (raises === undefined) return [];
  return [
    {
      name: ERROR_TYPES_CONSTANT,
      comment: "The type of every error this interface may raise, in the order its errors: references list them.",
      value: `Object.freeze([${raises.map((e) => stringLiteral(errorType(e))).join(", ")}])`,
    },
  ];
}

/** Every name `<module>.js` exports, in order; a duplicate is a naming bug that would silently drop an export. */
export function exportedNames(m: SchemaModule): string[] {
  const names: string[] = [];
  for (const item of m.items) {
    for (const e of stringEnums(item)) names.push(e.tsName);
    const h = helperNames(item.tsName);
    names.push(h.validate, h.is, h.assert);
  }
  for (const c of constants(m)) names.push(c.name);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${m.path}: two exports of ${layout.cjs(m)} would be named ${n}; rename a type or property`);
    seen.add(n);
  }
  return names;
}

/** How a module's helpers reach its items' precompiled validate functions. */
interface ValidatorAccess {
  /** Module-level statements after the runtime's `require`. */
  readonly prelude: readonly string[];
  /** The statements defining and exporting validateX, isX and assertX of `item`. */
  helpers(item: NamedSchema, h: HelperNames): string[];
}

function cjsModule(m: SchemaModule, exported: readonly string[]): string {
  // Module-level names besides the exported helpers, chosen so they never shadow one.
  const scope = new NameScope(exported);
  const runtime = scope.claim("runtime");
  const access = hasFastGuards(m) ? guardedAccess(m, scope, runtime) : directAccess(m, scope, runtime);
  const out: string[] = [
    `${codeBanner([m.path])}"use strict";\n`,
    `const ${runtime} = require(${stringLiteral(specifier(layout.cjs(m), layout.runtimeCjs))});`,
    ...access.prelude,
  ];
  for (const item of m.items) {
    out.push(lineComment(item.ref));
    for (const e of stringEnums(item)) out.push(enumObject(e));
    out.push(...access.helpers(item, helperNames(item.tsName)));
  }
  for (const c of constants(m)) out.push(lineComment(c.comment), `exports.${c.name} = ${c.value};\n`);
  return `${out.join("\n").trimEnd()}\n`;
}

/**
 * `, true` where the item could follow a value deeper than MAX_VALUE_DEPTH:
 * isX and assertX then count the value's depth first (../validators/depth.ts).
 */
function depthArgument(item: NamedSchema): string {
  return needsDepthCheck(item.schema) ? ", true" : "";
}

/**
 * Items with fast guards: isX is the guard, and the ajv validators load on
 * first use, so a process that only asks isX never parses their code.
 * validateX is ajv's function behind that loader, with ajv's `errors`;
 * assertX asks ajv for the details only once the guard has said no.
 */
function guardedAccess(m: SchemaModule, scope: NameScope, runtime: string): ValidatorAccess {
  const guards = scope.claim("guards");
  const validators = scope.claim("validators");
  const compiled = scope.claim("compiled");
  return {
    prelude: [
      `const ${guards} = require(${stringLiteral(specifier(layout.cjs(m), layout.guardsOf(m)))});`,
      `// The ajv validators load on first use: isX answers from the guards alone.`,
      `let ${validators} = null;`,
      `function ${compiled}(ref) {`,
      `  if (${validators} === null) ${validators} = require(${stringLiteral(specifier(layout.cjs(m), layout.validatorsCjs(m)))});`,
      `  return ${validators}[ref];`,
      `}\n`,
    ],
    helpers(item, h) {
      const ref = stringLiteral(item.ref);
      const deep = depthArgument(item);
      return [
        `function ${h.validate}(data, context) {`,
        `  const fn = ${compiled}(${stringLiteral(validatorExportName(item))});`,
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
      ];
    },
  };
}

/** Items without fast guards: isX and assertX run ajv's function itself, so the module loads the validators at once. */
function directAccess(m: SchemaModule, scope: NameScope, runtime: string): ValidatorAccess {
  const validators = scope.claim("validators");
  return {
    prelude: [`const ${validators} = require(${stringLiteral(specifier(layout.cjs(m), layout.validatorsCjs(m)))});\n`],
    helpers(item, h) {
      const ref = stringLiteral(item.ref);
      const deep = depthArgument(item);
      return [
        `const ${h.validate} = ${validators}[${stringLiteral(validatorExportName(item))}];`,
        `exports.${h.validate} = ${h.validate};`,
        `exports.${h.is} = function ${h.is}(value) {`,
        `  return ${runtime}.safely(${h.validate}, value${deep});`,
        `};`,
        `exports.${h.assert} = function ${h.assert}(value) {`,
        `  if (!${runtime}.safely(${h.validate}, value${deep})) throw new ${runtime}.ValidationError(${ref}, ${runtime}.issuesFor(null, ${h.validate}, value${deep}));`,
        `};\n`,
      ];
    },
  };
}
