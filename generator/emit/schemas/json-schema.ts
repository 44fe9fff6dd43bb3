/**
 * The model -> draft-07 JSON Schema documents, one per defs file, with
 * EVerest's validation semantics made explicit (everest-semantics.md §2):
 *
 * - beside a `$ref` only annotations (`description`, `default`) are kept: the
 *   `$ref` wins, so a `type: object` beside a ref to a string enum is dropped;
 * - `additionalProperties` exactly as written (absent = open);
 * - `default` is kept as an annotation (nothing applies it);
 * - inert keywords (`maximum` on a string, ...) are kept verbatim in the
 *   emitted document, where draft-07 makes them no-ops, when their value is
 *   valid for the keyword; see `inertKeywords`.
 *
 * `compileSchema` gives the same schemas in the form the validators are
 * compiled from.
 *
 * Every object is built with a null prototype and keys defined (never
 * assigned), so a YAML key such as `__proto__` stays an ordinary key.
 */
import { type DefsFile, type JsonValue, type Model, type RefSchema, type Schema, type TypeDecl, type UnionSchema, aliasEnd, isRefCycle } from "../../model/model";
import { bannerText } from "../../banner";
import { ARRAY_KEYWORDS, NUMBER_KEYWORDS, STRING_KEYWORDS, keepsInert } from "./keywords";

export type JsonObject = { [key: string]: JsonValue };

/** Where the schema documents claim to live; only used to resolve refs between them. */
export const SCHEMA_BASE_URI = "https://everest-typegen.local/schemas/";
export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** `https://everest-typegen.local/schemas/ocpp.json` */
export function schemaId(file: DefsFile): string {
  return `${SCHEMA_BASE_URI}${schemaFileName(file)}`;
}

function schemaFileName(file: DefsFile): string {
  return `${encodeURIComponent(file.name)}.json`;
}

/** The absolute URI of a type's schema, as ajv and other implementations look it up. */
export function typeSchemaUri(decl: TypeDecl): string {
  return `${schemaId(decl.module)}${definitionFragment(decl)}`;
}

function definitionFragment(decl: TypeDecl): string {
  return `#/definitions/${encodeURIComponent(decl.name.replace(/~/g, "~0").replace(/\//g, "~1"))}`;
}

/** A ref written relative to the referring document: `#/definitions/X` or `display_message.json#/definitions/X`. */
function documentRef(from: DefsFile, target: TypeDecl): string {
  return target.module === from ? definitionFragment(target) : `${schemaFileName(target.module)}${definitionFragment(target)}`;
}

/** The id of one type's own document in the compile view (see `compileSchema`). */
export function compiledTypeId(decl: TypeDecl): string {
  return `https://everest-typegen.local/compiled/${encodeURIComponent(decl.module.name)}/${encodeURIComponent(decl.name)}`;
}

interface SchemaOptions {
  /** Keep `description` and `default`. */
  readonly annotations: boolean;
  /** Keep inert keywords (see `inertKeywords`). */
  readonly inert: boolean;
  /** How a `$ref` to `target` is written from a schema in `from`. */
  readonly ref: (from: DefsFile, target: TypeDecl) => string;
  /** Where set, a ref into another file is written as this keyword (value: the target's export name) instead of `$ref`. */
  readonly externalRefKeyword?: string;
  /** Refs within the file also written as `externalRefKeyword`. */
  readonly asCall?: (ref: RefSchema) => boolean;
  /** Write each ref to its `aliasEnd`. */
  readonly skipAliases?: boolean;
}

const DOCUMENT: SchemaOptions = { annotations: true, inert: true, ref: documentRef };
/** Keyword of the compile view for a ref into another file: compiled as a call into that file's validator module. */
export const EXTERNAL_REF = "x-everest-typegen-external-ref";

const COMPILED: SchemaOptions = {
  annotations: false,
  inert: false,
  ref: (_from, target) => compiledTypeId(target),
  externalRefKeyword: EXTERNAL_REF,
  skipAliases: true,
};

/** The whole document for one defs file. */
export function fileSchema(file: DefsFile): JsonObject {
  const doc = obj();
  set(doc, "$schema", DRAFT_07);
  set(doc, "$id", schemaId(file));
  set(doc, "$comment", bannerText([file.path]));
  set(doc, "description", file.description);
  const defs = obj();
  for (const decl of file.items) set(defs, decl.name, toSchema(decl.schema, file, DOCUMENT));
  set(doc, "definitions", defs);
  return doc;
}

const documents = new WeakMap<Model, readonly JsonObject[]>();

/** Every file's document, in model order (memoized: the schema emitter and tests both ask). */
export function modelSchemas(model: Model): readonly JsonObject[] {
  let docs = documents.get(model);
  if (!docs) documents.set(model, (docs = model.files.map(fileSchema)));
  return docs;
}

/**
 * What the precompiled validators are compiled from: one document per type
 * (`$id` = `compiledTypeId`, refs absolute), with only the keywords that
 * decide validity. Equivalent to the emitted documents (tests prove it), but
 * ajv compiles each type into exactly one function that every ref calls, and
 * the generated code carries no descriptions.
 *
 * - A type that is a `$ref` cycle (`isRefCycle`) is `not: {}`: it describes
 *   no value, and a validator that followed the cycle would never return.
 * - The refs in `asCalls` are written as EXTERNAL_REF even within the file
 *   (see `compilePlan` in compile.ts).
 * - Every ref is written to its `aliasEnd`: the same verdicts, one call.
 */
