/**
 * The Markdown reference page of each interface (docs/interfaces/<name>.md):
 * per command its description, arguments (a table, nested inline objects
 * flattened as on the type pages), result, TypeScript names and checks; per
 * var its type, qos and checks; the error references. Every `$ref` links to
 * the type's section of its file's page. YAML text goes through
 * markdownText/markdownCode, as on the type pages.
 */
import { markdownBanner } from "../../banner";
import { markdownCode, markdownText, type MarkdownContext } from "../../escape";
import {
  errorType,
  type CommandDecl,
  type InterfaceDecl,
  type InterfaceItem,
  type Model,
  type Schema,
  type TypeDecl } from "../../model/model";
import { ERROR_TYPES_CONSTANT, INTERFACE_MODULE_NAMES, helperNames } from "../../names";
import { pageAnchors, relativeDocsPath, slug } from "./doc-anchors";
import { firstSentence } from "./doc-summary";
import { childRows, constraintItems, type Row } from "./docs-md";
import type { EmittedFile } from "../emitted-file";
import { layout } from "../layout";
import { PACKAGE_NAME } from "../package/package-files";

export function emitInterfaceDocs(model: Model): EmittedFile[] {
  return model.interfaces.map((decl) => ({ path: layout.docsMd(decl), content: renderInterfacePage(decl) }));
}

/** Anchors of one page: `cmd-<name>` and `var-<name>` (slugs, unique on the page), `commands`, `vars`, `errors`. */
function anchorsOf(decl: InterfaceDecl): { cmd: Map<CommandDecl, string>; var: Map<unknown, string> } {
  const taken = new Set(["contents", "commands", "vars", "errors"]);
  const claim = (base: string): string => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  return {
    cmd: new Map(decl.interface.commands.map((c) => [c, claim(`cmd-${slug(c.name)}`)])),
    var: new Map(decl.interface.vars.map((v) => [v, claim(`var-${slug(v.name)}`)])),
  };
}

