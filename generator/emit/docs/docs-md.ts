/**
 * The Markdown reference page of each type file (docs/<file>.md): what people
 * read instead of the YAML. Per type: its description, kind, TypeScript names,
 * where it is used, and for objects a table of properties (type, required,
 * constraints, default, description), nested inline objects flattened into
 * `parent.child` / `list[].child` rows. Enum values are listed, every `$ref` is
 * a link (to this page or a sibling page). Every piece of YAML text goes
 * through markdownText/markdownCode, so nothing in a description can break a
 * table or reach the page as HTML.
 */
import { markdownBanner } from "../../banner";
import { markdownCode, markdownText, type MarkdownContext } from "../../escape";
import type { DefsFile, EnumSchema, JsonValue, Model, Schema, TypeDecl } from "../../model/model";
import { undeclaredProperties } from "../../model/model";
import { enumMemberNames, helperNames } from "../../names";
import { pageAnchors, relativeDocsPath, typeLink } from "./doc-anchors";
import { firstSentence } from "./doc-summary";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { PACKAGE_NAME } from "../package/package-files";

/** Inline enums list at most this many values in a table cell; the rest are in their own section. */
const CELL_ENUM_VALUES = 12;

export function emitDocsMarkdown(model: Model): EmittedFile[] {
  const usedBy = referencesByTarget(model);
  return model.files.map((file) => ({ path: layout.docsMd(file), content: renderMarkdownPage(file, usedBy) }));
}

/** Where each type is referenced from: the referring type and the property path inside it ("" for the type itself). */
type UsedBy = ReadonlyMap<TypeDecl, readonly { readonly from: TypeDecl; readonly path: string }[]>;

export function renderMarkdownPage(file: DefsFile, usedBy: UsedBy = new Map()): string {
  const out: string[] = [];
  const here = layout.docsMd(file);
  out.push(markdownBanner([file.path]) + `# ${markdownText(file.name)}`);
  out.push(`Types from ${markdownCode(file.path)}.`);
  if (file.description.trim() !== "") out.push(markdownText(file.description));
  out.push(
    [
      `In the package: ${markdownCode(`import { ${file.moduleName} } from "${PACKAGE_NAME}"`)} or ` +
        `${markdownCode(`import * as ${file.moduleName} from "${PACKAGE_NAME}/${file.name}"`)}.`,
      `JSON Schema: [${markdownText(layout.schema(file))}](${relativeDocsPath(here, layout.schema(file))}).`,
      `The same page in EVerest's plain-text form: [${markdownText(layout.docsTxt(file).split("/").pop() ?? "")}](${relativeDocsPath(here, layout.docsTxt(file))}).`,
    ].join("\\\n"),
  );

  const anchors = pageAnchors(file);
  out.push(`<a id="contents"></a>\n\n## Contents`);
  if (file.items.length === 0) out.push("This file declares no types.");
  else {
    out.push(
      file.items
        .map((d) => {
          const summary = firstSentence(d.description);
          return `- [${markdownText(d.name)}](#${anchors.type(d)}) (${markdownText(kindLabel(d.schema))})${summary ? `: ${markdownText(summary)}` : ""}`;
        })
        .join("\n"),
    );
  }

  for (const decl of file.items) out.push(...typeSection(decl, usedBy.get(decl) ?? []));
  return out.join("\n\n") + "\n";
}