export function compileSchema(decl: TypeDecl, asCalls?: ReadonlySet<RefSchema>): JsonObject {
  const doc = obj();
  set(doc, "$id", compiledTypeId(decl));
  if (isRefCycle(decl)) {
    set(doc, "not", obj());
    return doc;
  }
  const opts = asCalls === undefined || asCalls.size === 0 ? COMPILED : { ...COMPILED, asCall: (r: RefSchema) => asCalls.has(r) };
  for (const [k, v] of Object.entries(toSchema(decl.schema, decl.module, opts))) set(doc, k, v);
  return doc;
}

/** The schema document as written to `schemas/<file>.json`: 2-space JSON with a trailing newline. */
export function schemaText(doc: JsonObject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function toSchema(s: Schema, file: DefsFile, opts: SchemaOptions): JsonObject {
  const out = obj();
  if (opts.annotations && s.description !== undefined) set(out, "description", s.description);
  switch (s.kind) {
    case "ref": {
      // The $ref wins (draft-07): the sibling `type` and every other assertion are dropped.
      const target = opts.skipAliases === true ? aliasEnd(s.target) : s.target;
      if (opts.externalRefKeyword !== undefined && (target.module !== file || opts.asCall?.(s) === true)) {
        set(out, opts.externalRefKeyword, target.ref);
      } else {
        set(out, "$ref", opts.ref(file, target));
      }
      break;
    }
    case "enum":
    case "const":
      // `type` first, then the values, then the keywords beside them (all apply).
      if (s.constraints !== undefined) typeKeyword(out, s.constraints);
      else if (s.type !== undefined) set(out, "type", s.type);
      // An enum left with no value (an interface that raises no errors) matches nothing; draft-07 wants `enum` non-empty.
      if (s.kind === "enum" && s.values.length > 0) set(out, "enum", [...s.values]);
      else if (s.kind === "enum") set(out, "not", obj());
      else set(out, "const", s.value);
      if (s.constraints !== undefined) constraintKeywords(out, s.constraints, file, opts);
      break;
    case "any":
      break;
    case "union":
      typeKeyword(out, s);
      constraintKeywords(out, s, file, opts);
      break;
    default:
      set(out, "type", s.kind);
      typedKeywords(out, s, file, opts);
      break;
  }
  if (opts.annotations && s.default !== undefined) set(out, "default", s.default);
  if (opts.inert && s.kind !== "ref") {
    for (const [k, v] of inertKeywords(s)) if (!Object.hasOwn(out, k)) set(out, k, v);
  }
  return out;
}

type Member = UnionSchema["members"][number];

/** `type` of a typed schema or a type list; nothing for a `typeless` union (no `type` was written). */
function typeKeyword(out: JsonObject, s: Member | UnionSchema): void {
  if (s.kind !== "union") set(out, "type", s.kind);
  else if (s.typeless !== true) set(out, "type", s.members.map((m) => m.kind));
}

function constraintKeywords(out: JsonObject, s: Member | UnionSchema, file: DefsFile, opts: SchemaOptions): void {
  if (s.kind !== "union") typedKeywords(out, s, file, opts);
  else for (const m of s.members) typedKeywords(out, m, file, opts);
}

/** The keywords of one typed schema (or one member of a type list), in a fixed order. */
function typedKeywords(out: JsonObject, s: Member, file: DefsFile, opts: SchemaOptions): void {
  switch (s.kind) {
    case "string":
      for (const k of STRING_KEYWORDS) if (s[k] !== undefined) set(out, k, s[k]);
      break;
    case "number":
    case "integer":
      for (const k of NUMBER_KEYWORDS) if (s[k] !== undefined) set(out, k, s[k]);
      break;
    case "array":
      if (s.items !== undefined) set(out, "items", toSchema(s.items, file, opts));
      for (const k of ARRAY_KEYWORDS) if (s[k] !== undefined) set(out, k, s[k]);
      break;
    case "object": {
      const required = [...s.properties.filter((p) => p.required).map((p) => p.name), ...s.undeclaredRequired.map((u) => u.name)];
      if (required.length > 0) set(out, "required", required);
      if (s.properties.length > 0) {
        const props = obj();
        for (const p of s.properties) set(props, p.name, toSchema(p.schema, file, opts));
        set(out, "properties", props);
      }
      if (typeof s.additionalProperties === "boolean") set(out, "additionalProperties", s.additionalProperties);
      else if (s.additionalProperties !== undefined) set(out, "additionalProperties", toSchema(s.additionalProperties, file, opts));
      break;
    }
    case "boolean":
    case "null":
      break;
  }
}

/** The inert keywords kept verbatim: those whose value draft-07 accepts for the keyword (./keywords.ts). */
export function inertKeywords(s: Schema): [string, JsonValue][] {
  return s.inert.filter(({ keyword, value }) => keepsInert(keyword, value)).map(({ keyword, value }): [string, JsonValue] => [keyword, value]);
}

function obj(): JsonObject {
  return Object.create(null) as JsonObject;
}

function set(o: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A schema that is not a type file's declaration (an interface's arguments,
 * result or var), under the same rules: in the document view (`ref` writes
 * each `$ref`; descriptions, defaults and inert keywords kept) or, without
 * `ref`, in the compile view (refs to `compiledTypeId`, only what decides validity).
 */
export function standaloneSchema(s: Schema, ref?: (target: TypeDecl) => string): JsonObject {
  const opts: SchemaOptions = ref === undefined ? COMPILED : { annotations: true, inert: true, ref: (_from, target) => ref(target) };
  // toSchema hands `file` only to `opts.ref`, which does not use it here.
  return toSchema(s, undefined as unknown as DefsFile, opts);
}
