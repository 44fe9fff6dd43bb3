/**
 * The draft-07 keywords the generator understands, grouped by the type they
 * act on: the one list the checks (check/schema-rules.ts) and the emitters read.
 */

export const JSON_TYPES = ["string", "number", "integer", "boolean", "object", "array", "null"] as const;
export type JsonType = (typeof JSON_TYPES)[number];

export const KEYWORDS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  string: ["minLength", "maxLength", "pattern", "format"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
  integer: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"],
  array: ["items", "minItems", "maxItems"],
  object: ["properties", "required", "additionalProperties"],
  boolean: [],
  null: [],
};

/** Keywords that apply whatever the type. */
export const GENERAL_KEYWORDS = ["type", "description", "$ref", "enum", "const", "default"] as const;

export const ANNOTATIONS = new Set(["description", "default"]);

export const SUPPORTED_KEYWORDS: readonly string[] = [
  ...GENERAL_KEYWORDS,
  ...new Set(Object.values(KEYWORDS_BY_TYPE).flat()),
];

/** Formats EVerest's validator checks; any other format is documentation only. */
export const CHECKED_FORMATS = new Set(["date-time"]);

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
  "maxProperties",
  "minProperties",
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
