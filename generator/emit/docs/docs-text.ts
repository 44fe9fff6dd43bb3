/**
 * The reference page as EVerest renders it for a type file (plain text). For
 * `defs/ocpp.yaml` this equals EVerest's published page from its second line
 * on, so this file alone carries no banner: its text is fixed by that page.
 */
import { declaredType } from "../../model/queries";
import type { JsonValue, Model, Property, Schema, SchemaModule } from "../../model/model";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { plainLines, visibleLine } from "../../escape";

/** The line after anything with a `$ref`. */
const EXTENDED_DEFINITION = "There is an extended definition for this object here.";

/**
 * Only type files have this page: EVerest publishes it for type files alone,
 * and its format has no words for other modules (an interface's commands and
 * vars, say); their Markdown page is their reference.
 */
export function hasTextPage(m: SchemaModule): boolean {
  return m.source === "types";
}

export function emitDocsText(model: Model): EmittedFile[] {
  return model.modules.flatMap(docsTextPage);
}

/** The page of one module, if it has one. */
export function docsTextPage(m: SchemaModule): EmittedFile[] {
  return hasTextPage(m) ? [{ path: layout.docsTxt(m), content: renderPage(m) }] : [];
}

export function renderPage(file: SchemaModule): string {
  const out: string[] = [];
  pushDescription(out, file.description);
  for (const decl of file.items) {
    const s = decl.schema;
    out.push(`${oneLineText(decl.name)}:${shownType(s)}${refSuffix(s)}`);
    pushDescription(out, decl.description);
    pushKeywords(out, s);
    if (s.kind === "ref") out.push(EXTENDED_DEFINITION);
    if (s.kind === "object" && s.properties.length > 0) {
      out.push("properties:");
      for (const p of s.properties) pushProperty(out, p, "");
    }
    pushDetails(out, s, "");
  }
  return out.join("\n") + "\n";
}

/**
 * One property, as EVerest's page shows it; `prefix` names where a nested
 * property sits (`outer.`, `rows[].`, `*.`): the page is flat, so nested
 * inline objects list their properties under their path, as the Markdown page does.
 */
function pushProperty(out: string[], p: Property, prefix: string): void {
  const s = p.schema;
  const name = `${prefix}${oneLineText(p.name)}`;
  out.push(`${name}:${shownType(s)} <${p.required ? "required" : "optional"}>${refSuffix(s)}`);
  pushDescription(out, s.description);
  pushKeywords(out, s);
  if (s.kind === "ref") out.push(EXTENDED_DEFINITION);
  pushDetails(out, s, name);
}

/**
 * What a schema nests, after its own lines: array items (`array_item:`, for
 * arrays of arrays one line per level), the properties of an inline object
 * below the top level, and the values of a map (`additionalProperties:`, like
 * `array_item:`). A type list's array and object members count too.
 */
function pushDetails(out: string[], s: Schema, path: string): void {
  const obj = member(s, "object");
  if (obj !== undefined && path !== "") for (const p of obj.properties) pushProperty(out, p, `${path}.`);
  const arr = member(s, "array");
  if (arr?.items !== undefined) {
    const item = arr.items;
    out.push(`array_item:${shownType(item)}${refSuffix(item)}`);
    if (item.kind !== "ref") pushDescription(out, item.description);
    pushKeywords(out, item);
    pushDetails(out, item, `${path}[]`);
  }
  if (obj !== undefined && typeof obj.additionalProperties === "object") {
    const value = obj.additionalProperties;
    out.push(`additionalProperties:${shownType(value)}${refSuffix(value)}`);
    if (value.kind !== "ref") pushDescription(out, value.description);
    pushKeywords(out, value);
    pushDetails(out, value, path === "" ? "*" : `${path}.*`);
  }
}

function member<K extends "object" | "array">(s: Schema, kind: K): Extract<Schema, { kind: K }> | undefined {
  if (s.kind === kind) return s as Extract<Schema, { kind: K }>;
  if (s.kind === "union") return s.members.find((m) => m.kind === kind) as Extract<Schema, { kind: K }> | undefined;
  return undefined;
}

/**
 * String- and list-valued keywords are shown (`format:date-time`, `pattern:...`,
 * `const:2.0.1`, `enum:` and `default:` with `- value` lines); numeric and
 * boolean ones (`minimum`, `maxLength`, `additionalProperties: false`, a
 * number `default` or `const`) are not. A type list shows its members' keywords.
 */
function pushKeywords(out: string[], s: Schema): void {
  if (s.kind === "union") {
    for (const m of s.members) pushTypedKeywords(out, m);
  } else {
    pushTypedKeywords(out, s);
  }
  if (typeof s.default === "string") out.push(`default:${oneLineText(s.default)}`);
  else if (Array.isArray(s.default)) pushList(out, "default", s.default);
}

function pushTypedKeywords(out: string[], s: Schema): void {
  if (s.kind === "string" && s.format !== undefined) out.push(`format:${oneLineText(s.format)}`);
  if (s.kind === "string" && s.pattern !== undefined) out.push(`pattern:${oneLineText(s.pattern)}`);
  if (s.kind === "const" && typeof s.value === "string") out.push(`const:${oneLineText(s.value)}`);
  if ((s.kind === "enum" || s.kind === "const") && s.constraints !== undefined) {
    for (const m of s.constraints.kind === "union" ? s.constraints.members : [s.constraints]) pushTypedKeywords(out, m);
  }
  if (s.kind === "enum") pushList(out, "enum", s.values);
}

function pushList(out: string[], keyword: string, values: readonly JsonValue[]): void {
  out.push(`${keyword}:`);
  for (const v of values) out.push(`- ${typeof v === "string" ? oneLineText(v) : JSON.stringify(v)}`);
}

/**
 * A name, value, pattern or format on its line of the page: as written, or as
 * JSON when it has a line break (so it stays on its line); control characters
 * and invisible marks show as `\uXXXX` either way (escape.ts visibleLine), so
 * that no value can fake a line of the page or act on a terminal.
 */
function oneLineText(v: string): string {
  return visibleLine(/[\r\n\u2028\u2029\u0085]/.test(v) ? JSON.stringify(v) : v);
}

function pushDescription(out: string[], text: string | undefined): void {
  if (text === undefined) return;
  const lines = plainLines(text).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  out.push(...lines);
}

function refSuffix(s: Schema): string {
  return s.kind === "ref" ? ` (${s.target.module.name}-${s.target.name})` : "";
}

/** The type the page shows: the declared one (beside a `$ref` too), else what the schema implies. */
function shownType(s: Schema): string {
  switch (s.kind) {
    case "ref":
      return s.siblingType ?? declaredType(s.target) ?? "";
    case "enum":
    case "const":
      return s.type ?? "";
    case "union":
      return s.typeless === true ? "" : s.members.map((m) => m.kind).join(",");
    case "any":
      return "";
    default:
      return s.kind;
  }
}
