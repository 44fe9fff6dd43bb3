/**
 * The JSDoc of a named schema's declaration and of the enums nested in it.
 * The origin decides two things, here and nowhere else: the headline (an
 * interface item opens with what it is, by its YAML name, `The result of
 * command \`get\`.`; a type's own description says that), and whether
 * nested enums repeat their schema's tags (nestedEnumDoc).
 */
import { commentInline } from "../../escape";
import type { EnumSchema, NamedSchema, SchemaOrigin } from "../../model/model";
import { EMPTY_DOC, descriptionLines, schemaDoc, sourceTag, type Doc } from "./jsdoc";

/** The headline, a blank line, the description, the schema's tags, `@see` where the item is written. */
export function itemDoc(item: NamedSchema): Doc {
  const own = schemaDoc(item.schema);
  return { lines: intro(item, own.lines), tags: [...own.tags, sourceTag(item.module, item.pointer)] };
}

/** For an item whose `$ref`s lead back to itself (its type is `never`): why, in place of its schema's tags. */
export function refCycleDoc(item: NamedSchema): Doc {
  const remarks = commentInline(`${item.name} is a chain of $refs that leads back to itself: it describes no value.`);
  return { lines: intro(item, []), tags: [{ tagName: "remarks", text: remarks }, sourceTag(item.module, item.pointer)] };
}

/**
 * A string enum nested in `item`: its description, its schema's tags, `@see`
 * where it is written. Interface items leave the tags out: the property
 * holding the enum already carries them, and their modules have always been
 * printed without (type files repeat them on the enum).
 */
export function nestedEnumDoc(item: NamedSchema, e: EnumSchema): Doc {
  const own = item.origin.kind === "type" ? schemaDoc(e) : EMPTY_DOC;
  return { lines: [...descriptionLines(e.description), ...own.lines], tags: [...own.tags, sourceTag(item.module, e.pointer)] };
}

/** The headline, then (after a blank line, when there is any) the description and `more`. */
function intro(item: NamedSchema, more: readonly string[]): string[] {
  const h = headline(item.origin);
  const body = [...descriptionLines(item.description), ...more];
  return h === "" ? body : body.length === 0 ? [h] : [h, "", ...body];
}

/** "" for none. Returns `string`, so a new origin fails to compile until it is given a headline here. */
function headline(o: SchemaOrigin): string {
  switch (o.kind) {
    case "type":
      return "";
    case "arguments":
      return `The arguments of command \`${commentInline(o.command.name)}\` as one object: every argument is required, no other key is allowed.`;
    case "result":
      return `The result of command \`${commentInline(o.command.name)}\`.`;
    case "var":
      return `The value of var \`${commentInline(o.var.name)}\`.`;
    case "errorType":
      return "The type of an error this interface may raise: `<error file>/<error name>`, as EVerest's runtime names it.";
    case "error":
      return "An error of this interface as EVerest's runtime sends it.";
    case "message":
      return "The payload of a message of this EVerest API.";
  }
}