export function renderInterfacePage(decl: InterfaceDecl): string {
  const here = layout.docsMd(decl);
  const anchors = anchorsOf(decl);
  const ns = `interfaces.${decl.moduleName}`;
  const out: string[] = [];
  out.push(markdownBanner([decl.path]) + `# ${markdownText(decl.name)} (interface)`);
  out.push(`Commands and vars from ${markdownCode(decl.path)}.`);
  if (decl.description.trim() !== "") out.push(markdownText(decl.description));
  out.push(
    [
      `In the package: ${markdownCode(`import { interfaces } from "${PACKAGE_NAME}"`)} (then ${markdownCode(ns)}) or ` +
        `${markdownCode(`import * as ${decl.moduleName} from "${PACKAGE_NAME}/interfaces/${decl.name}"`)}.`,
      `JSON Schema: [${markdownText(layout.schema(decl))}](${relativeDocsPath(here, layout.schema(decl))}).`,
    ].join("\\\n"),
  );

  out.push(`<a id="contents"></a>\n\n## Contents`);
  const contents: string[] = [];
  contents.push(
    decl.interface.commands.length === 0
      ? "- [Commands](#commands): none"
      : `- [Commands](#commands): ${decl.interface.commands.map((c) => `[${markdownText(c.name)}](#${anchors.cmd.get(c)})`).join(", ")}`,
  );
  contents.push(
    decl.interface.vars.length === 0
      ? "- [Vars](#vars): none"
      : `- [Vars](#vars): ${decl.interface.vars.map((v) => `[${markdownText(v.name)}](#${anchors.var.get(v)})`).join(", ")}`,
  );
  contents.push(`- [Errors](#errors)`);
  out.push(contents.join("\n"));

  const items = decl.items;
  // The item of a command, a var, or (for the error items) of the interface itself.
  const itemOf = (owner: unknown, role: InterfaceItem["origin"]["kind"]): InterfaceItem =>
    items.find((i) => i.origin.kind === role && (i.origin.kind === "var" ? i.origin.var : "command" in i.origin ? i.origin.command : decl) === owner)!;

  out.push(`<a id="commands"></a>\n\n## Commands`);
  out.push(
    `Each command's arguments are one object: every argument is passed on each call (all are required) and no other key is allowed. ` +
      `${markdownCode(`${ns}.${INTERFACE_MODULE_NAMES.commands}`)} maps each command name to ${markdownCode("{ arguments; result }")}.`,
  );
  if (decl.interface.commands.length === 0) out.push("This interface has no commands.");
  for (const c of decl.interface.commands) {
    const args = itemOf(c, "arguments");
    const result = itemOf(c, "result");
    out.push(`<a id="${anchors.cmd.get(c)}"></a>\n\n### ${markdownText(c.name)}`);
    if (c.description.trim() !== "") out.push(markdownText(c.description));
    const facts: string[] = [];
    facts.push(
      `**Arguments:** ${c.arguments.properties.length === 0 ? `none (called with ${markdownCode("{}")}, ${markdownCode("null")} or ${markdownCode("[]")})` : c.arguments.properties.map((p) => markdownCode(p.name)).join(", ")}`,
    );
    facts.push(
      c.hasResult
        ? `**Result:** ${typeText(c.result, here)}${resultNote(c.result)}`
        : `**Result:** null (the command has no ${markdownCode("result")})`,
    );
    facts.push(`**TypeScript:** ${tsText(ns, args)}, ${tsText(ns, result)}`);
    facts.push(`**Checked by:** ${checksText(ns, args)}; ${checksText(ns, result)}`);
    out.push(facts.map((f) => `- ${f}`).join("\n"));
    const rows = childRows(c.arguments, "");
    if (rows.length > 0) out.push(table("Argument", rows, here));
    const resultRows = c.hasResult ? childRows(c.result, "") : [];
    if (resultRows.length > 0) out.push(`Result properties:\n\n${table("Property", resultRows, here)}`);
  }

  out.push(`<a id="vars"></a>\n\n## Vars`);
  out.push(`${markdownCode(`${ns}.${INTERFACE_MODULE_NAMES.vars}`)} maps each var name to its type.`);
  if (decl.interface.vars.length === 0) out.push("This interface has no vars.");
  for (const v of decl.interface.vars) {
    const item = itemOf(v, "var");
    out.push(`<a id="${anchors.var.get(v)}"></a>\n\n### ${markdownText(v.name)}`);
    if (v.description.trim() !== "") out.push(markdownText(v.description));
    const facts: string[] = [`**Type:** ${typeText(v.schema, here)}`];
    const constraints = constraintItems(v.schema, "block", { skipEnum: false });
    if (constraints.length > 0) facts.push(`**Constraints:** ${constraints.join(", ")}`);
    if (v.qos !== undefined) facts.push(`**QoS:** ${v.qos}`);
    facts.push(`**TypeScript:** ${tsText(ns, item)}`);
    facts.push(`**Checked by:** ${checksText(ns, item)}`);
    out.push(facts.map((f) => `- ${f}`).join("\n"));
    const rows = childRows(v.schema, "");
    if (rows.length > 0) out.push(table("Property", rows, here));
  }

  out.push(`<a id="errors"></a>\n\n## Errors`);
  if (decl.interface.errors.length === 0) out.push("This interface raises no errors.");
  else {
    out.push(
      decl.interface.errors
        .map((e) => `- ${markdownCode(e.reference)}: ${e.error === undefined ? `every error of ${markdownCode(`errors/${e.file}`)}` : `error ${markdownCode(e.error)} of ${markdownCode(`errors/${e.file}`)}`}`)
        .join("\n"),
    );
  }
  if (decl.interface.raises !== undefined) out.push(...raisedErrors(decl, ns, itemOf(decl, "errorType"), itemOf(decl, "error")));
  return out.join("\n\n") + "\n";
}

/** What the references resolve to: each error type with its description, and the TypeScript that carries them. */
function raisedErrors(decl: InterfaceDecl, ns: string, typeItem: InterfaceItem, objectItem: InterfaceItem): string[] {
  const raises = decl.interface.raises ?? [];
  const out: string[] = [];
  if (raises.length > 0) {
    const rows = raises.map((e) => `| ${markdownCode(errorType(e), "cell")} | ${markdownText(e.description, "cell")} |`);
    out.push(`The errors it may raise, as EVerest's runtime names them:\n\n| Type | Description |\n| --- | --- |\n${rows.join("\n")}`);
  }
  out.push(
    [
      `- **TypeScript:** ${tsText(ns, typeItem)} (the union of these types; ${markdownCode(`${ns}.${ERROR_TYPES_CONSTANT}`)} lists them), ${tsText(ns, objectItem)} (an error as the runtime sends it)`,
      `- **Checked by:** ${checksText(ns, objectItem)}`,
    ].join("\n"),
  );
  return out;
}

/** ` (object, closed)`-style notes after a result's type; its description follows. */
function resultNote(s: Schema): string {
  const summary = firstSentence(s.description ?? "");
  const constraints = constraintItems(s, "block", { skipEnum: false });
  return `${constraints.length > 0 ? ` (${constraints.join(", ")})` : ""}${summary !== "" ? `: ${markdownText(summary)}` : ""}`;
}

function tsText(ns: string, item: InterfaceItem): string {
  return markdownCode(`${ns}.${item.tsName}`);
}

function checksText(ns: string, item: InterfaceItem): string {
  const h = helperNames(item.tsName);
  return `${markdownCode(`${ns}.${h.is}(value)`)}, ${markdownCode(`${ns}.${h.assert}(value)`)} or ${markdownCode(`validate(${JSON.stringify(item.ref)}, value)`)}`;
}

function table(first: string, rows: readonly Row[], here: string): string {
  const withDefault = rows.some((r) => r.schema.default !== undefined);
  const head = [first, "Type", "Required", "Constraints", ...(withDefault ? ["Default"] : []), "Description"];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const r of rows) {
    const s = r.schema;
    const description: string[] = [];
    if (s.description !== undefined && s.description.trim() !== "") description.push(markdownText(s.description, "cell"));
    if (s.kind === "array" && s.items && s.items.kind !== "ref" && s.items.description !== undefined && s.items.description.trim() !== "") {
      description.push(`Items: ${markdownText(s.items.description, "cell")}`);
    }
    lines.push(
      `| ${[
        markdownCode(r.path, "cell"),
        typeText(s, here, "cell"),
        r.required ? "yes" : "no",
        constraintItems(s, "cell", { skipEnum: false }).join("<br>"),
        ...(withDefault ? [s.default === undefined ? "" : markdownCode(JSON.stringify(s.default), "cell")] : []),
        description.join("<br>"),
      ].join(" | ")} |`,
    );
  }
  return lines.join("\n");
}

/** The type of a schema in words; a `$ref` links to the type's section of its file's page. */
function typeText(s: Schema, here: string, ctx: MarkdownContext = "block"): string {
  switch (s.kind) {
    case "ref":
      return typeLink(s.target, here);
    case "enum":
      return `${s.type !== undefined ? `${markdownText(s.type, ctx)} ` : ""}enum`;
    case "const":
      return s.type !== undefined ? `${markdownText(s.type, ctx)} constant` : "constant";
    case "array":
      return s.items ? `array of ${typeText(s.items, here, ctx)}` : "array of any";
    case "object":
      return typeof s.additionalProperties === "object" ? `object (map of ${typeText(s.additionalProperties, here, ctx)})` : "object";
    case "union":
      return s.typeless === true ? "any" : s.members.map((m) => typeText(m, here, ctx)).join(" or ");
    case "any":
      return "any";
    default:
      return s.kind;
  }
}

function typeLink(target: TypeDecl, here: string): string {
  const page = relativeDocsPath(here, layout.docsMd(target.module));
  return `[${markdownText(target.ref)}](${page}#${pageAnchors(target.module).type(target)})`;
}
