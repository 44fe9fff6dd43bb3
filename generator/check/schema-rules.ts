/**
 * Checks one schema (any depth) against draft-07 and EVerest's rules and turns
 * it into a model node. `$ref` targets and inline enum names are filled in
 * later by ../model/build-model.ts, once every file has been read.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import { LIMITS, type LoadBudget } from "../limits";
import type { YEntry, YMap, YNode, YScalar } from "../load/yaml-tree";
import type { EnumSchema, InertKeyword, JsonValue, Property, RefSchema, Schema, UndeclaredRequired } from "../model/model";
import { ANNOTATIONS, CHECKED_FORMATS, IGNORED_ANNOTATIONS, JSON_TYPES, KEYWORDS_BY_TYPE, SUPPORTED_KEYWORDS, UNSUPPORTED_DRAFT07 } from "./keywords";
import { describeNode, entry, jsonText, toJson } from "./yaml-access";
import { closest } from "../closest";
import { parseRef } from "./refs";
import { stdRegexProblem } from "./std-regex";
import { mayBacktrack, redosFinding, redosMessage, type RedosFinding } from "./redos";
import type { Mutable } from "../mutable";

/** A `$ref` waiting for its target. */
export interface PendingRef {
  readonly node: RefSchema;
  readonly file: string;
  readonly type: string;
  /** Where the `$ref` value is written. */
  readonly pos: SourcePos;
  /** Where the sibling `type` value is written, if there is one. */
  readonly typePos?: SourcePos;
}

/** An inline enum waiting for its name; `path` is the chain of names it is nested under. */
export interface PendingEnum {
  readonly node: EnumSchema;
  readonly path: readonly string[];
}

export interface SchemaContext {
  readonly diags: DiagnosticBag;
  readonly refs: PendingRef[];
  readonly enums: PendingEnum[];
  /** The run's bounds; the backtracking analysis of patterns draws on it. */
  readonly budget?: LoadBudget;
}

interface Where {
  readonly pointer: string;
  /** Name parts for inline enum naming: [TypeName, property, ...]. */
  readonly path: readonly string[];
  readonly topLevel: boolean;
}

type Draft = Mutable<Record<string, unknown>> & { kind: string; pos: SourcePos; pointer: string; inert: InertKeyword[] };

export function readSchema(node: YNode, where: Where, ctx: SchemaContext): Schema {
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

  const base: Draft = { kind: "any", pos: node.pos, pointer: where.pointer, inert: [] };
  const description = entry(node, "description");
  if (description) {
    const text = stringValue(description, ctx);
    if (text !== undefined) base["description"] = text;
  }
  const dflt = entry(node, "default");
  if (dflt) base["default"] = toJson(dflt.value);

  const types = readType(node, ctx);
  const ref = entry(node, "$ref");
  if (ref) return readRef(node, ref, types, base, where, ctx);

  const enumEntry = entry(node, "enum");
  const constEntry = entry(node, "const");
  if (enumEntry || constEntry) {
    // Every keyword beside `enum`/`const` applies too (draft-07); the values alone make the TypeScript type.
    const single = types?.length === 1 ? types[0] : undefined;
    if (single !== undefined) markInapplicable(node, single, base, ctx, ["enum", "const"]);
    // A const its own `type` refuses (W110) keeps the type, so that the validators refuse it too.
    const refused = constEntry !== undefined && !enumEntry && types !== undefined && constEntry.value.kind === "scalar" && !types.some((t) => matchesType((constEntry.value as YScalar).value, t));
    const constraints = readConstraints(node, types, base, where, ctx, refused);
    if (constraints !== undefined) base["constraints"] = constraints;
    if (enumEntry) return readEnum(enumEntry, types, base, where, ctx);
    base.kind = "const";
    base["value"] = toJson(constEntry!.value);
    if (single !== undefined) base["type"] = single;
    checkConstType(constEntry!, types, ctx);
    return base as unknown as Schema;
  }

  if (types === undefined) {
    const constrained = readConstraints(node, undefined, base, where, ctx);
    return (constrained ?? base) as unknown as Schema;
  }
  if (types.length === 1) return readTyped(node, types[0]!, base, where, ctx, true);
  return readUnion(node, types, base, where, ctx);
}

