/**
 * Checks one schema (any depth) against draft-07 and EVerest's rules and
 * turns it into a checked schema (./checked-schema.ts): `$ref`s and enums
 * are resolved and named later by the model's builders, once every file has
 * been read.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import { LIMITS, type LoadBudget } from "../limits";
import type { YEntry, YMap, YNode, YScalar } from "../load/yaml-tree";
import type { InertKeyword, JsonValue, UndeclaredRequired } from "../model/model";
import type { CheckedArray, CheckedConstraints, CheckedEnum, CheckedMember, CheckedObject, CheckedProperty, CheckedRef, CheckedSchema, CheckedUnion, RefName } from "./checked-schema";
import {
  ANNOTATIONS,
  CHECKED_FORMATS,
  UNCHECKED_FORMATS,
  validRegExp,
  IGNORED_ANNOTATIONS,
  JSON_TYPES,
  KEYWORDS_BY_TYPE,
  SUPPORTED_KEYWORDS,
  UNSUPPORTED_DRAFT07,
  scalarRows,
  type JsonType,
  type ScalarKeyword,
  type ScalarKeywordRow,
  type ScalarValues,
  type ValueKind,
  type ValueOf,
} from "../keywords";
import { describeNode, entry, jsonText, toJson } from "./yaml-access";
import { closest } from "../closest";
import { parseRef, type ParsedRef } from "./refs";
import { stdRegexMatchDifference, stdRegexProblem, withoutIdentityEscapes } from "./std-regex";
import { mayBacktrack, redosFinding, redosMessage, type RedosFinding } from "./redos";

export interface SchemaContext {
  readonly diags: DiagnosticBag;
  /** The run's bounds; the backtracking analysis of patterns draws on it. */
  readonly budget?: LoadBudget;
  /** How a `$ref`'s text names a declaration; default EVerest's `/<file>#/<Type>` (./refs.ts). API specs read theirs otherwise. */
  readonly parseRef?: (text: string) => ParsedRef;
}

interface Where {
  readonly pointer: string;
  /** Name parts for inline enum naming: [TypeName, property, ...]. */
  readonly path: readonly string[];
  readonly topLevel: boolean;
}

/** What every node of a schema has, read before its kind is known; `inert` fills up as its keywords are read. */
interface Common {
  readonly pos: SourcePos;
  readonly pointer: string;
  readonly description?: string;
  readonly default?: JsonValue;
  readonly inert: InertKeyword[];
}

export function readSchema(node: YNode, where: Where, ctx: SchemaContext): CheckedSchema {
  const { diags } = ctx;
  if (node.kind !== "map") {
    diags.error("E022", node.pos, `a schema must be a mapping, found ${describeNode(node)}`);
    return { kind: "any", pos: node.pos, pointer: where.pointer, inert: [] };
  }

  for (const e of node.entries) {
    if (SUPPORTED_KEYWORDS.includes(e.key) || IGNORED_ANNOTATIONS.has(e.key)) continue;
    const hint = closest(e.key, SUPPORTED_KEYWORDS);
    const spelled = hint ? ` (did you mean "${hint}"?)` : "";
    if (UNSUPPORTED_DRAFT07.has(e.key)) {
      diags.error("E021", e.keyPos, `draft-07 keyword ${JSON.stringify(e.key)} is not supported by the generator yet${spelled}`);
    } else {
      // Not a draft-07 keyword: draft-07 (and so EVerest) ignores it, and so do we.
      diags.warning("W109", e.keyPos, `unknown keyword ${JSON.stringify(e.key)} is ignored${spelled}`);
    }
  }

  const description = entry(node, "description");
  const text = description === undefined ? undefined : stringValue(description, ctx);
  const dflt = entry(node, "default");
  const common: Common = {
    pos: node.pos,
    pointer: where.pointer,
    ...(text !== undefined ? { description: text } : {}),
    ...(dflt ? { default: toJson(dflt.value) } : {}),
    inert: [],
  };

  const types = readType(node, ctx);
  const single = types?.length === 1 ? types[0] : undefined;
  const ref = entry(node, "$ref");
  if (ref) return readRef(node, ref, single, common, ctx);

  // `enum` wins over a `const` beside it.
  const enumEntry = entry(node, "enum");
  const listed = enumEntry ?? entry(node, "const");
  if (listed) {
    // Every keyword beside `enum`/`const` applies too (draft-07); the values alone make the TypeScript type.
    if (single !== undefined) markInapplicable(node, single, common.inert, ctx, ["enum", "const"]);
    // A const its own `type` refuses (W110) keeps the type, so that the validators refuse it too.
    const constValue = enumEntry === undefined ? listed.value : undefined;
    const refused = constValue?.kind === "scalar" && types !== undefined && !types.some((t) => matchesType(constValue.value, t));
    const constraints = readConstraints(node, types, common, where, ctx, refused);
    const constrained = constraints === undefined ? {} : { constraints };
    if (enumEntry) return readEnum(enumEntry, types, { ...common, ...constrained }, where, ctx);
    checkConstType(listed, types, ctx);
    return { kind: "const", ...common, ...constrained, value: toJson(listed.value), ...(single !== undefined ? { type: single } : {}) };
  }

  if (types === undefined) return readConstraints(node, undefined, common, where, ctx) ?? { kind: "any", ...common };
  if (single !== undefined) return readTyped(node, single, common, where, ctx, true);
  return readUnion(node, types, common, where, ctx);
}

