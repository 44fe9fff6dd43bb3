/**
 * The Markdown reference page of every module (docs/<module>.md): what people
 * read instead of the YAML. Every page starts alike: title, source file,
 * description, how to import the module, its JSON Schema (and its plain-text
 * page when it has one), Contents. Then an interface page has its Commands,
 * Vars and Errors parts (interface-parts-md.ts); any other module, whatever
 * its source, lists its items and gives each a section (doc-item-md.ts).
 */
import { markdownBanner } from "../../banner";
import { markdownCode, markdownText } from "../../escape";
import type { Model, ModuleSource, SchemaModule } from "../../model/model";
import { CONTENTS, anchoredHeading, relativeDocsPath } from "./doc-anchors";
import { contentsLine, itemSection, namespaceOf } from "./doc-item-md";
import { referencesByTarget, type UsedBy } from "./doc-used-by";
import { hasTextPage } from "./docs-text";
import { INTERFACE_PAGE, interfaceParts } from "./interface-parts-md";
import { apiParts } from "./api-parts-md";
import type { EmittedFile } from "../emitted-file";
import { layout, sourceDir } from "../layout";

/** Per source, the words of its pages: after `# <name>`, before `from <path>`, and for a module without items. */
const PAGE_WORDS: Readonly<Record<ModuleSource, { readonly title: string; readonly holds: string; readonly empty: string }>> = {
  types: { title: "", holds: "Types", empty: "This file declares no types." },
  interface: { ...INTERFACE_PAGE, empty: "This interface declares no commands or vars." },
  api: { title: " (EVerest API)", holds: "Messages", empty: "This spec declares no messages." },
};

export function emitDocsMarkdown(model: Model): EmittedFile[] {
  return model.modules.map((m) => docsMarkdownPage(m, model));
}

/** Each model's references by target, found once for all its pages. */
const usedByOf = new WeakMap<Model, UsedBy>();

/** The page of one module. */
export function docsMarkdownPage(m: SchemaModule, model: Model): EmittedFile {
  let usedBy = usedByOf.get(model);
  if (usedBy === undefined) usedByOf.set(model, (usedBy = referencesByTarget(model)));
  return { path: layout.docsMd(m), content: renderMarkdownPage(m, usedBy, model.package.name) };
}

/** `packageName` is the name the page's import lines use (`Model.package.name`). */
export function renderMarkdownPage(m: SchemaModule, usedBy: UsedBy, packageName: string): string {
  const PACKAGE_NAME = packageName;
  const words = PAGE_WORDS[m.source];
  const here = layout.docsMd(m);
  const dir = sourceDir(m.source);
  const out: string[] = [];
  out.push(markdownBanner([m.path]) + `# ${markdownText(m.name)}${words.title}`);
  out.push(`${words.holds} from ${markdownCode(m.path)}.`);
  if (m.description.trim() !== "") out.push(markdownText(m.description));
  // A module in its source's folder is a namespace of that folder's export in the root module.
  const fromRoot = dir === "" ? markdownCode(`import { ${m.moduleName} } from "${PACKAGE_NAME}"`) : `${markdownCode(`import { ${dir} } from "${PACKAGE_NAME}"`)} (then ${markdownCode(namespaceOf(m))})`;
  const own = markdownCode(`import * as ${m.moduleName} from "${PACKAGE_NAME}/${dir === "" ? "" : `${dir}/`}${m.name}"`);
  const links = [`In the package: ${fromRoot} or ${own}.`, `JSON Schema: [${markdownText(layout.schema(m))}](${relativeDocsPath(here, layout.schema(m))}).`];
  if (hasTextPage(m)) {
    const text = layout.docsTxt(m);
    links.push(`The same page in EVerest's plain-text form: [${markdownText(text.split("/").pop() ?? "")}](${relativeDocsPath(here, text)}).`);
  }
  out.push(links.join("\\\n"));
  out.push(anchoredHeading(CONTENTS, 2, "Contents"));
  out.push(...(m.interface !== undefined ? interfaceParts(m, m.interface) : itemParts(m, words.empty, usedBy)));
  out.push(...apiParts(m, PACKAGE_NAME));
  return out.join("\n\n") + "\n";
}

/** The contents list, then a section per item. */
function itemParts(m: SchemaModule, empty: string, usedBy: UsedBy): string[] {
  const out = [m.items.length === 0 ? empty : m.items.map(contentsLine).join("\n")];
  for (const item of m.items) out.push(...itemSection(item, usedBy.get(item) ?? []));
  return out;
}
