/**
 * Where each item is referenced from, for the Used by line of its section:
 * every `$ref` of the modules whose pages list items, by target, in module
 * and YAML order. Interfaces are left out: a type page lists the items that
 * build on it, and an interface page shows its own refs in its command and
 * var sections.
 */
import { markdownCode } from "../../escape";
import type { Model, NamedSchema, Schema, SchemaModule } from "../../model/model";
import { refLink } from "./doc-schema-md";

/** The referring item and the property path inside it ("" for the item itself). */
export interface Use {
  readonly from: NamedSchema;
  readonly path: string;
}

export type UsedBy = ReadonlyMap<NamedSchema, readonly Use[]>;

export function referencesByTarget(model: Model): UsedBy {
  const out = new Map<NamedSchema, Use[]>();
  const visit = (s: Schema, from: NamedSchema, path: string): void => {
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
  for (const m of model.modules) if (m.interface === undefined) for (const item of m.items) visit(item.schema, item, "");
  return out;
}

/** The Used by line's text on the page of `page`: each referring item once, with the paths that refer. */
export function usedByText(page: SchemaModule, uses: readonly Use[]): string {
  const grouped = new Map<NamedSchema, string[]>();
  for (const u of uses) {
    const paths = grouped.get(u.from) ?? [];
    if (u.path !== "" && !paths.includes(u.path)) paths.push(u.path);
    grouped.set(u.from, paths);
  }
  return [...grouped]
    .map(([from, paths]) => `${refLink(page, from)}${paths.length > 0 ? ` (${paths.map((p) => markdownCode(p)).join(", ")})` : ""}`)
    .join(", ");
}
