/**
 * Checked schemas (../check/checked-schema.ts) -> the model's schemas: each
 * `$ref` pointed at the declaration it names, each enum given its TypeScript
 * name. Nodes that hold no other schema are the checked ones themselves.
 */
import type { CheckedArray, CheckedConst, CheckedConstraints, CheckedEnum, CheckedMember, CheckedObject, CheckedRef, CheckedSchema, RefName } from "../check/checked-schema";
import { NameScope, pascalCase } from "../names";
import type { Mutable } from "../mutable";
import { extend } from "./freeze";
import type { ArraySchema, Constraints, ConstSchema, EnumSchema, NamedSchema, ObjectSchema, RefSchema, Schema, UnionSchema } from "./model";

/** A `$ref` as built, with the names it is written with: what the checks of resolved refs read (W102, W107). */
export interface BuiltRef {
  readonly node: RefSchema;
  readonly names: RefName;
  /** Finds the declaration, once every declaration the ref may name exists (`resolveRefs`). */
  readonly resolve: () => NamedSchema;
}

/** What a builder knows beyond one schema: the declarations refs may name, and the names enums take. */
export interface SchemaLinks {
  /**
   * The declaration `names` names, as a function: it may not exist yet while
   * schemas are built (a type may refer to itself, or to a later one), and is
   * asked for once every declaration does (`resolveRefs`). Undefined when it
   * names none (reported).
   */
  readonly target: (names: RefName) => (() => NamedSchema) | undefined;
  /** An enum's TypeScript name; asked in the order the checks met the enums (see buildSchema). */
  readonly enumName: (e: CheckedEnum) => string;
  /** Every `$ref` built is added here; the builder passes them to `resolveRefs` once every declaration exists. */
  readonly refs: BuiltRef[];
}

/**
 * Enums are named in the order the checks read them, as a walk of the tree:
 * an enum's constraints before the enum, an object's `additionalProperties`
 * before its properties, members and properties in order.
 */
export function buildSchema(s: CheckedSchema, links: SchemaLinks): Schema {
  switch (s.kind) {
    case "any":
      return s;
    case "enum":
      return buildEnum(s, links);
    case "const":
      return buildConst(s, links);
    case "ref":
      return buildRef(s, links);
    default:
      return buildConstraints(s, links);
  }
}

function buildConstraints(s: CheckedConstraints, links: SchemaLinks): Constraints {
  return s.kind === "union" ? extend(s, { members: s.members.map((m) => buildMember(m, links)) }) : buildMember(s, links);
}

function buildMember(s: CheckedMember, links: SchemaLinks): UnionSchema["members"][number] {
  switch (s.kind) {
    case "array":
      return buildArray(s, links);
    case "object":
      return buildObject(s, links);
    default:
      return s;
  }
}

function buildArray(s: CheckedArray, links: SchemaLinks): ArraySchema {
  const { items, ...rest } = s;
  return items === undefined ? rest : extend(rest, { items: buildSchema(items, links) });
}

function buildObject(s: CheckedObject, links: SchemaLinks): ObjectSchema {
  const { additionalProperties: ap, properties, ...rest } = s;
  const additionalProperties = typeof ap === "object" ? buildSchema(ap, links) : ap;
  return extend(rest, {
    ...(additionalProperties !== undefined ? { additionalProperties } : {}),
    properties: properties.map((p) => extend(p, { schema: buildSchema(p.schema, links) })),
  });
}

function buildEnum(s: CheckedEnum, links: SchemaLinks): EnumSchema {
  const { path, constraints, ...rest } = s;
  const built = constraints === undefined ? {} : { constraints: buildConstraints(constraints, links) };
  return extend(rest, { ...built, tsName: links.enumName(s) });
}

function buildConst(s: CheckedConst, links: SchemaLinks): ConstSchema {
  const { constraints, ...rest } = s;
  return constraints === undefined ? rest : extend(rest, { constraints: buildConstraints(constraints, links) });
}

/**
 * A `$ref` that names no declaration (reported, or left to the errors of the
 * file it names) stands as `any`: a run with errors has no model, so no
 * emitter sees it, and the rest of the file is still built for the checks
 * that follow.
 */
function buildRef(s: CheckedRef, links: SchemaLinks): Schema {
  const { names, ref, siblingType, ...common } = s;
  const resolve = names === undefined ? undefined : links.target(names);
  if (names === undefined || resolve === undefined) return extend(common, { kind: "any" as const });
  // Without its `target` until `resolveRefs` adds it, last, as a plain value.
  const node = extend(common, { ref, ...(siblingType !== undefined ? { siblingType } : {}) }) as RefSchema;
  links.refs.push({ node, names, resolve });
  return node;
}

/**
 * Gives each built `$ref` its `target`, a plain property. Called by each
 * builder once every declaration its refs may name exists, and before
 * anything reads a `target`. A getter that looked the target up on first
 * use kept every builder's whole state alive for as long as the model lived
 * (its closure reached the builder's scope, and the checked inputs in it):
 * the model of EVerest's tree was 14.4 MiB live instead of 12.7, and 76.6
 * instead of 58.9 at 10 copies (BENCHMARKS.md).
 */
export function resolveRefs(refs: readonly BuiltRef[]): void {
  for (const r of refs) (r.node as Mutable<RefSchema>).target = r.resolve();
}

/**
 * An enum's TypeScript name. One that is a whole type or interface item
 * takes the name of its `container` (what the first name of its path names);
 * one nested inside is `<Container><Property>...` in PascalCase, with `Enum`
 * and then `_2`... added when that is taken.
 */
export function enumName(e: CheckedEnum, container: (first: string) => string, scope: NameScope): string {
  const [first = "", ...rest] = e.path;
  if (e.topLevel) return container(first);
  const base = container(first) + rest.map((p) => pascalCase(p) || "Property").join("");
  return scope.claim(scope.has(base) ? `${base}Enum` : base);
}
