/**
 * Random, valid EVerest type files built from a hostile alphabet: odd and
 * reserved names, comment terminators, quotes, backslashes, backticks, `${}`,
 * line separators and `</script>` in every free-text position; nested objects,
 * arrays, maps, enums, type lists, refs within and across files (cycles too).
 */
import * as fc from "fast-check";
import { dump } from "js-yaml";

type G = fc.GeneratorValue;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const NASTY = ["*/", "/*", '"', "'", "\\", "`", "${x}", "\n", "\u2028", "\u2029", "</script>", "__proto__", "@param", "<b>", "|", "\u0000", "😀", "é"];
const RESERVED_NAMES = ["default", "delete", "class", "Date", "Object", "Promise", "Array", "__proto__", "constructor", "prototype", "toString", "string", "type", "a.b", "a-b", "_", "T", "ValidationError", "validate"];
const PATTERNS = ["^[a-z]+$", "^[0-9]{2,4}$", "a|b", "^\\S*$"];

/** Every object made here gets keys through defineProperty, so `__proto__` is a key, not a prototype. */
function obj(entries: [string, Json | undefined][]): { [k: string]: Json } {
  const o: { [k: string]: Json } = {};
  for (const [k, v] of entries) {
    if (v !== undefined) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function text(g: G): string {
  const parts = g(() => fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 }));
  const t = parts.join(" ");
  return t.trim().length >= 2 ? t : `${t} ok`;
}

function key(g: G): string {
  // `__proto__` as a property name is refused by the checker (E025), so it is not a valid definition.
  const k = g(() => fc.oneof(fc.constantFrom(...NASTY, ...RESERVED_NAMES, "3phase", "a-b", "total_power_W", ""), fc.string({ maxLength: 8 })));
  return k === "__proto__" ? "proto" : k;
}

function typeName(g: G): string {
  return g(() =>
    fc.oneof(
      fc.constantFrom(...RESERVED_NAMES),
      fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_.-]{0,8}$/).filter((s) => !/^(is|assert|validate)/.test(s)),
    ),
  );
}

interface Scope {
  readonly refs: readonly string[];
}

function schema(g: G, scope: Scope, depth: number, top: boolean): { [k: string]: Json } {
  const kinds = ["string", "integer", "number", "boolean", "enum", "array", "object", "union"];
  if (scope.refs.length > 0) kinds.push("ref");
  if (!top) kinds.push("ienum");
  const kind = depth <= 0 ? (g(fc.constantFrom, "string", "integer", "boolean") as string) : (g(fc.constantFrom, ...kinds) as string);
  const description = top || (g(fc.boolean) as boolean) ? text(g) : undefined;
  const maybe = <T>(arb: fc.Arbitrary<T>): T | undefined => ((g(fc.boolean) as boolean) ? (g(() => arb) as T) : undefined);
  switch (kind) {
    case "string": {
      const min = maybe(fc.integer({ min: 0, max: 4 }));
      const max = maybe(fc.integer({ min: 4, max: 12 }));
      return obj([["description", description], ["type", "string"], ["minLength", min], ["maxLength", max], ["pattern", maybe(fc.constantFrom(...PATTERNS))]]);
    }
    case "integer":
    case "number":
      return obj([
        ["description", description],
        ["type", kind],
        ["minimum", maybe(fc.integer({ min: -5, max: 0 }))],
        ["maximum", maybe(fc.integer({ min: 1, max: 100 }))],
        ["exclusiveMaximum", maybe(fc.integer({ min: 101, max: 200 }))],
      ]);
    case "boolean":
      return obj([["description", description], ["type", "boolean"]]);
    case "enum":
    case "ienum": {
      const values = g(() => fc.uniqueArray(fc.oneof(fc.constantFrom(...NASTY, "3phase", "a-b", "", "Accepted"), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 5 }));
      return obj([["description", description], ["type", "string"], ["enum", values]]);
    }
    case "array":
      return obj([
        ["description", description],
        ["type", "array"],
        ["items", schema(g, scope, depth - 1, false)],
        ["maxItems", maybe(fc.integer({ min: 1, max: 4 }))],
      ]);
    case "object": {
      const count = g(fc.integer, { min: 0, max: 4 }) as number;
      const keys: string[] = [];
      for (let i = 0; i < count; i++) {
        const k = key(g);
        if (!keys.includes(k)) keys.push(k);
      }
      const props = obj(keys.map((k) => [k, schema(g, scope, depth - 1, false)]));
      const required = keys.filter(() => g(fc.boolean) as boolean);
      const additional = g(fc.constantFrom, "absent", "false", "true", "schema") as string;
      return obj([
        ["description", description],
        ["type", "object"],
        ["required", required.length > 0 ? required : undefined],
        ["properties", keys.length > 0 ? props : undefined],
        [
          "additionalProperties",
          additional === "absent" ? undefined : additional === "schema" ? schema(g, scope, 0, false) : additional === "true",
        ],
      ]);
    }
    case "union":
      return obj([["description", description], ["type", ["string", "null"]], ["maxLength", maybe(fc.integer({ min: 1, max: 6 }))]]);
    case "ref": {
      const target = g(fc.constantFrom, ...scope.refs) as string;
      return obj([["description", description], ["type", top ? "object" : undefined], ["$ref", target]]);
    }
    default:
      throw new Error(kind);
  }
}

