/**
 * EVerest's rules for an error declaration file (everest-framework's
 * `schemas/error-declaration-list.yaml`): top level `description` (2+
 * characters) and `errors`, nothing else; `errors` is a list of
 * `{ name, description }`, the name matching ^[A-Z][A-Za-z0-9]*$ with 2+
 * characters, the description 2+ characters, nothing else.
 *
 * Codes: E050 shape, E051 unknown key, E052 description, E053 error name;
 * W112 a name listed twice (the schema allows it; the first one counts).
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { YMap, YNode } from "../load/yaml-tree";
import { codePoints, describeNode, entry } from "./yaml-access";
import { closest } from "../closest";
import { checkRuntimeScalars } from "./runtime-scalars";

export interface CheckedError {
  readonly name: string;
  readonly description: string;
  readonly pos: SourcePos;
}

export interface CheckedErrorFile {
  /** Empty when the description has an error (already reported). */
  readonly description: string;
  readonly errors: readonly CheckedError[];
  readonly pos: SourcePos;
}

const TOP_LEVEL = ["description", "errors"];
const ERROR_KEYS = ["name", "description"];
/** EVerest's pattern for an error's name. */
export const ERROR_NAME = /^[A-Z][A-Za-z0-9]*$/;

export function checkErrorFile(root: YNode, diags: DiagnosticBag): CheckedErrorFile | undefined {
  if (root.kind !== "map") {
    diags.error("E050", root.pos, `an error file must be a mapping with \`description\` and \`errors\`, found ${describeNode(root)}`);
    return undefined;
  }
  checkRuntimeScalars(root, diags);
  unknownKeys(root, TOP_LEVEL, "at the top level", diags);
  const description = describedBy(root, "the error file", root.pos, diags) ?? "";
  const list = entry(root, "errors");
  const errors: CheckedError[] = [];
  if (list !== undefined && list.value.kind !== "seq") {
    diags.error("E050", list.value.pos, `\`errors\` must be a list of errors, found ${describeNode(list.value)}`);
  } else if (list !== undefined && list.value.kind === "seq") {
    const seen = new Map<string, SourcePos>();
    for (const item of list.value.items) {
      const e = readError(item, diags);
      if (e === undefined) continue;
      const first = seen.get(e.name);
      if (first !== undefined) {
        diags.warning("W112", e.pos, `error ${JSON.stringify(e.name)} is declared twice (first at line ${first.line}); the first one counts`);
        continue;
      }
      seen.set(e.name, e.pos);
      errors.push(e);
    }
  }
  return { description, errors, pos: root.pos };
}

function readError(item: YNode, diags: DiagnosticBag): CheckedError | undefined {
  if (item.kind !== "map") {
    diags.error("E050", item.pos, `an error must be a mapping with \`name\` and \`description\`, found ${describeNode(item)}`);
    return undefined;
  }
  unknownKeys(item, ERROR_KEYS, "in an error", diags);
  const name = entry(item, "name");
  let ok = true;
  if (name === undefined) {
    diags.error("E053", item.pos, "an error needs a `name`");
    ok = false;
  } else if (name.value.kind !== "scalar" || typeof name.value.value !== "string") {
    diags.error("E053", name.value.pos, `an error's \`name\` must be a string, found ${describeNode(name.value)}`);
    ok = false;
  } else if (!ERROR_NAME.test(name.value.value) || codePoints(name.value.value) < 2) {
    diags.error("E053", name.value.pos, `invalid error name ${JSON.stringify(name.value.value)}: must match ^[A-Z][A-Za-z0-9]*$ and have at least 2 characters`);
    ok = false;
  }
  const what = name?.value.kind === "scalar" && typeof name.value.value === "string" ? `error ${name.value.value}` : "the error";
  const description = describedBy(item, what, item.pos, diags);
  if (!ok || description === undefined || name === undefined || name.value.kind !== "scalar") return undefined;
  return { name: String(name.value.value), description, pos: name.value.pos };
}

function unknownKeys(node: YMap, allowed: readonly string[], where: string, diags: DiagnosticBag): void {
  for (const e of node.entries) {
    if (allowed.includes(e.key)) continue;
    const hint = closest(e.key, allowed);
    diags.error(
      "E051",
      e.keyPos,
      `unknown key ${JSON.stringify(e.key)} ${where}${hint ? ` (did you mean "${hint}"?)` : ""}: only ${allowed.map((k) => `\`${k}\``).join(" and ")} are allowed`,
    );
  }
}

function describedBy(node: YMap, what: string, at: SourcePos, diags: DiagnosticBag): string | undefined {
  const e = entry(node, "description");
  if (!e) {
    diags.error("E052", at, `${what} has no \`description\``);
    return undefined;
  }
  const v = e.value;
  if (v.kind !== "scalar" || typeof v.value !== "string") {
    diags.error("E052", v.pos, `the \`description\` of ${what} must be a string, found ${describeNode(v)}`);
    return undefined;
  }
  if (codePoints(v.value) < 2) {
    diags.error("E052", v.pos, `the \`description\` of ${what} must have at least 2 characters`);
    return undefined;
  }
  return v.value;
}
