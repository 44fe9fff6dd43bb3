/**
 * Checked schemas (../check/checked-schema.ts) -> the model's schemas: each
 * `$ref` pointed at the declaration it names, each enum given its TypeScript
 * name. Nodes that hold no other schema are the checked ones themselves.
 */
import type { CheckedArray, CheckedConst, CheckedConstraints, CheckedEnum, CheckedMember, CheckedObject, CheckedRef, CheckedSchema, RefName } from "../check/checked-schema";
import { NameScope, pascalCase } from "../names";
import type { ArraySchema, Constraints, ConstSchema, EnumSchema, NamedSchema, ObjectSchema, RefSchema, Schema, UnionSchema } from "./model";

/** A `$ref` as built, with the names it is written with: what the checks of resolved refs read (W102, W107). */
export interface BuiltRef {
  readonly node: RefSchema;
  readonly names: RefName;
}

/** What a builder knows beyond one schema: the declarations refs may name, and the names enums take. */
export interface SchemaLinks {
  /**
   * The declaration `names` names, as a function: it may not exist yet while
   * schemas are built (a type may refer to itself, or to a later one), and is
   * asked for once every declaration does. Undefined when it names none (reported).
   */
  readonly target: (names: RefName) => (() => NamedSchema) | undefined;
  /** An enum's TypeScript name; asked in the order the checks met the enums (see buildSchema). */
  readonly enumName: (e: CheckedEnum) => string;
  /** Every `$ref` built is added here. */
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
  return s.kind === "union" ? { ...s, members: s.members.map((m) => buildMember(m, links)) } : buildMember(s, links);
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
  return items === undefined ? rest : { ...rest, items: buildSchema(items, links) };
}

function buildObject(s: CheckedObject, links: SchemaLinks): ObjectSchema {
  const { additionalProperties: ap, properties, ...rest } = s;
  const additionalProperties = typeof ap === "object" ? buildSchema(ap, links) : ap;
  return {
    ...rest,
    ...(additionalProperties !== undefined ? { additionalProperties } : {}),
    properties: properties.map((p) => ({ ...p, schema: buildSchema(p.schema, links) })),
  };
}

function buildEnum(s: CheckedEnum, links: SchemaLinks): EnumSchema {
  const { path, constraints, ...rest } = s;
  const built = constraints === undefined ? {} : { constraints: buildConstraints(constraints, links) };
  return { ...rest, ...built, tsName: links.enumName(s) };
}

function buildConst(s: CheckedConst, links: SchemaLinks): ConstSchema {
  const { constraints, ...rest } = s;
  return constraints === undefined ? rest : { ...rest, constraints: buildConstraints(constraints, links) };
}

/**
 * A `$ref` that names no declaration (reported, or left to the errors of the
 * file it names) stands as `any`: a run with errors has no model, so no
 * emitter sees it, and the rest of the file is still built for the checks
 * that follow.
 */
function buildRef(s: CheckedRef, links: SchemaLinks): Schema {
  const { names, ref, siblingType, ...common } = s;
  const target = names === undefined ? undefined : links.target(names);
  if (names === undefined || target === undefined) return { ...common, kind: "any" };
  let resolved: NamedSchema | undefined;
  const node: RefSchema = {
    ...common,
    ref,
    ...(siblingType !== undefined ? { siblingType } : {}),
    get target(): NamedSchema {
      return (resolved ??= target());
    },
  };
  links.refs.push({ node, names });
  return node;
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
