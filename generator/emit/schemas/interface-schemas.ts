/**
 * Transitional: the names modules/interface-modules.ts imports, until it takes
 * the item-generic ones (json-schema.ts `compileSchema`, `schemaFormats`;
 * ids.ts `compiledItemId`). Interfaces need nothing of their own here.
 */
import type { Model, NamedSchema } from "../../model/model";
import { compileSchema, schemaFormats, type JsonObject } from "./json-schema";

export { compiledItemId } from "./ids";

export function compileItemSchema(item: NamedSchema): JsonObject {
  return compileSchema(item);
}

export function interfaceFormats(model: Model): string[] {
  return schemaFormats(model.interfaces);
}