function readUnion(node: YMap, types: readonly JsonType[], common: Common, where: Where, ctx: SchemaContext): CheckedUnion {
  const members = types.map((t) => readTyped(node, t, { ...common, inert: [] }, where, ctx, false, true));
  warnUnusedByAll(node, types, common.inert, ctx);
  return { kind: "union", ...common, members };
}

/** The JSON types every value is of; `number` covers `integer`. */
const ALL_TYPES = ["string", "number", "boolean", "object", "array", "null"] as const;

/**
 * The type and typed keywords of `node` (beside an enum or const, or with no
 * `type`) as one schema, or undefined when there are no typed keywords. Without a `type`,
 * keywords apply to values of their own type and every other value passes
 * (draft-07), so the schema is a union of every JSON type marked `typeless`.
 */
function readConstraints(
  node: YMap,
  types: readonly JsonType[] | undefined,
  common: Common,
  where: Where,
  ctx: SchemaContext,
  keepType = false,
): CheckedConstraints | undefined {
  // Only keywords add to what the values say: enum values of a type `type` refuses are dropped already (W110).
  const applies = (k: string): boolean => (types === undefined ? TYPED_KEYWORDS.has(k) : types.some((t) => KEYWORDS_BY_TYPE[t].includes(k)));
  if (!keepType && !node.entries.some((e) => applies(e.key))) return undefined;
  const bare = (): Common => ({ pos: common.pos, pointer: common.pointer, inert: [] });
  if (types !== undefined) {
    const single = types.length === 1 ? types[0] : undefined;
    return single !== undefined ? readTyped(node, single, bare(), where, ctx, false) : readUnion(node, types, bare(), where, ctx);
  }
  // Each type's keywords are read once, on its own member; types without keywords are bare members.
  const members = ALL_TYPES.map((t) =>
    KEYWORDS_BY_TYPE[t].some((k) => entry(node, k) !== undefined) ? readTyped(node, t, bare(), where, ctx, false) : bareMember(t, bare()),
  );
  // W121 only: EVerest applies these bounds to integer values as an `integer`'s; the `number` member keeps them as written.
  const numeric = members.find((m) => m.kind === "number");
  if (numeric !== undefined) integerBounds(node, "integer", numeric as ScalarValues, "typeless", ctx);
  return { kind: "union", ...common, members, typeless: true };
}

/** A member of a typeless union for a type none of whose keywords is written: any value of the type. */
function bareMember(type: (typeof ALL_TYPES)[number], common: Common): CheckedMember {
  return type === "object" ? { kind: type, ...common, properties: [], undeclaredRequired: [] } : { kind: type, ...common };
}

const TYPED_KEYWORDS: ReadonlySet<string> = new Set(Object.values(KEYWORDS_BY_TYPE).flat());

function isJsonType(value: string): value is JsonType {
  return (JSON_TYPES as readonly string[]).includes(value);
}

