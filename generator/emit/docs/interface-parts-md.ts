/**
 * What only an interface page has, after the header every page shares: its
 * contents list and its Commands, Vars and Errors parts. A command's section
 * shows its arguments and result items together (a table each, rendered as on
 * every page); a var's section shows its item; the Errors part lists the
 * `errors:` references and what they resolve to.
 */
import { markdownCode, markdownText } from "../../escape";
import { errorType, type CommandDecl, type ErrorDecl, type InterfaceDetails, type NamedSchema, type Schema, type SchemaModule, type VarDecl } from "../../model/model";
import { ERROR_TYPES_CONSTANT, INTERFACE_MODULE_NAMES } from "../../names";
import { INTERFACE_PARTS, anchoredHeading, pageAnchors } from "./doc-anchors";
import { checksText, namespaceOf, tsText } from "./doc-item-md";
import { childRows, constraintItems, propertyTable, typeText } from "./doc-schema-md";
import { firstSentence } from "./doc-summary";

/** The page's words for what it holds, after `# <name>` and before `from <path>`. */
export const INTERFACE_PAGE = { title: " (interface)", holds: "Commands and vars" } as const;

export function interfaceParts(m: SchemaModule, details: InterfaceDetails): string[] {
  const anchors = pageAnchors(m);
  const ns = namespaceOf(m);
  const items = itemsByRole(m);
  const { commands, vars } = details;
  const link = (name: string, item: NamedSchema): string => `[${markdownText(name)}](#${anchors.section(item)})`;
  const out: string[] = [];

  out.push(
    [
      `- [Commands](#${INTERFACE_PARTS.commands}): ${commands.length === 0 ? "none" : commands.map((c) => link(c.name, items.arguments(c))).join(", ")}`,
      `- [Vars](#${INTERFACE_PARTS.vars}): ${vars.length === 0 ? "none" : vars.map((v) => link(v.name, items.var(v))).join(", ")}`,
      `- [Errors](#${INTERFACE_PARTS.errors})`,
    ].join("\n"),
  );

  out.push(anchoredHeading(INTERFACE_PARTS.commands, 2, "Commands"));
  out.push(
    `Each command's arguments are one object: every argument is passed on each call (all are required) and no other key is allowed. ` +
      `${markdownCode(`${ns}.${INTERFACE_MODULE_NAMES.commands}`)} maps each command name to ${markdownCode("{ arguments; result }")}.`,
  );
  if (commands.length === 0) out.push("This interface has no commands.");
  for (const c of commands) {
    const args = items.arguments(c);
    const result = items.result(c);
    out.push(anchoredHeading(anchors.section(args), 3, markdownText(c.name)));
    if (c.description.trim() !== "") out.push(markdownText(c.description));
    const argumentNames = c.arguments.properties.map((p) => markdownCode(p.name)).join(", ");
    out.push(
      [
        `**Arguments:** ${argumentNames === "" ? `none (called with ${markdownCode("{}")}, ${markdownCode("null")} or ${markdownCode("[]")})` : argumentNames}`,
        c.hasResult ? `**Result:** ${typeText(c.result, m)}${resultNote(c.result, m)}` : `**Result:** null (the command has no ${markdownCode("result")})`,
        `**TypeScript:** ${tsText(args)}, ${tsText(result)}`,
        `**Checked by:** ${checksText(args)}; ${checksText(result)}`,
      ]
        .map((f) => `- ${f}`)
        .join("\n"),
    );
    const rows = childRows(c.arguments, "");
    if (rows.length > 0) out.push(propertyTable("Argument", rows, m));
    const resultRows = c.hasResult ? childRows(c.result, "") : [];
    if (resultRows.length > 0) out.push(`Result properties:\n\n${propertyTable("Property", resultRows, m)}`);
  }

  out.push(anchoredHeading(INTERFACE_PARTS.vars, 2, "Vars"));
  out.push(`${markdownCode(`${ns}.${INTERFACE_MODULE_NAMES.vars}`)} maps each var name to its type.`);
  if (vars.length === 0) out.push("This interface has no vars.");
  for (const v of vars) {
    const item = items.var(v);
    out.push(anchoredHeading(anchors.section(item), 3, markdownText(v.name)));
    if (v.description.trim() !== "") out.push(markdownText(v.description));
    const facts: string[] = [`**Type:** ${typeText(v.schema, m)}`];
    const constraints = constraintItems(v.schema, m, "block", { skipEnum: false });
    if (constraints.length > 0) facts.push(`**Constraints:** ${constraints.join(", ")}`);
    if (v.qos !== undefined) facts.push(`**QoS:** ${v.qos}`);
    facts.push(`**TypeScript:** ${tsText(item)}`, `**Checked by:** ${checksText(item)}`);
    out.push(facts.map((f) => `- ${f}`).join("\n"));
    const rows = childRows(v.schema, "");
    if (rows.length > 0) out.push(propertyTable("Property", rows, m));
  }

  out.push(anchoredHeading(INTERFACE_PARTS.errors, 2, "Errors"));
  if (details.errors.length === 0) out.push("This interface raises no errors.");
  else {
    out.push(
      details.errors
        .map((e) => `- ${markdownCode(e.reference)}: ${e.error === undefined ? "every error" : `error ${markdownCode(e.error)}`} of ${markdownCode(`errors/${e.file}`)}`)
        .join("\n"),
    );
  }
  if (details.raises !== undefined) out.push(...raisedErrors(details.raises, ns, items.errorType(), items.error()));
  return out;
}

