/**
 * Checked files -> the model: resolves every `$ref` to its declaration, gives
 * every declaration and inline enum its TypeScript name, and freezes the result.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { CheckedFile } from "../check/type-file";
import type { PendingEnum, PendingRef } from "../check/schema-rules";
import { NameScope, helperNames, pascalCase, safeIdentifier } from "../names";
import type { DefsFile, Model, TypeDecl } from "./model";

export interface FileInput {
  readonly stem: string;
  readonly path: string;
  readonly checked: CheckedFile;
  readonly refs: readonly PendingRef[];
  readonly enums: readonly PendingEnum[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `unreadable` names files that exist but failed to load: refs into them are not
 * reported again as missing files.
 */
export function buildModel(inputs: readonly FileInput[], diags: DiagnosticBag, unreadable: ReadonlySet<string> = new Set()): Model {
  const sorted = [...inputs].sort((a, b) => (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
  const files: DefsFile[] = [];
  const byStem = new Map<string, Map<string, TypeDecl>>();
  const moduleScope = new NameScope();

  for (const input of sorted) {
    const file: Mutable<DefsFile> = {
      kind: "file",
      name: input.stem,
      path: input.path,
      moduleName: moduleScope.claim(safeIdentifier(input.stem)),
      description: input.checked.description,
      types: [],
      pos: input.checked.pos,
    };
    // Type names first (in YAML order), then the helpers they imply, then inline enums.
    const scope = new NameScope();
    const decls = new Map<string, TypeDecl>();
    const types: TypeDecl[] = input.checked.types.map((t) => {
      const decl: TypeDecl = {
        kind: "type",
        name: t.name,
        tsName: scope.claim(safeIdentifier(t.name)),
        file,
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
    for (const e of input.enums) {
      const node = e.node as Mutable<typeof e.node>;
      node.tsName = node.topLevel
        ? (decls.get(e.path[0] ?? "")?.tsName ?? safeIdentifier(e.path[0] ?? "Enum"))
        : inlineEnumName(e.path, decls, scope);
    }
    file.types = types;
    files.push(file);
    byStem.set(input.stem, decls);
  }

  for (const input of sorted) {
    for (const r of input.refs) {
      const target = byStem.get(r.file)?.get(r.type);
      if (target) {
        (r.node as Mutable<typeof r.node>).target = target;
        continue;
      }
      if (unreadable.has(r.file)) continue;
      if (!byStem.has(r.file)) {
        diags.error("E031", r.pos, `$ref "/${r.file}#/${r.type}": no type file ${r.file}.yaml in the defs folder (referenced from ${input.path})`);
      } else {
        diags.error("E032", r.pos, `$ref "/${r.file}#/${r.type}": ${r.file}.yaml has no type ${JSON.stringify(r.type)}`);
      }
    }
  }
  checkRefSiblings(sorted, diags);
  return deepFreeze({ files });
}

/** `<Type><Property>...` in PascalCase; `Enum`, then `_2`... on collision. */
function inlineEnumName(path: readonly string[], decls: Map<string, TypeDecl>, scope: NameScope): string {
  const [typeName = "", ...rest] = path;
  const base = (decls.get(typeName)?.tsName ?? safeIdentifier(typeName)) + rest.map((p) => pascalCase(p) || "Property").join("");
  const preferred = scope.has(base) ? `${base}Enum` : base;
  return scope.claim(preferred);
}

/** A `type` beside a `$ref` that disagrees with the target is a warning: the `$ref` wins. */
function checkRefSiblings(inputs: readonly FileInput[], diags: DiagnosticBag): void {
  for (const input of inputs) {
    for (const r of input.refs) {
      const { siblingType, target } = r.node;
      if (siblingType === undefined || target === undefined) continue;
      const targetType = declaredType(target);
      if (targetType !== undefined && targetType !== siblingType) {
        diags.warning(
          "W102",
          r.pos,
          `\`type: ${siblingType}\` beside $ref "${r.node.ref}" disagrees with the target's type ${targetType}; the $ref wins`,
        );
      }
    }
  }
}

/** The JSON type a declaration describes, as EVerest writes it beside refs. */
export function declaredType(decl: TypeDecl, seen = new Set<TypeDecl>()): string | undefined {
  const s = decl.schema;
  switch (s.kind) {
    case "enum":
    case "const":
      return s.type ?? (typeof (s.kind === "enum" ? s.values[0] : s.value) === "string" ? "string" : undefined);
    case "ref":
      if (seen.has(decl) || s.target === undefined) return undefined;
      seen.add(decl);
      return declaredType(s.target, seen);
    case "union":
    case "any":
      return undefined;
    default:
      return s.kind;
  }
}

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (typeof value !== "object" || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key], seen);
  return Object.freeze(value);
}

export type { SourcePos };