function readType(node: YMap, ctx: SchemaContext): JsonType[] | undefined {
  const e = entry(node, "type");
  if (!e) return undefined;
  const check = (v: YNode): JsonType | undefined => {
    if (v.kind === "scalar" && typeof v.value === "string" && isJsonType(v.value)) return v.value;
    const shown = v.kind === "scalar" ? JSON.stringify(v.value) : describeNode(v);
    const close = v.kind === "scalar" && typeof v.value === "string" ? closest(v.value, JSON_TYPES) : undefined;
    const hint =
      v.kind === "scalar" && v.value === null
        ? ' (YAML reads a bare null as no value; write "null" in quotes)'
        : close
          ? ` (did you mean "${close}"?)`
          : "";
    ctx.diags.error("E020", v.pos, `invalid type ${shown}${hint}: expected one of ${JSON_TYPES.join(", ")}`);
    return undefined;
  };
  if (e.value.kind === "seq") {
    if (e.value.items.length === 0) {
      ctx.diags.error("E020", e.value.pos, "a type list must not be empty");
      return undefined;
    }
    const out: JsonType[] = [];
    for (const item of e.value.items) {
      const t = check(item);
      if (t === undefined) return undefined;
      if (out.includes(t)) {
        ctx.diags.error("E020", item.pos, `type ${JSON.stringify(t)} is listed twice`);
        return undefined;
      }
      out.push(t);
    }
    return out;
  }
  const t = check(e.value);
  return t === undefined ? undefined : [t];
}

/** `siblingType` is the one `type` written beside the `$ref`, if any. */
function readRef(node: YMap, ref: YEntry, siblingType: JsonType | undefined, common: Common, ctx: SchemaContext): CheckedRef {
  const text = stringValue(ref, ctx);
  for (const e of node.entries) {
    if (e.key === "$ref" || e.key === "type" || ANNOTATIONS.has(e.key) || !SUPPORTED_KEYWORDS.includes(e.key)) continue;
    ctx.diags.warning("W104", e.keyPos, `\`${e.key}\` beside \`$ref\` is ignored: the \`$ref\` wins (draft-07)`);
  }
  let names: RefName | undefined;
  if (text !== undefined) {
    const parsed = (ctx.parseRef ?? parseRef)(text);
    if ("error" in parsed) ctx.diags.error(parsed.code, ref.value.pos, parsed.error);
    else {
      const typeEntry = entry(node, "type");
      names = { file: parsed.file, type: parsed.type, pos: ref.value.pos, ...(typeEntry ? { typePos: typeEntry.value.pos } : {}) };
    }
  }
  return {
    kind: "ref",
    ...common,
    ref: text ?? "",
    ...(siblingType !== undefined ? { siblingType } : {}),
    ...(names !== undefined ? { names } : {}),
  };
}

function readEnum(
  e: YEntry,
  types: readonly JsonType[] | undefined,
  common: Common & { readonly constraints?: CheckedConstraints },
  where: Where,
  ctx: SchemaContext,
): CheckedEnum {
  const type = types?.length === 1 ? types[0] : undefined;
  const values: (string | number | boolean | null)[] = [];
  if (e.value.kind !== "seq" || e.value.items.length === 0) {
    ctx.diags.error("E022", e.value.pos, "`enum` must be a non-empty list");
  } else if (e.value.items.length > LIMITS.maxEnumValues) {
    ctx.diags.error("E022", e.value.pos, `\`enum\` has ${e.value.items.length} values; at most ${LIMITS.maxEnumValues} are allowed`);
  } else {
    const seen = new Set<string>();
    for (const item of e.value.items) {
      if (item.kind !== "scalar" || (typeof item.value === "number" && !Number.isFinite(item.value))) {
        ctx.diags.error("E022", item.pos, `enum values must be strings, numbers, booleans or null, found ${describeNode(item)}`);
        continue;
      }
      const key = jsonText(item.value);
      if (seen.has(key)) {
        ctx.diags.error("E022", item.pos, `enum value ${key} is listed twice`);
        continue;
      }
      seen.add(key);
      if (!checkStringLength(item, ctx)) continue;
      if (types !== undefined && !types.some((t) => matchesType(item.value, t))) {
        // Valid draft-07 (EVerest accepts it), but no value can match: left out of the TypeScript type.
        ctx.diags.warning("W110", item.pos, `enum value ${key} is not of type ${types.join(" or ")}: no value matches it`);
        continue;
      }
      values.push(item.value);
    }
  }
  return {
    kind: "enum",
    ...common,
    values,
    isStringEnum: values.length > 0 && values.every((v) => typeof v === "string"),
    topLevel: where.topLevel,
    ...(type !== undefined ? { type } : {}),
    path: where.path,
  };
}

