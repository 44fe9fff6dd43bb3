/**
 * The one place a schema becomes a TypeScript type expression. Keys go through
 * printedPropertyKey(), literal values through printedStringLiteral(), names come from the
 * model (assigned by ../../names.ts) or from the file's import aliases.
 */
import { printedPropertyKey, printedStringLiteral } from "../../escape";
import { type Constraints, type JsonValue, type NamedSchema, type ObjectSchema, type Property, type Schema, undeclaredProperties } from "../../model/model";
import { EMPTY_DOC, describe, docBlock, indexSignatureDoc, type Doc } from "./jsdoc";

export interface TypeExprContext {
  /** The name `target` goes by in the module being written: its own, or the alias it is imported under. */
  refName(target: NamedSchema): string;
}

/** The indentation unit of all emitted TypeScript. */
export const INDENT = "  ";

/** The TypeScript type for `schema`, e.g. `string | null`, `ChargingSchedule[]`, `{ a: string; b?: number }`. */
export function typeExpr(schema: Schema, ctx: TypeExprContext): string {
  return expr(schema, ctx).text;
}

interface Expr {
  readonly text: string;
  /** The members when `text` is a union (`A | B` -> [A, B]): it needs parentheses as an array's item type. */
  readonly members: readonly string[];
}

function expr(schema: Schema, ctx: TypeExprContext): Expr {
  switch (schema.kind) {
    case "string":
    case "boolean":
    case "null":
      return plain(schema.kind);
    case "integer":
    case "number":
      return plain("number");
    case "any":
      return plain("unknown");
    case "ref":
      return schema.orNull === true ? union([plain(ctx.refName(schema.target)), plain("null")]) : plain(ctx.refName(schema.target));
    case "array": {
      // An array that may hold nothing is exactly the empty tuple.
      if (schema.maxItems === 0) return plain("[]");
      const item = schema.items ? expr(schema.items, ctx) : plain("unknown");
      return plain(item.members.length > 1 ? `(${item.text})[]` : `${item.text}[]`);
    }
    case "enum":
      // A string enum nested in a declaration is declared beside it under the name the model gave it.
      if (schema.isStringEnum && !schema.topLevel) return plain(schema.tsName);
      return union(schema.values.map((v) => plain(literalType(v))));
    case "const":
      // A const that its own `type` refuses (W110) matches nothing.
      return plain(schema.constraints !== undefined && !constMatchesType(schema.value, schema.constraints) ? "never" : literalType(schema.value));
    case "union":
      return union(schema.members.map((m) => expr(m, ctx)));
    case "object":
      return plain(objectLiteralType(schema, ctx));
  }
}

function plain(text: string): Expr {
  return { text, members: [text] };
}

/** The members' members joined with ` | `, duplicates dropped (`integer` and `number` are both `number`); `never` for none. */
function union(exprs: readonly Expr[]): Expr {
  const unique = [...new Set(exprs.flatMap((e) => e.members))];
  if (unique.length === 0) return plain("never");
  return { text: unique.join(" | "), members: unique };
}

/** Whether a const value is of one of the JSON types its constraints name. */
function constMatchesType(value: JsonValue, c: Constraints): boolean {
  const kinds = c.kind === "union" ? c.members.map((m) => m.kind) : [c.kind];
  return kinds.some((k) => {
    switch (k) {
      case "integer":
        return typeof value === "number" && Number.isInteger(value);
      case "null":
        return value === null;
      case "array":
        return Array.isArray(value);
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value);
      default:
        return typeof value === k;
    }
  });
}

/** The literal type of a JSON value: `"x"`, `1`, `true`, `null`, and structural types for arrays and objects. */
export function literalType(value: JsonValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return printedStringLiteral(value);
  if (typeof value === "number") return Object.is(value, -0) ? "0" : String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `readonly [${value.map((v) => literalType(v)).join(", ")}]`;
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  if (entries.length === 0) return "{ readonly [key: string]: never }";
  return `{ ${entries.map(([k, v]) => `readonly ${printedPropertyKey(k)}: ${literalType(v)}`).join("; ")} }`;
}

/** How an object's members are written, shared by interfaces and inline object types. */
export interface ObjectMembers {
  readonly properties: readonly Property[];
  /** The index signature's value type, when the object has one. */
  readonly indexType?: string;
  readonly indexDoc: Doc;
}

/**
 * - declared properties, required ones plain and the others optional;
 * - `additionalProperties: <schema>`: an index signature whose type also admits
 *   every declared property's type (TypeScript requires it), plus `undefined`
 *   when a property is optional (so the type also compiles without
 *   `exactOptionalPropertyTypes`);
 * - no properties: `[key: string]: unknown` when open, `never` when closed;
 * - open objects with properties stay exact: no index signature.
 */
export function objectMembers(schema: ObjectSchema, ctx: TypeExprContext): ObjectMembers {
  if (schema.undeclaredRequired.length > 0) schema = { ...schema, properties: [...schema.properties, ...undeclaredProperties(schema)] };
  const ap = schema.additionalProperties;
  if (typeof ap === "object") {
    const exprs = [expr(ap, ctx), ...schema.properties.map((p) => expr(p.schema, ctx))];
    if (schema.properties.some((p) => !p.required)) exprs.push(plain("undefined"));
    const all = union(exprs);
    const indexType = all.members.includes("unknown") ? "unknown" : all.text;
    const widened = indexType !== exprs[0]?.text;
    return { properties: schema.properties, indexType, indexDoc: indexSignatureDoc(schema, widened) };
  }
  if (schema.properties.length === 0) return { properties: [], indexType: ap === false ? "never" : "unknown", indexDoc: EMPTY_DOC };
  return { properties: schema.properties, indexDoc: EMPTY_DOC };
}

/** An inline object type: on one line when no member has documentation, else one member per line. */
function objectLiteralType(schema: ObjectSchema, ctx: TypeExprContext): string {
  const m = objectMembers(schema, ctx);
  const members: { doc: string; text: string }[] = [];
  if (m.indexType !== undefined) {
    members.push({ doc: docBlock(m.indexDoc, INDENT), text: `[key: string]: ${m.indexType}` });
  }
  for (const p of m.properties) {
    members.push({
      doc: docBlock(describe(p.schema.description, p.schema), INDENT),
      text: `${printedPropertyKey(p.name)}${p.required ? "" : "?"}: ${typeExpr(p.schema, ctx)}`,
    });
  }
  if (members.length === 0) return "{}";
  const multiLine = members.some((x) => x.doc !== "" || x.text.includes("\n"));
  if (!multiLine) return `{ ${members.map((x) => x.text).join("; ")} }`;
  return `{\n${members.map((x) => `${x.doc}${INDENT}${x.text.replace(/\n/g, `\n${INDENT}`)};\n`).join("")}}`;
}
