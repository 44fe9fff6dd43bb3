/**
 * Two layout rules of the declarations, on the shapes that show them: a
 * headline with no description after it ends the comment's text (no blank
 * lines before the tags), and a type alias whose type opens an object (`{
 * ... } | null`) has its members one level in and the brace back at the start.
 */
import { generate, type InputFile } from "../generator/index";

const SPEC = `asyncapi: 3.0.0
info:
  title: t
  version: 1.0.0
  description: A test API.
servers:
  default:
    pathname: 'everest_api/1/t/{module_id}'
    variables:
      module_id:
        description: The module id.
channels:
  get_value:
    address: 'e2m/value'
    messages:
      maybe_value:
        $ref: '#/components/messages/maybe_value'
operations:
  receive_value:
    action: receive
    channel:
      $ref: '#/channels/get_value'
components:
  schemas:
    Value:
      type: object
      required: [v]
      properties:
        v:
          description: The value.
          type: integer
  messages:
    maybe_value:
      payload:
        type: [object, 'null']
        required: [v]
        properties:
          v:
            description: The value.
            type: integer
`;

test("a message without a description, whose payload is an inline object or null", async () => {
  const types: InputFile[] = [];
  const r = await generate(types, { api: [{ path: "EVerest_API/t_API.yaml", content: SPEC }] });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const dts = r.files.find((f) => f.path === "api/t.d.ts")!.content;
  const at = dts.indexOf("export type MaybeValue = {");
  expect(at).toBeGreaterThan(0);
  const comment = dts.slice(dts.lastIndexOf("/**", at), at);
  expect(comment).toBe(["/**", " * The payload of a message of this EVerest API.", " *", " * @see EVerest_API/t_API.yaml#/components/messages/maybe_value", " */", ""].join("\n"));
  const decl = dts.slice(at, dts.indexOf(";\n", dts.indexOf("} | null", at)) + 2);
  expect(decl).toBe(["export type MaybeValue = {", "  /**", "   * The value.", "   *", "   * @asType integer", "   */", "  v: number;", "} | null;", ""].join("\n"));
});
