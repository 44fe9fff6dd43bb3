/**
 * Random, valid EVerest type files built from a hostile alphabet: odd and
 * reserved names, comment terminators, quotes, backslashes, backticks, `${}`,
 * line separators and `</script>` in every free-text position; nested objects,
 * arrays, maps, enums (string, integer and untyped mixed ones), consts, type
 * lists, formats, `default`s (with `__proto__` keys), untyped schemas, refs
 * within and across files (cycles too).
 *
 * Also: random broken YAML (`randomBrokenYaml`) and random bytes
 * (`randomBytes`) for the clean-diagnostics property.
 */
import * as fc from "fast-check";
import { dump } from "js-yaml";
import { NameScope, helperNames, safeIdentifier } from "../../generator/names";

type G = fc.GeneratorValue;
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

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

/*
 * The arbitraries that take no argument, made once. `g(() => arb)` calls its
 * function on every draw, and some cost far more to make than to draw from:
 * fast-check builds `stringMatching(/^[a-z_][a-z0-9_]{0,5}$/)` in about 12 ms
 * and `/^[a-z0-9]{0,6}$/` in about 5 ms. Made at every draw, they took 7 of
 * the 40.6 CPU-seconds of the four property files. An arbitrary holds no
 * state, so one made once draws the same values for the same seed.
 */
const TEXT_PARTS = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 });
const KEY = fc.oneof(fc.constantFrom(...NASTY, ...RESERVED_NAMES, "3phase", "a-b", "total_power_W", ""), fc.string({ maxLength: 8 }));
const TYPE_NAME = fc.oneof(
  fc.constantFrom(...RESERVED_NAMES),
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_.-]{0,8}$/).filter((s) => !/^(is|assert|validate)/.test(s)),
);
const DEFAULT_VALUE = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(obj([["__proto__", { polluted: true }], ["constructor", { prototype: { polluted: true } }]]), "*/ ${x} `", ["</script>", "\u2028"]),
);
const STRING_SCALAR = fc.oneof(fc.constantFrom(...NASTY, "", "Accepted"), fc.string({ maxLength: 5 }));
const STRING_ENUM = fc.uniqueArray(fc.oneof(fc.constantFrom(...NASTY, "3phase", "a-b", "", "Accepted"), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 5 });
const INTEGER_ENUM = fc.uniqueArray(fc.integer({ min: -3, max: 12 }), { minLength: 1, maxLength: 10 });
const STEM = fc.oneof(fc.constantFrom("__proto__", "constructor", "default", "ocpp", "a-b"), fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/));
const STRING_INSTANCE = fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^[a-z0-9]{0,6}$/), fc.constantFrom("😀😀😀", "ab", "12", ""));

function text(g: G): string {
  const parts = g(() => TEXT_PARTS);
  const t = parts.join(" ");
  // Two characters as EVerest counts them (code points: "😀" alone is one), and not only blanks.
  return t.trim().length >= 2 && Array.from(t).length >= 2 ? t : `${t} ok`;
}

function key(g: G): string {
  // `__proto__` as a property name is refused by the checker (E025), so it is not a valid definition.
  const k = g(() => KEY);
  return k === "__proto__" ? "proto" : k;
}

function typeName(g: G): string {
  return g(() => TYPE_NAME);
}

interface Scope {
  readonly refs: readonly string[];
}

/** A `default`: any JSON, hostile keys (`__proto__` too) and text included. Documentation only. */
function defaultValue(g: G): Json {
  return g(() => DEFAULT_VALUE) as Json;
}

/** Scalars for a `const` or an untyped enum, by JSON type. */
function scalarOf(g: G, type: string): string | number | boolean | null {
  switch (type) {
    case "string":
      return g(() => STRING_SCALAR) as string;
    case "integer":
      return g(fc.integer, { min: -3, max: 3 }) as number;
    case "number":
      return g(fc.constantFrom, 0.5, -2.25, 1e21, 7) as number;
    case "boolean":
      return g(fc.boolean) as boolean;
    default:
      return null;
  }
}

