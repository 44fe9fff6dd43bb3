/**
 * Every identifier the generator emits comes from here. JSON keys and values
 * never change; only the TypeScript/JavaScript names derived from them do, by
 * these rules (documented in the README):
 *
 * - characters outside [A-Za-z0-9_$] become `_`; a leading digit gets a `_` prefix;
 * - reserved words, TypeScript type keywords, globals the output may use, and
 *   the package's own exported names get a `_` suffix;
 * - a name already taken in the same scope gets `_2`, `_3`, ... in source order.
 */

/**
 * Names the generated package exports besides the types: the runtime's
 * declarations and the root module's `validate()` and its ref types. Reserved,
 * so no type or module name can shadow them.
 */
export const PACKAGE_NAMES = {
  validate: "validate",
  typeRef: "TypeRef",
  everestRef: "EverestRef",
  validationError: "ValidationError",
  validationIssue: "ValidationIssue",
  validationResult: "ValidationResult",
  validateFunction: "ValidateFunction",
  rawValidationError: "RawValidationError",
  interfaceRef: "InterfaceRef",
  apiRef: "ApiRef",
} as const;

const RESERVED = new Set(
  [
    // ECMAScript reserved and strict-mode words
    "break case catch class const continue debugger default delete do else enum export extends false finally for",
    "function if import in instanceof new null return super switch this throw true try typeof var void while with",
    "yield let static implements interface package private protected public await arguments eval",
    // TypeScript keywords and primitive type names
    "any unknown never string number boolean symbol bigint object undefined type namespace module declare abstract",
    "as asserts async constructor get set infer is keyof readonly require unique global of satisfies accessor out",
    "override intrinsic",
    // globals that shadowing would make confusing or break
    "Array Object Date Promise String Number Boolean Symbol BigInt Error TypeError RangeError Map Set WeakMap WeakSet",
    "Record Partial Required Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters InstanceType",
    "Awaited JSON Math RegExp Function Uint8Array ArrayBuffer Intl Reflect Proxy globalThis NaN Infinity Iterable",
    "Iterator PromiseLike ArrayLike console process module exports __dirname __filename",
    // object internals
    "__proto__ prototype toString valueOf hasOwnProperty",
    // names the generated package itself exports
    ...Object.values(PACKAGE_NAMES),
  ]
    .join(" ")
    .split(" "),
);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `name` can be written unquoted as a property key. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** `raw` as identifier characters: others become `_`, never empty, never a leading digit. */
function identifierChars(raw: string): string {
  const id = raw.replace(/[^A-Za-z0-9_$]/g, "_");
  if (id === "") return "_";
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

/** A safe identifier for `raw`, before collision handling. */
export function safeIdentifier(raw: string): string {
  const id = identifierChars(raw);
  return RESERVED.has(id) ? `${id}_` : id;
}

/** PascalCase from any text: `operation_mode` -> `OperationMode`, `total_power_W` -> `TotalPowerW`. */
export function pascalCase(raw: string): string {
  const parts = raw.split(/[^A-Za-z0-9]+/).filter((p) => p !== "");
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("");
}

/** Hands out names unique within one scope, in the order they are asked for. */
export class NameScope {
  private readonly taken = new Set<string>();
  /**
   * Per preferred name, the suffix to try next: every smaller one was taken
   * when it was last asked for (and names are never given back), so thousands
   * of values that all sanitize to one name cost linear time, not quadratic.
   */
  private readonly nextSuffix = new Map<string, number>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** `preferred` if free, else `preferred_2`, `preferred_3`, ... */
  claim(preferred: string): string {
    let name = preferred;
    let n = this.nextSuffix.get(preferred) ?? 2;
    if (this.taken.has(name)) {
      for (name = `${preferred}_${n}`; this.taken.has(name); name = `${preferred}_${++n}`);
      this.nextSuffix.set(preferred, n + 1);
    }
    this.taken.add(name);
    return name;
  }
}

/** Names of the per-type helpers a file module exports. */
export interface HelperNames {
  readonly is: string;
  readonly assert: string;
  readonly validate: string;
}

export function helperNames(tsName: string): HelperNames {
  return { is: `is${tsName}`, assert: `assert${tsName}`, validate: `validate${tsName}` };
}

/** Enum member names for `values`, in order: identifiers, unique, never `__proto__`. */
export function enumMemberNames(values: readonly (string | number | boolean | null)[]): string[] {
  const scope = new NameScope();
  return values.map((v) => {
    const id = identifierChars(String(v));
    // Members are reached as `E.x`, so reserved words are fine; only `__proto__` would not become an own member of the enum object.
    return scope.claim(id === "__proto__" ? `${id}_` : id);
  });
}

/**
 * The local name under which a file imports another file's type when the
 * type's own name is already taken in the importing file:
 * `<moduleName>_<tsName>` (e.g. `display_message_MessageContent`); the
 * caller's NameScope adds `_2`... if even that is taken.
 */
export function importAlias(moduleName: string, tsName: string): string {
  return `${moduleName}_${tsName}`;
}

/** `/ocpp#/ChargingSchedule`: EVerest's own `$ref` form of a type, also accepted by the package's `validate()`. */
export function everestRef(fileName: string, typeName: string): string {
  return `/${fileName}#/${typeName}`;
}

/**
 * Names an interface module (`interfaces/<name>.d.ts`) declares besides the
 * per-command and per-var types: reserved there, so no type can shadow them.
 */
export const INTERFACE_MODULE_NAMES = {
  commands: "Commands",
  vars: "Vars",
} as const;

/** The TypeScript names of an interface's error items, before collision handling (they are claimed first). */
export const ERROR_ITEM_NAMES = {
  type: "ErrorType",
  object: "ErrorObject",
} as const;

/** The constant listing an interface's error types (`ERROR_TYPES`): upper case, so no type or helper name can take it. */
export const ERROR_TYPES_CONSTANT = "ERROR_TYPES";

/** `get_variables` -> `GetVariablesArguments` and `GetVariablesResult`, before collision handling. */
export function commandTypeNames(command: string): { readonly arguments: string; readonly result: string } {
  const base = pascalCase(command);
  return { arguments: safeIdentifier(`${base}Arguments`), result: safeIdentifier(`${base}Result`) };
}

/** `is_connected` -> `IsConnectedVar`, before collision handling. */
export function varTypeName(name: string): string {
  return safeIdentifier(`${pascalCase(name)}Var`);
}

/**
 * What an EVerest API client and its EVerest-side counterpart have besides
 * one method per operation (runtime/assets/api-client.js): reserved, so no
 * operation's method can take them.
 */
export const API_SIDE_MEMBERS = ["heartbeat", "communicationCheck", "topic", "close", "latching"] as const;

/**
 * The methods of operation `name` (`send_powermeter_values`): the client's,
 * camelCase of the name (`sendPowermeterValues`), and EVerest's side's, which
 * plays the mirrored action: a leading `send_` and `receive_` swapped
 * (`receivePowermeterValues`), else the mirrored action put before the name.
 * Before collision handling.
 */
export function apiMethodNames(name: string, action: "send" | "receive"): { readonly method: string; readonly mirror: string } {
  const camel = (raw: string): string => {
    const p = pascalCase(raw);
    return safeIdentifier(p === "" ? "operation" : p.charAt(0).toLowerCase() + p.slice(1));
  };
  const swapped = /^send_/.test(name) ? `receive_${name.slice(5)}` : /^receive_/.test(name) ? `send_${name.slice(8)}` : `${action === "send" ? "receive" : "send"}_${name}`;
  return { method: camel(name), mirror: camel(swapped) };
}
