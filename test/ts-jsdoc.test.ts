/**
 * The JSDoc reaches the reader as TypeScript parses it: every declaration and
 * every described property carries its YAML description, the constraint tags
 * and the source; hostile descriptions read back as written (up to the
 * escapes that keep them comments).
 */
import * as path from "node:path";
import ts from "typescript";
import type { Model, Schema, NamedSchema } from "../generator/model/model";
import { ROOT, generateCase } from "./helpers/golden";

interface Parsed {
  readonly model: Model;
  readonly files: Map<string, ts.SourceFile>;
}

async function parse(caseDir: string, defs?: string): Promise<Parsed> {
  const result = await generateCase(caseDir, defs === undefined ? {} : { defs });
  const files = new Map<string, ts.SourceFile>();
  for (const f of result.files) {
    if (f.path.endsWith(".d.ts")) files.set(f.path, ts.createSourceFile(f.path, f.content, ts.ScriptTarget.Latest, true));
  }
  return { model: result.model!, files };
}

/** The top-level declaration named `name`. */
function declaration(sf: ts.SourceFile, name: string): ts.Node {
  const found = sf.statements.find(
    (s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name,
  );
  if (!found) throw new Error(`${sf.fileName}: no declaration ${name}`);
  return found;
}

function jsDoc(node: ts.Node): ts.JSDoc | undefined {
  return ts.getJSDocCommentsAndTags(node).find((d): d is ts.JSDoc => ts.isJSDoc(d));
}

function comment(node: ts.Node): string {
  const doc = jsDoc(node);
  return doc ? (ts.getTextOfJSDocComment(doc.comment) ?? "") : "";
}

/** `@name text` lines of a node's JSDoc (TypeScript parses the start of a `@see` as a name reference: put it back). */
function tags(node: ts.Node): string[] {
  return (jsDoc(node)?.tags ?? []).map((t) => {
    const name = ts.isJSDocSeeTag(t) && t.name ? t.name.getText() : "";
    return `@${t.tagName.text} ${name}${ts.getTextOfJSDocComment(t.comment) ?? ""}`.trim();
  });
}

function properties(node: ts.Node): Map<string, ts.PropertySignature> {
  const out = new Map<string, ts.PropertySignature>();
  if (ts.isInterfaceDeclaration(node)) {
    for (const m of node.members) {
      if (ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) out.set(m.name.text, m);
    }
  }
  return out;
}

/** How TypeScript reads a description back: one space per run of white space. */
function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

describe("JSDoc of defs/", () => {
  let files: Parsed["files"];
  let decls: NamedSchema[];
  beforeAll(async () => {
    const parsed = await parse(path.join(ROOT, "test", "fixtures", "defs-golden"), path.join(ROOT, "defs"));
    files = parsed.files;
    decls = parsed.model.files.flatMap((f) => f.items);
  });

  test("every declaration has its description and its source", () => {
    expect(decls.length).toBeGreaterThan(30);
    for (const d of decls) {
      const node = declaration(files.get(`${d.module.name}.d.ts`)!, d.tsName);
      expect(normalize(comment(node))).toBe(normalize(d.description));
      expect(tags(node)).toContain(`@see ${d.module.path}#/types/${d.name}`);
    }
  });

  test("every described property has its description", () => {
    let checked = 0;
    for (const d of decls) {
      if (d.schema.kind !== "object") continue;
      const props = properties(declaration(files.get(`${d.module.name}.d.ts`)!, d.tsName));
      for (const p of d.schema.properties) {
        const node = props.get(p.name);
        expect(node).toBeDefined();
        expect(node!.questionToken === undefined).toBe(p.required);
        if (p.schema.description !== undefined) {
          // the description, then what it nests (e.g. "Items: ...")
          expect(`${normalize(comment(node!))} `.startsWith(`${normalize(p.schema.description)} `)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(70);
  });

  test("constraints and inert keywords are tagged", () => {
    const ocpp = files.get("ocpp.d.ts")!;
    const prop = (type: string, name: string): string[] => tags(properties(declaration(ocpp, type)).get(name)!);
    expect(prop("EVSE", "id")).toEqual(["@asType integer", "@minimum 1"]);
    expect(prop("Variable", "name")).toEqual(["@minLength 0", "@maxLength 50"]);
    expect(prop("SecurityEvent", "timestamp")).toEqual(["@format date-time"]);
    expect(prop("KeyValue", "key")).toEqual(["@remarks maximum: 50 has no effect on a string"]);
    expect(prop("GetConfigurationResponse", "unknown_keys")).toEqual(["@remarks maximum: 50 has no effect on a string (items)"]);
    expect(comment(properties(declaration(ocpp, "GetConfigurationResponse")).get("unknown_keys")!)).toContain("Items: Unknown key");
  });
});

describe("JSDoc of hostile descriptions", () => {
  let model: Model;
  let docs: ts.SourceFile;
  let hostile: NamedSchema;
  beforeAll(async () => {
    const parsed = await parse(path.join(ROOT, "test", "fixtures", "ts-docs"));
    model = parsed.model;
    docs = parsed.files.get("docs.d.ts")!;
    hostile = model.files[0]!.items.find((t) => t.name === "Hostile")!;
  });
  /** The escapes commentLines() adds, undone. */
  const unescape = (text: string): string =>
    text
      .replace(/\*\\\//g, "*/")
      .replace(/(^|\n)(\s*)\\@/g, "$1$2@")
      .replace(/\\u([0-9a-f]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

  test("a description with */, /*, backticks, ${}, quotes, @ lines, line separators and controls reads back as written", () => {
    const want = normalize(hostile.description.replace(/[\u2028\u2029]/g, "\n"));
    expect(normalize(unescape(comment(declaration(docs, "Hostile"))))).toBe(want);
    expect(tags(declaration(docs, "Hostile"))).toEqual(["@see defs/docs.yaml#/types/Hostile"]);
  });

  test("tags after a description that opens a comment (/*) are intact", () => {
    const field = properties(declaration(docs, "Hostile")).get("field")!;
    expect(unescape(comment(field))).toBe("*/ export const pwned = 1; /*");
    expect(tags(field)).toEqual([
      "@minLength 1",
      "@maxLength 10",
      "@pattern ^a*\\/b$",
      '@default "*\\/ \\u2028 </script>"',
    ]);
  });

  test("no code comes out of a description", () => {
    const names = docs.statements.flatMap((s) =>
      ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isFunctionDeclaration(s) ? [s.name?.text] : [],
    );
    expect(names).not.toContain("pwned");
    expect(docs.statements.filter(ts.isVariableStatement).map((s) => s.declarationList.declarations[0]!.name.getText())).toEqual(
      model.files[0]!.items.map((t) => `validate${t.tsName}`),
    );
  });
});

describe("JSDoc of nested schemas", () => {
  let model: Model;
  let shapes: ts.SourceFile;
  beforeAll(async () => {
    const parsed = await parse(path.join(ROOT, "test", "fixtures", "ts-shapes"));
    model = parsed.model;
    shapes = parsed.files.get("shapes.d.ts")!;
  });

  test("inline enums are documented with their property's description and source", () => {
    const e = declaration(shapes, "ChargerModeEnum_2");
    expect(comment(e)).toBe("An inline enum, named Charger + Mode");
    expect(tags(e)).toEqual(["@see defs/shapes.yaml#/types/Charger/properties/mode"]);
  });

  test("members of inline objects carry JSDoc too", () => {
    const inline = properties(declaration(shapes, "Inline")).get("documented")!;
    const literal = inline.type as ts.TypeLiteralNode;
    const x = literal.members.find((m) => m.name?.getText() === "x")!;
    expect(comment(x).replace(/\*\\\//g, "*/")).toBe("The x */ coordinate");
    expect(tags(x)).toEqual(["@minimum 0"]);
  });

  test("a map's index signature is documented", () => {
    const maps = declaration(shapes, "Maps") as ts.InterfaceDeclaration;
    const index = maps.members.find(ts.isIndexSignatureDeclaration)!;
    expect(comment(index)).toBe("Extra values are numbers");
    expect(tags(index)[0]).toMatch(/^@remarks Keys other than the declared properties/);
  });

  test("the fixture exercises every kind of schema", () => {
    const kinds = new Set<Schema["kind"]>();
    const visit = (s: Schema): void => {
      kinds.add(s.kind);
      if (s.kind === "array" && s.items) visit(s.items);
      if (s.kind === "object") {
        s.properties.forEach((p) => visit(p.schema));
        if (typeof s.additionalProperties === "object") visit(s.additionalProperties);
      }
      if (s.kind === "union") s.members.forEach(visit);
    };
    model.files.flatMap((f) => f.items).forEach((t) => visit(t.schema));
    expect([...kinds].sort()).toEqual(["any", "array", "boolean", "const", "enum", "integer", "null", "number", "object", "ref", "string", "union"]);
  });
});