function schema(g: G, scope: Scope, depth: number, top: boolean): { [k: string]: Json } {
  const kinds = ["string", "integer", "number", "boolean", "enum", "nenum", "const", "null", "array", "object", "union"];
  if (scope.refs.length > 0) kinds.push("ref");
  if (!top) kinds.push("ienum", "menum", "any");
  const kind = depth <= 0 ? (g(fc.constantFrom, "string", "integer", "boolean") as string) : (g(fc.constantFrom, ...kinds) as string);
  const description = top || (g(fc.boolean) as boolean) ? text(g) : undefined;
  const maybe = <T>(arb: fc.Arbitrary<T>): T | undefined => ((g(fc.boolean) as boolean) ? (g(() => arb) as T) : undefined);
  const dflt = (g(fc.integer, { min: 0, max: 5 }) as number) === 0 ? defaultValue(g) : undefined;
  const base = (entries: [string, Json | undefined][]): { [k: string]: Json } => obj([["description", description], ...entries, ["default", dflt]]);
  switch (kind) {
    case "string": {
      const min = maybe(fc.integer({ min: 0, max: 4 }));
      const max = maybe(fc.integer({ min: 4, max: 12 }));
      return base([
        ["type", "string"],
        ["minLength", min],
        ["maxLength", max],
        ["pattern", maybe(fc.constantFrom(...PATTERNS))],
        ["format", maybe(fc.constantFrom("date-time", "date-time", "uri", "email"))],
      ]);
    }
    case "integer":
    case "number":
      return base([
        ["type", kind],
        ["minimum", maybe(fc.oneof(fc.integer({ min: -5, max: 0 }), fc.constantFrom(-0.5, -1e-7)))],
        ["exclusiveMinimum", maybe(fc.integer({ min: -10, max: -6 }))],
        ["maximum", maybe(fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(2.5, 1e21)))],
        ["exclusiveMaximum", maybe(fc.integer({ min: 101, max: 200 }))],
      ]);
    case "boolean":
      return base([["type", "boolean"]]);
    case "null":
      return base([["type", "null"]]);
    case "any":
      return base([]);
    case "const": {
      const type = g(fc.constantFrom, "string", "integer", "boolean") as string;
      return base([["type", type], ["const", scalarOf(g, type)]]);
    }
    case "enum":
    case "ienum": {
      const values = g(() => STRING_ENUM);
      return base([["type", "string"], ["enum", values]]);
    }
    case "nenum": {
      const values = g(() => INTEGER_ENUM);
      return base([["type", "integer"], ["enum", values]]);
    }
    case "menum": {
      // No `type`: values of several types, compared by their JSON text (1 and 1.0 are one value).
      const values: (string | number | boolean | null)[] = [];
      const n = g(fc.integer, { min: 1, max: 5 }) as number;
      for (let i = 0; i < n; i++) {
        const v = scalarOf(g, g(fc.constantFrom, "string", "integer", "number", "boolean", "null") as string);
        if (!values.some((x) => JSON.stringify(x) === JSON.stringify(v))) values.push(v);
      }
      return base([["enum", values]]);
    }
    case "array":
      return base([
        ["type", "array"],
        ["items", (g(fc.integer, { min: 0, max: 5 }) as number) === 0 ? undefined : schema(g, scope, depth - 1, false)],
        ["minItems", maybe(fc.integer({ min: 0, max: 2 }))],
        ["maxItems", maybe(fc.integer({ min: 2, max: 4 }))],
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
      return base([
        ["type", "object"],
        ["required", required.length > 0 ? required : undefined],
        ["properties", keys.length > 0 ? props : undefined],
        [
          "additionalProperties",
          additional === "absent" ? undefined : additional === "schema" ? schema(g, scope, Math.min(depth - 1, 1), false) : additional === "true",
        ],
        ["minProperties", maybe(fc.integer({ min: 0, max: 2 }))],
        ["maxProperties", maybe(fc.integer({ min: 1, max: 4 }))],
      ]);
    }
    case "union": {
      const types = g(() => fc.shuffledSubarray(["string", "null", "integer", "number", "boolean"], { minLength: 2, maxLength: 3 })) as string[];
      return base([
        ["type", types],
        ["maxLength", types.includes("string") ? maybe(fc.integer({ min: 1, max: 6 })) : undefined],
        ["minimum", types.some((t) => t === "integer" || t === "number") ? maybe(fc.integer({ min: -2, max: 2 })) : undefined],
      ]);
    }
    case "ref": {
      const target = g(fc.constantFrom, ...scope.refs) as string;
      return base([["type", top ? "object" : undefined], ["$ref", target]]);
    }
    default:
      throw new Error(kind);
  }
}

