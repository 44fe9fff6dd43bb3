/**
 * Checked interface files -> the model's InterfaceDecls: resolves their
 * `$ref`s into the type files' declarations (E031/E032 as for type files),
 * names every command's argument and result types, every var's type and the
 * inline enums (unique per interface module, see ../names.ts), and freezes
 * the result.
 */
import type { DiagnosticBag } from "../diagnostics";
import { interfaceItemName } from "../interface-item-name";
import type { CheckedInput } from "../check/file-names";
import type { CheckedInterface } from "../check/interface-file";
import { ERROR_ITEM_NAMES, INTERFACE_MODULE_NAMES, NameScope, commandTypeNames, helperNames, pascalCase, safeIdentifier, varTypeName } from "../names";
import { checkRefSiblings, lookupRef } from "./build-refs";
import { buildSchema, enumName, resolveRefs, type SchemaLinks } from "./build-schema";
import { errorSchemas, resolveErrorRefs } from "./build-errors";
import { errorType, type ArraySchema, type CommandDecl, type SchemaModule, type ErrorFileDecl, type InterfaceDecl, type InterfaceDetails, type NamedSchema, type NullSchema, type ObjectSchema, type Schema, type SchemaOrigin, type UnionSchema, type VarDecl } from "./model";
import { extend, freezeAll } from "./freeze";
import { compareText } from "../compare";
import type { Mutable } from "../mutable";


/** The error files of a run, when it has any (`--errors`): then every interface's `errors:` are resolved against them. */
export interface ErrorContext {
  readonly files: readonly ErrorFileDecl[];
  /** Stems of error files that exist but failed to load: references into them are not judged again. */
  readonly unreadable: ReadonlySet<string>;
}

/**
 * `files` are the type files' declarations; refs into a file named in
 * `unresolvable` (it failed to load, or its `types` could not be read) are not
 * judged: that file's errors are reported already.
 */
export function buildInterfaces(
  inputs: readonly CheckedInput<CheckedInterface>[],
  files: readonly SchemaModule[],
  diags: DiagnosticBag,
  unresolvable: ReadonlySet<string> = new Set(),
  errors?: ErrorContext,
): InterfaceDecl[] {
  const errorFiles = new Map((errors?.files ?? []).map((f) => [f.name, f]));
  const byStem = new Map<string, Map<string, NamedSchema>>();
  for (const f of files) byStem.set(f.name, new Map(f.items.map((t) => [t.name, t])));
  const sorted = [...inputs].sort((a, b) => compareText(a.stem, b.stem));
  const moduleScope = new NameScope();
  const out: InterfaceDecl[] = [];

  for (const input of sorted) {
    const c = input.checked;
    const details: Mutable<InterfaceDetails> = { commands: [], vars: [], errors: c.errors.map((e) => extend(e, {})) };
    const decl: Mutable<InterfaceDecl> = {
      kind: "module",
      source: "interface",
      name: input.stem,
      path: input.path,
      moduleName: moduleScope.claim(safeIdentifier(input.stem)),
      description: c.description,
      items: [],
      interface: details,
      pos: c.pos,
    };
    // Types first (the error items, commands, then vars, in YAML order), then their helpers, then inline enums.
    const scope = new NameScope(Object.values(INTERFACE_MODULE_NAMES));
    if (errors !== undefined) {
      const raises = resolveErrorRefs(details.errors, errorFiles, input.path, errors.unreadable, diags);
      details.raises = raises;
      details.errorSchemas = errorSchemas(raises, c.pos);
      details.errorTsNames = { type: scope.claim(ERROR_ITEM_NAMES.type), object: scope.claim(ERROR_ITEM_NAMES.object) };
    }
    const containers = new Map<string, string>();
    const commands = c.commands.map((cmd) => {
      const names = commandTypeNames(cmd.name);
      const argumentsTsName = scope.claim(names.arguments);
      const resultTsName = scope.claim(names.result);
      containers.set(interfaceItemName("arguments", cmd.name), argumentsTsName);
      containers.set(interfaceItemName("result", cmd.name), resultTsName);
      return { cmd, argumentsTsName, resultTsName };
    });
    const vars = c.vars.map((v) => {
      const tsName = scope.claim(varTypeName(v.name));
      containers.set(interfaceItemName("var", v.name), tsName);
      return { v, tsName };
    });
    const errorNames = details.errorTsNames === undefined ? [] : [details.errorTsNames.type, details.errorTsNames.object];
    for (const name of [...commands.flatMap((x) => [x.argumentsTsName, x.resultTsName]), ...vars.map((x) => x.tsName), ...errorNames]) {
      const h = helperNames(name);
      // Helpers start in lower case, type names never do: only another helper could take one.
      for (const n of [h.is, h.assert, h.validate]) scope.claim(n);
    }
    const container = (first: string): string => containers.get(first) ?? safeIdentifier(pascalCase(first));
    const links: SchemaLinks = {
      target: (r) => {
        const target = lookupRef(r, byStem, input.path, (f) => unresolvable.has(f), diags);
        return target === undefined ? undefined : () => target;
      },
      enumName: (e) => enumName(e, container, scope),
      refs: [],
    };
    // The schemas last: their inline enums take the names left.
    details.commands = commands.map(({ cmd, argumentsTsName, resultTsName }): CommandDecl => {
      const args: ObjectSchema = {
        kind: "object",
        pos: cmd.argumentsPos,
        pointer: `/cmds/${cmd.name}/arguments`,
        description: cmd.description,
        inert: [],
        properties: cmd.arguments.map((p) => extend(p, { schema: buildSchema(p.schema, links) })),
        undeclaredRequired: [],
        additionalProperties: false,
      };
      const none: NullSchema = { kind: "null", pos: cmd.pos, pointer: `/cmds/${cmd.name}/result`, inert: [] };
      return {
        kind: "command",
        name: cmd.name,
        description: cmd.description,
        interface: decl,
        arguments: args,
        argumentsValue: cmd.arguments.length > 0 ? args : noArguments(args),
        result: cmd.result === undefined ? none : buildSchema(cmd.result, links),
        hasResult: cmd.result !== undefined,
        argumentsTsName,
        resultTsName,
        pos: cmd.pos,
      };
    });
    details.vars = vars.map(({ v, tsName }): VarDecl => ({
      kind: "var",
      name: v.name,
      description: v.description,
      interface: decl,
      schema: buildSchema(v.schema, links),
      ...(v.qos !== undefined ? { qos: v.qos } : {}),
      tsName,
      pos: v.pos,
    }));
    decl.items = interfaceItems(decl, details);
    resolveRefs(links.refs);
    // A `type` beside a `$ref` that disagrees with the target: a warning, the `$ref` wins (as in type files).
    checkRefSiblings(links.refs, diags);
    out.push(decl);
  }
  return freezeAll(out);
}

