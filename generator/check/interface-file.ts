/**
 * EVerest's rules for an interface file (everest-framework's
 * `schemas/interface.yaml`): top level `description` (2+ characters) and
 * optional `cmds`, `vars` and `errors`, nothing else. A command has a
 * `description` and optionally named `arguments` and a `result`; every
 * argument, result and var is a schema with `type` and `description` (read by
 * ./schema-rules.ts like any type body, refs included). Arguments and results
 * may not be of type `null`; arguments, results and vars take no `default`; a var may
 * have `qos` 0, 1 or 2; `errors` lists `{ reference: /errors/<file>[#/<Error>] }`.
 *
 * Codes: E040 file name, E041 unknown key, E042 description, E043 shape and
 * names, E044 `type`, E045 `default`, E046 `qos`, E047 error references.
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { YEntry, YMap, YNode } from "../load/yaml-tree";
import { TYPE_NAME } from "./refs";
import type { LoadBudget } from "../limits";
import type { CheckedProperty, CheckedSchema } from "./checked-schema";
import { readSchema, type SchemaContext } from "./schema-rules";
import { codePoints, describeNode, entry } from "./yaml-access";
import { closest } from "../closest";
import { interfaceItemName } from "../interface-item-name";
import { checkRuntimeScalars } from "./runtime-scalars";

export interface CheckedCommand {
  readonly name: string;
  readonly description: string;
  /** In YAML order; every argument is required. */
  readonly arguments: readonly CheckedProperty[];
  /** Where `arguments` is written (the command's key when it has none). */
  readonly argumentsPos: SourcePos;
  readonly result?: CheckedSchema;
  readonly pos: SourcePos;
}

export interface CheckedVar {
  readonly name: string;
  readonly description: string;
  readonly schema: CheckedSchema;
  readonly qos?: number;
  readonly pos: SourcePos;
}

export interface CheckedErrorRef {
  readonly reference: string;
  readonly file: string;
  readonly error?: string;
  readonly pos: SourcePos;
}

export interface CheckedInterface {
  /** Empty when the description has an error (already reported). */
  readonly description: string;
  readonly commands: readonly CheckedCommand[];
  readonly vars: readonly CheckedVar[];
  readonly errors: readonly CheckedErrorRef[];
  readonly pos: SourcePos;
}