export interface RandomDefs {
  readonly files: { path: string; content: string }[];
  /** Every type's schema by its `$ref` (`/<file>#/<Type>`), for `randomInstance`. */
  readonly types: Map<string, Json>;
}

/** One random set of 1-3 type files that reference each other. */
export function randomDefs(g: G): RandomDefs {
  const fileCount = g(fc.integer, { min: 1, max: 3 }) as number;
  const stems: string[] = [];
  while (stems.length < fileCount) {
    const s = g(() => STEM);
    if (!stems.includes(s)) stems.push(s);
  }
  const plan = stems.map((stem) => {
    const n = g(fc.integer, { min: 1, max: 4 }) as number;
    const names: string[] = [];
    while (names.length < n) {
      const t = typeName(g);
      if (!names.includes(t)) names.push(t);
    }
    return { stem, names: withoutHelperClashes(names) };
  });
  const refs = plan.flatMap((p) => p.names.map((n) => `/${p.stem}#/${n}`));
  const byRef = new Map<string, Json>();
  const files = plan.map((p) => {
    const types = obj(p.names.map((n) => [n, schema(g, { refs }, 3, true)]));
    // A top-level schema must have `type`: give refs the type EVerest would write.
    for (const n of p.names) {
      const t = types[n] as { [k: string]: Json };
      if (t["type"] === undefined) t["type"] = "object";
      byRef.set(`/${p.stem}#/${n}`, t);
    }
    const doc = obj([["description", text(g)], ["types", types]]);
    return { path: `defs/${p.stem}.yaml`, content: dump(doc, { lineWidth: -1, noRefs: true }) };
  });
  return { files, types: byRef };
}

/**
 * `names` without those whose helpers (`isX`, `assertX`, `validateX`) would be
 * another type's TypeScript name, which the checker rightly refuses (E018):
 * `validate` is `validate_`, and so is the validator of a type named `_`.
 */
function withoutHelperClashes(names: readonly string[]): string[] {
  const scope = new NameScope();
  const ts = names.map((n) => scope.claim(safeIdentifier(n)));
  const taken = new Set(ts);
  const kept = names.filter((_, i) => {
    const h = helperNames(ts[i]!);
    return ![h.is, h.assert, h.validate].some((x) => taken.has(x));
  });
  // Dropping a name can change the `_2` suffixes of the rest: check again until stable.
  return kept.length === names.length ? kept : kept.length === 0 ? ["Fallback"] : withoutHelperClashes(kept);
}

