/**
 * A schema in Markdown, as every page shows it: its type in words (a `$ref`
 * links to the section showing its target, an inline enum to its own section
 * when the page has one), its validation keywords, the rows of its property
 * table (nested inline objects flattened into `parent.child` / `list[].child`
 * rows) and an enum's values. Every piece of YAML text goes through
 * markdownText/markdownCode, so nothing in a description can break a table
 * or reach the page as HTML.
 */
import { markdownCode, markdownText, type MarkdownContext } from "../../escape";
import { scalarValues } from "../../keywords";
import type { EnumSchema, JsonValue, NamedSchema, Schema, SchemaModule } from "../../model/model";
import { undeclaredProperties } from "../../model/model";
import { enumMemberNames } from "../../names";
import { pageAnchors, typeLink } from "./doc-anchors";

/** Inline enums list at most this many values in a table cell; the rest are in their own section. */
const CELL_ENUM_VALUES = 12;

/** The type of a schema in words, on the page of `page`. */
export function typeText(s: Schema, page: SchemaModule, ctx: MarkdownContext = "block"): string {
  switch (s.kind) {
    case "ref":
      return s.orNull === true ? `${refLink(page, s.target)} or null` : refLink(page, s.target);
    case "enum": {
      const base = s.type !== undefined ? `${markdownText(s.type, ctx)} ` : "";
      const anchor = pageAnchors(page).inlineEnum(s);
      if (anchor === undefined) return `${base}enum`;
      return `${base}enum [${s.isStringEnum ? markdownText(s.tsName, ctx) : "values"}](#${anchor})`;
    }
    case "const":
      return s.type !== undefined ? `${markdownText(s.type, ctx)} constant` : "constant";
    case "array":
      return s.items ? `array of ${typeText(s.items, page, ctx)}` : "array of any";
    case "object":
      return typeof s.additionalProperties === "object" ? `object (map of ${typeText(s.additionalProperties, page, ctx)})` : "object";
    case "union":
      return s.typeless === true ? "any" : s.members.map((m) => typeText(m, page, ctx)).join(" or ");
    case "any":
      return "any";
    default:
      return s.kind;
  }
}

/** A link to the section showing an item, by its name on its own module's page and by its ref from any other. */
export function refLink(page: SchemaModule, to: NamedSchema): string {
  return `[${markdownText(to.module === page ? to.name : to.ref)}](${typeLink(page, to)})`;
}

interface Row {
  readonly path: string;
  readonly required: boolean;
  readonly schema: Schema;
}

/** The property rows of a schema: its own properties, then those of inline objects nested in them. */
export function childRows(s: Schema, path: string): Row[] {
  const out: Row[] = [];
  switch (s.kind) {
    case "object":
      for (const p of s.undeclaredRequired.length > 0 ? [...s.properties, ...undeclaredProperties(s)] : s.properties) {
        const sub = path === "" ? p.name : `${path}.${p.name}`;
        out.push({ path: sub, required: p.required, schema: p.schema }, ...childRows(p.schema, sub));
      }
      if (typeof s.additionalProperties === "object") out.push(...childRows(s.additionalProperties, `${path}.*`.replace(/^\./, "")));
      break;
    case "array":
      if (s.items) out.push(...childRows(s.items, `${path}[]`));
      break;
    case "union":
      for (const m of s.members) out.push(...childRows(m, path));
      break;
    default:
      break;
  }
  return out;
}

