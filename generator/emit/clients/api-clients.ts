/**
 * Typed clients for the EVerest API: per spec, `api/<spec>/client.js` and
 * `.mjs` (one JsModule) holding a descriptor of the spec's operations
 * (topics, directions, message validators, replies) and two factories,
 * `createClient` (the program outside EVerest, playing the operations as the
 * spec writes them) and `createEverestSide` (EVerest's API module, mirrored,
 * for tests and simulators); `client.d.ts` and `.d.mts` type one method per
 * operation with the messages' types. Everything about MQTT and the EVerest
 * API's conventions is in the one implementation both use,
 * internal/api-client.js (../runtime/assets/api-client.js), emitted here too
 * when the package has specs. Which operations become methods, and their
 * names: ./client-operations.ts.
 */
import { StructureKind, type InterfaceDeclarationStructure, type MethodSignatureStructure, type OptionalKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { codeBanner } from "../../banner";
import { commentInline, lineComment, stringLiteral } from "../../escape";
import { type Model, type NamedSchema, type SchemaModule, aliasEnd } from "../../model/model";
import { type ClientOperation, clientOperations, clientPathname } from "./client-operations";
import { NameScope } from "../../names";
import type { EmittedFile } from "../emitted-file";
import { layout, specifier } from "../layout";
import { printModule, pure } from "../modules/js-module";
import { assetModule } from "../runtime/runtime-js";
import { assetText } from "../runtime/assets";
import { descriptionLines, docStructures } from "../ts/jsdoc";
import { separated } from "../ts/layout-statements";
import { print } from "../ts/print";
import { validatorExportName } from "../validators/compile";
import { needsDepthCheck } from "../validators/depth";

export function emitApiClients(model: Model): EmittedFile[] {
  return [...clientAssets(model), ...model.modules.flatMap(moduleClient)];
}

/** The client implementation and its declarations, once for every client: when there is one. */
export function clientAssets(model: Model): EmittedFile[] {
  if (!model.modules.some((m) => clientPathname(m) !== undefined)) return [];
  return [...printModule(assetModule("api-client.js")), { path: layout.apiClientDts, content: codeBanner([]) + apiClientDeclarations() }];
}

/** The client of one module, when it has one (an EVerest API spec with topics). */
export function moduleClient(m: SchemaModule): EmittedFile[] {
  if (clientPathname(m) === undefined) return [];
  return [
    ...printModule(clientModule(m)),
    { path: layout.client.dts(m), content: print(clientDts(m)) },
    { path: layout.client.dmts(m), content: print(clientDmts(m)) },
  ];
}

/** internal/api-client.d.ts: the declarations asset, its import of the runtime's declarations pointed at the package's runtime.d.ts. */
function apiClientDeclarations(): string {
  const text = assetText("api-client-declarations.ts");
  const from = `from "./runtime-declarations";`;
  if (!text.includes(from)) throw new Error("internal error: api-client-declarations.ts no longer imports ./runtime-declarations");
  return text.split(from).join(`from ${stringLiteral(specifier(layout.apiClientDts, layout.runtimeCjs))};`);
}

/** `[ref, validateX]`, with `, true` where the message's depth is counted first. */
function check(item: NamedSchema, validators: string): string {
  return `[${stringLiteral(item.ref)}, ${validators}.${validatorExportName(item)}${needsDepthCheck(item.schema) ? ", true" : ""}]`;
}

function clientModule(m: SchemaModule) {
  const path = layout.client.cjs(m);
  const scope = new NameScope(["createClient", "createEverestSide", "waitForReadyBeacon", "publishReadyBeacon"]);
  const runtime = scope.claim("client");
  const validators = scope.claim("validators");
  const spec = scope.claim("API");
  const ops = clientOperations(m).map((o) =>
    [
      `    {`,
      `      name: ${stringLiteral(o.op.name)},`,
      `      method: ${stringLiteral(o.method)},`,
      `      mirror: ${stringLiteral(o.mirror)},`,
      `      action: ${stringLiteral(o.op.action)},`,
      `      address: ${stringLiteral(o.address)},`,
      `      message: ${check(o.message, validators)},`,
      `      reply: ${o.reply === null ? "null" : check(o.reply, validators)},`,
      `    },`,
    ].join("\n"),
  );
  const body = [
    lineComment(`The operations of ${m.path}, as internal/api-client.js plays them.`),
    `const ${spec} = ${pure(`Object.freeze({\n  pathname: ${stringLiteral(clientPathname(m)!)},\n  operations: [\n${ops.join("\n")}\n  ],\n})`)};\n`,
    `function createClient(connection, options) {`,
    `  return ${runtime}.createApiSide(${spec}, "client", connection, options);`,
    `}\n`,
    `function createEverestSide(connection, options) {`,
    `  return ${runtime}.createApiSide(${spec}, "everest", connection, options);`,
    `}\n`,
    `const waitForReadyBeacon = ${runtime}.waitForReadyBeacon;`,
    `const publishReadyBeacon = ${runtime}.publishReadyBeacon;`,
  ];
  return {
    path,
    sources: [m.path],
    imports: [
      { path: layout.apiClientCjs, bind: { ns: runtime } },
      { path: layout.validatorsCjs(m), bind: { ns: validators } },
    ],
    body: body.join("\n"),
    exports: ["createClient", "createEverestSide", "waitForReadyBeacon", "publishReadyBeacon"].map((name) => ({ name, local: name })),
  };
}

/** Whether a request message (an envelope `{ headers: { replyTo }, payload }`) has a `payload` property. */
function envelopeHasPayload(message: NamedSchema): boolean {
  let s = message.schema;
  if (s.kind === "ref") s = aliasEnd(s.target).schema;
  return s.kind === "object" && s.properties.some((p) => p.name === "payload");
}

/** The names the client's declarations use for the messages' module and the runtime's types. */
const MESSAGES = "messages";
const RUNTIME_TYPES = [
  "ApiClientOptions",
  "ClientCommunicationCheck",
  "ClientHeartbeat",
  "EverestCommunicationCheck",
  "EverestHeartbeat",
  "MqttConnection",
  "RequestOptions",
  "Subscription",
] as const;

/** The options type of the factories: the instance id is required where the topics have a `{module_id}` level. */
function optionsType(pathname: string): string {
  return pathname.includes("{module_id}") ? "ApiClientOptions & { readonly moduleId: string }" : "ApiClientOptions";
}

export function clientDts(m: SchemaModule): SourceFileStructure {
  const dts = layout.client.dts(m);
  const ops = clientOperations(m);
  const prefix = clientPathname(m)!;
  const options = optionsType(prefix);
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      namedImports: [...RUNTIME_TYPES],
      moduleSpecifier: specifier(dts, layout.apiClientCjs),
    },
    { kind: StructureKind.ImportDeclaration, isTypeOnly: true, namespaceImport: MESSAGES, moduleSpecifier: specifier(dts, layout.cjs(m)) },
    { kind: StructureKind.ExportDeclaration, namedExports: ["publishReadyBeacon", "waitForReadyBeacon"], moduleSpecifier: specifier(dts, layout.apiClientCjs) },
    sideInterface(m, "Client", "client", ops, prefix),
    sideInterface(m, "EverestSide", "everest", ops, prefix),
    {
      kind: StructureKind.Function,
      isExported: true,
      hasDeclareKeyword: true,
      name: "createClient",
      docs: docStructures({ lines: [`The client of ${commentInline(m.path)} on \`connection\` (an MQTT.js client, or any connection of that shape).`], tags: [] }),
      parameters: [
        { name: "connection", type: "MqttConnection" },
        { name: "options", type: options },
      ],
      returnType: "Client",
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      hasDeclareKeyword: true,
      name: "createEverestSide",
      docs: docStructures({ lines: [`EVerest's side of ${commentInline(m.path)} on \`connection\`: every operation mirrored, for tests and simulators.`], tags: [] }),
      parameters: [
        { name: "connection", type: "MqttConnection" },
        { name: "options", type: options },
      ],
      returnType: "EverestSide",
    },
  ];
  return { kind: StructureKind.SourceFile, leadingTrivia: codeBanner([m.path]), statements: separated(statements) };
}