/** One type, or (`member`) one member of a type list: its own keywords read, and (with `warnInert`) the other types' keywords warned about. */
function readTyped(node: YMap, type: JsonType, common: Common, where: Where, ctx: SchemaContext, warnInert: boolean, member = false): CheckedMember {
  if (warnInert) markInapplicable(node, type, common.inert, ctx, []);
  const scalars = readScalars(node, type, ctx);
  switch (type) {
    case "string":
    case "boolean":
    case "null":
      return { kind: type, ...common, ...scalars };
    case "number":
    case "integer":
      return { kind: type, ...common, ...integerBounds(node, type, scalars, member ? "list" : "single", ctx) };
    case "array":
      return { ...readArray(node, common, where, ctx), ...scalars };
    case "object":
      return { ...readObject(node, common, where, ctx), ...scalars };
  }
}

/** A bound and the exclusive bound that replaces it in EVerest's validator. */
const EXCLUSIVE_OF = [
  ["maximum", "exclusiveMaximum"],
  ["minimum", "exclusiveMinimum"],
] as const;

/**
 * EVerest's validator (pboettch's) keeps one upper and one lower bound: an
 * `exclusiveMaximum` replaces a `maximum` written beside it, whichever comes
 * first, and `exclusiveMinimum` `minimum`. So the replaced one has no effect
 * there, and is left out here too (W120), of the validators, the schemas and
 * the range check (W106).
 */
function exclusiveWins(node: YMap, values: Map<ScalarKeyword, number | string>, ctx: SchemaContext): void {
  for (const [plain, exclusive] of EXCLUSIVE_OF) {
    if (!values.has(plain) || !values.has(exclusive)) continue;
    ctx.diags.warning(
      "W120",
      entry(node, plain)!.keyPos,
      `\`${plain}\` has no effect beside \`${exclusive}\`: EVerest's runtime keeps only \`${exclusive}\`, and so do the validators`,
    );
    values.delete(plain);
  }
}

const BOUNDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const;

/**
 * EVerest's validator compares an integer value with a bound read as a 64-bit
 * integer: a fractional bound is cut toward zero there (`minimum: 1.5` lets 1
 * pass, `exclusiveMaximum: 0.5` refuses 0). For a type that is `integer` alone
 * (`single`) the bound is cut here too; in a type list, or a schema without
 * `type` (whose bounds EVerest applies to integers as to an `integer`), other
 * values need the bound as written, so W121 only says so.
 */
function integerBounds(node: YMap, type: JsonType, scalars: ScalarValues, scope: "single" | "list" | "typeless", ctx: SchemaContext): ScalarValues {
  if (type !== "integer") return scalars;
  let out = scalars;
  for (const k of BOUNDS) {
    const v = out[k];
    if (v === undefined || Number.isInteger(v) || Math.abs(v) >= 2 ** 53) continue;
    const cut = Math.trunc(v) + 0; // + 0: -0 becomes 0
    ctx.diags.warning(
      "W121",
      entry(node, k)!.keyPos,
      scope === "single"
        ? `\`${k}: ${v}\` on an integer: EVerest's runtime compares integers with the bound cut to ${cut}, and so do the validators`
        : `\`${k}: ${v}\` ${scope === "list" ? "in a type list with integer" : "without `type`"}: EVerest's runtime compares integer values with the bound cut to ${cut}, the validators with ${v}`,
    );
    if (scope === "single") out = { ...out, [k]: cut };
  }
  return out;
}

/** How the checks read a value of each kind: undefined (an error, reported) when it is not one. */
const READ_VALUE: { readonly [V in ValueKind]: (e: YEntry, ctx: SchemaContext) => ValueOf<V> | undefined } = {
  count: (e, ctx) => numberValue(e, ctx, true),
  number: (e, ctx) => numberValue(e, ctx, false),
  format: formatValue,
  pattern: patternValue,
};

/** The scalar keywords of `type` (../keywords.ts) written in `node`, each read as its value kind; W106 for a range no value is in. */
function readScalars(node: YMap, type: JsonType, ctx: SchemaContext): ScalarValues {
  const rows = scalarRows(type, "table");
  const values = new Map<ScalarKeyword, number | string>();
  for (const e of node.entries) {
    const row = rows.find((r) => r.keyword === e.key);
    const value = row === undefined ? undefined : READ_VALUE[row.value](e, ctx);
    if (row !== undefined && value !== undefined) values.set(row.keyword, value);
  }
  exclusiveWins(node, values, ctx);
  for (const row of rows) if ("range" in row) checkRange(node, row, values, ctx);
  // Each value was read as its row's kind, which is the type ScalarValues gives that keyword.
  return Object.fromEntries(values) as ScalarValues;
}