function readUnion(node: YMap, types: readonly string[], base: Draft, where: Where, ctx: SchemaContext): Schema {
  const members = types.map((t) => readTyped(node, t, { ...base, inert: [] }, where, ctx, false));
  warnUnusedByAll(node, types, base, ctx);
  const union: Draft = { ...base, kind: "union", members };
  return union as unknown as Schema;
}

/** The JSON types every value is of; `number` covers `integer`. */
const ALL_TYPES = ["string", "number", "boolean", "object", "array", "null"] as const;

/**
 * The type and typed keywords of `node` (beside an enum or const, or with no
 * `type`) as one schema, or undefined when there are no typed keywords. Without a `type`,
 * keywords apply to values of their own type and every other value passes
 * (draft-07), so the schema is a union of every JSON type marked `typeless`.
 */
function readConstraints(node: YMap, types: readonly string[] | undefined, base: Draft, where: Where, ctx: SchemaContext, keepType = false): Schema | undefined {
  // Only keywords add to what the values say: enum values of a type `type` refuses are dropped already (W110).
  const applies = (k: string): boolean => (types === undefined ? TYPED_KEYWORDS.has(k) : types.some((t) => (KEYWORDS_BY_TYPE[t] ?? []).includes(k)));
  if (!keepType && !node.entries.some((e) => applies(e.key))) return undefined;
  const bare: Draft = { kind: "any", pos: base.pos, pointer: base.pointer, inert: [] };
  if (types !== undefined) {
    if (types.length === 1) return readTyped(node, types[0]!, bare, where, ctx, false);
    return readUnion(node, types, bare, where, ctx);
  }
  // Each type's keywords are read once, on its own member; types without keywords are bare members.
  const members = ALL_TYPES.map((t) =>
    (KEYWORDS_BY_TYPE[t] ?? []).some((k) => entry(node, k) !== undefined)
      ? readTyped(node, t, { ...bare, inert: [] }, where, ctx, false)
      : ({ ...bare, inert: [], kind: t, ...(t === "object" ? { properties: [], undeclaredRequired: [] } : {}) } as unknown as Schema),
  );
  const union: Draft = { ...base, kind: "union", members, typeless: true };
  return union as unknown as Schema;
}

const TYPED_KEYWORDS: ReadonlySet<string> = new Set(Object.values(KEYWORDS_BY_TYPE).flat());