/** An interface module's items by what they are (each looked up once: an interface can have thousands of commands). */
function itemsByRole(m: SchemaModule) {
  const byOwner = new Map<string, Map<unknown, NamedSchema>>();
  for (const item of m.items) {
    const o = item.origin;
    const owner = o.kind === "arguments" || o.kind === "result" ? o.command : o.kind === "var" ? o.var : undefined;
    const map = byOwner.get(o.kind) ?? new Map<unknown, NamedSchema>();
    map.set(owner, item);
    byOwner.set(o.kind, map);
  }
  const get = (kind: NamedSchema["origin"]["kind"], owner?: CommandDecl | VarDecl): NamedSchema => {
    const item = byOwner.get(kind)?.get(owner);
    if (item === undefined) throw new Error(`internal: ${m.name} has no ${kind} item${owner ? ` for ${owner.name}` : ""}`);
    return item;
  };
  return {
    arguments: (c: CommandDecl) => get("arguments", c),
    result: (c: CommandDecl) => get("result", c),
    var: (v: VarDecl) => get("var", v),
    errorType: () => get("errorType"),
    error: () => get("error"),
  };
}

/** What the references resolve to: each error type with its description, and the TypeScript that carries them. */
function raisedErrors(raises: readonly ErrorDecl[], ns: string, typeItem: NamedSchema, objectItem: NamedSchema): string[] {
  const out: string[] = [];
  if (raises.length > 0) {
    const rows = raises.map((e) => `| ${markdownCode(errorType(e), "cell")} | ${markdownText(e.description, "cell")} |`);
    out.push(`The errors it may raise, as EVerest's runtime names them:\n\n| Type | Description |\n| --- | --- |\n${rows.join("\n")}`);
  }
  out.push(
    [
      `- **TypeScript:** ${tsText(typeItem)} (the union of these types; ${markdownCode(`${ns}.${ERROR_TYPES_CONSTANT}`)} lists them), ${tsText(objectItem)} (an error as the runtime sends it)`,
      `- **Checked by:** ${checksText(objectItem)}`,
    ].join("\n"),
  );
  return out;
}

/** ` (object, closed)`-style notes after a result's type; its description follows. */
function resultNote(s: Schema, page: SchemaModule): string {
  const summary = firstSentence(s.description ?? "");
  const constraints = constraintItems(s, page, "block", { skipEnum: false });
  return `${constraints.length > 0 ? ` (${constraints.join(", ")})` : ""}${summary !== "" ? `: ${markdownText(summary)}` : ""}`;
}
