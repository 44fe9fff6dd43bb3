/**
 * schemas/<dir><name>.json (layout.ts): one draft-07 document per module, type
 * file or interface alike, under ./json-schema.ts's rules. Its `definitions`
 * hold every item under its name, in the module's order: a type's name
 * (`#/definitions/EVSE`), an interface item's path (`cmds/<cmd>/arguments`,
 * `cmds/<cmd>/result`, `vars/<var>`, so `#/definitions/cmds~1stop~1result`).
 * Refs into other documents are relative (`display_message.json#/definitions/X`,
 * `../ocpp.json#/definitions/EVSE`; ./ids.ts). An interface's arguments
 * object lists every argument as required and is closed, and a command
 * without `result` has the result `{ "type": "null" }`: the model says so.
 */
import { bannerText } from "../../banner";
import type { Model, SchemaModule } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { documentId } from "./ids";
import { DOCUMENT_VIEW, type JsonObject, jsonObject, setKey, toJsonSchema } from "./json-schema";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

export function emitJsonSchemas(model: Model): EmittedFile[] {
  return model.modules.map(moduleSchema);
}

/** The document of one module. */
export function moduleSchema(m: SchemaModule): EmittedFile {
  return { path: layout.schema(m), content: `${JSON.stringify(moduleDocument(m), null, 2)}\n` };
}

/** The whole document of one module. */
function moduleDocument(m: SchemaModule): JsonObject {
  const doc = jsonObject();
  setKey(doc, "$schema", DRAFT_07);
  setKey(doc, "$id", documentId(m));
  setKey(doc, "$comment", bannerText([m.path]));
  setKey(doc, "description", m.description);
  const defs = jsonObject();
  for (const item of m.items) setKey(defs, item.name, toJsonSchema(item.schema, m, DOCUMENT_VIEW));
  setKey(doc, "definitions", defs);
  return doc;
}