function typeSection(decl: TypeDecl, users: readonly { from: TypeDecl; path: string }[]): string[] {
  const file = decl.module;
  const anchors = pageAnchors(file);
  const s = decl.schema;
  const out: string[] = [];
  out.push(`<a id="${anchors.type(decl)}"></a>\n\n## ${markdownText(decl.name)}`);
  if (decl.description.trim() !== "") out.push(markdownText(decl.description));

  const facts: string[] = [];
  facts.push(`**Type:** ${typeText(s, file, "block")}${objectShape(s)}`);
  // Enum values get their own list, and an object's closedness is on the Type line.
  const constraints = constraintItems(s, "block", { skipEnum: true, skipClosed: true });
  if (constraints.length > 0) facts.push(`**Constraints:** ${constraints.join(", ")}`);
  if (s.default !== undefined) facts.push(`**Default:** ${markdownCode(JSON.stringify(s.default))} (documentation only: EVerest does not apply defaults)`);
  const ns = file.moduleName;
  const h = helperNames(decl.tsName);
  facts.push(
    `**TypeScript:** ${markdownCode(`${ns}.${decl.tsName}`)}; checked by ${markdownCode(`${ns}.${h.is}(value)`)}, ` +
      `${markdownCode(`${ns}.${h.assert}(value)`)} or ${markdownCode(`validate(${JSON.stringify(decl.ref)}, value)`)}`,
  );
  if (users.length > 0) facts.push(`**Used by:** ${usedByText(file, users)}`);
  out.push(facts.map((f) => `- ${f}`).join("\n"));

  if (s.kind === "enum") out.push(`**Values:**\n\n${enumValueList(s)}`);

  const rows = childRows(s, "");
  if (rows.length > 0) out.push(propertyTable(rows, file));
  else if (s.kind === "object" && typeof s.additionalProperties !== "object") out.push("No properties are declared.");

  // A string enum is a TypeScript enum of its own; any other inline enum is a union written in place.
  for (const e of anchors.inlineEnums(decl)) {
    out.push(
      `<a id="${anchors.inlineEnum(e)}"></a>\n\n### ${e.isStringEnum ? markdownText(e.tsName) : `Values of ${markdownCode(e.pointer)}`}`,
      `Inline enum at ${markdownCode(e.pointer)}${e.description ? `: ${markdownText(e.description)}` : ""}`,
      `- **Type:** ${e.type !== undefined ? `${markdownText(e.type)} ` : ""}enum` +
        (e.isStringEnum ? `\n- **TypeScript:** ${markdownCode(`${ns}.${e.tsName}`)}` : ""),
      `**Values:**\n\n${enumValueList(e)}`,
    );
  }
  return out;
}

/** `; closed: ...` / `; open: ...` after an object's type. */
function objectShape(s: Schema): string {
  if (s.kind !== "object") return "";
  if (s.additionalProperties === false) return `; closed: other properties are rejected (${markdownCode("additionalProperties: false")})`;
  if (typeof s.additionalProperties === "object") return "";
  return "; open: other properties are allowed";
}

