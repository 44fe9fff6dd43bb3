/**
 * EVerest's rules for a whole type file: `description` (2+ characters) and
 * `types` at the top and nothing else; type names by EVerest's pattern; each
 * top-level type with `type` and `description`.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { YNode } from "../load/yaml-tree";
import type { LoadBudget } from "../limits";
import type { CheckedSchema } from "./checked-schema";
import { readSchema, escapePointer, type SchemaContext } from "./schema-rules";
import { TYPE_NAME } from "./refs";
import { KEYWORD_TYPE_NAMES } from "../keywords";
import { codePoints, describeNode, entry } from "./yaml-access";
import { closest } from "../closest";
import { checkRuntimeScalars } from "./runtime-scalars";

export interface CheckedType {
  readonly name: string;
  readonly description: string;
  readonly schema: CheckedSchema;
  readonly pos: SourcePos;
}

export interface CheckedFile {
  /** Empty when the file's description has an error (already reported). */
  readonly description: string;
  readonly types: readonly CheckedType[];
  /** False when `types` could not be read: its type list is then not the whole story, so refs into it are not judged. */
  readonly complete: boolean;
  readonly pos: SourcePos;
}

const TOP_LEVEL = ["description", "types"];

/** `budget` is the run's, drawn on by the analysis of patterns. */
export function checkTypeFile(root: YNode, diags: DiagnosticBag, budget: LoadBudget): CheckedFile | undefined {
  const ctx: SchemaContext = { diags, budget };
  if (root.kind !== "map") {
    diags.error("E010", root.pos, `a type file must be a mapping with \`description\` and \`types\`, found ${describeNode(root)}`);
    return undefined;
  }
  checkRuntimeScalars(root, diags);
  for (const e of root.entries) {
    if (!TOP_LEVEL.includes(e.key)) {
      const hint = closest(e.key, TOP_LEVEL);
      diags.error(
        "E011",
        e.keyPos,
        `unknown top-level key ${JSON.stringify(e.key)}${hint ? ` (did you mean "${hint}"?)` : ""}: only \`description\` and \`types\` are allowed`,
      );
    }
  }
  const description = fileDescription(root, diags);
  const typesEntry = entry(root, "types");
  const types: CheckedType[] = [];
  let complete = false;
  if (!typesEntry) {
    // EVerest's schema fills in `types: {}`.
    complete = true;
  } else if (typesEntry.value.kind !== "map") {
    const v = typesEntry.value;
    if (v.kind === "scalar" && v.value === null) {
      diags.error("E014", v.pos, "`types` is empty: list the types under it, or write `types: {}` for a file without types");
    } else {
      diags.error("E014", v.pos, `\`types\` must be a mapping of type names to schemas, found ${describeNode(v)}`);
    }
  } else {
    complete = true;
    for (const t of typesEntry.value.entries) {
      if (!TYPE_NAME.test(t.key)) {
        diags.error("E015", t.keyPos, `invalid type name ${JSON.stringify(t.key)}: must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$`);
        continue;
      }
      if (KEYWORD_TYPE_NAMES.has(t.key)) {
        diags.warning(
          "W118",
          t.keyPos,
          `type name ${JSON.stringify(t.key)} is a JSON Schema keyword: EVerest's runtime loads a file's \`types\` as one schema and reads it as that keyword, so values of this type (with most keywords, of every type in the file) fail validation there; rename the type`,
        );
      }
      const body = t.value;
      if (body.kind === "map") {
        if (!entry(body, "type")) diags.error("E016", t.keyPos, `type ${t.key} has no \`type\``);
        if (!entry(body, "description")) diags.error("E017", t.keyPos, `type ${t.key} has no \`description\``);
      }
      const schema = readSchema(body, { pointer: `/types/${escapePointer(t.key)}`, path: [t.key], topLevel: true }, ctx);
      types.push({ name: t.key, description: schema.description ?? "", schema, pos: t.keyPos });
    }
  }
  // Returned even when the description is wrong (already reported), so refs into this file are still resolved.
  return { description: description ?? "", types, complete, pos: root.pos };
}

function fileDescription(root: YNode & { kind: "map" }, diags: DiagnosticBag): string | undefined {
  const e = entry(root, "description");
  if (!e) {
    diags.error("E012", root.pos, "missing file `description`");
    return undefined;
  }
  const v = e.value;
  if (v.kind !== "scalar" || typeof v.value !== "string") {
    diags.error("E013", v.pos, `file \`description\` must be a string, found ${describeNode(v)}`);
    return undefined;
  }
  if (codePoints(v.value) < 2) {
    diags.error("E013", v.pos, "file `description` must have at least 2 characters");
    return undefined;
  }
  return v.value;
}