export interface RandomDefs {
  readonly files: { path: string; content: string }[];
}

/** One random set of 1-3 type files that reference each other. */
export function randomDefs(g: G): RandomDefs {
  const fileCount = g(fc.integer, { min: 1, max: 3 }) as number;
  const stems: string[] = [];
  while (stems.length < fileCount) {
    const s = g(() => fc.oneof(fc.constantFrom("__proto__", "constructor", "default", "ocpp", "a-b"), fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/)));
    if (!stems.includes(s)) stems.push(s);
  }
  const plan = stems.map((stem) => {
    const n = g(fc.integer, { min: 1, max: 4 }) as number;
    const names: string[] = [];
    while (names.length < n) {
      const t = typeName(g);
      if (!names.includes(t)) names.push(t);
    }
    return { stem, names };
  });
  const refs = plan.flatMap((p) => p.names.map((n) => `/${p.stem}#/${n}`));
  const files = plan.map((p) => {
    const types = obj(p.names.map((n) => [n, schema(g, { refs }, 3, true)]));
    // A top-level schema must have `type`: give refs the type EVerest would write.
    for (const n of p.names) {
      const t = types[n] as { [k: string]: Json };
      if (t["type"] === undefined) t["type"] = "object";
    }
    const doc = obj([["description", text(g)], ["types", types]]);
    return { path: `defs/${p.stem}.yaml`, content: dump(doc, { lineWidth: -1, noRefs: true }) };
  });
  return { files };
}

/** A value shaped by `schema`, often valid, sometimes off by one thing. */
export function randomInstance(g: G, s: Json, defs: Map<string, Json>, depth = 0): Json {
  if (s === null || typeof s !== "object" || Array.isArray(s)) return null;
  const sch = s as { [k: string]: Json };
  if (depth > 6 || (g(fc.integer, { min: 0, max: 9 }) as number) === 0) {
    return g(fc.jsonValue, { maxDepth: 2 }) as Json;
  }
  if (typeof sch["$ref"] === "string") return randomInstance(g, defs.get(sch["$ref"]) ?? null, defs, depth + 1);
  if (Array.isArray(sch["enum"])) {
    return (g(fc.boolean) as boolean) ? (g(fc.constantFrom, ...(sch["enum"] as Json[])) as Json) : (g(fc.string, { maxLength: 4 }) as string);
  }
  const type = Array.isArray(sch["type"]) ? (g(fc.constantFrom, ...(sch["type"] as Json[])) as string) : sch["type"];
  switch (type) {
    case "string":
      return g(() => fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^[a-z0-9]{0,6}$/), fc.constantFrom("😀😀😀", "ab", "12", "")));
    case "integer":
      return g(fc.integer, { min: -10, max: 210 }) as number;
    case "number":
      return g(() => fc.oneof(fc.integer({ min: -10, max: 210 }), fc.double({ min: -10, max: 210, noNaN: true })));
    case "boolean":
      return g(fc.boolean) as boolean;
    case "null":
      return null;
    case "array": {
      const n = g(fc.integer, { min: 0, max: 5 }) as number;
      return Array.from({ length: n }, () => randomInstance(g, sch["items"] ?? {}, defs, depth + 1));
    }
    case "object": {
      const props = (sch["properties"] ?? {}) as { [k: string]: Json };
      const out: [string, Json | undefined][] = [];
      for (const k of Object.keys(props)) {
        if ((g(fc.integer, { min: 0, max: 4 }) as number) > 0) out.push([k, randomInstance(g, props[k] ?? null, defs, depth + 1)]);
      }
      if ((g(fc.integer, { min: 0, max: 5 }) as number) === 0) out.push([key(g), g(fc.jsonValue, { maxDepth: 1 }) as Json]);
      return obj(out);
    }
    default:
      return g(fc.jsonValue, { maxDepth: 2 }) as Json;
  }
}