/** The table of `rows`, its first column named `first` (`Property`, `Argument`). */
export function propertyTable(first: string, rows: readonly Row[], page: SchemaModule): string {
  const withDefault = rows.some((r) => r.schema.default !== undefined);
  const head = [first, "Type", "Required", "Constraints", ...(withDefault ? ["Default"] : []), "Description"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const r of rows) {
    const s = r.schema;
    const cells = [
      markdownCode(r.path, "cell"),
      typeText(s, page, "cell"),
      r.required ? "yes" : "no",
      constraintItems(s, page, "cell", { skipEnum: false }).join("<br>"),
      ...(withDefault ? [s.default === undefined ? "" : markdownCode(JSON.stringify(s.default), "cell")] : []),
      descriptionCell(s),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

function descriptionCell(s: Schema): string {
  const parts: string[] = [];
  if (s.description !== undefined && s.description.trim() !== "") parts.push(markdownText(s.description, "cell"));
  if (s.kind === "array" && s.items && s.items.kind !== "ref" && s.items.description !== undefined && s.items.description.trim() !== "") {
    parts.push(`Items: ${markdownText(s.items.description, "cell")}`);
  }
  return parts.join("<br>");
}

interface ConstraintOptions {
  /** Leave out enum values (shown as a list elsewhere). */
  readonly skipEnum: boolean;
  /** Leave out `additionalProperties: false` (said elsewhere). */
  readonly skipClosed?: boolean;
}

/** The validation keywords of a schema on the page of `page`, each as `keyword: value` code. */
export function constraintItems(s: Schema, page: SchemaModule, ctx: MarkdownContext, opts: ConstraintOptions): string[] {
  const out: string[] = [];
  const kw = (keyword: string, value: JsonValue | undefined): void => {
    if (value !== undefined) out.push(markdownCode(`${keyword}: ${shown(value)}`, ctx));
  };
  switch (s.kind) {
    case "enum":
      if (!opts.skipEnum) out.push(enumCell(s, page, ctx));
      break;
    case "const":
      out.push(markdownCode(`const: ${JSON.stringify(s.value)}`, ctx));
      break;
    case "union":
      for (const m of s.members) for (const c of constraintItems(m, page, ctx, opts)) out.push(`${m.kind}: ${c}`);
      break;
    case "ref":
    case "any":
      break;
    default:
      // One line per scalar keyword (../../keywords.ts), in the pages' order.
      for (const { keyword, value } of scalarValues(s, "markdown")) kw(keyword, value);
      if (s.kind === "array" && s.items) for (const c of constraintItems(s.items, page, ctx, opts)) out.push(`items: ${c}`);
      if (s.kind === "object") {
        if (s.additionalProperties === false && opts.skipClosed !== true) out.push(`${markdownCode("additionalProperties: false", ctx)} (closed)`);
        if (typeof s.additionalProperties === "object") for (const c of constraintItems(s.additionalProperties, page, ctx, opts)) out.push(`values: ${c}`);
      }
      break;
  }
  // The keywords beside an enum or const bind too.
  if ((s.kind === "enum" || s.kind === "const") && s.constraints !== undefined) out.push(...constraintItems(s.constraints, page, ctx, opts));
  for (const k of s.inert) {
    out.push(`${markdownCode(`${k.keyword}: ${shown(k.value)}`, ctx)} (no effect on ${s.kind === "union" ? "this type" : markdownText(s.kind, ctx)})`);
  }
  return out;
}

/** `one of ...`, the values past CELL_ENUM_VALUES counted (a link to the enum's section when the page has one). */
function enumCell(s: EnumSchema, page: SchemaModule, ctx: MarkdownContext): string {
  const values = s.values.slice(0, CELL_ENUM_VALUES).map((v) => markdownCode(enumValueText(s, v), ctx));
  const text = `one of ${values.join(", ")}`;
  if (s.values.length <= CELL_ENUM_VALUES) return text;
  const more = `${s.values.length - CELL_ENUM_VALUES} more`;
  const anchor = pageAnchors(page).inlineEnum(s);
  return `${text}, ${anchor === undefined ? more : `[${more}](#${anchor})`}`;
}

/** A keyword value as written: plain text for printable strings and numbers, else JSON. */
function shown(v: JsonValue): string {
  if (typeof v === "string") return isPlain(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

function isPlain(v: string): boolean {
  return v !== "" && v.trim() === v && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v);
}

/** String values of an all-string enum as written (when plain); anything else as JSON, so `"1"` and `1` differ. */
function enumValueText(e: EnumSchema, v: string | number | boolean | null): string {
  return allStrings(e) && typeof v === "string" && isPlain(v) ? v : JSON.stringify(v);
}

/** Per enum, once: asked for every value, it would make listing an enum quadratic in its size. */
const allStringEnums = new WeakMap<EnumSchema, boolean>();
function allStrings(e: EnumSchema): boolean {
  let known = allStringEnums.get(e);
  if (known === undefined) allStringEnums.set(e, (known = e.values.every((x) => typeof x === "string")));
  return known;
}

/** An enum's values as a list, each with its member of the enum object (`E.member`) when that is named differently. */
export function enumValueList(e: EnumSchema): string {
  const members = enumMemberNames(e.values);
  return e.values
    .map((v, i) => {
      const member = members[i] ?? "";
      const alias = e.isStringEnum && member !== v ? ` (${markdownCode(`${e.tsName}.${member}`)})` : "";
      return `- ${markdownCode(enumValueText(e, v))}${alias}`;
    })
    .join("\n");
}
