/**
 * `$ref`s between the model's declarations: what a ref names (E031, E032
 * when it names nothing), and the checks that need refs resolved: a `type`
 * beside a ref that disagrees with its target (W102), types that are only
 * refs in a cycle (W107).
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { RefName } from "../check/checked-schema";
import { closest } from "../closest";
import type { BuiltRef } from "./build-schema";
import { type SchemaModule, type Schema, type NamedSchema, isAliasRef } from "./model";
import { declaredType } from "./queries";

/**
 * What `r` names in `index` (file stem -> type name -> what is known of the
 * type), or undefined after E031 (no such file) or E032 (no such type in it),
 * with the closest name as a hint; `from` is the file the ref is written in.
 * A ref into a file `skip` names is left alone: its own errors say why it has
 * no declarations.
 */
export function lookupRef<T>(
  r: RefName,
  index: ReadonlyMap<string, ReadonlyMap<string, T>>,
  from: string,
  skip: (file: string) => boolean,
  diags: DiagnosticBag,
): T | undefined {
  const types = index.get(r.file);
  const found = types?.get(r.type);
  if (found !== undefined || skip(r.file)) return found;
  if (types === undefined) {
    const hint = closest(r.file, [...index.keys()]);
    diags.error(
      "E031",
      r.pos,
      `$ref "/${r.file}#/${r.type}": no type file ${r.file}.yaml in the defs folder (referenced from ${from})${hint ? `; did you mean "/${hint}#/${r.type}"?` : ""}`,
    );
  } else {
    const hint = closest(r.type, [...types.keys()]);
    diags.error("E032", r.pos, `$ref "/${r.file}#/${r.type}": ${r.file}.yaml has no type ${JSON.stringify(r.type)}${hint ? ` (did you mean "${hint}"?)` : ""}`);
  }
  return undefined;
}

/**
 * A type that is nothing but a `$ref` to itself, directly or through other such
 * types (`A: $ref B`, `B: $ref A`), describes no value at all: a warning (the
 * emitters type it `never`). Recursion through properties or items (a tree of
 * nodes) is fine and not reported.
 */
export function checkRefCycles(files: readonly SchemaModule[], refs: readonly BuiltRef[], diags: DiagnosticBag): void {
  const refPos = new Map<Schema, SourcePos>(refs.map((r) => [r.node, r.names.pos]));
  const done = new Set<NamedSchema>();
  for (const file of files) {
    for (const decl of file.items) {
      const chain: NamedSchema[] = [];
      const onChain = new Set<NamedSchema>();
      let cur: NamedSchema = decl;
      while (!done.has(cur) && isAliasRef(cur.schema)) {
        if (onChain.has(cur)) {
          const loop = [...chain.slice(chain.indexOf(cur)), cur];
          diags.warning(
            "W107",
            refPos.get(cur.schema) ?? cur.pos,
            `$ref cycle ${cycleText(loop)}: each of these types is only a $ref, so none of them describes a value and no data is valid`,
          );
          break;
        }
        chain.push(cur);
        onChain.add(cur);
        cur = cur.schema.target;
      }
      for (const d of chain) done.add(d);
    }
  }
}

/** `/x#/A -> /x#/B -> /x#/A`, shortened in the middle when the cycle is long. */
function cycleText(loop: readonly NamedSchema[]): string {
  const names = loop.map((d) => `/${d.module.name}#/${d.name}`);
  if (names.length <= 8) return names.join(" -> ");
  return [...names.slice(0, 6), `... (${names.length - 7} more)`, names[names.length - 1]].join(" -> ");
}

/** A `type` beside a `$ref` that disagrees with the target is a warning: the `$ref` wins. */
export function checkRefSiblings(refs: readonly BuiltRef[], diags: DiagnosticBag): void {
  for (const r of refs) {
    const { siblingType, target } = r.node;
    if (siblingType === undefined) continue;
    const targetType = declaredType(target);
    if (targetType !== undefined && targetType !== siblingType) {
      diags.warning(
        "W102",
        r.names.typePos ?? r.names.pos,
        `\`type: ${siblingType}\` beside $ref "${r.node.ref}" disagrees with the target's type ${targetType}; the $ref wins`,
      );
    }
  }
}
