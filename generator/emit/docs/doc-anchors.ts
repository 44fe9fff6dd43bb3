/**
 * Anchors and links of the Markdown reference pages (docs/<file>.md), shared
 * by the pages and the package README so both link to the same places.
 *
 * Each type gets an explicit `<a id>` anchor: GitHub-style slug of its YAML name
 * (lower case, `.` and other characters outside `[a-z0-9_-]` dropped), so the
 * id usually equals the one a renderer derives from the heading itself. Anchors
 * are unique per page and depend only on that page's file: types first, in YAML
 * order, then inline enums; a taken slug gets `-2`, `-3`, ...
 */
import type { DefsFile, EnumSchema, Schema, TypeDecl } from "../../model/model";
import { walkSchema } from "../../model/model";
import { layout } from "../layout";

/** Ids the page uses for itself, never handed to a type. */
const PAGE_IDS = ["contents"];

export interface PageAnchors {
  /** The anchor of a type of this file. */
  readonly type: (decl: TypeDecl) => string;
  /** The anchor of an inline enum of this file. */
  readonly inlineEnum: (schema: EnumSchema) => string;
  /** Inline enums per type, in the order they appear in the YAML. */
  readonly inlineEnums: (decl: TypeDecl) => readonly EnumSchema[];
}

export function slug(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9_-]/g, "");
  return s === "" ? "type" : s;
}

const cache = new WeakMap<DefsFile, PageAnchors>();

export function pageAnchors(file: DefsFile): PageAnchors {
  const hit = cache.get(file);
  if (hit) return hit;
  const taken = new Set<string>([...PAGE_IDS, slug(file.name)]);
  const claim = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  const types = new Map<TypeDecl, string>();
  for (const decl of file.items) types.set(decl, claim(slug(decl.name)));
  const enums = new Map<EnumSchema, string>();
  const enumsOf = new Map<TypeDecl, EnumSchema[]>();
  for (const decl of file.items) {
    const list = inlineEnumsOf(decl.schema);
    enumsOf.set(decl, list);
    for (const e of list) enums.set(e, claim(slug(e.tsName)));
  }
  const anchors: PageAnchors = {
    type: (decl) => {
      const id = types.get(decl);
      if (id === undefined) throw new Error(`internal: ${decl.name} is not a type of ${file.name}`);
      return id;
    },
    inlineEnum: (schema) => {
      const id = enums.get(schema);
      if (id === undefined) throw new Error(`internal: inline enum ${schema.tsName} is not in ${file.name}`);
      return id;
    },
    inlineEnums: (decl) => enumsOf.get(decl) ?? [],
  };
  cache.set(file, anchors);
  return anchors;
}

function inlineEnumsOf(schema: Schema): EnumSchema[] {
  const out: EnumSchema[] = [];
  for (const s of walkSchema(schema)) if (s.kind === "enum" && !s.topLevel) out.push(s);
  return out;
}

/**
 * The link from a page (or, with `fromRoot`, from the package root) to a type:
 * `#evse` on its own page, `display_message.md#messagecontent` from another,
 * `docs/ocpp.md#evse` from the root.
 */
export function typeLink(from: DefsFile | "root", to: TypeDecl): string {
  const anchor = pageAnchors(to.module).type(to);
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