function readArray(node: YMap, common: Common, where: Where, ctx: SchemaContext): CheckedArray {
  const items = entry(node, "items");
  if (items === undefined) return { kind: "array", ...common };
  if (items.value.kind === "seq") {
    ctx.diags.error("E021", items.value.pos, "`items` as a list (tuple validation) is not supported");
    return { kind: "array", ...common };
  }
  return { kind: "array", ...common, items: readSchema(items.value, child(where, "/items", "Item"), ctx) };
}

/** `additionalProperties` is read before `properties` and `required`, wherever each is written. */
function readObject(node: YMap, common: Common, where: Where, ctx: SchemaContext): CheckedObject {
  let additionalProperties: boolean | CheckedSchema | undefined;
  const ap = entry(node, "additionalProperties");
  if (ap) {
    const v = ap.value;
    if (v.kind === "scalar" && typeof v.value === "boolean") additionalProperties = v.value;
    else if (v.kind === "map") additionalProperties = readSchema(v, child(where, "/additionalProperties", "Value"), ctx);
    else ctx.diags.error("E022", v.pos, `\`additionalProperties\` must be a boolean or a schema, found ${describeNode(v)}`);
  }
  return { kind: "object", ...common, ...(additionalProperties !== undefined ? { additionalProperties } : {}), ...readProperties(node, where, ctx) };
}

function readProperties(node: YMap, where: Where, ctx: SchemaContext): { properties: CheckedProperty[]; undeclaredRequired: UndeclaredRequired[] } {
  const propsEntry = entry(node, "properties");
  const reqEntry = entry(node, "required");
  const required = new Set<string>();
  if (reqEntry) {
    const v = reqEntry.value;
    if (v.kind !== "seq") {
      ctx.diags.error("E022", v.pos, `\`required\` must be a list of property names, found ${describeNode(v)}`);
    } else {
      for (const item of v.items) {
        if (item.kind !== "scalar" || typeof item.value !== "string") {
          ctx.diags.error("E022", item.pos, `\`required\` must list property names, found ${describeNode(item)}`);
        } else if (required.has(item.value)) {
          ctx.diags.error("E022", item.pos, `${JSON.stringify(item.value)} is listed twice in \`required\``);
        } else {
          required.add(item.value);
        }
      }
    }
  }
  const props: CheckedProperty[] = [];
  if (propsEntry) {
    if (propsEntry.value.kind !== "map") {
      ctx.diags.error("E022", propsEntry.value.pos, `\`properties\` must be a mapping, found ${describeNode(propsEntry.value)}`);
    } else {
      for (const p of propsEntry.value.entries) {
        if (p.key === "__proto__") {
          // JavaScript validators (ajv, and the runtime's own objects) cannot tell an own
          // `__proto__` key from the prototype: refuse it rather than judge it wrongly.
          ctx.diags.error("E025", p.keyPos, 'property name "__proto__" is not supported: JavaScript cannot validate it reliably');
          continue;
        }
        const schema = readSchema(p.value, child(where, `/properties/${escapePointer(p.key)}`, p.key), ctx);
        if (schema.description === undefined && p.value.kind === "map") {
          ctx.diags.warning("W103", p.keyPos, `property ${JSON.stringify(p.key)} has no description`);
        }
        props.push({ name: p.key, required: required.has(p.key), schema, pos: p.keyPos });
      }
    }
  }
  const undeclared: UndeclaredRequired[] = [];
  if (reqEntry?.value.kind === "seq") {
    // A Set, not a search per name: `required` and `properties` may list tens of thousands of names.
    const declared = new Set(props.map((p) => p.name));
    for (const item of reqEntry.value.items) {
      if (item.kind === "scalar" && typeof item.value === "string" && !declared.has(item.value) && required.has(item.value)) {
        if (item.value === "__proto__") {
          ctx.diags.error("E025", item.pos, 'property name "__proto__" is not supported: JavaScript cannot validate it reliably');
          continue;
        }
        // Valid draft-07: the key must be present, with any value `additionalProperties` allows.
        const closed = entry(node, "additionalProperties")?.value;
        const nothing = closed?.kind === "scalar" && closed.value === false;
        ctx.diags.warning(
          "W108",
          item.pos,
          `required property ${JSON.stringify(item.value)} is not declared in \`properties\`${nothing ? ", and `additionalProperties: false` refuses it: no value matches this object" : ": it must be present, with any value"}`,
        );
        undeclared.push({ name: item.value, pos: item.pos });
      }
    }
  }
  return { properties: props, undeclaredRequired: undeclared };
}

