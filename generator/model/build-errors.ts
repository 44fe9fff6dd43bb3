/**
 * Checked error files -> the model's ErrorFileDecls, and what an interface's
 * `errors:` references make of them: the errors it may raise (E054 when a
 * reference names no file or no error) and the schemas of the error items
 * (the type strings, and the error object as EVerest's runtime sends it).
 */
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import type { CheckedErrorFile } from "../check/error-file";
import type { CheckedInput } from "../check/file-names";
import type { EnumSchema, ErrorDecl, ErrorFileDecl, ErrorRefDecl, ObjectSchema, Property, Schema } from "./model";
import { errorType } from "./model";
import { closest } from "../closest";
import { compareText } from "../compare";
import type { Mutable } from "../mutable";


export function buildErrorFiles(inputs: readonly CheckedInput<CheckedErrorFile>[]): ErrorFileDecl[] {
  const sorted = [...inputs].sort((a, b) => compareText(a.stem, b.stem));
  return sorted.map((input) => {
    const file: Mutable<ErrorFileDecl> = { kind: "errorFile", name: input.stem, path: input.path, description: input.checked.description, errors: [], pos: input.checked.pos };
    file.errors = Object.freeze(input.checked.errors.map((e): ErrorDecl => Object.freeze({ kind: "error", name: e.name, description: e.description, file, pos: e.pos })));
    return Object.freeze(file);
  });
}

/**
 * The errors `refs` name, in reference order without repeats. `from` is the
 * interface file's display path; a reference into a file in `unreadable`
 * (it exists but failed to load: its own errors say why) is not judged.
 */
export function resolveErrorRefs(
  refs: readonly ErrorRefDecl[],
  files: ReadonlyMap<string, ErrorFileDecl>,
  from: string,
  unreadable: ReadonlySet<string>,
  diags: DiagnosticBag,
): ErrorDecl[] {
  const out: ErrorDecl[] = [];
  const seen = new Set<ErrorDecl>();
  const add = (e: ErrorDecl): void => {
    if (!seen.has(e)) out.push(e), seen.add(e);
  };
  for (const r of refs) {
    const file = files.get(r.file);
    if (file === undefined) {
      if (unreadable.has(r.file)) continue;
      const hint = closest(r.file, [...files.keys()]);
      diags.error(
        "E054",
        r.pos,
        `error reference ${JSON.stringify(r.reference)} in ${from}: there is no error file ${r.file}.yaml among the error files${hint ? ` (did you mean "/errors/${hint}"?)` : ""}`,
      );
      continue;
    }
    if (r.error === undefined) {
      file.errors.forEach(add);
      continue;
    }
    const e = file.errors.find((x) => x.name === r.error);
    if (e === undefined) {
      const hint = closest(r.error, file.errors.map((x) => x.name));
      diags.error("E054", r.pos, `error reference ${JSON.stringify(r.reference)} in ${from}: ${file.path} declares no error ${JSON.stringify(r.error)}${hint ? ` (did you mean "${hint}"?)` : ""}`);
      continue;
    }
    add(e);
  }
  return out;
}

/**
 * The error object as EVerest's runtime writes and reads it (its JSON
 * serializer for errors, everest-semantics §7): every key but `origin.mapping`
 * is required; `type` is one of the interface's error types. Open objects,
 * as everywhere else: the runtime ignores keys it does not know.
 */
export function errorSchemas(raises: readonly ErrorDecl[], at: SourcePos): { type: EnumSchema; object: ObjectSchema } {
  const base = { pos: at, pointer: "/errors", inert: [] };
  const str = (description: string, extra: object = {}): Schema => ({ kind: "string", ...base, description, ...extra });
  const int = (description: string): Schema => ({ kind: "integer", ...base, description });
  const literals = (description: string, values: readonly string[]): EnumSchema => ({
    kind: "enum",
    ...base,
    description,
    type: "string",
    values,
    tsName: "",
    // A union of string literals, never a TypeScript enum: error types are written as the runtime spells them.
    isStringEnum: false,
    topLevel: true,
  });
  const prop = (name: string, schema: Schema, required = true): Property => ({ name, required, schema, pos: at });
  const object = (description: string, properties: Property[]): ObjectSchema => ({ kind: "object", ...base, description, properties, undeclaredRequired: [] });
  const type = literals("The error's type: `<error file>/<error name>`.", raises.map(errorType));
  const mapping = object("Where in the charger the error applies.", [
    prop("evse", int("The EVSE.")),
    prop("connector", int("The connector of the EVSE."), false),
  ]);
  const origin = object("The module implementation that raised the error.", [
    prop("module_id", str("The module's id.")),
    prop("implementation_id", str("The implementation's id.")),
    prop("mapping", mapping, false),
  ]);
  return {
    type,
    object: object("An error as EVerest's runtime sends it.", [
      prop("type", type),
      prop("sub_type", str("A further distinction within the type, chosen by the module; may be empty.")),
      prop("message", str("A message from the module.")),
      prop("description", str("The description of the error.")),
      prop("severity", literals("How severe the error is.", ["Low", "Medium", "High"])),
      prop("origin", origin),
      prop("state", literals("Whether the error is active, or cleared and how.", ["Active", "ClearedByModule", "ClearedByReboot"])),
      prop("timestamp", str("When the error was raised (RFC 3339).", { format: "date-time" })),
      prop("uuid", str("The error's unique id.")),
      prop("vendor_id", str("The vendor's own code for the error; may be empty.")),
    ]),
  };
}
