/**
 * Anchors and links of the Markdown pages (docs/<module>.md), the one place
 * every page, the errors page and the package README take them from, so all
 * link to the same places.
 *
 * Each section gets an explicit `<a id>` anchor: GitHub-style slug of its YAML
 * name (lower case, `.` and other characters outside `[a-z0-9_-]` dropped), so
 * the id usually equals the one a renderer derives from the heading itself.
 * Anchors are unique per page and depend only on that page's module: sections
 * in item order, then inline enums; a taken slug gets `-2`, `-3`, ...
 *
 * An item has a section of its own, named after it, unless its origin puts it
 * in a shared one: an interface page shows a command's arguments and result
 * in the command's section (`cmd-<name>`), a var in `var-<name>`, and its
 * error items in its Errors part.
 */
import type { EnumSchema, NamedSchema, Schema, SchemaModule } from "../../model/model";
import { walkSchema } from "../../model/model";
import { layout } from "../layout";

/** The id of every page's Contents. */
export const CONTENTS = "contents";
/** The ids of an interface page's parts, in page order. */
export const INTERFACE_PARTS = { commands: "commands", vars: "vars", errors: "errors" } as const;

/** The ids of an EVerest API spec's own part, after its items. */
export const API_PARTS = { operations: "operations" } as const;

export interface PageAnchors {
  /** The anchor of the section that shows an item of this module. */
  readonly section: (item: NamedSchema) => string;
  /** The anchor of an inline enum's own section; undefined when the page gives it none. */
  readonly inlineEnum: (schema: EnumSchema) => string | undefined;
  /** The inline enums that get a section, per item, in the order they appear in the YAML, with their anchors. */
  readonly inlineEnums: (item: NamedSchema) => readonly { readonly schema: EnumSchema; readonly id: string }[];
}

function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9_-]/g, "");
  return s === "" ? "type" : s;
}

/** Where an item is shown: a section keyed by `owner` (claimed once, from `base`), or a part with a fixed id. */
type Placement = { readonly owner: object; readonly base: string } | { readonly part: string };

function placement(item: NamedSchema): Placement {
  const o = item.origin;
  switch (o.kind) {
    case "arguments":
    case "result":
      return { owner: o.command, base: `cmd-${slug(o.command.name)}` };
    case "var":
      return { owner: o.var, base: `var-${slug(o.var.name)}` };
    case "errorType":
    case "error":
      return { part: INTERFACE_PARTS.errors };
    default:
      return { owner: item, base: slug(item.name) };
  }
}

/** Ids the page's own headings take, never handed to a section: Contents, and an item page's title (a type may be named like its file) and an API spec's parts, or an interface page's parts. */
function pageIds(m: SchemaModule): string[] {
  if (m.interface !== undefined) return [CONTENTS, ...Object.values(INTERFACE_PARTS)];
  return [CONTENTS, slug(m.name), ...(m.api !== undefined ? Object.values(API_PARTS) : [])];
}

const cache = new WeakMap<SchemaModule, PageAnchors>();

export function pageAnchors(m: SchemaModule): PageAnchors {
  const hit = cache.get(m);
  if (hit) return hit;
  const taken = new Set<string>(pageIds(m));
  const claim = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  const owners = new Map<object, string>();
  const sections = new Map<NamedSchema, string>();
  for (const item of m.items) {
    const p = placement(item);
    if ("part" in p) sections.set(item, p.part);
    else {
      const id = owners.get(p.owner) ?? claim(p.base);
      owners.set(p.owner, id);
      sections.set(item, id);
    }
  }
  // Only a section of the item's own lists its inline enums; a shared section shows them in place.
  const enumsOf = new Map<NamedSchema, { schema: EnumSchema; id: string }[]>();
  const enums = new Map<EnumSchema, string>();
  for (const item of m.items) {
    const p = placement(item);
    if ("part" in p || p.owner !== item) continue;
    const list = inlineEnumsOf(item.schema).map((e) => ({ schema: e, id: claim(slug(e.tsName)) }));
    enumsOf.set(item, list);
    for (const e of list) enums.set(e.schema, e.id);
  }
  const anchors: PageAnchors = {
    section: (item) => {
      const id = sections.get(item);
      if (id === undefined) throw new Error(`internal: ${item.name} is not an item of ${m.name}`);
      return id;
    },
    inlineEnum: (schema) => enums.get(schema),
    inlineEnums: (item) => enumsOf.get(item) ?? [],
  };
  cache.set(m, anchors);
  return anchors;
}

function inlineEnumsOf(schema: Schema): EnumSchema[] {
  const out: EnumSchema[] = [];
  for (const s of walkSchema(schema)) if (s.kind === "enum" && !s.topLevel) out.push(s);
  return out;
}

/** A heading (`title` already Markdown) with its explicit anchor. */
export function anchoredHeading(id: string, level: 2 | 3, title: string): string {
  return `<a id="${id}"></a>\n\n${"#".repeat(level)} ${title}`;
}

/**
 * The link from a module's page (or, with `"root"`, from the package root) to
 * the section showing an item: `#evse` on its own page,
 * `display_message.md#messagecontent` from another, `docs/ocpp.md#evse` from the root.
 */
export function typeLink(from: SchemaModule | "root", to: NamedSchema): string {
  const anchor = pageAnchors(to.module).section(to);
  if (from === "root") return `${layout.docsMd(to.module)}#${anchor}`;
  if (from === to.module) return `#${anchor}`;
  return `${relativeDocsPath(layout.docsMd(from), layout.docsMd(to.module))}#${anchor}`;
}

/** A relative URL from one emitted file to another (POSIX paths inside the package). */
export function relativeDocsPath(fromFile: string, toFile: string): string {
  const from = fromFile.split("/").slice(0, -1);
  const to = toFile.split("/");
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => ".."), ...to.slice(i)].join("/");
}
