/**
 * The JSDoc of every declaration, property and index signature: the YAML
 * description, tags for the constraints a reader needs (`@minimum 1`,
 * `@maxLength 50`, `@format date-time`, `@default "x"`, ...), notes for
 * keywords that have no effect, and the source (`@see`). All text passes
 * through ../../escape.ts; ts-morph prints it verbatim.
 */
import { commentInline, commentLines, jsonComment, uriFragment } from "../../escape";
import { scalarValues } from "../../keywords";
import type { InertKeyword, JsonValue, ObjectSchema, Schema, SchemaModule } from "../../model/model";

export interface DocTag {
  readonly tagName: string;
  /** One line, already comment-safe. */
  readonly text?: string;
}

/** A JSDoc comment's parts: description lines (comment-safe) and tags. Empty when both are empty. */
export interface Doc {
  readonly lines: readonly string[];
  readonly tags: readonly DocTag[];
}

export const EMPTY_DOC: Doc = { lines: [], tags: [] };

/** Description text as comment-safe lines: no blank lines at either end, no trailing spaces. */
export function descriptionLines(text: string | undefined): string[] {
  if (text === undefined) return [];
  const lines = commentLines(text).map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** `@see defs/ocpp.yaml#/types/ChargingSchedule`, `@see interfaces/ocpp.yaml#/cmds`: where a node is written. */
export function sourceTag(m: SchemaModule, pointer: string): DocTag {
  return { tagName: "see", text: commentInline(`${m.path}#${uriFragment(pointer)}`) };
}

/**
 * The constraint tags of a schema, and the description lines of what it
 * nests without a name of its own (array items): keywords of items are tagged
 * with where they apply, e.g. `@maxLength 50 (items)`.
 */
export function schemaDoc(schema: Schema): Doc {
  const lines: string[] = [];
  const tags: DocTag[] = [];
  collect(schema, "", lines, tags);
  return { lines, tags: dedupe(tags) };
}

/** A declaration's or a property's JSDoc: its description, then its schema's tags, then `extra` tags. */
export function describe(description: string | undefined, schema: Schema, extra: readonly DocTag[] = []): Doc {
  const own = schemaDoc(schema);
  return { lines: [...descriptionLines(description), ...own.lines], tags: [...own.tags, ...extra] };
}

/**
 * The JSDoc of an object's index signature: the `additionalProperties`
 * schema's, and, when the index type is `widened` by the declared properties'
 * types, why.
 */
export function indexSignatureDoc(schema: ObjectSchema, widened: boolean): Doc {
  const ap = schema.additionalProperties;
  if (typeof ap !== "object") return EMPTY_DOC;
  const own = describe(ap.description, ap);
  if (!widened) return own;
  const note = "Keys other than the declared properties hold values of the additionalProperties schema; TypeScript requires the index signature to admit the declared properties' types too.";
  return { lines: own.lines, tags: [...own.tags, { tagName: "remarks", text: note }] };
}

function collect(schema: Schema, where: string, lines: string[], tags: DocTag[]): void {
  const at = (text: string): string => (where === "" ? text : `${text} (${where})`);
  const tag = (tagName: string, value: string | number | undefined): void => {
    if (value !== undefined) tags.push({ tagName, text: at(typeof value === "number" ? String(value) : commentInline(value)) });
  };
  switch (schema.kind) {
    case "union":
      for (const m of schema.members) collect(m, where, lines, tags);
      break;
    case "enum":
    case "const":
      // The keywords beside the values bind too (the type is already the values).
      if (schema.constraints !== undefined) collect({ ...schema.constraints, inert: [], description: "" }, where, [], tags);
      break;
    case "ref":
    case "any":
      break;
    default: {
      if (schema.kind === "integer") tag("asType", "integer");
      // One tag per scalar keyword (../../keywords.ts), named as the keyword, in the table's order.
      for (const { keyword, value } of scalarValues(schema, "table")) tag(keyword, value);
      const items = schema.kind === "array" ? schema.items : undefined;
      // Items with a name of their own (a $ref, an inline enum) or members of their own (an object) document themselves.
      if (items && items.kind !== "ref" && items.kind !== "object" && !(items.kind === "enum" && items.isStringEnum)) {
        const inner = where === "" ? "items" : `items of ${where}`;
        const text = descriptionLines(items.description);
        if (text.length > 0) lines.push(`${inner.charAt(0).toUpperCase()}${inner.slice(1)}: ${text[0]}`, ...text.slice(1));
        collect(items, inner, lines, tags);
      }
      break;
    }
  }
  // Union members repeat the union's `default`; dedupe() keeps one.
  if (schema.default !== undefined) tags.push({ tagName: "default", text: at(jsonComment(schema.default)) });
  for (const k of schema.inert) tags.push({ tagName: "remarks", text: at(inertText(k, typeOf(schema))) });
}

/** `maximum: 50 has no effect on a string`. */
function inertText(k: InertKeyword, type: string): string {
  return `${commentInline(k.keyword)}: ${jsonComment(k.value as JsonValue)} has no effect on ${type}`;
}

function typeOf(schema: Schema): string {
  const article = (t: string): string => (t === "integer" || t === "array" || t === "object" ? `an ${t}` : t === "null" ? "null" : `a ${t}`);
  switch (schema.kind) {
    case "union":
      return schema.typeless === true ? "this value" : schema.members.map((m) => article(m.kind)).join(" or ");
    case "enum":
    case "const":
      return schema.type !== undefined ? article(schema.type) : "this value";
    case "ref":
    case "any":
      return "this value";
    default:
      return article(schema.kind);
  }
}

function dedupe(tags: readonly DocTag[]): DocTag[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = `${t.tagName} ${t.text ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The comment's lines: description, a blank line, tags (JSDoc style). */
function docLines(doc: Doc): string[] {
  const lines = [...doc.lines];
  if (lines.length > 0 && doc.tags.length > 0) lines.push("");
  for (const t of doc.tags) lines.push(t.text === undefined ? `@${t.tagName}` : `@${t.tagName} ${t.text}`);
  return lines;
}

/**
 * `doc` for a structure's `docs`: one pre-rendered string (none when empty),
 * which ts-morph prints line by line as it is. Not a JSDocStructure with
 * `tags`: ts-morph prints those through a scratch writer that treats a `/*` in
 * the description as an open comment and "closes" it by inserting a `*\/`,
 * which would end the real comment early.
 */
export function docStructures(doc: Doc): string[] {
  const lines = docLines(doc);
  return lines.length === 0 ? [] : [lines.join("\n")];
}

/**
 * `doc` as comment text for members written inside a type expression (inline
 * object types), in the same shape ts-morph prints: one line when it fits on
 * one, else a block. `indent` prefixes every line; "" when the doc is empty.
 */
export function docBlock(doc: Doc, indent: string): string {
  const lines = docLines(doc);
  if (lines.length === 0) return "";
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}
