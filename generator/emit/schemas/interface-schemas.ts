/**
 * Interfaces as draft-07 JSON Schema, with the type files' rules
 * (./json-schema.ts: the `$ref` wins, `additionalProperties` as written,
 * defaults are annotations):
 *
 * - `schemas/interfaces/<name>.json`: one document per interface whose
 *   `definitions` hold every item under its path, `cmds/<cmd>/arguments`,
 *   `cmds/<cmd>/result` and `vars/<var>` (so `#/definitions/cmds~1stop~1result`);
 *   refs point at the type files' documents (`../ocpp.json#/definitions/EVSE`).
 *   An arguments object lists every argument as required and is closed; a
 *   command without `result` has the result `{ "type": "null" }`.
 * - the compile view the validators are built from: one document per item
 *   (`compiledItemId`), refs to the type documents' compile view.
 */
import { bannerText } from "../../banner";
import { walkSchema, type InterfaceDecl, type InterfaceItem, type JsonValue, type Model, type SchemaModule, type TypeDecl } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { DRAFT_07, SCHEMA_BASE_URI, schemaText, standaloneSchema, typeSchemaUri, type JsonObject } from "./json-schema";

/** `https://everest-typegen.local/schemas/interfaces/ocpp.json` */
export function interfaceSchemaId(decl: SchemaModule): string {
  return `${SCHEMA_BASE_URI}interfaces/${encodeURIComponent(decl.name)}.json`;
}

/** The URI of one item inside its interface document. */
export function interfaceItemSchemaUri(item: InterfaceItem): string {
  return `${interfaceSchemaId(item.module)}#/definitions/${encodeURIComponent(item.name.replace(/~/g, "~0").replace(/\//g, "~1"))}`;
}

/** The id of one item's document in the compile view. */
export function compiledItemId(item: InterfaceItem): string {
  return `https://everest-typegen.local/compiled-interfaces/${encodeURIComponent(item.module.name)}/${item.name
    .split("/")
    .map(encodeURIComponent)
    .join("/")}`;
}

/** A type's schema as written from `schemas/interfaces/<name>.json`: `../ocpp.json#/definitions/EVSE`. */
function documentRef(target: TypeDecl): string {
  return `../${typeSchemaUri(target).slice(SCHEMA_BASE_URI.length)}`;
}

export function interfaceSchema(decl: InterfaceDecl): JsonObject {
  const doc = obj();
  set(doc, "$schema", DRAFT_07);
  set(doc, "$id", interfaceSchemaId(decl));
  set(doc, "$comment", bannerText([decl.path]));
  set(doc, "description", decl.description);
  const defs = obj();
  for (const item of decl.items) set(defs, item.name, standaloneSchema(item.schema, documentRef));
  set(doc, "definitions", defs);
  return doc;
}

/** One item's compile-view document. */
export function compileItemSchema(item: InterfaceItem): JsonObject {
  const doc = obj();
  set(doc, "$id", compiledItemId(item));
  for (const [k, v] of Object.entries(standaloneSchema(item.schema))) set(doc, k, v);
  return doc;
}

export function emitInterfaceSchemas(model: Model): EmittedFile[] {
  return model.interfaces.map((decl) => ({ path: layout.schema(decl), content: schemaText(interfaceSchema(decl)) }));
}

/** The formats the items of `model`'s interfaces use (besides the type files'). */
export function interfaceFormats(model: Model): string[] {
  const found = new Set<string>();
  for (const decl of model.interfaces) {
    for (const item of decl.items) {
      for (const s of walkSchema(item.schema)) if (s.kind === "string" && s.format !== undefined) found.add(s.format);
    }
  }
  return [...found].sort();
}

function obj(): JsonObject {
  return Object.create(null) as JsonObject;
}

function set(o: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