function readType(node: YMap, ctx: SchemaContext): string[] | undefined {
  const e = entry(node, "type");
  if (!e) return undefined;
  const check = (v: YNode): string | undefined => {
    if (v.kind === "scalar" && typeof v.value === "string" && (JSON_TYPES as readonly string[]).includes(v.value)) {
      return v.value;
    }
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
    const out: string[] = [];
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

function readRef(node: YMap, ref: YEntry, types: string[] | undefined, base: Draft, where: Where, ctx: SchemaContext): Schema {
  const text = stringValue(ref, ctx);
  const out: Draft = { ...base, kind: "ref", ref: text ?? "" };
  if (types?.length === 1) out["siblingType"] = types[0];
  for (const e of node.entries) {
    if (e.key === "$ref" || e.key === "type" || ANNOTATIONS.has(e.key) || !SUPPORTED_KEYWORDS.includes(e.key)) continue;
    ctx.diags.warning("W104", e.keyPos, `\`${e.key}\` beside \`$ref\` is ignored: the \`$ref\` wins (draft-07)`);
  }
  if (text !== undefined) {
    const parsed = parseRef(text);
    if ("error" in parsed) ctx.diags.error(parsed.code, ref.value.pos, parsed.error);
    else {
      const typeEntry = entry(node, "type");
      ctx.refs.push({
        node: out as unknown as RefSchema,
        file: parsed.file,
        type: parsed.type,
        pos: ref.value.pos,
        ...(typeEntry ? { typePos: typeEntry.value.pos } : {}),
      });
    }
  }
  void where;
  return out as unknown as Schema;
}

function readEnum(e: YEntry, types: readonly string[] | undefined, base: Draft, where: Where, ctx: SchemaContext): Schema {
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
  const out: Draft = {
    ...base,
    kind: "enum",
    values,
    tsName: "",
    isStringEnum: values.length > 0 && values.every((v) => typeof v === "string"),
    topLevel: where.topLevel,
  };
  if (type !== undefined) out["type"] = type;
  ctx.enums.push({ node: out as unknown as EnumSchema, path: where.path });
  return out as unknown as Schema;
}

function readTyped(node: YMap, type: string, base: Draft, where: Where, ctx: SchemaContext, warnInert: boolean): Schema {
  const out: Draft = { ...base, kind: type };
  if (warnInert) markInapplicable(node, type, out, ctx, []);
  const own = KEYWORDS_BY_TYPE[type] ?? [];
  for (const e of node.entries) {
    if (!own.includes(e.key)) continue;
    switch (e.key) {
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems": {
        const n = numberValue(e, ctx, true);
        if (n !== undefined) out[e.key] = n;
        break;
      }
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum": {
        const n = numberValue(e, ctx, false);
        if (n !== undefined) out[e.key] = n;
        break;
      }
      case "pattern": {
        const p = stringValue(e, ctx);
        if (p !== undefined) {
          try {
            new RegExp(p, "u");
            out["pattern"] = p;
            // Valid here; EVerest's runtime compiles it with C++ std::regex, which may not.
            const problem = stdRegexProblem(p);
            if (problem !== undefined) {
              ctx.diags.warning(
                "W114",
                e.value.pos,
                `\`pattern\` uses ${JSON.stringify(problem.construct)} at index ${problem.index}: ${problem.reason}; EVerest's runtime (C++ std::regex) will not judge it as the generated validators do`,
              );
            }
            // Exponential or polynomial backtracking: untrusted strings can hang validation.
            const redos = withinAnalysisBudget(p, ctx.budget) ? redosFinding(p) : overBudget();
            if (redos !== undefined) ctx.diags.warning("W115", e.value.pos, redosMessage(redos));
          } catch (err) {
            ctx.diags.error("E022", e.value.pos, `\`pattern\` is not a valid regular expression: ${(err as Error).message}`);
          }
        }
        break;
      }
      case "format": {
        const f = stringValue(e, ctx);
        if (f !== undefined) {
          out["format"] = f;
          if (!CHECKED_FORMATS.has(f)) {
            ctx.diags.warning("W105", e.value.pos, `format ${JSON.stringify(f)} is not checked by the validators (only date-time is)`);
          }
        }
        break;
      }
      case "items": {
        if (e.value.kind === "seq") {
          ctx.diags.error("E021", e.value.pos, "`items` as a list (tuple validation) is not supported");
        } else {
          out["items"] = readSchema(e.value, child(where, "/items", "Item"), ctx);
        }
        break;
      }
      case "additionalProperties": {
        const v = e.value;
        if (v.kind === "scalar" && typeof v.value === "boolean") out["additionalProperties"] = v.value;
        else if (v.kind === "map") out["additionalProperties"] = readSchema(v, child(where, "/additionalProperties", "Value"), ctx);
        else ctx.diags.error("E022", v.pos, `\`additionalProperties\` must be a boolean or a schema, found ${describeNode(v)}`);
        break;
      }
      default:
        break; // properties and required are read together below
    }
  }
  checkRanges(out, node, ctx);
  if (type === "object") Object.assign(out, readProperties(node, where, ctx));
  return out as unknown as Schema;
}

