/**
 * The rules for an EVerest API spec (AsyncAPI 3.x): what the generator
 * relies on, checked and kept with positions: `asyncapi` 3.x, `servers`
 * (`pathname` and its variables), `channels` (`address`, `messages`),
 * `operations` (`action`, `channel`, `messages`, `reply`), and
 * `components/schemas` and `components/messages` (`payload`, `examples`).
 * Payload and component schemas go through the schema rules of type files
 * (./schema-rules.ts); `$ref`s are written as AsyncAPI writes them
 * (`#/components/schemas/X`, `other_API.yaml#/components/schemas/X`) and
 * resolved by the model's builder (../model/build-api.ts).
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { LoadBudget } from "../limits";
import type { YEntry, YMap, YNode } from "../load/yaml-tree";
import type { JsonValue } from "../model/model";
import type { CheckedSchema } from "./checked-schema";
import type { ParsedRef } from "./refs";
import { escapePointer, readSchema, type SchemaContext } from "./schema-rules";
import { describeNode, entry, toJson } from "./yaml-access";

/** `powermeter_API.yaml` -> `powermeter`; a file without the suffix (`telemetry.yaml`) keeps its stem. */
export function apiModuleName(stem: string): string {
  return stem.endsWith("_API") && stem.length > 4 ? stem.slice(0, -4) : stem;
}

/** A name a component or a channel may have in a ref and in `validate()` refs. */
const ITEM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Another spec: `<name>.yaml` beside this one, or `../<name>/asyncapi.yaml` when specs are kept one folder each (EVerest 2025.10 to 2025.12). */
const SPEC_FILE = /^(?:([A-Za-z_][A-Za-z0-9_-]*)\.ya?ml|\.\.\/([A-Za-z_][A-Za-z0-9_-]*)\/asyncapi\.ya?ml)$/;

/**
 * What a payload or component schema is: a schema of the shared rules, or
 * one of the two compositions EVerest's specs use and the model builds from
 * its own nodes: `oneOf: [{$ref}, {type: "null"}]` (a value, or null) and
 * `allOf` of objects (one object with all their properties).
 */
export type ApiBody =
  | { readonly kind: "schema"; readonly schema: CheckedSchema }
  | { readonly kind: "nullable"; readonly ref: CheckedSchema; readonly pos: SourcePos; readonly pointer: string; readonly description?: string }
  | { readonly kind: "allOf"; readonly parts: readonly CheckedSchema[]; readonly pos: SourcePos; readonly pointer: string; readonly description?: string };

export interface CheckedComponent {
  readonly name: string;
  readonly pointer: string;
  readonly description: string;
  readonly body: ApiBody;
  readonly pos: SourcePos;
}

export interface CheckedExample {
  readonly value: JsonValue;
  readonly summary?: string;
  readonly pos: SourcePos;
}

export interface CheckedMessage extends CheckedComponent {
  readonly examples: readonly CheckedExample[];
}

/** A `$ref` to another part of the same spec: `#/channels/X`, `#/components/messages/X`. */
export interface LocalRef {
  readonly section: "channels" | "messages" | "operations";
  readonly name: string;
  readonly pos: SourcePos;
}

export interface CheckedVariable {
  readonly name: string;
  readonly description?: string;
  readonly pos: SourcePos;
}

export interface CheckedServer {
  readonly name: string;
  readonly pathname?: string;
  readonly host?: string;
  readonly protocol?: string;
  readonly variables: readonly CheckedVariable[];
  readonly pos: SourcePos;
}

export interface CheckedChannel {
  readonly name: string;
  /** Null: a dynamic channel (a reply's, whose address the request carries). */
  readonly address: string | null;
  readonly description?: string;
  readonly parameters: readonly CheckedVariable[];
  readonly messages: readonly LocalRef[];
  readonly pos: SourcePos;
}

export interface CheckedOperation {
  readonly name: string;
  readonly action: "send" | "receive";
  readonly channel?: LocalRef;
  readonly messages: readonly LocalRef[];
  readonly title?: string;
  readonly description?: string;
  readonly reply?: { readonly channel?: LocalRef; readonly addressLocation?: string; readonly pos: SourcePos };
  readonly pos: SourcePos;
}

export interface CheckedApiFile {
  readonly asyncapi: string;
  readonly id?: string;
  readonly title?: string;
  readonly version?: string;
  readonly description: string;
  readonly servers: readonly CheckedServer[];
  readonly channels: readonly CheckedChannel[];
  readonly operations: readonly CheckedOperation[];
  readonly schemas: readonly CheckedComponent[];
  readonly messages: readonly CheckedMessage[];
  readonly pos: SourcePos;
}

/** Annotations a composition may carry beside `oneOf`/`allOf`. */
const COMPOSITION_ANNOTATIONS = new Set(["description", "title", "examples", "$comment"]);