/**
 * The module's items in order: per command its arguments then its result,
 * then the vars, then (with error files) the error type and error object.
 */
function interfaceItems(module: InterfaceDecl, d: InterfaceDetails): NamedSchema[] {
  const item = (origin: SchemaOrigin, name: string, pointer: string, tsName: string, schema: Schema, description: string, pos = schema.pos): NamedSchema => ({
    kind: "named",
    origin,
    name,
    tsName,
    module,
    ref: `interfaces/${module.name}/${name}`,
    pointer,
    description,
    schema,
    pos,
  });
  const out: NamedSchema[] = [];
  for (const c of d.commands) {
    const args = interfaceItemName("arguments", c.name);
    out.push(item({ kind: "arguments", command: c }, args, `/${args}`, c.argumentsTsName, c.argumentsValue, c.description, c.pos));
    const result = interfaceItemName("result", c.name);
    const resultDescription = c.hasResult ? (c.result.description ?? "") : "The command returns null (its YAML has no `result`).";
    out.push(item({ kind: "result", command: c }, result, `/${result}`, c.resultTsName, c.result, resultDescription, c.pos));
  }
  for (const v of d.vars) {
    const name = interfaceItemName("var", v.name);
    out.push(item({ kind: "var", var: v }, name, `/${name}`, v.tsName, v.schema, v.description, v.pos));
  }
  if (d.errorSchemas !== undefined && d.errorTsNames !== undefined) {
    const names = (d.raises ?? []).map(errorType);
    const typeDescription = names.length > 0 ? "The type of an error this interface may raise, as EVerest's runtime names it." : "This interface raises no errors.";
    out.push(item({ kind: "errorType" }, "errors/type", "/errors", d.errorTsNames.type, d.errorSchemas.type, typeDescription, module.pos));
    const objectDescription = "An error of this interface as EVerest's runtime sends it (raised or cleared).";
    out.push(item({ kind: "error" }, "errors/object", "/errors", d.errorTsNames.object, d.errorSchemas.object, objectDescription, module.pos));
  }
  return out;
}

/**
 * What EVerest's runtime takes as the arguments of a command that declares
 * none: `{}`, `null` or `[]` (everest-semantics §7).
 */
function noArguments(args: ObjectSchema): UnionSchema {
  const at = { pos: args.pos, pointer: args.pointer, inert: [] };
  const empty: ArraySchema = { kind: "array", ...at, maxItems: 0 };
  const none: NullSchema = { kind: "null", ...at };
  return { kind: "union", ...at, description: args.description ?? "", members: [args, none, empty] };
}
