/**
 * The draft-07 keywords the generator understands: the one list the checks
 * (check/schema-rules.ts) and the emitters read. Scalar assertion keywords
 * (a bound, a pattern, a format) are rows of SCALAR_KEYWORDS, from which the
 * checks, the schema documents, the JSDoc tags and the reference pages take
 * their handling; a new one is a row here, its field in the model
 * (model/model.ts), its fast-guard code (emit/validators/guards.ts) and its
 * words in the runtime (emit/runtime/assets/runtime.js). test/kw-table.test.ts
 * proves every row reaches every output.
 */
import type { ArraySchema, BooleanSchema, JsonValue, NullSchema, NumberSchema, ObjectSchema, StringSchema } from "./model/model";

export const JSON_TYPES = ["string", "number", "integer", "boolean", "object", "array", "null"] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** The model's node for values of each type: where a keyword's value is kept. */
interface NodeOfType {
  readonly string: StringSchema;
  readonly number: NumberSchema;
  readonly integer: NumberSchema;
  readonly boolean: BooleanSchema;
  readonly null: NullSchema;
  readonly array: ArraySchema;
  readonly object: ObjectSchema;
}

type NodeField = { [T in JsonType]: keyof NodeOfType[T] }[JsonType];

/** The types whose model node has a field `K`: a row can only act on those. */
type TypesHolding<K> = { [T in JsonType]: K extends keyof NodeOfType[T] ? T : never }[JsonType];

/**
 * What a scalar keyword's value must be. `count`: a non-negative integer;
 * `number`: a finite number; `format`: a format name; `pattern`: a regular
 * expression. The checks read each kind (check/schema-rules.ts); the model
 * keeps counts and numbers as numbers, the others as strings.
 */
export type ValueKind = "count" | "number" | "format" | "pattern";

export type ValueOf<V extends ValueKind> = V extends "count" | "number" ? number : string;

interface Row<K extends NodeField> {
  readonly keyword: K;
  /** The JSON types whose values it judges; on any other it has no effect (W101). */
  readonly types: readonly TypesHolding<K>[];
  readonly value: ValueKind;
  /**
   * The upper bound this lower bound forms a range with: W106 when this one
   * is above it, or (`strict`: both bounds exclusive) not below it.
   */
  readonly range?: { readonly upper: NodeField; readonly strict: boolean };
  /**
   * Its place among its type's keywords in the schema documents and in the
   * reference pages' constraint lists. JSDoc tags follow the table's order,
   * as does the search for a misspelled keyword's nearest name.
   */
  readonly order: { readonly document: number; readonly markdown: number };
}

/** One row per keyword; the row's `keyword` is the name in YAML, in every output and in the model. */
export const SCALAR_KEYWORDS = [
  { keyword: "minLength", types: ["string"], value: "count", range: { upper: "maxLength", strict: false }, order: { document: 2, markdown: 0 } },
  { keyword: "maxLength", types: ["string"], value: "count", order: { document: 3, markdown: 1 } },
  { keyword: "pattern", types: ["string"], value: "pattern", order: { document: 1, markdown: 2 } },
  { keyword: "format", types: ["string"], value: "format", order: { document: 0, markdown: 3 } },
  { keyword: "minimum", types: ["number", "integer"], value: "number", range: { upper: "maximum", strict: false }, order: { document: 0, markdown: 0 } },
  { keyword: "maximum", types: ["number", "integer"], value: "number", order: { document: 2, markdown: 2 } },
  {
    keyword: "exclusiveMinimum",
    types: ["number", "integer"],
    value: "number",
    range: { upper: "exclusiveMaximum", strict: true },
    order: { document: 1, markdown: 1 },
  },
  { keyword: "exclusiveMaximum", types: ["number", "integer"], value: "number", order: { document: 3, markdown: 3 } },
  { keyword: "minItems", types: ["array"], value: "count", range: { upper: "maxItems", strict: false }, order: { document: 0, markdown: 0 } },
  { keyword: "maxItems", types: ["array"], value: "count", order: { document: 1, markdown: 1 } },
  { keyword: "minProperties", types: ["object"], value: "count", range: { upper: "maxProperties", strict: false }, order: { document: 0, markdown: 0 } },
  { keyword: "maxProperties", types: ["object"], value: "count", order: { document: 1, markdown: 1 } },
] as const satisfies readonly { [K in NodeField]: Row<K> }[NodeField][];

