/**
 * What the JSON Schema translation (./json-schema.ts) knows per draft-07
 * keyword: the scalar keywords of each type in the order documents write them,
 * and the values draft-07 accepts for a keyword (an inert keyword is kept only
 * with such a value, so the document still passes the meta-schema). A new
 * scalar keyword is one entry in a list and one in VALID_VALUE.
 */
import type { ArraySchema, JsonValue, NumberSchema, StringSchema } from "../../model/model";

export const STRING_KEYWORDS = ["format", "pattern", "minLength", "maxLength"] as const satisfies readonly (keyof StringSchema)[];
export const NUMBER_KEYWORDS = ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"] as const satisfies readonly (keyof NumberSchema)[];
/** After `items`, which is a schema. */
export const ARRAY_KEYWORDS = ["minItems", "maxItems"] as const satisfies readonly (keyof ArraySchema)[];

const finiteNumber = (v: JsonValue): boolean => typeof v === "number" && Number.isFinite(v);
const nonNegativeInteger = (v: JsonValue): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0;

/**
 * The keywords an inert occurrence can be kept of, with the values draft-07
 * accepts. Keywords whose value is a schema (`items`, `properties`, a
 * schema-valued `additionalProperties`) are not here: their YAML may hold
 * EVerest-style refs (`/ocpp#/X`) that mean nothing in JSON Schema, and they
 * could never apply. A Map, so a YAML keyword such as `constructor` finds nothing.
 */
const VALID_VALUE: ReadonlyMap<string, (value: JsonValue) => boolean> = new Map([
  ["minimum", finiteNumber],
  ["maximum", finiteNumber],
  ["exclusiveMinimum", finiteNumber],
  ["exclusiveMaximum", finiteNumber],
  ["minLength", nonNegativeInteger],
  ["maxLength", nonNegativeInteger],
  ["minItems", nonNegativeInteger],
  ["maxItems", nonNegativeInteger],
  ["format", (v) => typeof v === "string"],
  ["pattern", (v) => typeof v === "string" && validRegExp(v)],
  ["required", (v) => Array.isArray(v) && v.every((s) => typeof s === "string") && new Set(v).size === v.length],
  ["additionalProperties", (v) => typeof v === "boolean"],
]);

/** True when an inert `keyword` with `value` can be written verbatim into a draft-07 document. */
export function keepsInert(keyword: string, value: JsonValue): boolean {
  return VALID_VALUE.get(keyword)?.(value) ?? false;
}

function validRegExp(p: string): boolean {
  try {
    new RegExp(p, "u");
    return true;
  } catch {
    return false;
  }
}
