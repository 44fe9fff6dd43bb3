/**
 * The reference page as EVerest renders it for a type file (plain text). For
 * `defs/ocpp.yaml` this equals EVerest's published page from its second line
 * on, so this file alone carries no banner: its text is fixed by that page.
 */
import { declaredType } from "../model/build-model";
import type { DefsFile, Model, Property, Schema } from "../model/model";
import type { EmittedFile } from "./emitted-file";
import { layout } from "./layout";

export function emitDocsText(model: Model): EmittedFile[] {
  return model.files.map((file) => ({ path: layout.docsTxt(file), content: renderPage(file) }));
}

export function renderPage(file: DefsFile): string {
  const out: string[] = [];
  pushDescription(out, file.description);
  for (const decl of file.types) {
    out.push(`${decl.name}:${shownType(decl.schema)}`);
    pushDescription(out, decl.description);
    pushKeywords(out, decl.schema);
    if (decl.schema.kind === "object" && decl.schema.properties.length > 0) {
      out.push("properties:");
      for (const p of decl.schema.properties) pushProperty(out, p);
    }
  }
  return out.join("\n") + "\n";
}

function pushProperty(out: string[], p: Property): void {
  const s = p.schema;
  out.push(`${p.name}:${shownType(s)} <${p.required ? "required" : "optional"}>${refSuffix(s)}`);
  pushDescription(out, s.description);
  pushKeywords(out, s);
  if (s.kind === "ref") out.push("There is an extended definition for this object here.");
  if (s.kind === "array" && s.items) {
    const item = s.items;
    out.push(`array_item:${shownType(item)}${refSuffix(item)}`);
    if (item.kind !== "ref") pushDescription(out, item.description);
    pushKeywords(out, item);
  }
}

/** String- and list-valued keywords are shown; numeric and boolean ones are not. */
function pushKeywords(out: string[], s: Schema): void {
  if (s.kind === "string" && s.format !== undefined) out.push(`format:${s.format}`);
  if (s.kind === "string" && s.pattern !== undefined) out.push(`pattern:${s.pattern}`);
  if (s.kind === "enum") {
    out.push("enum:");
    for (const v of s.values) out.push(`- ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
}

function pushDescription(out: string[], text: string | undefined): void {
  if (text === undefined) return;
  const lines = text.split(/\r\n?|\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  out.push(...lines);
}

function refSuffix(s: Schema): string {
  return s.kind === "ref" ? ` (${s.target.file.name}-${s.target.name})` : "";
}

/** The type the page shows: the declared one (beside a `$ref` too), else what the schema implies. */
export function shownType(s: Schema): string {
  switch (s.kind) {
    case "ref":
      return s.siblingType ?? declaredType(s.target) ?? "";
    case "enum":
    case "const":
      return s.type ?? "";
    case "union":
      return s.members.map((m) => m.kind).join(",");
    case "any":
      return "";
    default:
      return s.kind;
  }
}
