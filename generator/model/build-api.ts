/**
 * Checked API specs -> the model's modules of source `api`: each
 * `components/schemas/X` a named item of origin `type` (ref
 * `api/<module>/X`), each `components/messages/M` one of origin `message`
 * whose schema is its payload (ref `api/<module>/M`); `$ref`s resolved
 * within a spec and across specs; channels, operations and servers kept in
 * `api` (ApiDetails). The two compositions the specs use are built of the
 * model's own nodes (see `ApiBody`): `oneOf: [{$ref: X}, {type: "null"}]`
 * becomes X's schema or null, `allOf` of open objects one open object with
 * every part's properties.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { RefName } from "../check/checked-schema";
import type { CheckedInput } from "../check/file-names";
import { apiModuleName, type ApiBody, type CheckedApiFile, type CheckedComponent, type LocalRef } from "../check/api-file";
import { closest } from "../closest";
import { NameScope, helperNames, pascalCase, safeIdentifier } from "../names";
import { compareText } from "../compare";
import { reservedModuleNames } from "../package-modules";
import type { Mutable } from "../mutable";
import { buildSchema, enumName, resolveRefs, type BuiltRef, type SchemaLinks } from "./build-schema";
import { checkRefCycles, checkRefSiblings } from "./build-refs";
import { extend, freezeAll } from "./freeze";
import { type ApiChannel, type ApiDecl, type ApiDetails, type ApiExample, type ApiOperation, type EnumSchema, type NamedSchema, type ObjectSchema, type Property, type Schema, type SchemaOrigin, type UnionSchema, isAliasRef } from "./model";

const RESERVED = reservedModuleNames("api");
const TYPE_ORIGIN: SchemaOrigin = Object.freeze({ kind: "type" });
const MESSAGE_ORIGIN: SchemaOrigin = Object.freeze({ kind: "message" });

interface Pending {
  readonly item: Mutable<NamedSchema>;
  readonly body: ApiBody;
  /** The built parts (allOf) or the built ref (nullable), to lower once every item exists. */
  readonly built: readonly Schema[];
}

