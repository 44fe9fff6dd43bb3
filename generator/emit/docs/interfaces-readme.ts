/** The generated package README's section on interfaces (nothing when the package has none). */
import { markdownCode, markdownText } from "../../escape";
import { errorType, type InterfaceDetails, type Model, type SchemaModule } from "../../model/model";
import { ERROR_ITEM_NAMES, ERROR_TYPES_CONSTANT, INTERFACE_MODULE_NAMES, helperNames } from "../../names";
import { ERRORS_DOC } from "./docs-errors-md";
import { firstSentence } from "./doc-summary";
import { layout } from "../layout";

type WithInterface = SchemaModule & { readonly interface: InterfaceDetails };

export function interfacesReadmeSection(model: Model, packageName: string): string[] {
  const interfaces = model.modules.filter((m): m is WithInterface => m.interface !== undefined);
  const first = interfaces[0];
  if (first === undefined) return [];
  const code = (lang: string, lines: readonly string[]): string => "```" + lang + "\n" + lines.join("\n") + "\n```";
  const out: string[] = ["## Interfaces"];
  out.push(
    `The commands and vars of EVerest module interfaces (${interfaces.map((i) => markdownCode(i.path)).join(", ")}): ` +
      `per command an arguments object (every argument required, no other key) and a result, per var its value; each with \`isX\`, \`assertX\` and \`validateX\`. ` +
      `Each interface is a namespace of the root module's \`interfaces\` and a module of its own.`,
  );
  const items = first.items;
  const args = items.find((i) => i.origin.kind === "arguments" && i.schema.kind === "object" && i.schema.properties.length > 0) ?? items[0];
  const lines = [
    `import { interfaces, validate } from "${packageName}";`,
    `import type { ${INTERFACE_MODULE_NAMES.commands}, ${INTERFACE_MODULE_NAMES.vars} } from "${packageName}/interfaces/${first.name}";`,
  ];
  const cmd = first.interface.commands[0];
  if (cmd) lines.push(``, `type Arguments = ${INTERFACE_MODULE_NAMES.commands}[${JSON.stringify(cmd.name)}]["arguments"]; // ${cmd.argumentsTsName}`);
  const v = first.interface.vars[0];
  if (v) lines.push(`type Value = ${INTERFACE_MODULE_NAMES.vars}[${JSON.stringify(v.name)}]; // ${v.tsName}`);
  if (args) {
    const h = helperNames(args.tsName);
    lines.push(
      ``,
      `if (interfaces.${first.moduleName}.${h.is}(data)) {`,
      `  // data is a ${args.tsName}`,
      `}`,
      `const result = validate(${JSON.stringify(args.ref)}, data);`,
    );
  }
  out.push(code("ts", lines));
  out.push(
    `A ref for \`validate()\` names an interface item by the interface module and the item's place in the YAML: ` +
      `\`interfaces/<interface>/cmds/<cmd>/arguments\`, \`interfaces/<interface>/cmds/<cmd>/result\` or \`interfaces/<interface>/vars/<var>\` (typed \`InterfaceRef\`).`,
  );
  const rows = interfaces.map(
    (i) =>
      `| [${markdownText(i.name, "cell")}](${layout.docsMd(i)}) | ${i.interface.commands.length} | ${i.interface.vars.length} | ${markdownText(firstSentence(i.description), "cell")} |`,
  );
  out.push(["| Interface | Commands | Vars | Description |", "| --- | --- | --- | --- |", ...rows].join("\n"));
  if (model.errorFiles.length > 0) out.push(...errorsSection(interfaces));
  return out;
}

/** Which interface may raise which errors: the union type and list each interface module exports, and the page that lists them. */
function errorsSection(interfaces: readonly WithInterface[]): string[] {
  const rows = interfaces
    .filter((i) => (i.interface.raises ?? []).length > 0)
    .map((i) => `| [${markdownText(i.name, "cell")}](${layout.docsMd(i)}#errors) | ${(i.interface.raises ?? []).map((e) => markdownCode(errorType(e), "cell")).join(", ")} |`);
  return [
    "### Errors",
    `Each interface module exports \`${ERROR_ITEM_NAMES.type}\` (the union of the error types it may raise, \`"<error file>/<error name>"\`), ` +
      `\`${ERROR_TYPES_CONSTANT}\` (the same as a list), and \`${ERROR_ITEM_NAMES.object}\` with \`isErrorObject\`, \`assertErrorObject\` and \`validateErrorObject\` ` +
      `(an error as EVerest's runtime sends it; \`validate("interfaces/<interface>/errors/object", value)\`). [${ERRORS_DOC}](${ERRORS_DOC}) lists every error.`,
    rows.length > 0 ? ["| Interface | May raise |", "| --- | --- |", ...rows].join("\n") : "No interface raises errors.",
  ];
}