/** Records keywords that do nothing for `type` (e.g. `maximum` on a string) in `inert`, and warns about them. */
function markInapplicable(node: YMap, type: JsonType, inert: InertKeyword[], ctx: SchemaContext, skip: string[]): void {
  const own = KEYWORDS_BY_TYPE[type];
  for (const e of node.entries) {
    if (skip.includes(e.key) || own.includes(e.key) || !SUPPORTED_KEYWORDS.includes(e.key)) continue;
    if (!Object.values(KEYWORDS_BY_TYPE).some((ks) => ks.includes(e.key))) continue;
    ctx.diags.warning("W101", e.keyPos, `\`${e.key}\` has no effect on a value of type ${type}`);
    inert.push({ keyword: e.key, value: toJson(e.value), pos: e.keyPos });
  }
}

function warnUnusedByAll(node: YMap, types: readonly JsonType[], inert: InertKeyword[], ctx: SchemaContext): void {
  for (const e of node.entries) {
    const forSome = types.some((t) => KEYWORDS_BY_TYPE[t].includes(e.key));
    const typed = Object.values(KEYWORDS_BY_TYPE).some((ks) => ks.includes(e.key));
    if (typed && !forSome) {
      ctx.diags.warning("W101", e.keyPos, `\`${e.key}\` has no effect on a value of type ${types.join(" or ")}`);
      inert.push({ keyword: e.key, value: toJson(e.value), pos: e.keyPos });
    }
  }
}

/** W106 when `lower`'s value is above its upper bound's, or (a strict range) not below it. */
function checkRange(node: YMap, lower: Extract<ScalarKeywordRow, { range: object }>, values: ReadonlyMap<ScalarKeyword, number | string>, ctx: SchemaContext): void {
  const { upper, strict } = lower.range;
  const a = values.get(lower.keyword);
  const b = values.get(upper);
  if (typeof a !== "number" || typeof b !== "number" || (strict ? a < b : a <= b)) return;
  const relation = strict ? "is not less than" : "is greater than";
  ctx.diags.warning("W106", entry(node, lower.keyword)!.keyPos, `\`${lower.keyword}\` (${a}) ${relation} \`${upper}\` (${b}): no value can match`);
}

/** A `format`, with W105 when the validators do not check it as EVerest's runtime does, W119 when EVerest's runtime refuses every string in it. */
function formatValue(e: YEntry, ctx: SchemaContext): string | undefined {
  const f = stringValue(e, ctx);
  if (f === undefined || CHECKED_FORMATS.has(f)) return f;
  if (UNCHECKED_FORMATS.has(f)) {
    ctx.diags.warning("W105", e.value.pos, `format ${JSON.stringify(f)} is checked by EVerest's runtime but not by the validators: they accept any string`);
  } else {
    ctx.diags.warning(
      "W119",
      e.value.pos,
      `format ${JSON.stringify(f)} is not one EVerest's runtime checks (${[...CHECKED_FORMATS.keys(), ...UNCHECKED_FORMATS].join(", ")}): it refuses every string in it, and so do the validators`,
    );
  }
  return f;
}

/**
 * A `pattern`: a regular expression JavaScript compiles (else E022), with
 * warnings when EVerest's runtime would judge it differently (W114: it cannot
 * compile it or reads it otherwise; W117: it matches some strings otherwise) or when
 * it can backtrack for long (W115).
 */