/** `stem` is the spec's file stem (`powermeter_API`), what refs from other specs name it by. */
export function checkApiFile(root: YNode, stem: string, diags: DiagnosticBag, budget: LoadBudget): CheckedApiFile | undefined {
  if (root.kind !== "map") {
    diags.error("E061", root.pos, `an AsyncAPI spec must be a mapping, found ${describeNode(root)}`);
    return undefined;
  }
  const version = entry(root, "asyncapi");
  const versionText = version?.value.kind === "scalar" ? version.value.text : undefined;
  if (version === undefined) {
    diags.error("E061", root.pos, "not an AsyncAPI spec: no `asyncapi` version; the generator reads AsyncAPI 3.x");
    return undefined;
  }
  if (versionText === undefined || !/^3\.\d+\.\d+$/.test(versionText)) {
    diags.error("E061", version.value.pos, `asyncapi version ${versionText === undefined ? describeNode(version.value) : JSON.stringify(versionText)} is not supported: the generator reads AsyncAPI 3.x`);
    return undefined;
  }
  const parseApiRef = (text: string): ParsedRef => {
    const m = /^([^#]*)#\/components\/schemas\/([^/]+(?:\/types\/[^/]+)?)$/.exec(text);
    if (m === null) return { code: "E064", error: `$ref ${JSON.stringify(text)} does not name a schema: a payload refers to "#/components/schemas/<Name>" or "<spec>.yaml#/components/schemas/<Name>" (or to "<Name>/types/<Type>" in a group of types)` };
    const [, file = "", name = ""] = m;
    if (file === "") return { file: stem, type: name };
    const f = SPEC_FILE.exec(file);
    if (f === null) return { code: "E064", error: `$ref ${JSON.stringify(text)}: ${JSON.stringify(file)} is neither a spec in the same folder nor "../<spec>/asyncapi.yaml" (no other paths, no URLs)` };
    // A spec is known by its name (./file-names.ts): `<name>.yaml` and `../<name>/asyncapi.yaml` name the same one.
    return { file: f[1] ?? f[2] ?? "", type: name };
  };
  const ctx: SchemaContext = { diags, budget, parseRef: parseApiRef };
  const str = (map: YMap, key: string): string | undefined => {
    const e = entry(map, key);
    if (e === undefined) return undefined;
    if (e.value.kind === "scalar" && typeof e.value.value === "string") return e.value.value;
    if (e.value.kind === "scalar" && e.value.value !== null) return e.value.text;
    diags.error("E062", e.value.pos, `\`${key}\` must be a string, found ${describeNode(e.value)}`);
    return undefined;
  };
  const mapOf = (map: YMap, key: string, what: string): YMap | undefined => {
    const e = entry(map, key);
    if (e === undefined) return undefined;
    if (e.value.kind === "map") return e.value;
    diags.error("E062", e.value.pos, `\`${key}\` must be a mapping of ${what}, found ${describeNode(e.value)}`);
    return undefined;
  };
  /** The entries of a section, each a mapping with a usable name. */
  const named = (section: YMap | undefined, what: string): { e: YEntry; body: YMap }[] => {
    const out: { e: YEntry; body: YMap }[] = [];
    for (const e of section?.entries ?? []) {
      if (!ITEM_NAME.test(e.key)) {
        diags.error("E062", e.keyPos, `invalid ${what} name ${JSON.stringify(e.key)}: must match ${ITEM_NAME.source}`);
      } else if (e.value.kind !== "map") {
        diags.error("E062", e.value.pos, `${what} ${JSON.stringify(e.key)} must be a mapping, found ${describeNode(e.value)}`);
      } else out.push({ e, body: e.value });
    }
    return out;
  };
  const localRef = (node: YNode, section: LocalRef["section"]): LocalRef | undefined => {
    const ref = node.kind === "map" ? entry(node, "$ref") : undefined;
    const pointer = section === "messages" ? "#/components/messages/" : `#/${section}/`;
    if (ref === undefined || ref.value.kind !== "scalar" || typeof ref.value.value !== "string") {
      diags.error("E064", node.pos, `expected a $ref to "${pointer}<name>", found ${describeNode(node)}${ref ? "" : " without $ref"}`);
      return undefined;
    }
    const text = ref.value.value;
    if (!text.startsWith(pointer) || !ITEM_NAME.test(text.slice(pointer.length))) {
      diags.error("E064", ref.value.pos, `$ref ${JSON.stringify(text)} must name an item of this spec: "${pointer}<name>"`);
      return undefined;
    }
    return { section, name: text.slice(pointer.length), pos: ref.value.pos };
  };
  const variables = (map: YMap, key: string): CheckedVariable[] =>
    named(mapOf(map, key, "variables"), "variable").map(({ e, body }) => {
      const d = str(body, "description");
      return { name: e.key, ...(d !== undefined ? { description: d } : {}), pos: e.keyPos };
    });

  const info = mapOf(root, "info", "info fields");
  const description = (info && str(info, "description")) ?? "";

  const servers = named(mapOf(root, "servers", "servers"), "server").map(({ e, body }): CheckedServer => {
    const pathname = str(body, "pathname");
    const host = str(body, "host");
    const protocol = str(body, "protocol");
    return { name: e.key, ...(pathname !== undefined ? { pathname } : {}), ...(host !== undefined ? { host } : {}), ...(protocol !== undefined ? { protocol } : {}), variables: variables(body, "variables"), pos: e.keyPos };
  });

  const channels = named(mapOf(root, "channels", "channels"), "channel").map(({ e, body }): CheckedChannel => {
    const a = entry(body, "address");
    let address: string | null = null;
    if (a === undefined) diags.error("E062", e.keyPos, `channel ${JSON.stringify(e.key)} has no \`address\` (write \`address: null\` for a dynamic one)`);
    else if (a.value.kind === "scalar" && (typeof a.value.value === "string" || a.value.value === null)) address = a.value.value;
    else diags.error("E062", a.value.pos, `\`address\` must be a string or null, found ${describeNode(a.value)}`);
    const d = str(body, "description");
    const messages = named(mapOf(body, "messages", "messages"), "message").flatMap(({ body: m }) => localRef(m, "messages") ?? []);
    return { name: e.key, address, ...(d !== undefined ? { description: d } : {}), parameters: variables(body, "parameters"), messages, pos: e.keyPos };
  });

  const operations = named(mapOf(root, "operations", "operations"), "operation").flatMap(({ e, body }): CheckedOperation[] => {
    const act = entry(body, "action");
    const action = act?.value.kind === "scalar" ? act.value.value : undefined;
    if (action !== "send" && action !== "receive") {
      const shown = act === undefined ? "none" : act.value.kind === "scalar" ? JSON.stringify(act.value.text) : describeNode(act.value);
      diags.error("E063", act?.value.pos ?? e.keyPos, `operation ${JSON.stringify(e.key)}: \`action\` must be "send" or "receive", found ${shown}`);
      return [];
    }
    const ch = entry(body, "channel");
    const channel = ch === undefined ? undefined : localRef(ch.value, "channels");
    if (ch === undefined) diags.error("E062", e.keyPos, `operation ${JSON.stringify(e.key)} has no \`channel\``);
    const ms = entry(body, "messages");
    let messages: LocalRef[] = [];
    if (ms !== undefined) {
      if (ms.value.kind !== "seq") diags.error("E062", ms.value.pos, `\`messages\` must be a list of $refs, found ${describeNode(ms.value)}`);
      else messages = ms.value.items.flatMap((i) => localRef(i, "messages") ?? []);
    }
    let reply: CheckedOperation["reply"];
    const r = entry(body, "reply");
    if (r !== undefined) {
      if (r.value.kind !== "map") diags.error("E062", r.value.pos, `\`reply\` must be a mapping, found ${describeNode(r.value)}`);
      else {
        const rc = entry(r.value, "channel");
        const replyChannel = rc === undefined ? undefined : localRef(rc.value, "channels");
        const addr = mapOf(r.value, "address", "address fields");
        const location = addr && str(addr, "location");
        reply = { ...(replyChannel ? { channel: replyChannel } : {}), ...(location !== undefined ? { addressLocation: location } : {}), pos: r.keyPos };
      }
    }
    const title = str(body, "title");
    const d = str(body, "description");
    return [
      {
        name: e.key,
        action,
        ...(channel ? { channel } : {}),
        messages,
        ...(title !== undefined ? { title } : {}),
        ...(d !== undefined ? { description: d } : {}),
        ...(reply ? { reply } : {}),
        pos: e.keyPos,
      },
    ];
  });

  const components = mapOf(root, "components", "components");
  const schemas = named(components && mapOf(components, "schemas", "schemas"), "schema").flatMap(({ e, body }): CheckedComponent[] => {
    const pointer = `/components/schemas/${escapePointer(e.key)}`;
    // A group of types written as a type file writes them (`units: {description, types: {Energy: ...}}`): no schema
    // itself, but its types are, and refs name them `#/components/schemas/units/types/Energy`.
    const group = entry(body, "types");
    const isGroup = group?.value.kind === "map" && body.entries.every((x) => x.key === "types" || x.key === "description" || x.key === "title");
    if (group === undefined || group.value.kind !== "map" || !isGroup) {
      const b = readBody(body, pointer, e.key, ctx);
      return [{ name: e.key, pointer, description: bodyDescription(b), body: b, pos: e.keyPos }];
    }
    const members = named(group.value, "type").map(({ e: t, body: tb }): CheckedComponent => {
      const name = `${e.key}/types/${t.key}`;
      const p = `${pointer}/types/${escapePointer(t.key)}`;
      const tbody = readBody(tb, p, name, ctx);
      return { name, pointer: p, description: bodyDescription(tbody), body: tbody, pos: t.keyPos };
    });
    return members;
  });
  const messages = named(components && mapOf(components, "messages", "messages"), "message").flatMap(({ e, body }): CheckedMessage[] => {
    const pointer = `/components/messages/${escapePointer(e.key)}`;
    const payload = entry(body, "payload");
    // No payload: AsyncAPI leaves the payload open (EVerest's commands without arguments); any value.
    const b: ApiBody =
      payload === undefined
        ? { kind: "schema", schema: { kind: "any", pos: e.keyPos, pointer: `${pointer}/payload`, inert: [], description: "The message declares no payload: any value." } }
        : readBody(payload.value, `${pointer}/payload`, e.key, ctx);
    const text = str(body, "summary") ?? str(body, "description") ?? str(body, "title") ?? bodyDescription(b);
    const examples: CheckedExample[] = [];
    const ex = entry(body, "examples");
    if (ex !== undefined) {
      if (ex.value.kind !== "seq") diags.error("E062", ex.value.pos, `\`examples\` must be a list, found ${describeNode(ex.value)}`);
      else {
        for (const item of ex.value.items) {
          if (item.kind !== "map") {
            diags.error("E062", item.pos, `an example must be a mapping with \`payload\`, found ${describeNode(item)}`);
            continue;
          }
          const p = entry(item, "payload");
          if (p === undefined) continue; // headers only: nothing to judge
          const summary = str(item, "summary");
          examples.push({ value: toJson(p.value), ...(summary !== undefined ? { summary } : {}), pos: p.value.pos });
        }
      }
    }
    return [{ name: e.key, pointer, description: text, body: b, examples, pos: e.keyPos }];
  });

  return {
    asyncapi: versionText,
    ...optionalText("id", str(root, "id")),
    ...optionalText("title", info && str(info, "title")),
    ...optionalText("version", info && str(info, "version")),
    description,
    servers,
    channels,
    operations,
    schemas,
    messages,
    pos: root.pos,
  };
}

function optionalText<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function bodyDescription(b: ApiBody): string {
  return (b.kind === "schema" ? b.schema.description : b.description) ?? "";
}

/** A schema of the shared rules, or one of the two compositions the builder makes of model nodes (see ApiBody). */
function readBody(node: YNode, pointer: string, name: string, ctx: SchemaContext): ApiBody {
  const where = { pointer, path: [name], topLevel: true };
  if (node.kind !== "map") return { kind: "schema", schema: readSchema(node, where, ctx) };
  const description = entry(node, "description");
  const text = description?.value.kind === "scalar" && typeof description.value.value === "string" ? { description: description.value.value } : {};
  const oneOf = entry(node, "oneOf");
  if (oneOf !== undefined && oneOf.value.kind === "seq" && node.entries.every((e) => e.key === "oneOf" || COMPOSITION_ANNOTATIONS.has(e.key))) {
    const items = oneOf.value.items;
    const refAt = items.findIndex((i) => i.kind === "map" && entry(i, "$ref") !== undefined && i.entries.every((e) => e.key === "$ref" || COMPOSITION_ANNOTATIONS.has(e.key)));
    const isNull = (i: YNode): boolean =>
      i.kind === "map" && i.entries.every((e) => COMPOSITION_ANNOTATIONS.has(e.key) || (e.key === "type" && e.value.kind === "scalar" && e.value.value === "null"));
    const other = items[1 - refAt];
    if (items.length === 2 && refAt >= 0 && other !== undefined && isNull(other) && other.kind === "map" && entry(other, "type") !== undefined) {
      const ref = readSchema(items[refAt]!, { pointer: `${pointer}/oneOf/${refAt}`, path: [name], topLevel: false }, ctx);
      return { kind: "nullable", ref, pos: node.pos, pointer, ...text };
    }
  }
  const allOf = entry(node, "allOf");
  const objectOnly = (e: YEntry): boolean =>
    (e.key === "type" && e.value.kind === "scalar" && e.value.value === "object") || (e.key === "additionalProperties" && e.value.kind === "scalar" && e.value.value === true);
  if (allOf !== undefined && allOf.value.kind === "seq" && allOf.value.items.length > 0 && node.entries.every((e) => e.key === "allOf" || COMPOSITION_ANNOTATIONS.has(e.key) || objectOnly(e))) {
    const parts = allOf.value.items.map((p, i) => readSchema(p, { pointer: `${pointer}/allOf/${i}`, path: [name], topLevel: false }, ctx));
    return { kind: "allOf", parts, pos: node.pos, pointer, ...text };
  }
  return { kind: "schema", schema: readSchema(node, where, ctx) };
}