/** `unreadable`: stems of specs that exist but failed to load (refs into them are not judged again). */
export function buildApis(inputs: readonly CheckedInput<CheckedApiFile>[], diags: DiagnosticBag, unreadable: ReadonlySet<string> = new Set()): ApiDecl[] {
  const sorted = [...inputs].sort((a, b) => compareText(a.stem, b.stem));
  const moduleNames = new Map<string, string>();
  const moduleScope = new NameScope();
  const specs: { input: CheckedInput<CheckedApiFile>; decl: Mutable<ApiDecl>; scope: NameScope; tsNames: Map<string, string> }[] = [];
  for (const input of sorted) {
    const name = apiModuleName(input.stem);
    const other = moduleNames.get(name.toLowerCase());
    if (RESERVED.has(name.toLowerCase())) {
      diags.error("E060", { file: input.path, line: 1, col: 1 }, `API spec ${JSON.stringify(input.path)} would make a module named ${JSON.stringify(name)}, which the generated package keeps for its own api/index module; rename the file`);
      continue;
    }
    if (other !== undefined) {
      diags.error("E060", { file: input.path, line: 1, col: 1 }, `two API specs would produce the same module name ${JSON.stringify(name)}: ${JSON.stringify(other)} and ${JSON.stringify(input.path)}`);
      continue;
    }
    moduleNames.set(name.toLowerCase(), input.path);
    const c = input.checked;
    const decl = {
      kind: "module",
      source: "api",
      name,
      path: input.path,
      moduleName: moduleScope.claim(safeIdentifier(name)),
      description: c.description,
      items: [],
      pos: c.pos,
    } as unknown as Mutable<ApiDecl>;
    specs.push({ input, decl, scope: new NameScope(), tsNames: new Map() });
  }

  // Names first: a `$ref` may name any schema of any spec.
  const schemaIndex = new Map<string, Map<string, NamedSchema>>();
  for (const s of specs) {
    const c = s.input.checked;
    const schemaNames = new Set(c.schemas.map((x) => x.name));
    for (const m of c.messages) {
      if (schemaNames.has(m.name)) {
        diags.error("E065", m.pos, `message ${JSON.stringify(m.name)} has the name of a schema of this spec: both would be api/${s.decl.name}/${m.name}; rename one of them`);
      }
    }
    // A type of a group (`units/types/Energy`) is named by both: `UnitsEnergy`.
    const schemaTsName = (name: string): string => {
      const [group, , type] = name.split("/");
      return type === undefined ? safeIdentifier(name) : safeIdentifier(pascalCase(group ?? "") + type);
    };
    for (const x of c.schemas) s.tsNames.set(`s:${x.name}`, s.scope.claim(schemaTsName(x.name)));
    for (const m of c.messages) s.tsNames.set(`m:${m.name}`, s.scope.claim(safeIdentifier(pascalCase(m.name) || m.name)));
    for (const [key, tsName] of s.tsNames) {
      for (const n of Object.values(helperNames(tsName))) {
        if (s.scope.has(n) && [...s.tsNames.values()].includes(n)) {
          diags.error("E066", posOf(c, key), `${key.slice(2)} would export ${n}, which is also the TypeScript name of an item of this spec; rename one of them`);
        }
      }
    }
    for (const tsName of s.tsNames.values()) for (const n of Object.values(helperNames(tsName))) if (!s.scope.has(n)) s.scope.claim(n);
    schemaIndex.set(s.input.stem, new Map());
  }

  const declared = new Map(specs.map((s) => [s.input.stem, new Set(s.input.checked.schemas.map((x) => x.name))]));
  const refs: BuiltRef[] = [];
  const pending: Pending[] = [];
  for (const s of specs) {
    const { input, decl, scope, tsNames } = s;
    const c = input.checked;
    const container = (first: string): string => tsNames.get(`s:${first}`) ?? tsNames.get(`m:${first}`) ?? safeIdentifier(first);
    const links: SchemaLinks = {
      target: (r) => {
        const found = lookup(r, declared, specs.map((x) => x.input.stem), input.path, unreadable, diags);
        return found ? () => schemaIndex.get(r.file)!.get(r.type)! : undefined;
      },
      enumName: (e) => enumName(e, container, scope),
      refs,
    };
    const make = (x: CheckedComponent, origin: SchemaOrigin, key: string): Mutable<NamedSchema> => {
      const built = x.body.kind === "schema" ? [] : x.body.kind === "nullable" ? [buildSchema(x.body.ref, links)] : x.body.parts.map((p) => buildSchema(p, links));
      const schema: Schema = x.body.kind === "schema" ? buildSchema(x.body.schema, links) : { kind: "any", pos: x.body.pos, pointer: x.body.pointer, inert: [] };
      const item: Mutable<NamedSchema> = {
        kind: "named",
        origin,
        name: x.name,
        tsName: tsNames.get(key)!,
        module: decl,
        ref: `api/${decl.name}/${x.name}`,
        pointer: x.pointer,
        description: x.description,
        schema,
        pos: x.pos,
      };
      if (x.body.kind !== "schema") pending.push({ item, body: x.body, built });
      return item;
    };
    const schemas = c.schemas.map((x) => make(x, TYPE_ORIGIN, `s:${x.name}`));
    for (const x of schemas) schemaIndex.get(input.stem)!.set(x.name, x);
    const messages = c.messages.map((m) => make(m, MESSAGE_ORIGIN, `m:${m.name}`));
    decl.items = [...schemas, ...messages];
    const byMessage = new Map(messages.map((m) => [m.name, m]));
    const message = (r: LocalRef): NamedSchema[] => {
      const m = byMessage.get(r.name);
      if (m === undefined) missing(r, [...byMessage.keys()], "message", input.path, diags);
      return m === undefined ? [] : [m];
    };
    const channels = c.channels.map(
      (ch): ApiChannel => ({
        name: ch.name,
        address: ch.address,
        ...(ch.description !== undefined ? { description: ch.description } : {}),
        parameters: ch.parameters,
        messages: ch.messages.flatMap(message),
        pos: ch.pos,
      }),
    );
    const byChannel = new Map(channels.map((ch) => [ch.name, ch]));
    const channel = (r: LocalRef | undefined): ApiChannel | undefined => {
      if (r === undefined) return undefined;
      const ch = byChannel.get(r.name);
      if (ch === undefined) missing(r, [...byChannel.keys()], "channel", input.path, diags);
      return ch;
    };
    const operations = c.operations.flatMap((op): ApiOperation[] => {
      const ch = channel(op.channel);
      const replyChannel = op.reply ? channel(op.reply.channel) : undefined;
      const own = op.messages.flatMap(message);
      if (ch === undefined) return [];
      return [
        {
          name: op.name,
          action: op.action,
          channel: ch,
          messages: op.messages.length > 0 ? own : ch.messages,
          ...(op.title !== undefined ? { title: op.title } : {}),
          ...(op.description !== undefined ? { description: op.description } : {}),
          ...(op.reply
            ? { reply: extend(replyChannel ? { channel: replyChannel } : {}, { ...(op.reply.addressLocation !== undefined ? { addressLocation: op.reply.addressLocation } : {}), pos: op.reply.pos }) }
            : {}),
          pos: op.pos,
        },
      ];
    });
    const examples = c.messages.flatMap((m) => m.examples.map((e): ApiExample => ({ message: byMessage.get(m.name)!, value: e.value, ...(e.summary !== undefined ? { summary: e.summary } : {}), pos: e.pos })));
    const details: ApiDetails = {
      asyncapi: c.asyncapi,
      ...(c.id !== undefined ? { id: c.id } : {}),
      ...(c.title !== undefined ? { title: c.title } : {}),
      ...(c.version !== undefined ? { version: c.version } : {}),
      stem: input.stem,
      servers: c.servers,
      channels,
      operations,
      messages,
      examples,
    };
    decl.api = details;
  }

  resolveRefs(refs);
  // Compositions last, once every item is built: allOf first (a nullable ref may lead to one).
  // An allOf part may lead to another allOf item: that one is merged first (once; a cycle stops at the placeholder).
  const allOf = new Map(pending.filter((p) => p.body.kind === "allOf").map((p) => [p.item as NamedSchema, p]));
  const started = new Set<Pending>();
  const merge = (p: Pending): void => {
    if (started.has(p)) return;
    started.add(p);
    p.item.schema = mergeAllOf(p, diags, (item) => {
      const q = allOf.get(item);
      if (q !== undefined) merge(q);
    });
  };
  for (const p of allOf.values()) merge(p);
  for (const p of pending) if (p.body.kind === "nullable") p.item.schema = nullable(p);
  checkRefSiblings(refs, diags);
  checkRefCycles(specs.map((s) => s.decl), refs, diags);
  return freezeAll(specs.map((s) => s.decl));
}

