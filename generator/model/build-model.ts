/**
 * Checked type files -> the model: gives every declaration and inline enum
 * its TypeScript name, resolves every `$ref` to its declaration, and freezes
 * the result.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { CheckedFile } from "../check/type-file";
import type { CheckedInput } from "../check/file-names";
import type { RefName } from "../check/checked-schema";
import { NameScope, helperNames, safeIdentifier } from "../names";
import type { DefsFile, Model, Schema, TypeDecl } from "./model";
import { buildSchema, enumName, type BuiltRef, type SchemaLinks } from "./build-schema";
import { freezeAll } from "./freeze";
import { closest } from "../closest";
import { compareText } from "../compare";
import type { Mutable } from "../mutable";

const TYPE_ORIGIN = Object.freeze({ kind: "type" } as const);

/** A type file's module and the TypeScript names in it, before its declarations are built. */
interface NamedFile {
  readonly input: CheckedInput<CheckedFile>;
  readonly file: Mutable<DefsFile>;
  readonly scope: NameScope;
  /** Type name -> TypeScript name, in YAML order. */
  readonly tsNames: ReadonlyMap<string, string>;
}

/**
 * `unreadable` names files that exist but failed to load: refs into them are not
 * reported again as missing files.
 */
export function buildModel(inputs: readonly CheckedInput<CheckedFile>[], diags: DiagnosticBag, unreadable: ReadonlySet<string> = new Set()): Model {
  const sorted = [...inputs].sort((a, b) => compareText(a.stem, b.stem));
  const moduleScope = new NameScope();
  // Every name first: a `$ref` may name any type of any file, a later one or itself included.
  const named = sorted.map((input) => nameFile(input, moduleScope, diags));
  const tsNames = new Map(named.map((n) => [n.input.stem, n.tsNames]));
  const byStem = new Map<string, Map<string, TypeDecl>>();
  const declaration = (r: RefName): TypeDecl => {
    const decl = byStem.get(r.file)?.get(r.type);
    if (decl === undefined) throw new Error(`$ref /${r.file}#/${r.type} names a type that was never built`);
    return decl;
  };
  const complete = new Map(sorted.map((i) => [i.stem, i.checked.complete]));
  // A file that failed to load, or whose `types` could not be read, has its errors reported already.
  const skip = (f: string): boolean => unreadable.has(f) || complete.get(f) === false;
  const refs: BuiltRef[] = [];
  for (const { input, file, scope, tsNames: names } of named) {
    const container = (first: string): string => names.get(first) ?? safeIdentifier(first);
    const links: SchemaLinks = {
      target: (r) => (lookupRef(r, tsNames, input.path, skip, diags) === undefined ? undefined : () => declaration(r)),
      enumName: (e) => enumName(e, container, scope),
      refs,
    };
    const decls = new Map<string, TypeDecl>();
    file.items = input.checked.types.map((t) => {
      const decl: TypeDecl = {
        kind: "named",
        origin: TYPE_ORIGIN,
        name: t.name,
        tsName: names.get(t.name) ?? safeIdentifier(t.name),
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
  checkRefCycles(files, refs, diags);
  checkRefSiblings(refs, diags);
  return freezeAll({ modules: files, files, interfaces: [], errorFiles: [] });
}

/** Type names first (in YAML order), then the helpers they imply; inline enums are named later, as they are built. */
function nameFile(input: CheckedInput<CheckedFile>, moduleScope: NameScope, diags: DiagnosticBag): NamedFile {
  const file: Mutable<DefsFile> = {
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
  const types = input.checked.types.map((t) => {
    const tsName = scope.claim(safeIdentifier(t.name));
    tsNames.set(t.name, tsName);
    return { name: t.name, tsName, pos: t.pos };
  });
  for (const t of types) {
    const h = helperNames(t.tsName);
    for (const n of [h.is, h.assert, h.validate]) {
      if (scope.has(n)) {
        diags.error("E018", t.pos, `type ${t.name} would export ${n}, which is also a type name in this file; rename one of them`);
      }
    }
  }
  // Helper names are taken before inline enums are named, so an enum can never shadow one.
  for (const t of types) {
    const h = helperNames(t.tsName);
    for (const n of [h.is, h.assert, h.validate]) if (!scope.has(n)) scope.claim(n);
  }
  return { input, file, scope, tsNames };
}

/**
 * What `r` names in `index` (file stem -> type name -> what is known of the
 * type), or undefined after E031 (no such file) or E032 (no such type in it),
 * with the closest name as a hint; `from` is the file the ref is written in.
 * A ref into a file `skip` names is left alone: its own errors say why it has
 * no declarations.
 */
export function lookupRef<T>(
  r: RefName,
  index: ReadonlyMap<string, ReadonlyMap<string, T>>,
  from: string,
  skip: (file: string) => boolean,
  diags: DiagnosticBag,
): T | undefined {
  const types = index.get(r.file);
  const found = types?.get(r.type);
  if (found !== undefined || skip(r.file)) return found;
  if (types === undefined) {
    const hint = closest(r.file, [...index.keys()]);
    diags.error(
      "E031",
      r.pos,
      `$ref "/${r.file}#/${r.type}": no type file ${r.file}.yaml in the defs folder (referenced from ${from})${hint ? `; did you mean "/${hint}#/${r.type}"?` : ""}`,
    );
  } else {
    const hint = closest(r.type, [...types.keys()]);
    diags.error("E032", r.pos, `$ref "/${r.file}#/${r.type}": ${r.file}.yaml has no type ${JSON.stringify(r.type)}${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }
  return undefined;
}

/**
 * A type that is nothing but a `$ref` to itself, directly or through other such
 * types (`A: $ref B`, `B: $ref A`), describes no value at all: a warning (the
 * emitters type it `never`). Recursion through properties or items (a tree of
 * nodes) is fine and not reported.
 */
function checkRefCycles(files: readonly DefsFile[], refs: readonly BuiltRef[], diags: DiagnosticBag): void {
  const refPos = new Map<Schema, SourcePos>(refs.map((r) => [r.node, r.names.pos]));
  const done = new Set<TypeDecl>();
  for (const file of files) {
    for (const decl of file.items) {
      const chain: TypeDecl[] = [];
      const onChain = new Set<TypeDecl>();
      let cur: TypeDecl = decl;
      while (!done.has(cur) && cur.schema.kind === "ref") {
        if (onChain.has(cur)) {
          const loop = [...chain.slice(chain.indexOf(cur)), cur];
          diags.warning(
            "W107",
            refPos.get(cur.schema) ?? cur.pos,
            `$ref cycle ${cycleText(loop)}: each of these types is only a $ref, so none of them describes a value and no data is valid`,
          );
          break;
        }
        chain.push(cur);
        onChain.add(cur);
        cur = cur.schema.target;
      }
      for (const d of chain) done.add(d);
    }
  }
}

/** `/x#/A -> /x#/B -> /x#/A`, shortened in the middle when the cycle is long. */
function cycleText(loop: readonly TypeDecl[]): string {
  const names = loop.map((d) => `/${d.module.name}#/${d.name}`);
  if (names.length <= 8) return names.join(" -> ");
  return [...names.slice(0, 6), `... (${names.length - 7} more)`, names[names.length - 1]].join(" -> ");
}

/** A `type` beside a `$ref` that disagrees with the target is a warning: the `$ref` wins. */
export function checkRefSiblings(refs: readonly BuiltRef[], diags: DiagnosticBag): void {
  for (const r of refs) {
    const { siblingType, target } = r.node;
    if (siblingType === undefined) continue;
    const targetType = declaredType(target);
    if (targetType !== undefined && targetType !== siblingType) {
      diags.warning(
        "W102",
        r.names.typePos ?? r.names.pos,
        `\`type: ${siblingType}\` beside $ref "${r.node.ref}" disagrees with the target's type ${targetType}; the $ref wins`,
      );
    }
  }
}

const declaredTypes = new WeakMap<TypeDecl, string | undefined>();

/**
 * The JSON type a declaration describes, as EVerest writes it beside refs.
 * Follows ref chains without recursion and remembers the answer for every
 * declaration on the chain, so long chains cost linear time.
 */
export function declaredType(decl: TypeDecl): string | undefined {
  const chain: TypeDecl[] = [];
  const seen = new Set<TypeDecl>();
  let cur: TypeDecl | undefined = decl;
  let result: string | undefined;
  while (cur !== undefined) {
    if (declaredTypes.has(cur)) {
      result = declaredTypes.get(cur);
      break;
    }
    if (seen.has(cur)) break; // a ref cycle (reported as E034): no type
    seen.add(cur);
    chain.push(cur);
    const s: Schema = cur.schema;
    if (s.kind === "ref") {
      cur = s.target;
      continue;
    }
    result = ownType(s);
    break;
  }
  for (const d of chain) declaredTypes.set(d, result);
  return result;
}

function ownType(s: Schema): string | undefined {
  switch (s.kind) {
    case "enum":
    case "const":
      return s.type ?? (typeof (s.kind === "enum" ? s.values[0] : s.value) === "string" ? "string" : undefined);
    case "union":
    case "any":
      return undefined;
    case "ref":
      return undefined;
    default:
      return s.kind;
  }
}
