/**
 * The model -> draft-07 JSON Schema: the one translation of a Schema node,
 * for every module's items, with EVerest's validation semantics made explicit
 * (everest-semantics.md §2):
 *
 * - beside a `$ref` only annotations (`description`, `default`) are kept: the
 *   `$ref` wins, so a `type: object` beside a ref to a string enum is dropped;
 * - `additionalProperties` exactly as written (absent = open);
 * - `default` is kept as an annotation (nothing applies it);
 * - inert keywords (`maximum` on a string, ...) are kept verbatim in the
 *   documents, where draft-07 makes them no-ops, when their value is valid
 *   for the keyword (../../keywords.ts).
 *
 * It has two views: DOCUMENT_VIEW, the emitted documents' (./emit-schemas.ts),
 * and the compile view the validators are compiled from (`compileSchema`).
 *
 * Every object is built with a null prototype and keys defined (never
 * assigned), so a YAML key such as `__proto__` stays an ordinary key.
 */
import { type JsonValue, type NamedSchema, type RefSchema, type Schema, type SchemaModule, type UnionSchema, aliasEnd, isRefCycle, walkSchema } from "../../model/model";
import { compiledItemId, documentRef } from "./ids";
import { keepsInert, scalarValues } from "../../keywords";

export type JsonObject = { [key: string]: JsonValue };

export interface SchemaView {
  /** Keep `description` and `default`. */
  readonly annotations: boolean;
  /** Keep inert keywords (see `keepsInert` in ../../keywords.ts). */
  readonly inert: boolean;
  /** How a `$ref` to `target` is written from a schema of module `from`. */
  readonly ref: (from: SchemaModule, target: NamedSchema) => string;
  /** Where set, a ref into another module is written as this keyword (value: the target's ref) instead of `$ref`. */
  readonly externalRefKeyword?: string;
  /** Refs within the module also written as `externalRefKeyword`. */
  readonly asCall?: (ref: RefSchema) => boolean;
  /** Write each ref to its `aliasEnd`. */
  readonly skipAliases?: boolean;
}

/** The emitted documents: everything written, refs relative to the document (ids.ts `documentRef`). */
export const DOCUMENT_VIEW: SchemaView = { annotations: true, inert: true, ref: documentRef };

/** Keyword of the compile view for a ref into another module: compiled as a call into that module's validator module. */
export const EXTERNAL_REF = "x-everest-typegen-external-ref";

const COMPILE_VIEW: SchemaView = {
  annotations: false,
  inert: false,
  ref: (_from, target) => compiledItemId(target),
  externalRefKeyword: EXTERNAL_REF,
  skipAliases: true,
};

/**
 * What the precompiled validators are compiled from: one document per item
 * (`$id` = ids.ts `compiledItemId`, refs absolute), with only the keywords
 * that decide validity. Equivalent to the emitted documents (tests prove it),
 * but ajv compiles each item into exactly one function that every ref calls,
 * and the generated code carries no descriptions.
 *
 * - A type that is a `$ref` cycle (`isRefCycle`) is `not: {}`: it describes
 *   no value, and a validator that followed the cycle would never return.
 * - The refs in `asCalls` are written as EXTERNAL_REF even within the module
 *   (see `compilePlan` in compile.ts).
 * - Every ref is written to its `aliasEnd`: the same verdicts, one call.
 */
export function compileSchema(item: NamedSchema, asCalls?: ReadonlySet<RefSchema>): JsonObject {
  const doc = jsonObject();
  setKey(doc, "$id", compiledItemId(item));
  if (isRefCycle(item)) {
    setKey(doc, "not", jsonObject());
    return doc;
  }
  const view = asCalls === undefined || asCalls.size === 0 ? COMPILE_VIEW : { ...COMPILE_VIEW, asCall: (r: RefSchema) => asCalls.has(r) };
  for (const [k, v] of Object.entries(toJsonSchema(item.schema, item.module, view))) setKey(doc, k, v);
  return doc;
}

/** The formats the compile view of `modules`' items uses (inert keywords are not compiled), sorted. */
export function schemaFormats(modules: readonly SchemaModule[]): string[] {
  const found = new Set<string>();
  for (const m of modules) {
    for (const item of m.items) {
      // walkSchema visits the members of type lists too
      for (const s of walkSchema(item.schema)) if (s.kind === "string" && s.format !== undefined) found.add(s.format);
    }
  }
  return [...found].sort();
}

