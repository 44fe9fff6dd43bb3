/**
 * Where the schema documents claim to live and how they refer to each other,
 * for every module alike: a document's id is its package path (layout.ts), an
 * item's URI that id plus the item's definition, a ref between documents the
 * relative path between them. So a new module source needs nothing here.
 * The ids only resolve refs between the documents; nothing is served there.
 */
import * as path from "node:path";
import type { NamedSchema, SchemaModule } from "../../model/model";
import { layout, sourceDir } from "../layout";

const BASE_URI = "https://everest-typegen.local/";

/** `https://everest-typegen.local/schemas/ocpp.json`, `https://everest-typegen.local/schemas/interfaces/ocpp.json` */
export function documentId(m: SchemaModule): string {
  return `${BASE_URI}${documentPath(m)}`;
}

/** The absolute URI of an item's schema, as ajv and other implementations look it up: `…/schemas/ocpp.json#/definitions/EVSE`. */
export function itemSchemaUri(item: NamedSchema): string {
  return `${documentId(item.module)}${definitionFragment(item)}`;
}

/**
 * A ref written in the document of `from`, relative to it:
 * `#/definitions/X`, `display_message.json#/definitions/X`, `../ocpp.json#/definitions/X`.
 */
export function documentRef(from: SchemaModule, target: NamedSchema): string {
  if (target.module === from) return definitionFragment(target);
  return `${path.posix.relative(path.posix.dirname(documentPath(from)), documentPath(target.module))}${definitionFragment(target)}`;
}

/**
 * The id of one item's own document in the compile view (json-schema.ts
 * `compileSchema`): `…/compiled/ocpp/EVSE`, `…/compiled-interfaces/ocpp/cmds/stop/result`.
 * The ids end up in the validators' code. An interface item's path keeps its
 * `/`s; a type's name has none (the checker's TYPE_NAME).
 */
export function compiledItemId(item: NamedSchema): string {
  const dir = sourceDir(item.module.source);
  return `${BASE_URI}compiled${dir === "" ? "" : `-${dir}`}/${encodeURIComponent(item.module.name)}/${uriPath(item.name)}`;
}

/** `#/definitions/EVSE`, `#/definitions/cmds~1stop~1result`: the name as a JSON Pointer token, URI-encoded. */
function definitionFragment(item: NamedSchema): string {
  return `#/definitions/${encodeURIComponent(item.name.replace(/~/g, "~0").replace(/\//g, "~1"))}`;
}

/** layout.schema's path of `m`'s document, each segment URI-encoded. */
function documentPath(m: SchemaModule): string {
  return uriPath(layout.schema(m));
}

function uriPath(p: string): string {
  return p.split("/").map(encodeURIComponent).join("/");
}