function readProperties(node: YMap, where: Where, ctx: SchemaContext): { properties: Property[]; undeclaredRequired: UndeclaredRequired[] } {
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
  const props: Property[] = [];
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

/** Records keywords that do nothing for `type` (e.g. `maximum` on a string) and warns about them. */
function markInapplicable(node: YMap, type: string | undefined, out: Draft, ctx: SchemaContext, skip: string[]): void {
  if (type === undefined) return;
  const own = KEYWORDS_BY_TYPE[type] ?? [];
  for (const e of node.entries) {
    if (skip.includes(e.key) || own.includes(e.key) || !SUPPORTED_KEYWORDS.includes(e.key)) continue;
    if (!Object.values(KEYWORDS_BY_TYPE).some((ks) => ks.includes(e.key))) continue;
    ctx.diags.warning("W101", e.keyPos, `\`${e.key}\` has no effect on a value of type ${type}`);
    out.inert.push({ keyword: e.key, value: toJson(e.value), pos: e.keyPos });
  }
}

function warnUnusedByAll(node: YMap, types: readonly string[], out: Draft, ctx: SchemaContext): void {
  for (const e of node.entries) {
    const forSome = types.some((t) => (KEYWORDS_BY_TYPE[t] ?? []).includes(e.key));
    const typed = Object.values(KEYWORDS_BY_TYPE).some((ks) => ks.includes(e.key));
    if (typed && !forSome) {
      ctx.diags.warning("W101", e.keyPos, `\`${e.key}\` has no effect on a value of type ${types.join(" or ")}`);
      out.inert.push({ keyword: e.key, value: toJson(e.value), pos: e.keyPos });
    }
  }
}

function checkRanges(out: Draft, node: YMap, ctx: SchemaContext): void {
  const pairs: [string, string][] = [
    ["minLength", "maxLength"],
    ["minItems", "maxItems"],
    ["minimum", "maximum"],
  ];
  for (const [lo, hi] of pairs) {
    const a = out[lo];
    const b = out[hi];
    if (typeof a === "number" && typeof b === "number" && a > b) {
      ctx.diags.warning("W106", entry(node, lo)!.keyPos, `\`${lo}\` (${a}) is greater than \`${hi}\` (${b}): no value can match`);
    }
  }
  const lo = out["exclusiveMinimum"];
  const hi = out["exclusiveMaximum"];
  if (typeof lo === "number" && typeof hi === "number" && lo >= hi) {
    ctx.diags.warning(
      "W106",
      entry(node, "exclusiveMinimum")!.keyPos,
      `\`exclusiveMinimum\` (${lo}) is not less than \`exclusiveMaximum\` (${hi}): no value can match`,
    );
  }
}

function checkConstType(e: YEntry, types: readonly string[] | undefined, ctx: SchemaContext): void {
  const v = e.value;
  if (v.kind !== "scalar") {
    ctx.diags.error("E022", v.pos, `\`const\` must be a string, number, boolean or null, found ${describeNode(v)}`);
  } else if (types !== undefined && !types.some((t) => matchesType(v.value, t))) {
    // Valid draft-07, but no value can match; the TypeScript type is `never`.
    ctx.diags.warning("W110", v.pos, `\`const\` value ${jsonText(v.value)} is not of type ${types.join(" or ")}: no value matches it`);
  }
}

function matchesType(v: string | number | boolean | null, type: string): boolean {
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

export type { JsonValue };

/**
 * Whether `pattern` may still be analysed for backtracking in this run: each
 * distinct repeating pattern draws its length from the run's budget, in the
 * (sorted, so deterministic) order files are read. Patterns that cannot
 * backtrack cost nothing.
 */
function withinAnalysisBudget(pattern: string, budget: LoadBudget | undefined): boolean {
  if (budget === undefined || !mayBacktrack(pattern) || budget.patternsSeen.has(pattern)) return true;
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