function patternValue(e: YEntry, ctx: SchemaContext): string | undefined {
  let p = stringValue(e, ctx);
  if (p === undefined) return undefined;
  try {
    new RegExp(p, "u");
  } catch (err) {
    // `\-` or `\_` outside a class: std::regex (EVerest) takes the character, the `u` flag refuses the escape.
    const plain = withoutIdentityEscapes(p);
    if (plain === p || !validRegExp(plain)) {
      ctx.diags.error("E022", e.value.pos, `\`pattern\` is not a valid regular expression: ${(err as Error).message}`);
      return undefined;
    }
    p = plain;
  }
  // Valid here; EVerest's runtime compiles it with C++ std::regex, which may not.
  const problem = stdRegexProblem(p);
  if (problem !== undefined) {
    ctx.diags.warning(
      "W114",
      e.value.pos,
      `\`pattern\` uses ${JSON.stringify(problem.construct)} at index ${problem.index}: ${problem.reason}; EVerest's runtime (C++ std::regex) will not judge it as the generated validators do`,
    );
  } else {
    // It compiles there, but some strings may still get another verdict.
    const difference = stdRegexMatchDifference(p);
    if (difference !== undefined) {
      ctx.diags.warning(
        "W117",
        e.value.pos,
        `\`pattern\` uses ${JSON.stringify(difference.construct)} at index ${difference.index}, which EVerest's runtime (C++ std::regex) matches differently on some strings: ${difference.reason}`,
      );
    }
  }
  // Exponential or polynomial backtracking: untrusted strings can hang validation.
  const redos = withinAnalysisBudget(p, ctx.budget) ? redosFinding(p) : overBudget();
  if (redos !== undefined) ctx.diags.warning("W115", e.value.pos, redosMessage(redos));
  return p;
}

function checkConstType(e: YEntry, types: readonly JsonType[] | undefined, ctx: SchemaContext): void {
  const v = e.value;
  if (v.kind !== "scalar") {
    ctx.diags.error("E022", v.pos, `\`const\` must be a string, number, boolean or null, found ${describeNode(v)}`);
  } else if (types !== undefined && !types.some((t) => matchesType(v.value, t))) {
    // Valid draft-07, but no value can match; the TypeScript type is `never`.
    ctx.diags.warning("W110", v.pos, `\`const\` value ${jsonText(v.value)} is not of type ${types.join(" or ")}: no value matches it`);
  }
}

function matchesType(v: string | number | boolean | null, type: JsonType): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "boolean":
      return typeof v === "boolean";
    case "null":
      return v === null;
    default:
      return false;
  }
}

function stringValue(e: YEntry, ctx: SchemaContext): string | undefined {
  const v = e.value;
  if (v.kind !== "scalar" || typeof v.value !== "string") {
    ctx.diags.error("E022", v.pos, `\`${e.key}\` must be a string, found ${describeNode(v)}`);
    return undefined;
  }
  if (!checkStringLength(v, ctx)) return undefined;
  return v.value;
}

function checkStringLength(v: YScalar, ctx: SchemaContext): boolean {
  if (typeof v.value === "string" && v.value.length > LIMITS.maxStringLength) {
    ctx.diags.error("E022", v.pos, `string of ${v.value.length} characters is longer than the limit of ${LIMITS.maxStringLength}`);
    return false;
  }
  return true;
}

function numberValue(e: YEntry, ctx: SchemaContext, count: boolean): number | undefined {
  const v = e.value;
  const n = v.kind === "scalar" && typeof v.value === "number" ? v.value : undefined;
  if (n === undefined || !Number.isFinite(n)) {
    ctx.diags.error("E022", v.pos, `\`${e.key}\` must be a ${count ? "non-negative integer" : "finite number"}, found ${describeNode(v)}`);
    return undefined;
  }
  if (count && (!Number.isInteger(n) || n < 0)) {
    ctx.diags.error("E022", v.pos, `\`${e.key}\` must be a non-negative integer, found ${n}`);
    return undefined;
  }
  return n;
}

function child(where: Where, pointer: string, name: string): Where {
  return { pointer: where.pointer + pointer, path: [...where.path, name], topLevel: false };
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Whether `pattern` may still be analysed for backtracking in this run: each
 * distinct repeating pattern draws its length from the run's budget, in the
 * (sorted, so deterministic) order files are read. Patterns that cannot
 * backtrack cost nothing.
 */
function withinAnalysisBudget(pattern: string, budget: LoadBudget | undefined): boolean {
  if (budget === undefined || !mayBacktrack(pattern)) return true;
  budget.patternsAsked?.add(pattern);
  if (budget.patternsSeen.has(pattern)) return true;
  if (budget.patternChars < pattern.length) return false;
  budget.patternChars -= pattern.length;
  budget.patternsSeen.add(pattern);
  return true;
}

function overBudget(): RedosFinding {
  return {
    kind: "unchecked",
    reason: `the run has already analysed ${LIMITS.maxPatternCharsAnalysed} characters of patterns, the most one run analyses`,
    attack: "",
  };
}