export interface Row {
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

function propertyTable(rows: readonly Row[], file: DefsFile): string {
  const withDefault = rows.some((r) => r.schema.default !== undefined);
  const head = ["Property", "Type", "Required", "Constraints", ...(withDefault ? ["Default"] : []), "Description"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const r of rows) {
    const s = r.schema;
    const cells = [
      markdownCode(r.path, "cell"),
      typeText(s, file, "cell"),
      r.required ? "yes" : "no",
      constraintItems(s, "cell", { skipEnum: false, file }).join("<br>"),
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

/** The type of a schema in words, with links for refs and inline enums. */
function typeText(s: Schema, file: DefsFile, ctx: MarkdownContext): string {
  switch (s.kind) {
    case "ref":
      return refLink(file, s.target);
    case "enum": {
      const base = s.type !== undefined ? `${markdownText(s.type, ctx)} ` : "";
      if (s.topLevel) return `${base}enum`;
      const label = s.isStringEnum ? markdownText(s.tsName, ctx) : "values";
      return `${base}enum [${label}](#${pageAnchors(file).inlineEnum(s)})`;
    }
    case "const":
      return s.type !== undefined ? `${markdownText(s.type, ctx)} constant` : "constant";
    case "array":
      return s.items ? `array of ${typeText(s.items, file, ctx)}` : "array of any";
    case "object":
      return typeof s.additionalProperties === "object"
        ? `object (map of ${typeText(s.additionalProperties, file, ctx)})`
        : "object";
    case "union":
      return s.typeless === true ? "any" : s.members.map((m) => typeText(m, file, ctx)).join(" or ");
    case "any":
      return "any";
    default:
      return s.kind;
  }
}

function refLink(from: DefsFile, to: TypeDecl): string {
  const text = to.module === from ? to.name : to.ref;
  return `[${markdownText(text)}](${typeLink(from, to)})`;
}

interface ConstraintOptions {
  /** Leave out enum values (shown as a list elsewhere). */
  readonly skipEnum: boolean;
  /** Leave out `additionalProperties: false` (said elsewhere). */
  readonly skipClosed?: boolean;
  /** For links to inline enum sections. */
  readonly file?: DefsFile;
}

/** The validation keywords of a schema, each as `keyword: value` code. */
export function constraintItems(s: Schema, ctx: MarkdownContext, opts: ConstraintOptions): string[] {
  const out: string[] = [];
  const kw = (keyword: string, value: JsonValue | undefined): void => {
    if (value !== undefined) out.push(markdownCode(`${keyword}: ${shown(value)}`, ctx));
  };
  switch (s.kind) {
    case "string":
      kw("minLength", s.minLength);
      kw("maxLength", s.maxLength);
      kw("pattern", s.pattern);
      kw("format", s.format);
      break;
    case "number":
    case "integer":
      kw("minimum", s.minimum);
      kw("exclusiveMinimum", s.exclusiveMinimum);
      kw("maximum", s.maximum);
      kw("exclusiveMaximum", s.exclusiveMaximum);
      break;
    case "array":
      kw("minItems", s.minItems);
      kw("maxItems", s.maxItems);
      if (s.items) for (const c of constraintItems(s.items, ctx, opts)) out.push(`items: ${c}`);
      break;
    case "object":
      if (s.additionalProperties === false && opts.skipClosed !== true) out.push(`${markdownCode("additionalProperties: false", ctx)} (closed)`);
      if (typeof s.additionalProperties === "object") for (const c of constraintItems(s.additionalProperties, ctx, opts)) out.push(`values: ${c}`);
      break;
    case "enum":
      if (!opts.skipEnum) {
        const values = s.values.slice(0, CELL_ENUM_VALUES).map((v) => markdownCode(enumValueText(s, v), ctx));
        let text = `one of ${values.join(", ")}`;
        if (s.values.length > CELL_ENUM_VALUES) {
          const more = s.values.length - CELL_ENUM_VALUES;
          text += opts.file && !s.topLevel ? `, [${more} more](#${pageAnchors(opts.file).inlineEnum(s)})` : `, ${more} more`;
        }
        out.push(text);
      }
      break;
    case "const":
      out.push(markdownCode(`const: ${JSON.stringify(s.value)}`, ctx));
      break;
    case "union":
      for (const m of s.members) for (const c of constraintItems(m, ctx, opts)) out.push(`${m.kind}: ${c}`);
      break;
    default:
      break;
  }
  // The keywords beside an enum or const bind too.
  if ((s.kind === "enum" || s.kind === "const") && s.constraints !== undefined) out.push(...constraintItems(s.constraints, ctx, opts));
  for (const k of s.inert) {
    out.push(`${markdownCode(`${k.keyword}: ${shown(k.value)}`, ctx)} (no effect on ${s.kind === "union" ? "this type" : markdownText(s.kind, ctx)})`);
  }
  return out;
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

function enumValueList(e: EnumSchema): string {
  const members = enumMemberNames(e.values);
  return e.values
    .map((v, i) => {
      const member = members[i] ?? "";
      const alias = e.isStringEnum && member !== v ? ` (${markdownCode(`${e.tsName}.${member}`)})` : "";
      return `- ${markdownCode(enumValueText(e, v))}${alias}`;
    })
    .join("\n");
}

function usedByText(file: DefsFile, users: readonly { from: TypeDecl; path: string }[]): string {
  const grouped = new Map<TypeDecl, string[]>();
  for (const u of users) {
    const paths = grouped.get(u.from) ?? [];
    if (u.path !== "" && !paths.includes(u.path)) paths.push(u.path);
    grouped.set(u.from, paths);
  }
  return [...grouped]
    .map(([from, paths]) => `${refLink(file, from)}${paths.length > 0 ? ` (${paths.map((p) => markdownCode(p)).join(", ")})` : ""}`)
    .join(", ");
}

/** Every `$ref` in the model, by target, in file and YAML order. */
export function referencesByTarget(model: Model): UsedBy {
  const out = new Map<TypeDecl, { from: TypeDecl; path: string }[]>();
  const visit = (s: Schema, from: TypeDecl, path: string): void => {
    switch (s.kind) {
      case "ref": {
        const list = out.get(s.target) ?? [];
        list.push({ from, path });
        out.set(s.target, list);
        break;
      }
      case "object":
        for (const p of s.properties) visit(p.schema, from, path === "" ? p.name : `${path}.${p.name}`);
        if (typeof s.additionalProperties === "object") visit(s.additionalProperties, from, `${path}.*`.replace(/^\./, ""));
        break;
      case "array":
        if (s.items) visit(s.items, from, `${path}[]`);
        break;
      case "union":
        for (const m of s.members) visit(m, from, path);
        break;
      default:
        break;
    }
  };
  for (const f of model.files) for (const d of f.items) visit(d.schema, d, "");
  return out;
}

/** What the contents list says a type is. */
function kindLabel(s: Schema): string {
  switch (s.kind) {
    case "ref":
      return `alias of ${s.target.name}`;
    case "enum":
      return "enum";
    case "union":
      return s.typeless === true ? "any" : s.members.map((m) => m.kind).join(" or ");
    default:
      return s.kind;
  }
}
