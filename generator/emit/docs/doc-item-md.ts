/**
 * An item's own section on its module's page, whatever its origin: its
 * description, type, constraints, default, TypeScript name and checks, Used
 * by, enum values, property table and inline enums. Also how a page names an
 * item in TypeScript, for the sections that show items together.
 */
import { markdownCode, markdownText } from "../../escape";
import type { NamedSchema, Schema, SchemaModule } from "../../model/model";
import { helperNames } from "../../names";
import { anchoredHeading, pageAnchors } from "./doc-anchors";
import { firstSentence } from "./doc-summary";
import { childRows, constraintItems, enumValueList, propertyTable, typeText } from "./doc-schema-md";
import { usedByText, type Use } from "./doc-used-by";
import { sourceDir } from "../layout";

/** How the package's root module reaches a module: `ocpp`, or in its source's folder `interfaces.ocpp`. */
export function namespaceOf(m: SchemaModule): string {
  const dir = sourceDir(m.source);
  return dir === "" ? m.moduleName : `${dir}.${m.moduleName}`;
}

/** An item's TypeScript name, as code. */
export function tsText(item: NamedSchema): string {
  return markdownCode(`${namespaceOf(item.module)}.${item.tsName}`);
}

/** The checks of an item, as code: its guard, its assertion, `validate()` with its ref. */
export function checksText(item: NamedSchema): string {
  const ns = namespaceOf(item.module);
  const h = helperNames(item.tsName);
  return `${markdownCode(`${ns}.${h.is}(value)`)}, ${markdownCode(`${ns}.${h.assert}(value)`)} or ${markdownCode(`validate(${JSON.stringify(item.ref)}, value)`)}`;
}

/** An item's line in the page's contents: link, kind, first sentence. */
export function contentsLine(item: NamedSchema): string {
  const summary = firstSentence(item.description);
  return `- [${markdownText(item.name)}](#${pageAnchors(item.module).section(item)}) (${markdownText(kindLabel(item.schema))})${summary ? `: ${markdownText(summary)}` : ""}`;
}

export function itemSection(item: NamedSchema, uses: readonly Use[]): string[] {
  const page = item.module;
  const anchors = pageAnchors(page);
  const s = item.schema;
  const out: string[] = [];
  out.push(anchoredHeading(anchors.section(item), 2, markdownText(item.name)));
  if (item.description.trim() !== "") out.push(markdownText(item.description));

  const facts: string[] = [];
  facts.push(`**Type:** ${typeText(s, page)}${objectShape(s)}`);
  // Enum values get their own list, and an object's closedness is on the Type line.
  const constraints = constraintItems(s, page, "block", { skipEnum: true, skipClosed: true });
  if (constraints.length > 0) facts.push(`**Constraints:** ${constraints.join(", ")}`);
  if (s.default !== undefined) facts.push(`**Default:** ${markdownCode(JSON.stringify(s.default))} (documentation only: EVerest does not apply defaults)`);
  facts.push(`**TypeScript:** ${tsText(item)}; checked by ${checksText(item)}`);
  if (uses.length > 0) facts.push(`**Used by:** ${usedByText(page, uses)}`);
  out.push(facts.map((f) => `- ${f}`).join("\n"));

  if (s.kind === "enum") out.push(`**Values:**\n\n${enumValueList(s)}`);

  const rows = childRows(s, "");
  if (rows.length > 0) out.push(propertyTable("Property", rows, page));
  else if (s.kind === "object" && typeof s.additionalProperties !== "object") out.push("No properties are declared.");

  // A string enum is declared on its own (an object and a type of one name); any other inline enum is a union written in place.
  for (const { schema: e, id } of anchors.inlineEnums(item)) {
    out.push(
      anchoredHeading(id, 3, e.isStringEnum ? markdownText(e.tsName) : `Values of ${markdownCode(e.pointer)}`),
      `Inline enum at ${markdownCode(e.pointer)}${e.description ? `: ${markdownText(e.description)}` : ""}`,
      `- **Type:** ${e.type !== undefined ? `${markdownText(e.type)} ` : ""}enum` +
        (e.isStringEnum ? `\n- **TypeScript:** ${markdownCode(`${namespaceOf(page)}.${e.tsName}`)}` : ""),
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

/** What the contents list says an item is. */
function kindLabel(s: Schema): string {
  switch (s.kind) {
    case "ref":
      return s.orNull === true ? `${s.target.name} or null` : `alias of ${s.target.name}`;
    case "enum":
      return "enum";
    case "union":
      return s.typeless === true ? "any" : s.members.map((m) => m.kind).join(" or ");
    default:
      return s.kind;
  }
}
