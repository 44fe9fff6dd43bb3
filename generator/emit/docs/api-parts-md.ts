/**
 * What only an EVerest API spec's page has, after its items: the Operations
 * part, one row per operation with a topic: which side publishes, the full
 * topic, the message, the reply, and the generated clients' methods for it
 * (../clients/api-clients.ts).
 */
import { markdownCode, markdownText } from "../../escape";
import type { NamedSchema, SchemaModule } from "../../model/model";
import { clientOperations, clientPathname } from "../clients/client-operations";
import { layout } from "../layout";
import { API_PARTS, anchoredHeading, pageAnchors } from "./doc-anchors";

export function apiParts(m: SchemaModule, packageName: string): string[] {
  const prefix = clientPathname(m);
  if (m.api === undefined || prefix === undefined) return [];
  const anchors = pageAnchors(m);
  const link = (item: NamedSchema): string => `[${markdownText(item.name, "cell")}](#${anchors.section(item)})`;
  const ops = clientOperations(m);
  const out = [anchoredHeading(API_PARTS.operations, 2, "Operations")];
  const client = layout.client.cjs(m).replace(/\.js$/, "");
  out.push(
    `Topics start with ${markdownCode(prefix)}. ` +
      `The client (${markdownCode(`createClient`)} from ${markdownCode(`${packageName}/${client}`)}) plays each operation as written; ` +
      `EVerest's side (${markdownCode("createEverestSide")}) plays it mirrored. ` +
      `A request carries ${markdownCode("{ headers: { replyTo }, payload }")}; its reply goes to ${markdownCode("replyTo")}.`,
  );
  if (ops.length === 0) {
    out.push("This spec has no operation with a topic.");
    return out;
  }
  const rows = ops.map((o) => {
    const who = o.op.action === "send" ? "client publishes" : "EVerest publishes";
    const cells = [
      markdownCode(o.op.name, "cell"),
      who,
      markdownCode(`${prefix}/${o.address}`, "cell"),
      link(o.message),
      o.reply === null ? "none" : link(o.reply),
      `${markdownCode(o.method, "cell")} / ${markdownCode(o.mirror, "cell")}`,
    ];
    return `| ${cells.join(" | ")} |`;
  });
  out.push(["| Operation | Direction | Topic | Message | Reply | Client / EVerest side |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n"));
  return out;
}