function posOf(c: CheckedApiFile, key: string): SourcePos {
  const name = key.slice(2);
  return (key.startsWith("s:") ? c.schemas : c.messages).find((x) => x.name === name)?.pos ?? c.pos;
}

function lookup(r: RefName, index: ReadonlyMap<string, ReadonlySet<string>>, stems: readonly string[], from: string, unreadable: ReadonlySet<string>, diags: DiagnosticBag): boolean {
  const names = index.get(r.file);
  if (names?.has(r.type)) return true;
  if (unreadable.has(r.file)) return false;
  if (names === undefined) {
    const hint = closest(r.file, stems);
    diags.error("E064", r.pos, `$ref to ${JSON.stringify(`${r.file}.yaml`)}: no such API spec among the specs read (referenced from ${from})${hint ? `; did you mean ${JSON.stringify(`${hint}.yaml`)}?` : ""}`);
  } else {
    const hint = closest(r.type, [...names]);
    diags.error("E064", r.pos, `$ref: ${JSON.stringify(`${r.file}.yaml`)} has no schema ${JSON.stringify(r.type)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ""}`);
  }
  return false;
}

function missing(r: LocalRef, names: readonly string[], what: string, from: string, diags: DiagnosticBag): void {
  const hint = closest(r.name, names);
  diags.error("E064", r.pos, `$ref: ${from} has no ${what} ${JSON.stringify(r.name)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ""}`);
}

/** Where a chain of `$ref`s ends (undefined for a cycle); `visit` is told of every item on the way before its schema is read. */
function resolved(s: Schema, visit: (item: NamedSchema) => void = () => {}): Schema | undefined {
  const seen = new Set<NamedSchema>();
  let cur = s;
  while (isAliasRef(cur)) {
    if (seen.has(cur.target)) return undefined;
    seen.add(cur.target);
    visit(cur.target);
    cur = cur.target.schema;
  }
  return cur;
}

/**
 * A copy of `s` to stand inside another item: its nested string enums become
 * plain value lists, so that no TypeScript enum is declared twice (the item
 * the schema comes from declares them); refs stay refs.
 */
function inlined(s: Schema): Schema {
  switch (s.kind) {
    case "enum":
      return s.isStringEnum ? extend(s, { isStringEnum: false, topLevel: false }) : s;
    case "object": {
      const ap = s.additionalProperties;
      return extend(s, { properties: s.properties.map((p) => extend(p, { schema: inlined(p.schema) })), ...(typeof ap === "object" ? { additionalProperties: inlined(ap) } : {}) });
    }
    case "array":
      return s.items === undefined ? s : extend(s, { items: inlined(s.items) });
    case "union":
      return extend(s, { members: s.members.map((m) => inlined(m) as UnionSchema["members"][number]) });
    default:
      return s;
  }
}