const TOP_LEVEL = ["description", "cmds", "vars", "errors"];
const COMMAND_KEYS = ["description", "arguments", "result"];
/** EVerest's two patterns for `reference` (interface.yaml), exactly. */
const ERROR_REF = /^\/errors\/([a-z][a-zA-Z0-9_]*)(?:#\/([A-Z][A-Za-z0-9]*))?$/;

/** `budget` is the run's, drawn on by the analysis of patterns. */
export function checkInterfaceFile(root: YNode, diags: DiagnosticBag, budget: LoadBudget): CheckedInterface | undefined {
  const ctx: SchemaContext = { diags, budget };
  if (root.kind !== "map") {
    diags.error("E043", root.pos, `an interface file must be a mapping with \`description\` and \`cmds\`, \`vars\` or \`errors\`, found ${describeNode(root)}`);
    return undefined;
  }
  checkRuntimeScalars(root, diags);
  for (const e of root.entries) {
    if (!TOP_LEVEL.includes(e.key)) {
      const hint = closest(e.key, TOP_LEVEL);
      diags.error(
        "E041",
        e.keyPos,
        `unknown top-level key ${JSON.stringify(e.key)}${hint ? ` (did you mean "${hint}"?)` : ""}: only \`description\`, \`cmds\`, \`vars\` and \`errors\` are allowed`,
      );
    }
  }
  const description = plainDescription(root, "the interface file", root.pos, diags) ?? "";
  return {
    description,
    commands: readCommands(root, ctx),
    vars: readVars(root, ctx),
    errors: readErrors(root, diags),
    pos: root.pos,
  };
}

function readCommands(root: YMap, ctx: SchemaContext): CheckedCommand[] {
  const cmds = entry(root, "cmds");
  if (!cmds) return [];
  if (cmds.value.kind !== "map") {
    ctx.diags.error("E043", cmds.value.pos, `\`cmds\` must be a mapping of command names to commands, found ${describeNode(cmds.value)}`);
    return [];
  }
  const out: CheckedCommand[] = [];
  for (const c of cmds.value.entries) {
    if (!validName(c, "command", ctx.diags)) continue;
    const body = c.value;
    if (body.kind !== "map") {
      ctx.diags.error("E043", body.pos, `command ${c.key} must be a mapping with \`description\` and optionally \`arguments\` and \`result\`, found ${describeNode(body)}`);
      continue;
    }
    for (const e of body.entries) {
      if (!COMMAND_KEYS.includes(e.key)) {
        const hint = closest(e.key, COMMAND_KEYS);
        ctx.diags.error(
          "E041",
          e.keyPos,
          `unknown key ${JSON.stringify(e.key)} in command ${c.key}${hint ? ` (did you mean "${hint}"?)` : ""}: only \`description\`, \`arguments\` and \`result\` are allowed`,
        );
      }
    }
    const what = `command ${c.key}`;
    const description = plainDescription(body, what, c.keyPos, ctx.diags) ?? "";
    const args = entry(body, "arguments");
    const properties: CheckedProperty[] = [];
    if (args) {
      if (args.value.kind !== "map") {
        ctx.diags.error("E043", args.value.pos, `\`arguments\` of ${what} must be a mapping of argument names to schemas, found ${describeNode(args.value)}`);
      } else {
        for (const a of args.value.entries) {
          if (!validName(a, "argument", ctx.diags)) continue;
          const argWhat = `argument ${a.key} of ${what}`;
          itemRules(a, argWhat, "argument", ctx.diags);
          const schema = readSchema(
            a.value,
            { pointer: `/cmds/${c.key}/arguments/${a.key}`, path: [interfaceItemName("arguments", c.key), a.key], topLevel: false },
            ctx,
          );
          properties.push({ name: a.key, required: true, schema, pos: a.keyPos });
        }
      }
    }
    const resultEntry = entry(body, "result");
    let result: CheckedSchema | undefined;
    if (resultEntry) {
      itemRules(resultEntry, `the result of ${what}`, "result", ctx.diags);
      result = readSchema(
        resultEntry.value,
        { pointer: `/cmds/${c.key}/result`, path: [interfaceItemName("result", c.key)], topLevel: true },
        ctx,
      );
    }
    out.push({
      name: c.key,
      description,
      arguments: properties,
      argumentsPos: args?.keyPos ?? c.keyPos,
      ...(result !== undefined ? { result } : {}),
      pos: c.keyPos,
    });
  }
  return out;
}

function readVars(root: YMap, ctx: SchemaContext): CheckedVar[] {
  const vars = entry(root, "vars");
  if (!vars) return [];
  if (vars.value.kind !== "map") {
    ctx.diags.error("E043", vars.value.pos, `\`vars\` must be a mapping of var names to schemas, found ${describeNode(vars.value)}`);
    return [];
  }
  const out: CheckedVar[] = [];
  for (const v of vars.value.entries) {
    if (!validName(v, "var", ctx.diags)) continue;
    const what = `var ${v.key}`;
    itemRules(v, what, "var", ctx.diags);
    let node: YNode = v.value;
    let qos: number | undefined;
    if (node.kind === "map") {
      const q = entry(node, "qos");
      if (q) {
        const n = q.value.kind === "scalar" ? q.value.value : undefined;
        if (typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 2) qos = n;
        else {
          const shown = q.value.kind === "scalar" && !q.value.quoted && typeof q.value.value === "number" ? String(q.value.value) : describeNode(q.value);
          ctx.diags.error("E046", q.value.pos, `\`qos\` of ${what} must be 0, 1 or 2, found ${shown}`);
        }
        // `qos` is the interface file's own keyword, not a schema keyword.
        node = { kind: "map", entries: node.entries.filter((e) => e.key !== "qos"), pos: node.pos };
      }
    }
    const schema = readSchema(node, { pointer: `/vars/${v.key}`, path: [interfaceItemName("var", v.key)], topLevel: true }, ctx);
    out.push({ name: v.key, description: schema.description ?? "", schema, ...(qos !== undefined ? { qos } : {}), pos: v.keyPos });
  }
  return out;
}

function readErrors(root: YMap, diags: DiagnosticBag): CheckedErrorRef[] {
  const errors = entry(root, "errors");
  if (!errors) return [];
  if (errors.value.kind !== "seq") {
    diags.error("E047", errors.value.pos, `\`errors\` must be a list of error references, found ${describeNode(errors.value)}`);
    return [];
  }
  const out: CheckedErrorRef[] = [];
  for (const item of errors.value.items) {
    if (item.kind !== "map") {
      diags.error("E047", item.pos, `an error reference must be a mapping with \`reference\`, found ${describeNode(item)}`);
      continue;
    }
    for (const e of item.entries) {
      if (e.key !== "reference") {
        const hint = closest(e.key, ["reference"]);
        diags.error("E047", e.keyPos, `unknown key ${JSON.stringify(e.key)} in an error reference${hint ? ` (did you mean "${hint}"?)` : ""}: only \`reference\` is allowed`);
      }
    }
    const ref = entry(item, "reference");
    if (!ref) {
      diags.error("E047", item.pos, "an error reference needs `reference`");
      continue;
    }
    const v = ref.value;
    if (v.kind !== "scalar" || typeof v.value !== "string") {
      diags.error("E047", v.pos, `\`reference\` must be a string, found ${describeNode(v)}`);
      continue;
    }
    const m = ERROR_REF.exec(v.value);
    if (!m) {
      diags.error(
        "E047",
        v.pos,
        `error reference ${JSON.stringify(v.value)} does not match EVerest's pattern ^/errors/[a-z][a-zA-Z0-9_]*$, optionally followed by #/[A-Z][A-Za-z0-9]*`,
      );
      continue;
    }
    if (out.some((o) => o.reference === v.value)) {
      // EVerest's schema allows it; it adds nothing.
      diags.warning("W111", v.pos, `error reference ${JSON.stringify(v.value)} is listed twice`);
      continue;
    }
    out.push({ reference: v.value, file: m[1] ?? "", ...(m[2] !== undefined ? { error: m[2] } : {}), pos: v.pos });
  }
  return out;
}

/** A command, argument or var name must match EVerest's name pattern. */
function validName(e: YEntry, what: string, diags: DiagnosticBag): boolean {
  if (TYPE_NAME.test(e.key)) return true;
  diags.error("E043", e.keyPos, `invalid ${what} name ${JSON.stringify(e.key)}: must match ^[a-zA-Z_][a-zA-Z0-9_.-]*$`);
  return false;
}

/**
 * The rules an argument, a result and a var share beyond draft-07: `type` and
 * `description` are required; arguments and results are never `null`;
 * arguments, results and vars take no `default`. A body that is not a mapping is
 * reported by readSchema.
 */
function itemRules(e: YEntry, what: string, role: "argument" | "result" | "var", diags: DiagnosticBag): void {
  const body = e.value;
  if (body.kind !== "map") return;
  const type = entry(body, "type");
  if (!type) diags.error("E044", e.keyPos, `${what} has no \`type\``);
  else if (role !== "var" && type.value.kind === "scalar" && type.value.value === "null") {
    diags.error(
      "E044",
      type.value.pos,
      role === "argument"
        ? `${what} has type "null": an argument cannot be null (EVerest's interface schema forbids it)`
        : `${what} has type "null": leave \`result\` out for a command that returns null`,
    );
  }
  const description = entry(body, "description");
  if (!description) diags.error("E042", e.keyPos, `${what} has no \`description\``);
  else if (description.value.kind === "scalar" && typeof description.value.value === "string" && codePoints(description.value.value) < 2) {
    diags.error("E042", description.value.pos, `the \`description\` of ${what} must have at least 2 characters`);
  }
  // A non-string description is reported by readSchema (E022).
  const dflt = entry(body, "default");
  if (dflt) {
    diags.error(
      "E045",
      dflt.keyPos,
      role === "argument"
        ? `\`default\` is not allowed on ${what}: every argument is passed on each call`
        : `\`default\` is not allowed on ${what} (EVerest's interface schema forbids it)`,
    );
  }
}

/** The `description` of the file or of a command (not a schema): a string of at least 2 characters. */
function plainDescription(node: YMap, what: string, at: SourcePos, diags: DiagnosticBag): string | undefined {
  const e = entry(node, "description");
  if (!e) {
    diags.error("E042", at, `${what} has no \`description\``);
    return undefined;
  }
  const v = e.value;
  if (v.kind !== "scalar" || typeof v.value !== "string") {
    diags.error("E042", v.pos, `the \`description\` of ${what} must be a string, found ${describeNode(v)}`);
    return undefined;
  }
  if (codePoints(v.value) < 2) {
    diags.error("E042", v.pos, `the \`description\` of ${what} must have at least 2 characters`);
    return undefined;
  }
  return v.value;
}