export type ScalarKeywordRow = (typeof SCALAR_KEYWORDS)[number];
export type ScalarKeyword = ScalarKeywordRow["keyword"];

/**
 * The scalar keywords' values as the model keeps them. A model field of
 * another type than its row's value kind makes the model's nodes fail to
 * match this (a compile error where an emitter reads them).
 */
export type ScalarValues = { readonly [R in ScalarKeywordRow as R["keyword"]]?: ValueOf<R["value"]> };

/** The order of a type's scalar keywords in one output. */
export type ScalarOrder = "table" | keyof ScalarKeywordRow["order"];

const ROWS_BY_TYPE: ReadonlyMap<JsonType, Readonly<Record<ScalarOrder, readonly ScalarKeywordRow[]>>> = new Map(
  JSON_TYPES.map((t) => {
    const rows: readonly ScalarKeywordRow[] = SCALAR_KEYWORDS.filter((r) => (r.types as readonly JsonType[]).includes(t));
    const by = (o: keyof ScalarKeywordRow["order"]): ScalarKeywordRow[] => [...rows].sort((a, b) => a.order[o] - b.order[o]);
    return [t, { table: rows, document: by("document"), markdown: by("markdown") }];
  }),
);

/** The scalar keywords of type `type`, in the order of `order`. */
export function scalarRows(type: JsonType, order: ScalarOrder): readonly ScalarKeywordRow[] {
  return ROWS_BY_TYPE.get(type)?.[order] ?? [];
}

/** The scalar keywords a node of a type holds, with their values, in the order of `order`. */
export function scalarValues(s: ScalarValues & { readonly kind: JsonType }, order: ScalarOrder): { keyword: ScalarKeyword; value: number | string }[] {
  const out: { keyword: ScalarKeyword; value: number | string }[] = [];
  for (const row of scalarRows(s.kind, order)) {
    const value = s[row.keyword];
    if (value !== undefined) out.push({ keyword: row.keyword, value });
  }
  return out;
}

/**
 * Every keyword of a type: its scalar ones, and those whose value is a schema
 * or a list of names, which the checks read by hand. The order is the search
 * order for a misspelled keyword's nearest name (`items` first, as ever).
 */
function keywordsOf(t: JsonType): readonly string[] {
  const scalars = scalarRows(t, "table").map((r) => r.keyword);
  if (t === "array") return ["items", ...scalars];
  if (t === "object") return [...scalars, "properties", "required", "additionalProperties"];
  return scalars;
}

export const KEYWORDS_BY_TYPE: Readonly<Record<JsonType, readonly string[]>> = {
  string: keywordsOf("string"),
  number: keywordsOf("number"),
  integer: keywordsOf("integer"),
  array: keywordsOf("array"),
  object: keywordsOf("object"),
  boolean: keywordsOf("boolean"),
  null: keywordsOf("null"),
};

/** Keywords that apply whatever the type. */
export const GENERAL_KEYWORDS = ["type", "description", "$ref", "enum", "const", "default"] as const;

export const ANNOTATIONS = new Set(["description", "default"]);

export const SUPPORTED_KEYWORDS: readonly string[] = [
  ...GENERAL_KEYWORDS,
  ...new Set(Object.values(KEYWORDS_BY_TYPE).flat()),
];

/**
 * Formats EVerest's runtime checks (its format checker over pboettch's
 * json-schema-validator), and the validators check alike, each with the
 * checker runtime.js exports under this name (the compiled code and the
 * guards import each checker by its name, so a bundle keeps only those used).
 */
export const CHECKED_FORMATS: ReadonlyMap<string, string> = new Map([
  ["date-time", "isDateTime"],
  ["date", "isDate"],
  ["time", "isTime"],
  ["uri", "isUri"],
  ["uri-reference", "isUriReference"],
  ["ipv4", "isIpv4"],
  ["ipv6", "isIpv6"],
  ["uuid", "isUuid"],
  ["hostname", "isHostname"],
  ["email", "isEmail"],
  ["idn-email", "isIdnEmail"],
]);

