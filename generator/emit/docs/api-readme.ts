/** The generated package README's section on the EVerest API clients (nothing when the package has no spec with topics). */
import { lineComment, markdownCode, markdownText } from "../../escape";
import type { Model } from "../../model/model";
import { clientOperations, clientPathname } from "../clients/client-operations";
import { layout } from "../layout";

export function apiReadmeSection(model: Model, packageName: string): string[] {
  const specs = model.modules.filter((m) => clientPathname(m) !== undefined);
  const first = specs[0];
  if (first === undefined) return [];
  const code = (lang: string, lines: readonly string[]): string => "```" + lang + "\n" + lines.join("\n") + "\n```";
  const importPath = (m: (typeof specs)[number]): string => `${packageName}/${layout.client.cjs(m).replace(/\.js$/, "")}`;
  const out: string[] = ["## EVerest API clients"];
  out.push(
    "Each EVerest API spec has a typed client over an MQTT connection the application owns " +
      `(MQTT.js's ${markdownCode("mqtt.connect(url)")} fits; ${markdownCode("mqtt")} is an optional peer dependency): ` +
      `${markdownCode("createClient")} plays the operations as the spec writes them, ${markdownCode("createEverestSide")} plays EVerest's side, for tests and simulators. ` +
      "One method per operation, named after it in camelCase; messages are validated both ways, and invalid incoming ones go to `onError`.",
  );
  const op = clientOperations(first)[0];
  const lines = [
    `import mqtt from "mqtt";`,
    `import { createClient } from ${JSON.stringify(importPath(first))};`,
    ``,
    `const client = createClient(await mqtt.connectAsync("mqtt://localhost:1883"), {`,
    `  moduleId: "my_module", // the module's id in EVerest's config`,
    `  onError: (e) => console.error(e.kind, e.topic, e.issues),`,
    `});`,
  ];
  // lineComment keeps the spec's text on one comment line, whatever it holds.
  if (op !== undefined) lines.push(lineComment(`client.${op.method}(...): ${op.op.action === "send" ? "publishes to" : "handles"} ${clientPathname(first)}/${op.address}`));
  out.push(code("ts", lines));
  out.push(
    [
      "| Spec | Client | Operations | Reference |",
      "| --- | --- | --- | --- |",
      ...specs.map((m) => {
        const docs = layout.docsMd(m);
        return `| ${markdownCode(m.path, "cell")} | ${markdownCode(importPath(m), "cell")} | ${clientOperations(m).length} | [${markdownText(docs, "cell")}](${docs}#operations) |`;
      }),
    ].join("\n"),
  );
  return out;
}
