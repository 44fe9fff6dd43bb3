/**
 * The one model (IR) every emitter reads. Nodes are read-only, discriminated by
 * `kind`, and know their file and source position; `$ref`s point at the
 * declaration they name. Built by ./build-model.ts from checked YAML.
 */
import type { SourcePos } from "../diagnostics";
import type { PackageSettings } from "../package-settings";

export type { PackageSettings } from "../package-settings";

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A keyword written in the YAML that has no effect on this node's type (e.g. `maximum` on a string). Kept for fidelity. */
export interface InertKeyword {
  readonly keyword: string;
  readonly value: JsonValue;
  readonly pos: SourcePos;
}

interface SchemaBase {
  readonly pos: SourcePos;
  /** JSON Pointer of this schema inside its YAML file, e.g. `/types/EVSE/properties/id`. */
  readonly pointer: string;
  readonly description?: string;
  /** Documentation only: EVerest never applies defaults. */
  readonly default?: JsonValue;
  readonly inert: readonly InertKeyword[];
}

export interface StringSchema extends SchemaBase {
  readonly kind: "string";
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
}

export interface NumberSchema extends SchemaBase {
  readonly kind: "number" | "integer";
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

export interface BooleanSchema extends SchemaBase {
  readonly kind: "boolean";
}

export interface NullSchema extends SchemaBase {
  readonly kind: "null";
}

export interface ArraySchema extends SchemaBase {
  readonly kind: "array";
  /** Absent: items of any type. */
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface Property {
  /** The JSON key, verbatim. */
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
  readonly pos: SourcePos;
}

/** A name in `required` that `properties` does not declare (warning W108): the key must be present, its value judged by `additionalProperties`. */
export interface UndeclaredRequired {
  readonly name: string;
  readonly pos: SourcePos;
}

export interface ObjectSchema extends SchemaBase {
  readonly kind: "object";
  readonly properties: readonly Property[];
  /** In the order of `required`; empty for almost every object. */
  readonly undeclaredRequired: readonly UndeclaredRequired[];
  /** `true` or absent: open (EVerest has no default); `false`: closed; a schema: a map's values. */
  readonly additionalProperties?: boolean | Schema;
  /** Bounds on the number of keys, whichever they are (declared, extra, or required but undeclared). */
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** `enum`, with or without a `type`. */
export interface EnumSchema extends SchemaBase {
  readonly kind: "enum";
  /** The declared `type` (`string`, `integer`, ...), if any. */
  readonly type?: string;
  readonly values: readonly (string | number | boolean | null)[];
  /** The TypeScript enum name; for a top-level enum, the declaration's name. */
  readonly tsName: string;
  /** True when the enum can be a TypeScript `enum` (string values only). */
  readonly isStringEnum: boolean;
  /** Whether this enum is a top-level declaration (false for inline property enums). */
  readonly topLevel: boolean;
  /** The `type` and the keywords written beside the enum (`minLength`, ...): all apply too (see `Constraints`). */
  readonly constraints?: Constraints;
}

/**
 * What `type` and the type's keywords say beside an `enum` or `const`: a value
 * must be listed and also satisfy these (draft-07: every keyword applies). The
 * TypeScript type stays the listed values; validators and schemas check both.
 */
export type Constraints = Exclude<Schema, RefSchema | EnumSchema | ConstSchema | AnySchema>;

export interface ConstSchema extends SchemaBase {
  readonly kind: "const";
  readonly type?: string;
  readonly value: JsonValue;
  /** As for EnumSchema. */
  readonly constraints?: Constraints;
}

export interface RefSchema extends SchemaBase {
  readonly kind: "ref";
  /** As written: `/ocpp#/EVSE`. */
  readonly ref: string;
  readonly target: NamedSchema;
  /** The `type` written beside the `$ref` (ignored for validation; EVerest's page shows it). */
  readonly siblingType?: string;
  /**
   * The target, or null: AsyncAPI's `oneOf: [{ $ref: X }, { type: "null" }]`
   * (the reply to a latched `get` when nothing was published). Such a ref is
   * no alias: chains of refs (aliasEnd, isRefCycle) stop at it.
   */
  readonly orNull?: true;
}

/** A `$ref` and nothing else: an alias of its target (not one that also allows null). */
export function isAliasRef(s: Schema): s is RefSchema {
  return s.kind === "ref" && s.orNull !== true;
}

/** A `type` list such as `[string, "null"]`: one member per listed type, each with its keywords. */
export interface UnionSchema extends SchemaBase {
  readonly kind: "union";
  readonly members: readonly Exclude<Schema, UnionSchema | RefSchema | EnumSchema | ConstSchema | AnySchema>[];
  /**
   * True when no `type` was written but keywords of some type were (`minLength`
   * alone): any JSON value, and values of those types must satisfy their keywords.
   * The members then cover every JSON type, and schemas write no `type`.
   */
  readonly typeless?: true;
}

/** No `type`: any JSON value. */
export interface AnySchema extends SchemaBase {
  readonly kind: "any";
}

export type Schema =
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | NullSchema
  | ArraySchema
  | ObjectSchema
  | EnumSchema
  | ConstSchema
  | RefSchema
  | UnionSchema
  | AnySchema;

/**
 * Where a named schema comes from. Data, not a separate node shape: every
 * emitter treats all named schemas alike, and only words a few things (a
 * doc headline, an interface's command map) by their origin.
 */
export type SchemaOrigin =
  | { readonly kind: "type" }
  | { readonly kind: "arguments"; readonly command: CommandDecl }
  | { readonly kind: "result"; readonly command: CommandDecl }
  | { readonly kind: "var"; readonly var: VarDecl }
  | { readonly kind: "errorType" }
  | { readonly kind: "error" }
  /** A message of an EVerest API spec (AsyncAPI): its payload. */
  | { readonly kind: "message" };

/**
 * The one shape of everything that carries a schema and becomes a TypeScript
 * type with validators: a type file's declaration, an interface command's
 * arguments or result, a var, an interface's error items.
 */
export interface NamedSchema {
  readonly kind: "named";
  readonly origin: SchemaOrigin;
  /** The name as written: a type's YAML name (may contain `.` and `-`); an interface item's path, `cmds/get_variables/arguments`. */
  readonly name: string;
  /** The safe TypeScript identifier, unique in its module. */
  readonly tsName: string;
  readonly module: SchemaModule;
  /** The ref the package's `validate()` takes: `ocpp/EVSE`, `interfaces/ocpp/cmds/get_variables/arguments`. */
  readonly ref: string;
  /** JSON Pointer of the item in its YAML file: `/types/EVSE`, `/cmds/get_variables/arguments`. */
  readonly pointer: string;
  readonly description: string;
  readonly schema: Schema;
  readonly pos: SourcePos;
}


/** What kind of input a module was read from; the layout puts each kind in its own folder. */
export type ModuleSource = "types" | "interface" | "api";

/** One input file that declares named schemas, and one module of the generated package. */
export interface SchemaModule {
  readonly kind: "module";
  readonly source: ModuleSource;
  /** The stem used in refs and module names: `ocpp` for `defs/ocpp.yaml`. */
  readonly name: string;
  /** Display path, e.g. `defs/ocpp.yaml`; used in diagnostics and banners. */
  readonly path: string;
  /** The module identifier for TypeScript (`ocpp`, or sanitized), unique among the modules of its source. */
  readonly moduleName: string;
  readonly description: string;
  /** In YAML order (for interfaces: error items, per command its arguments then its result, then the vars). */
  readonly items: readonly NamedSchema[];
  /** What an interface file declares besides its items; present exactly when `source` is `interface`. */
  readonly interface?: InterfaceDetails;
  /** What an EVerest API spec declares besides its items (servers, channels, operations); present exactly when `source` is `api`. */
  readonly api?: ApiDetails;
  readonly pos: SourcePos;
}

/** An interface file (`interfaces/<name>.yaml`). */
export type InterfaceDecl = SchemaModule & { readonly interface: InterfaceDetails };

/** An EVerest API spec (`EVerest_API/<name>_API.yaml`, AsyncAPI 3.x). */
export type ApiDecl = SchemaModule & { readonly api: ApiDetails };

export interface Model {
  /** Every module: the type files, then the interface files, then the API specs, each sorted by name (never by the order the file system lists them). */
  readonly modules: readonly SchemaModule[];
  /** The type files of `modules`. */
  readonly files: readonly SchemaModule[];
  /** The interface files of `modules` (`--interfaces`); empty when there are none. */
  readonly interfaces: readonly InterfaceDecl[];
  /** The EVerest API specs of `modules` (`--api`), sorted by name; empty when there are none. */
  readonly apis: readonly ApiDecl[];
  /** Error files (`--errors`), sorted by name; empty when there are none. */
  readonly errorFiles: readonly ErrorFileDecl[];
  /** The generated package's name, version and description (`ModelOptions.package`, defaults applied). */
  readonly package: PackageSettings;
}

/** An error file (`errors/<name>.yaml`): the errors a module may raise, by name. */
export interface ErrorFileDecl {
  readonly kind: "errorFile";
  /** The file stem, as references name it: `evse_board_support`. */
  readonly name: string;
  /** Display path, e.g. `errors/evse_board_support.yaml`. */
  readonly path: string;
  readonly description: string;
  /** In YAML order. */
  readonly errors: readonly ErrorDecl[];
  readonly pos: SourcePos;
}

export interface ErrorDecl {
  readonly kind: "error";
  /** `DiodeFault`. */
  readonly name: string;
  readonly description: string;
  readonly file: ErrorFileDecl;
  readonly pos: SourcePos;
}

/** `evse_board_support/DiodeFault`: the type string EVerest's runtime gives a raised error. */
export function errorType(e: ErrorDecl): string {
  return `${e.file.name}/${e.name}`;
}

/** Every schema nested in `schema` (itself included), depth first, without following refs. */
export function* walkSchema(schema: Schema): Generator<Schema> {
  yield schema;
  switch (schema.kind) {
    case "array":
      if (schema.items) yield* walkSchema(schema.items);
      break;
    case "object":
      for (const p of schema.properties) yield* walkSchema(p.schema);
      if (typeof schema.additionalProperties === "object") yield* walkSchema(schema.additionalProperties);
      break;
    case "union":
      for (const m of schema.members) yield* walkSchema(m);
      break;
    default:
      break;
  }
}

/**
 * The names `required` lists but `properties` does not declare, as required
 * properties for the emitters that list properties: a value is whatever
 * `additionalProperties` allows, any value when the object is open. When it
 * is closed nothing matches the object at all (W108 says so); `unknown` is
 * then still a sound type.
 */
export function undeclaredProperties(schema: ObjectSchema): Property[] {
  const ap = schema.additionalProperties;
  const description =
    ap === false
      ? "Required, but not declared in `properties`, and `additionalProperties: false` refuses it: no value matches this object."
      : "Required, but not declared in `properties`: any value that `additionalProperties` allows.";
  return schema.undeclaredRequired.map((u) => {
    const value: Schema = typeof ap === "object" ? { ...ap, description } : { kind: "any", pos: u.pos, pointer: schema.pointer, inert: [], description };
    return { name: u.name, required: true, schema: value, pos: u.pos };
  });
}

/** isRefCycle's answers, per type. */
const refCycles = new WeakMap<NamedSchema, boolean>();

/**
 * True when `decl` is a `$ref` whose chain of `$ref`s comes back to it with no
 * object or array in between (warning W107): it describes no value, so its
 * type is `never` and its validators reject everything. Each chain is walked
 * once and the answers for all its types kept, so asking for every type of a
 * long chain stays linear.
 */
export function isRefCycle(decl: NamedSchema): boolean {
  const known = refCycles.get(decl);
  if (known !== undefined) return known;
  const chain: NamedSchema[] = [];
  const at = new Map<NamedSchema, number>();
  let cur: NamedSchema = decl;
  while (isAliasRef(cur.schema) && !at.has(cur) && !refCycles.has(cur)) {
    at.set(cur, chain.length);
    chain.push(cur);
    cur = cur.schema.target;
  }
  // Only a walk that came back onto itself found a cycle: the types from there on are in it, the ones before only lead in.
  const start = at.get(cur) ?? chain.length;
  chain.forEach((d, i) => refCycles.set(d, i >= start));
  return refCycles.get(decl) ?? false;
}

/** aliasEnd's answers, per type. */
const aliasEnds = new WeakMap<NamedSchema, NamedSchema>();

/**
 * Where a `$ref` to `target` leads once types that are nothing but a `$ref`
 * are skipped (`A: $ref B`, `B: $ref C`, C an object: C). The validators
 * check the end directly, so a chain of thousands of such aliases costs one
 * call, not one per link. Stops at a type of a $ref cycle (isRefCycle), which
 * has no end. Linear over a whole chain, like isRefCycle.
 */
export function aliasEnd(target: NamedSchema): NamedSchema {
  const chain: NamedSchema[] = [];
  let cur = target;
  while (isAliasRef(cur.schema) && !aliasEnds.has(cur) && !isRefCycle(cur)) {
    chain.push(cur);
    cur = cur.schema.target;
  }
  const end = aliasEnds.get(cur) ?? cur;
  for (const d of chain) aliasEnds.set(d, end);
  return end;
}


/**
 * EVerest interface files (`--interfaces`): commands and variables of a module
 * interface, their schemas referencing the type files' declarations. Built by
 * ./build-interfaces.ts from checked YAML; read-only like the rest of the model.
 */

/** A command: named arguments (all passed on every call) and one result. */
export interface CommandDecl {
  readonly kind: "command";
  /** The YAML name, verbatim (`get_variables`). */
  readonly name: string;
  readonly description: string;
  readonly interface: InterfaceDecl;
  /**
   * The arguments as one object: each argument a required property in YAML
   * order, no other key (`additionalProperties: false`); no properties for a
   * command without arguments.
   */
  readonly arguments: ObjectSchema;
  /**
   * What a call's arguments may be: `arguments`, or for a command without
   * arguments also `null` and `[]`, as EVerest's runtime takes them.
   */
  readonly argumentsValue: Schema;
  /** The result; for a command without `result`, a `null` schema (the command returns null). */
  readonly result: Schema;
  /** False when the YAML has no `result`. */
  readonly hasResult: boolean;
  /** TypeScript names, unique in the interface module: `GetVariablesArguments`, `GetVariablesResult`. */
  readonly argumentsTsName: string;
  readonly resultTsName: string;
  readonly pos: SourcePos;
}

/** A variable the module publishes. */
export interface VarDecl {
  readonly kind: "var";
  readonly name: string;
  readonly description: string;
  readonly interface: InterfaceDecl;
  readonly schema: Schema;
  /** MQTT quality of service (0, 1 or 2) when the YAML gives one. */
  readonly qos?: number;
  /** `IsConnectedVar`. */
  readonly tsName: string;
  readonly pos: SourcePos;
}

/** An entry of `errors`: `/errors/<file>` (every error of the file) or `/errors/<file>#/<Error>`. */
export interface ErrorRefDecl {
  readonly reference: string;
  readonly file: string;
  readonly error?: string;
  readonly pos: SourcePos;
}

/** What an interface file declares besides its items (the items are the module's). */
export interface InterfaceDetails {
  /** In YAML order. */
  readonly commands: readonly CommandDecl[];
  readonly vars: readonly VarDecl[];
  readonly errors: readonly ErrorRefDecl[];
  /**
   * The errors the references resolve to, in reference order without
   * repeats; absent when the run has no error files to resolve them against.
   */
  readonly raises?: readonly ErrorDecl[];
  /** The schemas of the error items (see `interfaceItems`), present with `raises`. */
  readonly errorSchemas?: { readonly type: EnumSchema; readonly object: ObjectSchema };
  /** TypeScript names of the error items: `ErrorType`, `ErrorObject`. */
  readonly errorTsNames?: { readonly type: string; readonly object: string };
}



/**
 * EVerest API specs (`--api`): AsyncAPI 3.x documents of MQTT topics. Their
 * component schemas and messages are the module's items (origins `type` and
 * `message`); what a client needs besides (topics, directions, replies) is
 * kept here. Built by ./build-api.ts; read-only like the rest of the model.
 */
export interface ApiDetails {
  /** The `asyncapi` version as written (`3.0.0`). */
  readonly asyncapi: string;
  readonly id?: string;
  readonly title?: string;
  readonly version?: string;
  /** The spec's file stem (`powermeter_API`): what `$ref`s from other specs name it by. */
  readonly stem: string;
  /** In YAML order. */
  readonly servers: readonly ApiServer[];
  readonly channels: readonly ApiChannel[];
  readonly operations: readonly ApiOperation[];
  /** The items of origin `message`, in YAML order (the module's items hold the component schemas first). */
  readonly messages: readonly NamedSchema[];
  /** Every `examples[].payload` of the messages, with the message it is an example of. */
  readonly examples: readonly ApiExample[];
}

/** A variable of a server's `pathname` or a parameter of a channel's `address` (`{module_id}`). */
export interface ApiVariable {
  readonly name: string;
  readonly description?: string;
  readonly pos: SourcePos;
}

export interface ApiServer {
  readonly name: string;
  /** `everest_api/1/powermeter/{module_id}`: the topic prefix of every channel. */
  readonly pathname?: string;
  readonly host?: string;
  readonly protocol?: string;
  readonly variables: readonly ApiVariable[];
  readonly pos: SourcePos;
}

export interface ApiChannel {
  readonly name: string;
  /** The subtopic below the server's `pathname` (`e2m/start_transaction`); null for a dynamic channel (a reply's, at the request's `replyTo`). */
  readonly address: string | null;
  readonly description?: string;
  readonly parameters: readonly ApiVariable[];
  readonly messages: readonly NamedSchema[];
  readonly pos: SourcePos;
}

export interface ApiOperation {
  readonly name: string;
  /** `send`: the client publishes; `receive`: the client subscribes. */
  readonly action: "send" | "receive";
  readonly channel: ApiChannel;
  /** The operation's `messages`, else every message of its channel. */
  readonly messages: readonly NamedSchema[];
  readonly title?: string;
  readonly description?: string;
  readonly reply?: ApiReply;
  readonly pos: SourcePos;
}

export interface ApiReply {
  readonly channel?: ApiChannel;
  /** Where the reply's address is: `$message.header#/replyTo`. */
  readonly addressLocation?: string;
  readonly pos: SourcePos;
}

export interface ApiExample {
  readonly message: NamedSchema;
  readonly value: JsonValue;
  readonly summary?: string;
  /** Where the example's `payload` is written. */
  readonly pos: SourcePos;
}