/**
 * Formats EVerest's runtime checks by rules the validators do not reproduce
 * (`regex`: whether C++ std::regex compiles the value): any string passes here
 * (W105). Every other format name, EVerest's runtime refuses every
 * string with (pboettch throws "not yet supported" or "don't know how to
 * validate"), and so do the validators (W119).
 */
export const UNCHECKED_FORMATS: ReadonlySet<string> = new Set(["regex"]);

/** Draft-07 annotations that assert nothing: accepted and left out of every output. */
export const IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set([
  "title",
  "$comment",
  "examples",
  "readOnly",
  "writeOnly",
  "contentMediaType",
  "contentEncoding",
]);

/**
 * Draft-07 keywords the model does not carry yet. EVerest accepts them, but
 * dropping one would make the validators accept what EVerest refuses, and
 * typing them needs composition the generator lacks: refused with E021.
 */
export const UNSUPPORTED_DRAFT07: ReadonlySet<string> = new Set([
  "$schema",
  "$id",
  "definitions",
  "multipleOf",
  "additionalItems",
  "uniqueItems",
  "contains",
  "patternProperties",
  "dependencies",
  "propertyNames",
  "if",
  "then",
  "else",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
]);

/**
 * Type names EVerest's runtime cannot use: it loads a type file's whole `types`
 * mapping as one JSON Schema (pboettch's validator), so a type named like a
 * draft-07 keyword is read as that keyword. Its values then fail (`title`,
 * `type`, `enum`, ...: the `$ref` to it resolves to nothing), or the file fails
 * to load and every type in it rejects everything (`format`, `required`,
 * `properties`, ...). `items`, `not` and `additionalProperties` take a schema
 * there and were seen to work, so they are not listed. (Observed with the
 * validator built as EVerest builds it.)
 */
export const KEYWORD_TYPE_NAMES: ReadonlySet<string> = new Set(
  [...SUPPORTED_KEYWORDS, ...UNSUPPORTED_DRAFT07, ...IGNORED_ANNOTATIONS].filter((k) => !k.startsWith("$") && k !== "items" && k !== "not" && k !== "additionalProperties"),
);

/** The values draft-07 accepts for a scalar keyword of each value kind. */
const VALID_VALUE_OF_KIND: { readonly [V in ValueKind]: (v: JsonValue) => boolean } = {
  count: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0,
  number: (v) => typeof v === "number" && Number.isFinite(v),
  format: (v) => typeof v === "string",
  pattern: (v) => typeof v === "string" && validRegExp(v),
};

/**
 * The keywords an inert occurrence can be kept of in a schema document, with
 * the values draft-07 accepts (so the document still passes the meta-schema).
 * Keywords whose value is a schema (`items`, `properties`, a schema-valued
 * `additionalProperties`) are not here: their YAML may hold EVerest-style
 * refs (`/ocpp#/X`) that mean nothing in JSON Schema, and they could never
 * apply. A Map, so a YAML keyword such as `constructor` finds nothing.
 */
const VALID_INERT_VALUE: ReadonlyMap<string, (value: JsonValue) => boolean> = new Map([
  ...SCALAR_KEYWORDS.map((r): [string, (value: JsonValue) => boolean] => [r.keyword, VALID_VALUE_OF_KIND[r.value]]),
  ["required", (v) => Array.isArray(v) && v.every((s) => typeof s === "string") && new Set(v).size === v.length],
  ["additionalProperties", (v) => typeof v === "boolean"],
]);

/** True when an inert `keyword` with `value` can be written verbatim into a draft-07 document. */
export function keepsInert(keyword: string, value: JsonValue): boolean {
  return VALID_INERT_VALUE.get(keyword)?.(value) ?? false;
}

/** Whether JavaScript compiles `p` as a `u`-flag regular expression (what the validators compile). */
export function validRegExp(p: string): boolean {
  try {
    new RegExp(p, "u");
    return true;
  } catch {
    return false;
  }
}
