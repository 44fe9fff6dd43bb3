/**
 * Per module (a type file, an interface file): `<module>.js` and
 * `<module>.mjs`, one JsModule (./js-module.ts) printed as CommonJS and as a
 * native ES module, with the enum objects and, per item, `validateX` (the raw
 * precompiled function), `isX` (boolean guard) and `assertX` (throws
 * ValidationError), then the constants the module's input declares besides
 * its items (an interface's `ERROR_TYPES`). Enum objects and ValidationError
 * come from runtime.js's registry, so both forms give the same objects.
 * Each source folder's index comes with them (./source-index.ts).
 *
 * What differs between modules is whether their items have fast guards
 * (../validators/guards.ts `hasFastGuards`): see `guardedAccess` and `directAccess`.
 */
import { lineComment, propertyKey, stringLiteral } from "../../escape";
import { type EnumSchema, type Model, type NamedSchema, type SchemaModule, errorType, walkSchema } from "../../model/model";
import { ERROR_TYPES_CONSTANT, type HelperNames, NameScope, enumMemberNames, helperNames } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { validatorExportName } from "../validators/compile";
import { needsDepthCheck } from "../validators/depth";
import { guardExportName, hasFastGuards } from "../validators/guards";
import { type JsImport, type JsModule, printModule, pure } from "./js-module";
import { sourceIndexes } from "./source-index";

export function emitFileModules(model: Model): EmittedFile[] {
  return [...model.modules.flatMap(moduleFiles), ...sourceIndexes(model)];
}

/** `<module>.js` and `<module>.mjs`. */
export function moduleFiles(m: SchemaModule): EmittedFile[] {
  return printModule(fileModule(m));
}

/** The string enums an item brings: its own (if it is one) and inline ones, in walk order. */
function stringEnums(item: NamedSchema): EnumSchema[] {
  const out: EnumSchema[] = [];
  for (const s of walkSchema(item.schema)) if (s.kind === "enum" && s.isStringEnum) out.push(s);
  return out;
}

/** `const <Enum> = enumObject(ref, { Member: "value", ... });` for a string enum: frozen, and one object for both module forms. */
function enumObject(e: EnumSchema, key: string, runtime: string): string {
  const members = enumMemberNames(e.values);
  const lines = e.values.map((v, i) => `  ${propertyKey(members[i]!)}: ${stringLiteral(v as string)},`);
  return `const ${e.tsName} = ${pure(`${runtime}.enumObject(${stringLiteral(key)}, {\n${lines.join("\n")}\n})`)};`;
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
      value: pure(`Object.freeze([${raises.map((e) => stringLiteral(errorType(e))).join(", ")}])`),
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
  readonly imports: readonly JsImport[];
  /** The statements defining validateX, isX and assertX of `item`. */
  helpers(item: NamedSchema, h: HelperNames): string[];
}

function fileModule(m: SchemaModule): JsModule {
  const exported = exportedNames(m);
  // Module-level names besides the exported helpers, chosen so they never shadow one.
  const scope = new NameScope(exported);
  const runtime = scope.claim("runtime");
  const access = hasFastGuards(m) ? guardedAccess(m, scope, runtime) : directAccess(m, scope, runtime);
  const body: string[] = [];
  for (const item of m.items) {
    body.push(lineComment(item.ref));
    for (const e of stringEnums(item)) body.push(enumObject(e, `${m.name}/${e.tsName}`, runtime));
    body.push(...access.helpers(item, helperNames(item.tsName)));
  }
  for (const c of constants(m)) body.push(lineComment(c.comment), `const ${c.name} = ${c.value};\n`);
  return {
    path: layout.cjs(m),
    sources: [m.path],
    imports: [{ path: layout.runtimeCjs, bind: { ns: runtime } }, ...access.imports],
    body: body.join("\n"),
    exports: exported.map((name) => ({ name, local: name })),
  };
}

/**
 * `, true` where the item could follow a value deeper than MAX_VALUE_DEPTH:
 * isX and assertX then count the value's depth first (../validators/depth.ts).
 */
function depthArgument(item: NamedSchema): string {
  return needsDepthCheck(item.schema) ? ", true" : "";
}

/**
 * Items with fast guards: isX is the guard. In CommonJS the ajv validators
 * load on first use (a lazy import), so a process that only asks isX never
 * parses their code; validateX is ajv's function behind that, with ajv's
 * `errors`; assertX asks ajv for the details only once the guard has said no.
 */
function guardedAccess(m: SchemaModule, scope: NameScope, runtime: string): ValidatorAccess {
  const guards = scope.claim("guards");
  const validators = scope.claim("validators");
  return {
    imports: [
      { path: layout.guardsOf(m), bind: { ns: guards } },
      { path: layout.validatorsCjs(m), bind: { ns: validators }, lazy: true },
    ],
    helpers(item, h) {
      const ref = stringLiteral(item.ref);
      const deep = depthArgument(item);
      const guard = `${guards}.${guardExportName(item)}`;
      return [
        `function ${h.validate}(data, context) {`,
        `  const fn = ${validators}.${validatorExportName(item)};`,
        `  const ok = fn(data, context);`,
        `  ${h.validate}.errors = fn.errors;`,
        `  return ok;`,
        `}`,
        `const ${h.is} = ${pure(`${runtime}.guarded(${guard}, ${h.validate}${deep})`)};`,
        `function ${h.assert}(value) {`,
        `  if (!${h.is}(value)) throw new ${runtime}.ValidationError(${ref}, ${runtime}.issuesFor(${guard}, ${h.validate}, value${deep}));`,
        `}\n`,
      ];
    },
  };
}

/** Items without fast guards: isX and assertX run ajv's function itself, so the module imports the validators at once. */
function directAccess(m: SchemaModule, scope: NameScope, runtime: string): ValidatorAccess {
  const validators = scope.claim("validators");
  return {
    imports: [{ path: layout.validatorsCjs(m), bind: { ns: validators } }],
    helpers(item, h) {
      const ref = stringLiteral(item.ref);
      const deep = depthArgument(item);
      return [
        `const ${h.validate} = ${validators}.${validatorExportName(item)};`,
        `function ${h.is}(value) {`,
        `  return ${runtime}.safely(${h.validate}, value${deep});`,
        `}`,
        `function ${h.assert}(value) {`,
        `  if (!${runtime}.safely(${h.validate}, value${deep})) throw new ${runtime}.ValidationError(${ref}, ${runtime}.issuesFor(null, ${h.validate}, value${deep}));`,
        `}\n`,
      ];
    },
  };
}