export function clientDmts(m: SchemaModule): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner([m.path]),
    statements: [{ kind: StructureKind.ExportDeclaration, moduleSpecifier: specifier(layout.client.dmts(m), layout.client.cjs(m)) }],
  };
}

/** `messages.X`: a message's type in the spec's module. */
function typeOf(item: NamedSchema): string {
  return `${MESSAGES}.${item.tsName}`;
}

function sideInterface(m: SchemaModule, name: string, side: "client" | "everest", ops: readonly ClientOperation[], prefix: string): InterfaceDeclarationStructure {
  const methods: OptionalKind<MethodSignatureStructure>[] = ops.map((o) => {
    const action = side === "client" ? o.op.action : o.op.action === "send" ? "receive" : "send";
    const topic = `\`${commentInline(`${prefix}/${o.address}`)}\``;
    const lines = [`\`${commentInline(o.op.name)}\`${o.op.title === undefined ? "" : `: ${commentInline(o.op.title)}`}.`];
    const method = side === "client" ? o.method : o.mirror;
    if (action === "send" && o.reply === null) {
      lines.push(`Publishes the message to ${topic}.`);
      return withDocs({ name: method, parameters: [{ name: "message", type: typeOf(o.message) }], returnType: "Promise<void>" }, lines, o);
    }
    if (action === "send") {
      lines.push(`Requests on ${topic}, with a \`headers.replyTo\` of its own; resolves with the reply (rejects after the timeout or on abort).`);
      const payload = envelopeHasPayload(o.message) ? { name: "payload", type: `${typeOf(o.message)}["payload"]` } : { name: "payload", hasQuestionToken: true, type: "undefined" };
      return withDocs(
        { name: method, parameters: [payload, { name: "options", hasQuestionToken: true, type: "RequestOptions" }], returnType: `Promise<${typeOf(o.reply!)}>` },
        lines,
        o,
      );
    }
    if (o.reply === null) {
      lines.push(`Calls \`handler\` with every valid message on ${topic}; invalid ones go to \`onError\`.`);
      return withDocs(
        { name: method, parameters: [{ name: "handler", type: `(message: ${typeOf(o.message)}, topic: string) => void | Promise<void>` }], returnType: "Subscription" },
        lines,
        o,
      );
    }
    lines.push(`Answers requests on ${topic}: \`handler\` gets the request's payload, and what it returns is sent to the request's \`headers.replyTo\`.`);
    const payloadType = envelopeHasPayload(o.message) ? `${typeOf(o.message)}["payload"]` : "undefined";
    const reply = typeOf(o.reply);
    return withDocs(
      { name: method, parameters: [{ name: "handler", type: `(payload: ${payloadType}, topic: string) => ${reply} | Promise<${reply}>` }], returnType: "Subscription" },
      lines,
      o,
    );
  });
  methods.push({ name: "topic", docs: docStructures({ lines: ["The full topic of an address of this API instance (`m2e/...`)."], tags: [] }), parameters: [{ name: "address", type: "string" }], returnType: "string" });
  methods.push({ name: "close", docs: docStructures({ lines: ["Unsubscribes what this side subscribed to (a topic another client on the connection still uses stays), rejects its pending requests and heartbeat waits, and from then on it sends and subscribes nothing; the connection stays open (it is the application's)."], tags: [] }), returnType: "void" });
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    docs: docStructures({
      lines: [
        side === "client"
          ? `The client of ${commentInline(m.path)}: the program outside EVerest, playing every operation as the spec writes it.`
          : `EVerest's side of ${commentInline(m.path)}: every operation mirrored (what the client sends, it receives), for tests and simulators.`,
      ],
      tags: [],
    }),
    methods,
    properties: [
      side === "client"
        ? { name: "heartbeat", isReadonly: true, type: "ClientHeartbeat", docs: docStructures({ lines: ["EVerest's heartbeat on `e2m/heartbeat`: the next beat, or a watch that says when beats stop and resume."], tags: [] }) }
        : { name: "heartbeat", isReadonly: true, type: "EverestHeartbeat", docs: docStructures({ lines: ["Publishes the heartbeat EVerest's API module sends on `e2m/heartbeat`."], tags: [] }) },
      side === "client"
        ? { name: "communicationCheck", isReadonly: true, type: "ClientCommunicationCheck", docs: docStructures({ lines: ["Checks in on `m2e/communication_check` (`true`), as EVerest's API module expects when its communication check is on."], tags: [] }) }
        : { name: "communicationCheck", isReadonly: true, type: "EverestCommunicationCheck", docs: docStructures({ lines: ["Watches the client's check-ins on `m2e/communication_check`."], tags: [] }) },
      ...(side === "everest"
        ? [{ name: "latching", isReadonly: true, type: "Promise<void>", docs: docStructures({ lines: ["Resolves once `<var topic>/get` requests are answered with the last value sent (or null)."], tags: [] }) }]
        : []),
    ],
  };
}

function withDocs(method: OptionalKind<MethodSignatureStructure>, lines: string[], o: ClientOperation): OptionalKind<MethodSignatureStructure> {
  const description = descriptionLines(o.op.description);
  return { ...method, docs: docStructures({ lines: description.length > 0 ? [...lines, "", ...description] : lines, tags: [] }) };
}
