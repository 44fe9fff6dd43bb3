/**
 * How deep the validators follow a value, and which types must be told so.
 *
 * The rule (README, "Limits on input": "How deep a value is checked"): every
 * entry point of the package — isX, assertX, validate(), the interface items'
 * isX and assertX, and the CLI's `validate`, which calls validate() — judges a
 * value nested up to MAX_VALUE_DEPTH levels (arrays and objects inside one
 * another; `[]` and `{}` are one level, `[[1]]` two). A type that could follow
 * a value deeper than that (a recursive type, one that uses a recursive type,
 * or a chain of types nested deeper than that) refuses a value nested deeper,
 * counted over the whole value, before any validator runs: isX returns false,
 * and assertX and validate() report the one issue "is nested too deeply to be
 * checked" at the root. All of them call the same runtime function
 * (runtime.js `judge`), so they cannot disagree. The raw validateX, ajv's
 * function as it is, is outside the rule.
 *
 * Only those types pay for the count (a pass over the value that stops at the
 * first level too deep, recursing at most MAX_VALUE_DEPTH calls). Any other
 * type never looks deeper than its own definition, at most MAX_VALUE_DEPTH
 * levels, whatever the value holds further down: a deeper part is either
 * somewhere the type accepts anything, or it fails the type like any other
 * wrong value.
 *
 * Why 1,000: node's default stack is 984 KiB. Measured with node 20 (test/
 * hostile-depth.test.ts runs every path with --stack-size=400): at exactly
 * 1,000 levels a fresh process needs at most about 310 KiB, 46 KiB of it node
 * itself; isX about 190 KiB, ajv listing the issues of an invalid value of a
 * 16-property recursive type 310 KiB. The fast guards (./guards.ts) keep one
 * small frame per level whatever the size of the type and overflow only after
 * 5,000 to 18,000 levels; the precompiled ajv functions of ordinary recursive
 * types after 3,000 to 9,000. Two thirds of the stack are left to the caller
 * (test runners, frameworks, the application's own frames). ajv's frames grow
 * with the size of a type (every local of its function keeps a slot): a
 * recursive type of hundreds of properties can run ajv out of stack before
 * 1,000 levels. The guard still decides for such a type; where ajv must run
 * (issues, class instances, interface items) running out of stack is reported
 * as "nested too deeply" too, never thrown.
 */
import { type NamedSchema, type Schema, aliasEnd, isRefCycle } from "../../model/model";

/** The deepest nesting of arrays and objects every validator judges; see above. Also written into runtime.js. */
export const MAX_VALUE_DEPTH = 1000;

/** Per type: how many levels of a value its check can look into (Infinity when it can recurse). */
const reach = new WeakMap<NamedSchema, number>();

/**
 * How many levels of arrays and objects the check of `schema` can look into,
 * following refs (Infinity when it can follow one in a loop). An array or
 * object is one level, plus what its items or members reach. Over-counting by
 * one where nothing inside is checked is harmless: only the comparison with
 * MAX_VALUE_DEPTH is used.
 */
export function schemaReach(schema: Schema): number {
  for (const s of refsIn(schema)) typeReach(aliasEnd(s.target));
  return localReach(schema, (decl) => reach.get(decl) ?? Infinity);
}

/** Whether a value checked against `schema` must first be counted: the check could otherwise follow it deeper than MAX_VALUE_DEPTH. */
export function needsDepthCheck(schema: Schema): boolean {
  return schemaReach(schema) > MAX_VALUE_DEPTH;
}

/**
 * typeReach of a type and every type it reaches, iteratively (a chain of
 * thousands of types must not recurse in the generator either). A ref to a
 * type still being visited closes a loop: every type on the way from there
 * reaches it again, so each of them can recurse (Infinity); a type finished
 * without meeting one has its exact, finite reach.
 */
function typeReach(root: NamedSchema): number {
  const known = reach.get(root);
  if (known !== undefined) return known;
  const open = new Set<NamedSchema>();
  const stack: { decl: NamedSchema; targets: NamedSchema[]; next: number }[] = [];
  const enter = (decl: NamedSchema): void => {
    open.add(decl);
    // A $ref cycle describes no value: its validators reject everything at once (isRefCycle).
    const targets = isRefCycle(decl) ? [] : refsIn(decl.schema).map((s) => aliasEnd(s.target));
    stack.push({ decl, targets, next: 0 });
  };
  enter(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const target = top.targets[top.next++];
    if (target !== undefined) {
      if (!reach.has(target) && !open.has(target)) enter(target);
      continue;
    }
    stack.pop();
    open.delete(top.decl);
    // A target still open is an ancestor in this walk: a loop, so Infinity (the default below).
    reach.set(top.decl, isRefCycle(top.decl) ? 0 : localReach(top.decl.schema, (d) => reach.get(d) ?? Infinity));
  }
  return reach.get(root)!;
}

function refsIn(schema: Schema): Extract<Schema, { kind: "ref" }>[] {
  const out: Extract<Schema, { kind: "ref" }>[] = [];
  const walk = (s: Schema): void => {
    switch (s.kind) {
      case "ref":
        out.push(s);
        break;
      case "array":
        if (s.items !== undefined) walk(s.items);
        break;
      case "object":
        for (const p of s.properties) walk(p.schema);
        if (typeof s.additionalProperties === "object") walk(s.additionalProperties);
        break;
      case "union":
        for (const m of s.members) walk(m);
        break;
      case "enum":
      case "const":
        if (s.constraints !== undefined) walk(s.constraints);
        break;
      default:
        break;
    }
  };
  walk(schema);
  return out;
}

/** The reach of one schema, with `ofType` for the types its refs lead to (schemas nest at most as deep as the YAML allows). */
function localReach(s: Schema, ofType: (decl: NamedSchema) => number): number {
  switch (s.kind) {
    case "ref":
      return ofType(aliasEnd(s.target));
    case "array":
      return 1 + (s.items === undefined ? 0 : localReach(s.items, ofType));
    case "object": {
      let inner = 0;
      for (const p of s.properties) inner = Math.max(inner, localReach(p.schema, ofType));
      if (typeof s.additionalProperties === "object") inner = Math.max(inner, localReach(s.additionalProperties, ofType));
      return 1 + inner;
    }
    case "union":
      return s.members.reduce((most, m) => Math.max(most, localReach(m, ofType)), 0);
    case "enum":
    case "const":
      // ajv (allErrors) still applies the keywords beside the values to a value that is not listed.
      return s.constraints === undefined ? 0 : localReach(s.constraints, ofType);
    default:
      return 0;
  }
}