/** `s`, a schema of an item of module `from`, in `view`. */
export function toJsonSchema(s: Schema, from: SchemaModule, view: SchemaView): JsonObject {
  const out = jsonObject();
  if (view.annotations && s.description !== undefined) setKey(out, "description", s.description);
  switch (s.kind) {
    case "ref": {
      // The $ref wins (draft-07): the sibling `type` and every other assertion are dropped.
      const target = view.skipAliases === true ? aliasEnd(s.target) : s.target;
      const ref = s.orNull === true ? jsonObject() : out;
      if (view.externalRefKeyword !== undefined && (target.module !== from || view.asCall?.(s) === true)) {
        setKey(ref, view.externalRefKeyword, target.ref);
      } else {
        setKey(ref, "$ref", view.ref(from, target));
      }
      if (s.orNull === true) {
        if (view.annotations) {
          // As the spec writes it (the two never overlap).
          setKey(out, "oneOf", [ref, { type: "null" }]);
        } else {
          // For the validators: null, else the ref's own issues alone (ajv reports no branch that failed, as with oneOf).
          setKey(out, "if", { type: "null" });
          setKey(out, "else", ref);
        }
      }
      break;
    }
    case "enum":
    case "const":
      // `type` first, then the values, then the keywords beside them (all apply).
      if (s.constraints !== undefined) typeKeyword(out, s.constraints);
      else if (s.type !== undefined) setKey(out, "type", s.type);
      // An enum left with no value (an interface that raises no errors) matches nothing; draft-07 wants `enum` non-empty.
      if (s.kind === "enum" && s.values.length > 0) setKey(out, "enum", [...s.values]);
      else if (s.kind === "enum") setKey(out, "not", jsonObject());
      else setKey(out, "const", s.value);
      if (s.constraints !== undefined) constraintKeywords(out, s.constraints, from, view);
      break;
    case "any":
      break;
    case "union":
      typeKeyword(out, s);
      constraintKeywords(out, s, from, view);
      break;
    default:
      setKey(out, "type", s.kind);
      typedKeywords(out, s, from, view);
      break;
  }
  if (view.annotations && s.default !== undefined) setKey(out, "default", s.default);
  if (view.inert && s.kind !== "ref") {
    for (const { keyword, value } of s.inert) if (keepsInert(keyword, value) && !Object.hasOwn(out, keyword)) setKey(out, keyword, value);
  }
  return out;
}

type Member = UnionSchema["members"][number];

/** `type` of a typed schema or a type list; nothing for a `typeless` union (no `type` was written). */
function typeKeyword(out: JsonObject, s: Member | UnionSchema): void {
  if (s.kind !== "union") setKey(out, "type", s.kind);
  else if (s.typeless !== true) setKey(out, "type", s.members.map((m) => m.kind));
}

function constraintKeywords(out: JsonObject, s: Member | UnionSchema, from: SchemaModule, view: SchemaView): void {
  if (s.kind !== "union") typedKeywords(out, s, from, view);
  else for (const m of s.members) typedKeywords(out, m, from, view);
}

/** The keywords of one typed schema (or one member of a type list), in a fixed order: `items` first, then the scalar ones in document order. */
function typedKeywords(out: JsonObject, s: Member, from: SchemaModule, view: SchemaView): void {
  if (s.kind === "array" && s.items !== undefined) setKey(out, "items", toJsonSchema(s.items, from, view));
  for (const { keyword, value } of scalarValues(s, "document")) setKey(out, keyword, value);
  if (s.kind === "object") {
    const required = [...s.properties.filter((p) => p.required).map((p) => p.name), ...s.undeclaredRequired.map((u) => u.name)];
    if (required.length > 0) setKey(out, "required", required);
    if (s.properties.length > 0) {
      const props = jsonObject();
      for (const p of s.properties) setKey(props, p.name, toJsonSchema(p.schema, from, view));
      setKey(out, "properties", props);
    }
    if (typeof s.additionalProperties === "boolean") setKey(out, "additionalProperties", s.additionalProperties);
    else if (s.additionalProperties !== undefined) setKey(out, "additionalProperties", toJsonSchema(s.additionalProperties, from, view));
  }
}

/** An empty object with a null prototype: any key, `__proto__` included, is an ordinary key. */
export function jsonObject(): JsonObject {
  return Object.create(null) as JsonObject;
}

/** Defines (never assigns) `key`, so no setter or prototype is involved. */
export function setKey(o: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
