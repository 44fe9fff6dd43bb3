/**
 * Inline enums take their names in the order the checks read them (the
 * model's builder names them as it builds): an object's
 * `additionalProperties` before its properties wherever each is written, an
 * enum's constraints before the enum. The order only shows when names
 * collide, and must not change: it decides the names of the generated types.
 */
import { walkSchema, type Schema } from "../generator/model/model";
import { run, yaml } from "./helpers/check-run";

const TEXT = yaml`
  description: Test types
  types:
    TA:
      type: string
      description: takes the name the enum of T.a would have had
    T:
      type: object
      description: enums whose names collide
      properties:
        Value:
          type: string
          description: the same name as the enum of additionalProperties
          enum: [p]
        a:
          type: [object, "null"]
          description: an enum whose properties hold another
          enum: [null]
          properties:
            enum:
              type: string
              description: its name is what the enum around it would take next
              enum: [x]
      additionalProperties:
        type: string
        enum: [v]
  `;

/** The pointer and TypeScript name of every enum in `schema`, constraints included. */
function enumNames(schema: Schema): string[] {
  const out: string[] = [];
  for (const s of walkSchema(schema)) {
    if (s.kind !== "enum") continue;
    if (s.constraints !== undefined) out.push(...enumNames(s.constraints));
    out.push(`${s.pointer} ${s.tsName}`);
  }
  return out;
}

test("additionalProperties is named before the properties, an enum's constraints before the enum", () => {
  const r = run({ "defs/x.yaml": TEXT });
  expect(r.diagnostics).toEqual([]);
  expect(enumNames(r.model!.files[0]!.items[1]!.schema)).toEqual([
    "/types/T/properties/Value TValueEnum",
    "/types/T/properties/a/properties/enum TAEnum",
    "/types/T/properties/a TAEnum_2",
    "/types/T/additionalProperties TValue",
  ]);
});
