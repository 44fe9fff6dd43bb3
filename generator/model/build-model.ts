/**
 * Checked type files -> the model: gives every declaration and inline enum
 * its TypeScript name, resolves every `$ref` to its declaration, and freezes
 * the result.
 */
import type { DiagnosticBag } from "../diagnostics";
import type { CheckedFile, CheckedType } from "../check/type-file";
import type { CheckedInput } from "../check/file-names";
import type { RefName } from "../check/checked-schema";
import { NameScope, helperNames, safeIdentifier } from "../names";
import type { SchemaModule, Model, NamedSchema } from "./model";
import { buildSchema, enumName, resolveRefs, type BuiltRef, type SchemaLinks } from "./build-schema";
import { checkRefCycles, checkRefSiblings, lookupRef } from "./build-refs";
import { freezeAll } from "./freeze";
import { compareText } from "../compare";
import type { Mutable } from "../mutable";

const TYPE_ORIGIN = Object.freeze({ kind: "type" } as const);

/** A type file's module and the TypeScript names in it, before its declarations are built. */
interface NamedFile {
  readonly input: CheckedInput<CheckedFile>;
  readonly file: Mutable<SchemaModule>;
  readonly scope: NameScope;
  readonly types: readonly { readonly type: CheckedType; readonly tsName: string }[];
  /** Type name -> TypeScript name, in YAML order. */
  readonly tsNames: ReadonlyMap<string, string>;
}

/**
 * `unreadable` names files that exist but failed to load: refs into them are not
 * reported again as missing files.
 */
export function buildModel(inputs: readonly CheckedInput<CheckedFile>[], diags: DiagnosticBag, unreadable: ReadonlySet<string> = new Set()): Omit<Model, "package"> {
  const sorted = [...inputs].sort((a, b) => compareText(a.stem, b.stem));
  const moduleScope = new NameScope();
  // Every name first: a `$ref` may name any type of any file, a later one or itself included.
  const named = sorted.map((input) => nameFile(input, moduleScope, diags));
  // What refs look up: file stem -> type name -> TypeScript name.
  const refIndex = new Map(named.map((n) => [n.input.stem, n.tsNames]));
  const byStem = new Map<string, Map<string, NamedSchema>>();
  const declaration = (r: RefName): NamedSchema => {
    const decl = byStem.get(r.file)?.get(r.type);
    if (decl === undefined) throw new Error(`$ref /${r.file}#/${r.type} names a type that was never built`);
    return decl;
  };
  const complete = new Map(sorted.map((i) => [i.stem, i.checked.complete]));
  // A file that failed to load, or whose `types` could not be read, has its errors reported already.
  const skip = (f: string): boolean => unreadable.has(f) || complete.get(f) === false;
  const refs: BuiltRef[] = [];
  for (const { input, file, scope, types, tsNames } of named) {
    const container = (first: string): string => tsNames.get(first) ?? safeIdentifier(first);
    const links: SchemaLinks = {
      target: (r) => (lookupRef(r, refIndex, input.path, skip, diags) === undefined ? undefined : () => declaration(r)),
      enumName: (e) => enumName(e, container, scope),
      refs,
    };
    const decls = new Map<string, NamedSchema>();
    file.items = types.map(({ type: t, tsName }) => {
      const decl: NamedSchema = {
        kind: "named",
        origin: TYPE_ORIGIN,
        name: t.name,
        tsName,
        module: file,
        ref: `${input.stem}/${t.name}`,
        pointer: t.schema.pointer,
        description: t.description,
        schema: buildSchema(t.schema, links),
        pos: t.pos,
      };
      decls.set(t.name, decl);
      return decl;
    });
    byStem.set(input.stem, decls);
  }
  const files = named.map((n) => n.file);
  resolveRefs(refs);
  checkRefCycles(files, refs, diags);
  checkRefSiblings(refs, diags);
  return freezeAll({ modules: files, files, interfaces: [], apis: [], errorFiles: [] });
}

/** Type names first (in YAML order), then the helpers they imply; inline enums are named later, as they are built. */
function nameFile(input: CheckedInput<CheckedFile>, moduleScope: NameScope, diags: DiagnosticBag): NamedFile {
  const file: Mutable<SchemaModule> = {
    kind: "module",
    source: "types",
    name: input.stem,
    path: input.path,
    moduleName: moduleScope.claim(safeIdentifier(input.stem)),
    description: input.checked.description,
    items: [],
    pos: input.checked.pos,
  };
  const scope = new NameScope();
  const tsNames = new Map<string, string>();
  const types = input.checked.types.map((type) => {
    const tsName = scope.claim(safeIdentifier(type.name));
    tsNames.set(type.name, tsName);
    return { type, tsName };
  });
  for (const { type, tsName } of types) {
    const h = helperNames(tsName);
    for (const n of [h.is, h.assert, h.validate]) {
      if (scope.has(n)) {
        diags.error("E018", type.pos, `type ${type.name} would export ${n}, which is also a type name in this file; rename one of them`);
      }
    }
  }
  // Helper names are taken before inline enums are named, so an enum can never shadow one.
  for (const { tsName } of types) {
    const h = helperNames(tsName);
    for (const n of [h.is, h.assert, h.validate]) if (!scope.has(n)) scope.claim(n);
  }
  return { input, file, scope, types, tsNames };
}
