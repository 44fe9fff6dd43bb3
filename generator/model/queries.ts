/** Questions about the model's declarations, answered from the model alone. */
import type { Schema, NamedSchema } from "./model";

const declaredTypes = new WeakMap<NamedSchema, string | undefined>();

/**
 * The JSON type a declaration describes, as EVerest writes it beside refs.
 * Follows ref chains without recursion and remembers the answer for every
 * declaration on the chain, so long chains cost linear time.
 */
export function declaredType(decl: NamedSchema): string | undefined {
  const chain: NamedSchema[] = [];
  const seen = new Set<NamedSchema>();
  let cur = decl;
  let result: string | undefined;
  for (;;) {
    if (declaredTypes.has(cur)) {
      result = declaredTypes.get(cur);
      break;
    }
    if (seen.has(cur)) break; // a ref cycle (W107): no type
    seen.add(cur);
    chain.push(cur);
    if (cur.schema.kind !== "ref") {
      result = ownType(cur.schema);
      break;
    }
    cur = cur.schema.target;
  }
  for (const d of chain) declaredTypes.set(d, result);
  return result;
}

function ownType(s: Schema): string | undefined {
  switch (s.kind) {
    case "enum":
    case "const":
      return s.type ?? (typeof (s.kind === "enum" ? s.values[0] : s.value) === "string" ? "string" : undefined);
    case "union":
    case "any":
    case "ref":
      return undefined;
    default:
      return s.kind;
  }
}
