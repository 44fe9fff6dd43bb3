/**
 * What the checks make of a schema: the model's schema nodes
 * (../model/model.ts) as far as one file can tell. A `$ref` carries the names
 * it is written with, not yet the declaration they name; an enum carries the
 * names it is nested under, not yet its TypeScript name. The model's
 * builders resolve and name them (../model/build-schema.ts). Nodes that hold
 * no other schema (strings, numbers, booleans, null, any) are the model's own.
 */
import type { SourcePos } from "../diagnostics";
import type {
  AnySchema,
  ArraySchema,
  BooleanSchema,
  ConstSchema,
  EnumSchema,
  NullSchema,
  NumberSchema,
  ObjectSchema,
  Property,
  RefSchema,
  StringSchema,
  UnionSchema,
} from "../model/model";

/** What a `$ref` of EVerest's form (`/<file>#/<Type>`) names, and where it is written. */
export interface RefName {
  readonly file: string;
  readonly type: string;
  /** Where the `$ref` value is written. */
  readonly pos: SourcePos;
  /** Where the `type` beside it is written, if there is one. */
  readonly typePos?: SourcePos;
}

export interface CheckedRef extends Omit<RefSchema, "target"> {
  /** Absent when the `$ref` is not of EVerest's form (an error, reported). */
  readonly names?: RefName;
}

export interface CheckedEnum extends Omit<EnumSchema, "tsName" | "constraints"> {
  /** The names it is nested under, for its TypeScript name: [type or interface item, property, ...]. */
  readonly path: readonly string[];
  readonly constraints?: CheckedConstraints;
}

export interface CheckedConst extends Omit<ConstSchema, "constraints"> {
  readonly constraints?: CheckedConstraints;
}

export interface CheckedArray extends Omit<ArraySchema, "items"> {
  readonly items?: CheckedSchema;
}

export interface CheckedProperty extends Omit<Property, "schema"> {
  readonly schema: CheckedSchema;
}

export interface CheckedObject extends Omit<ObjectSchema, "properties" | "additionalProperties"> {
  readonly properties: readonly CheckedProperty[];
  readonly additionalProperties?: boolean | CheckedSchema;
}

export interface CheckedUnion extends Omit<UnionSchema, "members"> {
  readonly members: readonly CheckedMember[];
}

export type CheckedSchema =
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | NullSchema
  | CheckedArray
  | CheckedObject
  | CheckedEnum
  | CheckedConst
  | CheckedRef
  | CheckedUnion
  | AnySchema;

/** As the model's `Constraints`. */
export type CheckedConstraints = Exclude<CheckedSchema, CheckedRef | CheckedEnum | CheckedConst | AnySchema>;

/** As the members of the model's `UnionSchema`. */
export type CheckedMember = Exclude<CheckedConstraints, CheckedUnion>;