/** `oneOf: [X, null]`: X's schema, or null (the two never overlap, so oneOf is anyOf here). */
function nullable(p: Pending): Schema {
  const body = p.body as Extract<ApiBody, { kind: "nullable" }>;
  const common = { pos: body.pos, pointer: body.pointer, inert: [], ...(body.description !== undefined ? { description: body.description } : {}) };
  const nul = { kind: "null" as const, pos: body.pos, pointer: `${body.pointer}/oneOf`, inert: [] };
  const built = p.built[0];
  const end = built === undefined ? undefined : resolved(built);
  if (end === undefined) return { kind: "any", ...common };
  // A named schema, or null: a ref that allows null, so the type keeps its name (`X | null`).
  if (built !== undefined && built.kind === "ref") return { kind: "ref", ...common, ref: built.ref, target: built.target, orNull: true };
  const target = inlined(end);
  switch (target.kind) {
    case "any":
    case "null":
      return extend(target, common);
    case "ref":
      return { kind: "any", ...common };
    case "union":
      if (target.typeless) return { kind: "any", ...common };
      return extend(target, { ...common, members: target.members.some((m) => m.kind === "null") ? target.members : [...target.members, nul] });
    case "enum":
    case "const": {
      const values = target.kind === "enum" ? target.values : [target.value];
      if (!values.every((v) => v === null || typeof v !== "object")) return { kind: "any", ...common };
      const list = values as readonly (string | number | boolean | null)[];
      const c = target.constraints;
      const constraints = c === undefined ? undefined : c.kind === "union" ? extend(c, { members: [...c.members, nul] }) : extend(c, { kind: "union" as const, members: [c, nul], pos: c.pos, pointer: c.pointer, inert: [] });
      const e: EnumSchema = {
        kind: "enum",
        ...common,
        values: list.includes(null) ? list : [...list, null],
        tsName: p.item.tsName,
        isStringEnum: false,
        topLevel: false,
        ...(constraints !== undefined ? { constraints: constraints as EnumSchema["constraints"] & object } : {}),
      };
      return e;
    }
    default:
      return { kind: "union", ...common, members: [target, nul] };
  }
}

/**
 * `allOf` of parts that are (or lead by `$ref` to) open objects: one open
 * object with every part's properties, required where any part requires
 * them. A property two parts declare is merged when one says only
 * `type: string` and the other lists the strings it may be (an enum or
 * const); any other composition is refused (E067).
 */
function mergeAllOf(p: Pending, diags: DiagnosticBag, visit: (item: NamedSchema) => void): Schema {
  const body = p.body as Extract<ApiBody, { kind: "allOf" }>;
  const props = new Map<string, Property>();
  const order: string[] = [];
  for (const [i, part] of p.built.entries()) {
    const o = resolved(part, visit);
    if (o === undefined || o.kind !== "object" || o.additionalProperties === false || typeof o.additionalProperties === "object" || o.undeclaredRequired.length > 0) {
      diags.error("E067", part.pos, `allOf part ${i} is not an open object with declared properties: the generator builds allOf only of such objects`);
      continue;
    }
    for (const prop of o.properties) {
      const before = props.get(prop.name);
      const schema = inlined(prop.schema);
      if (before === undefined) {
        props.set(prop.name, { ...prop, schema });
        order.push(prop.name);
        continue;
      }
      const merged = narrower(before.schema, schema);
      if (merged === undefined) {
        diags.error("E067", prop.pos, `allOf: property ${JSON.stringify(prop.name)} is declared by two parts; the generator merges such a property only when one says \`type: string\` and the other lists its strings`);
        continue;
      }
      props.set(prop.name, { ...before, required: before.required || prop.required, schema: merged });
    }
  }
  const object: ObjectSchema = {
    kind: "object",
    pos: body.pos,
    pointer: body.pointer,
    inert: [],
    ...(body.description !== undefined ? { description: body.description } : {}),
    properties: order.map((n) => props.get(n)!),
    undeclaredRequired: [],
  };
  return object;
}

function narrower(a: Schema, b: Schema): Schema | undefined {
  const plainString = (s: Schema): boolean => s.kind === "string" && s.minLength === undefined && s.maxLength === undefined && s.pattern === undefined && s.format === undefined;
  const strings = (s: Schema): boolean => (s.kind === "enum" && s.values.every((v) => typeof v === "string")) || (s.kind === "const" && typeof s.value === "string");
  if (plainString(a) && strings(b)) return b;
  if (plainString(b) && strings(a)) return a;
  return undefined;
}