/** A value shaped by `schema`, often valid, sometimes off by one thing. */
export function randomInstance(g: G, s: Json, defs: Map<string, Json>, depth = 0): Json {
  if (s === null || typeof s !== "object" || Array.isArray(s)) return null;
  const sch = s as { [k: string]: Json };
  if (depth > 6 || (g(fc.integer, { min: 0, max: 9 }) as number) === 0) {
    return g(fc.jsonValue, { maxDepth: 2 }) as Json;
  }
  if (typeof sch["$ref"] === "string") return randomInstance(g, defs.get(sch["$ref"]) ?? null, defs, depth + 1);
  if ("const" in sch) {
    return (g(fc.boolean) as boolean) ? (sch["const"] as Json) : (g(fc.jsonValue, { maxDepth: 0 }) as Json);
  }
  if (Array.isArray(sch["enum"])) {
    return (g(fc.boolean) as boolean) ? (g(fc.constantFrom, ...(sch["enum"] as Json[])) as Json) : (g(fc.jsonValue, { maxDepth: 0 }) as Json);
  }
  const type = Array.isArray(sch["type"]) ? (g(fc.constantFrom, ...(sch["type"] as Json[])) as string) : sch["type"];
  switch (type) {
    case "string":
      return g(() => STRING_INSTANCE);
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

/** Text that breaks YAML, or the type-file rules, when dropped into a file. */
const BREAKERS = [
  ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "? ", "&a ", "*a", "*b", "!", "!!js/function ", "!!binary ", "!foo ", "|", ">", "|-",
  "\t", "  ", "\n", "\r", "\r\n", "#", "'", '"', "\\", "%YAML 1.2\n", "---\n", "...\n", "<<: *a\n", "@", "`", "\u0000", "\ufeff", "\u2028",
  "\u0085", "\ud800", "😀", "~", "null", "true", "0x1F", ".inf", ".nan", "1e999", "type: ", "types: ", "description: ", "$ref: ", "enum: ",
  "properties:\n", "items: ", "__proto__: ", "constructor: ", "  type: object\n", "/x#/Y", "/../x#/Y", "a: &a [*a]\n",
];
const NOISE = fc.array(fc.oneof(fc.constantFrom(...BREAKERS), fc.string({ maxLength: 4 })), { maxLength: 40 });

/**
 * A type file from `randomDefs`, broken by a few random edits (inserted
 * YAML punctuation, tags, anchors and aliases, directives, control and
 * non-characters, deleted or repeated ranges, cut short), or pure noise
 * from the same alphabet. Some results stay valid, most do not.
 */
export function randomBrokenYaml(g: G): string {
  if ((g(fc.integer, { min: 0, max: 7 }) as number) === 0) {
    return (g(() => NOISE) as string[]).join("");
  }
  let text = randomDefs(g).files[0]!.content;
  const edits = g(fc.integer, { min: 1, max: 4 }) as number;
  for (let i = 0; i < edits; i++) {
    const at = g(fc.integer, { min: 0, max: text.length }) as number;
    const kind = g(fc.constantFrom, "insert", "insert", "delete", "repeat", "cut") as string;
    if (kind === "insert") {
      text = text.slice(0, at) + (g(fc.constantFrom, ...BREAKERS) as string) + text.slice(at);
    } else if (kind === "delete") {
      text = text.slice(0, at) + text.slice(at + (g(fc.integer, { min: 1, max: 20 }) as number));
    } else if (kind === "repeat") {
      const end = Math.min(text.length, at + (g(fc.integer, { min: 1, max: 60 }) as number));
      text = text.slice(0, end) + text.slice(at, end) + text.slice(end);
    } else {
      text = text.slice(0, at);
    }
  }
  return text;
}

/**
 * Arbitrary bytes: noise, UTF-16 and UTF-8 byte order marks, truncated
 * multi-byte sequences, NULs; or well-formed UTF-8 of random code points, so
 * the YAML reader sees noise too, not only the UTF-8 check.
 */
export function randomBytes(g: G): Uint8Array {
  const body = (g(fc.boolean) as boolean)
    ? (g(fc.uint8Array, { maxLength: 512 }) as Uint8Array)
    : Buffer.from(g(fc.string, { unit: "binary", maxLength: 300 }) as string, "utf8");
  const prefix = g(fc.constantFrom, [], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf], [0x64, 0x65, 0x73, 0x63, 0x3a, 0x20], [0xe2, 0x82]) as number[];
  return Uint8Array.from([...prefix, ...body]);
}
