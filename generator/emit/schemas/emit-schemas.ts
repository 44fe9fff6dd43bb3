/** schemas/<file>.json: one draft-07 document per defs file (see ./json-schema.ts for the rules). */
import type { Model } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { modelSchemas, schemaText } from "./json-schema";

export function emitJsonSchemas(model: Model): EmittedFile[] {
  const docs = modelSchemas(model);
  return model.files.map((file, i) => ({ path: layout.schema(file), content: schemaText(docs[i]!) }));
}
