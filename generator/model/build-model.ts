/**
 * Checked files -> the model: resolves every `$ref` to its declaration, gives
 * every declaration and inline enum its TypeScript name, and freezes the result.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { CheckedFile } from "../check/type-file";
import type { CheckedInput } from "../check/file-names";
import type { PendingEnum, PendingRef } from "../check/schema-rules";
import { NameScope, helperNames, pascalCase, safeIdentifier } from "../names";
import type { DefsFile, Model, Schema, TypeDecl } from "./model";
import { closest } from "../closest";
import { compareText } from "../compare";
import type { Mutable } from "../mutable";

const TYPE_ORIGIN = Object.freeze({ kind: "type" } as const);

/**
 * `unreadable` names files that exist but failed to load: refs into them are not
 * reported again as missing files.
 */
export function buildModel(inputs: readonly CheckedInput<CheckedFile>[], diags: DiagnosticBag, unreadable: ReadonlySet<string> = new Set()): Model {
  const sorted = [...inputs].sort((a, b) => compareText(a.stem, b.stem));
  const files: DefsFile[] = [];
  const byStem = new Map<string, Map<string, TypeDecl>>();
  const moduleScope = new NameScope();

  for (const input of sorted) {
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
    // Type names first (in YAML order), then the helpers they imply, then inline enums.
    const scope = new NameScope();
    const decls = new Map<string, TypeDecl>();
    const types: TypeDecl[] = input.checked.types.map((t) => {
      const decl: TypeDecl = {
        kind: "named",
        origin: TYPE_ORIGIN,
        name: t.name,
        tsName: scope.claim(safeIdentifier(t.name)),
        module: file,
        ref: `${input.stem}/${t.name}`,
        pointer: t.schema.pointer,
        description: t.description,
        schema: t.schema,
        pos: t.pos,
      };
      decls.set(t.name, decl);
      return decl;
    });
    for (const d of types) {
      const h = helperNames(d.tsName);
      for (const n of [h.is, h.assert, h.validate]) {
        if (scope.has(n)) {
          diags.error("E018", d.pos, `type ${d.name} would export ${n}, which is also a type name in this file; rename one of them`);
        }
      }
    }
    // Helper names are taken before inline enums are named, so an enum can never shadow one.
    for (const d of types) {
      const h = helperNames(d.tsName);
      for (const n of [h.is, h.assert, h.validate]) if (!scope.has(n)) scope.claim(n);
    }
    for (const e of input.checked.enums) {
      const node = e.node as Mutable<typeof e.node>;
      node.tsName = node.topLevel
        ? (decls.get(e.path[0] ?? "")?.tsName ?? safeIdentifier(e.path[0] ?? "Enum"))
        : inlineEnumName(e.path, decls, scope);
    }
    file.items = types;
    files.push(file);
    byStem.set(input.stem, decls);
  }

  const complete = new Map(sorted.map((i) => [i.stem, i.checked.complete]));
  for (const input of sorted) {
    // A file that failed to load, or whose `types` could not be read, has its errors reported already.
    resolveRefs(input.checked.refs, byStem, input.path, (f) => unreadable.has(f) || complete.get(f) === false, diags);
  }
  checkRefCycles(sorted, files, diags);
  for (const input of sorted) checkRefSiblings(input.checked.refs, diags);
  return deepFreeze({ modules: files, files, interfaces: [], errorFiles: [] });
}

/**
 * Points each ref at its declaration, or reports E031 (no such file) or E032
 * (no such type in it), with the closest name as a hint; `from` is the file
 * the refs are written in. Refs into a file `skip` names are left alone: its
 * own errors say why it has no declarations.
 */
export function resolveRefs(
  refs: readonly PendingRef[],
  byStem: ReadonlyMap<string, ReadonlyMap<string, TypeDecl>>,
  from: string,
  skip: (file: string) => boolean,
  diags: DiagnosticBag,
): void {
  for (const r of refs) {
    const target = byStem.get(r.file)?.get(r.type);
    if (target) {
      (r.node as Mutable<typeof r.node>).target = target;
      continue;
    }
    if (skip(r.file)) continue;
    const decls = byStem.get(r.file);
    if (decls === undefined) {
      const hint = closest(r.file, [...byStem.keys()]);
      diags.error(
        "E031",
        r.pos,
        `$ref "/${r.file}#/${r.type}": no type file ${r.file}.yaml in the defs folder (referenced from ${from})${hint ? `; did you mean "/${hint}#/${r.type}"?` : ""}`,
      );
    } else {
      const hint = closest(r.type, [...decls.keys()]);
      diags.error("E032", r.pos, `$ref "/${r.file}#/${r.type}": ${r.file}.yaml has no type ${JSON.stringify(r.type)}${hint ? ` (did you mean "${hint}"?)` : ""}`);
    }
  }
}

/**
 * A type that is nothing but a `$ref` to itself, directly or through other such
 * types (`A: $ref B`, `B: $ref A`), describes no value at all: a warning (the
 * emitters type it `never`). Recursion through properties or items (a tree of
 * nodes) is fine and not reported.
 */
function checkRefCycles(inputs: readonly CheckedInput<CheckedFile>[], files: readonly DefsFile[], diags: DiagnosticBag): void {
  const refPos = new Map<unknown, SourcePos>();
  for (const input of inputs) for (const r of input.checked.refs) refPos.set(r.node, r.pos);
  const done = new Set<TypeDecl>();
  for (const file of files) {
    for (const decl of file.items) {
      const chain: TypeDecl[] = [];
      const onChain = new Set<TypeDecl>();
      let cur: TypeDecl | undefined = decl;
      while (cur !== undefined && !done.has(cur) && cur.schema.kind === "ref") {
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
        cur = cur.schema.target as TypeDecl | undefined;
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

/** `<Type><Property>...` in PascalCase; `Enum`, then `_2`... on collision. */
function inlineEnumName(path: readonly string[], decls: Map<string, TypeDecl>, scope: NameScope): string {
  const [typeName = "", ...rest] = path;
  const base = (decls.get(typeName)?.tsName ?? safeIdentifier(typeName)) + rest.map((p) => pascalCase(p) || "Property").join("");
  const preferred = scope.has(base) ? `${base}Enum` : base;
  return scope.claim(preferred);
}

/** A `type` beside a `$ref` that disagrees with the target is a warning: the `$ref` wins. */
export function checkRefSiblings(refs: readonly PendingRef[], diags: DiagnosticBag): void {
  for (const r of refs) {
    const { siblingType, target } = r.node;
    if (siblingType === undefined || target === undefined) continue;
    const targetType = declaredType(target);
    if (targetType !== undefined && targetType !== siblingType) {
      diags.warning(
        "W102",
        r.typePos ?? r.pos,
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
      cur = s.target as TypeDecl | undefined;
      if (cur === undefined) return undefined; // unresolved: not final, do not remember
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

/** Freezes every object reachable from `value`, with an explicit stack: ref chains can be long. */
function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const key of Object.keys(v)) todo.push((v as Record<string, unknown>)[key]);
    Object.freeze(v);
  }
  return value;
}

export type { SourcePos };
