/**
 * One named schema -> the ts-morph structures that declare it: an interface
 * (object), a constant and a type of the same name (string enum), `never`
 * ($ref cycle) or a type alias, then the string enums nested in it, then
 * (separately) its validator signatures.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure } from "ts-morph";
import { commentInline, printedPropertyKey, printedStringLiteral } from "../../escape";
import { isRefCycle, walkSchema, type EnumSchema, type NamedSchema, type ObjectSchema } from "../../model/model";
import { enumMemberNames, helperNames } from "../../names";
import { itemDoc, nestedEnumDoc, refCycleDoc } from "./item-doc";
import { describe, docStructures, type Doc } from "./jsdoc";
import { INDENT, objectMembers, typeExpr, type TypeExprContext } from "./type-expr";

export type DeclarationStructure = InterfaceDeclarationStructure | VariableStatementStructure | TypeAliasDeclarationStructure;
export type SignatureStructure = FunctionDeclarationStructure | VariableStatementStructure;

/** The declaration of `item`, followed by the string enums nested in it (in YAML order). */
export function declarationStructures(item: NamedSchema, ctx: TypeExprContext): DeclarationStructure[] {
  const nested = nestedEnums(item).flatMap((e) => enumDeclarations(e.tsName, e, nestedEnumDoc(item, e)));
  return [...declaration(item, ctx), ...nested];
}

function declaration(item: NamedSchema, ctx: TypeExprContext): DeclarationStructure[] {
  const s = item.schema;
  // `A: $ref B`, `B: $ref A` describes no value; TypeScript rejects the circular aliases.
  if (isRefCycle(item)) return [typeAlias(item.tsName, "never", refCycleDoc(item))];
  const doc = itemDoc(item);
  if (s.kind === "object") return [interfaceDeclaration(item.tsName, s, ctx, doc)];
  if (s.kind === "enum" && s.isStringEnum) return enumDeclarations(item.tsName, s, doc);
  return [typeAlias(item.tsName, typeExpr(s, ctx), doc)];
}

function typeAlias(name: string, type: string, doc: Doc): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, name, isExported: true, type, docs: docStructures(doc) };
}

function interfaceDeclaration(name: string, s: ObjectSchema, ctx: TypeExprContext, doc: Doc): InterfaceDeclarationStructure {
  const m = objectMembers(s, ctx);
  return {
    kind: StructureKind.Interface,
    name,
    isExported: true,
    docs: docStructures(doc),
    indexSignatures: m.indexType === undefined ? [] : [{ keyName: "key", keyType: "string", returnType: m.indexType, docs: docStructures(m.indexDoc) }],
    properties: m.properties.map((p) => ({
      name: printedPropertyKey(p.name),
      hasQuestionToken: !p.required,
      type: typeExpr(p.schema, ctx),
      docs: docStructures(describe(p.schema.description, p.schema)),
    })),
  };
}

/**
 * A string enum as a constant and a type of the same name, both erasable:
 *
 *     export declare const Name: { readonly Member: "value"; ... };
 *     export type Name = "value" | ...;
 *
 * The constant is the frozen object `<module>.js` exports (same member names,
 * same order); the type is the union of its values, written out so the .d.ts
 * and anything that prints declarations show the values themselves. A plain
 * string literal and `Name.Member` are both a `Name`.
 */
function enumDeclarations(name: string, e: EnumSchema, doc: Doc): [VariableStatementStructure, TypeAliasDeclarationStructure] {
  const members = enumMemberNames(e.values);
  const literals = e.values.map((v) => printedStringLiteral(String(v)));
  const object = `{\n${literals.map((l, i) => `${INDENT}readonly ${printedPropertyKey(members[i] ?? "")}: ${l};\n`).join("")}}`;
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      hasDeclareKeyword: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, type: object }],
      docs: docStructures(doc),
    },
    typeAlias(name, literalUnion(name, literals), doc),
  ];
}

/** Longest `export type Name = "a" | "b";` kept on one line; a longer union puts one value on each line. */
const ONE_LINE_UNION = 100;

/**
 * The values as a union type. A literal with a backslash gets a line of its
 * own. That began as a guard against ts-morph's writer misreading `\\"`
 * (see printedStringLiteral, which now leaves no `\\` to misread); it stays
 * so that the output is the same as before.
 */
function literalUnion(name: string, literals: readonly string[]): string {
  if (literals.length === 0) return "never";
  const oneLine = literals.join(" | ");
  if (`export type ${name} = ${oneLine};`.length <= ONE_LINE_UNION && !oneLine.includes("\\")) return oneLine;
  return literals.join("\n| ");
}

/** The string enums declared beside `item`: those nested in it (an item that is a string enum itself is declared as one). */
export function nestedEnums(item: NamedSchema): EnumSchema[] {
  return [...walkSchema(item.schema)].filter((s): s is EnumSchema => s.kind === "enum" && s.isStringEnum && !s.topLevel);
}

/** `isX`, `assertX` and `validateX` for `item`, validated as its ref; `validateFunction` is the local name of the runtime's ValidateFunction. */
export function signatureStructures(item: NamedSchema, validateFunction: string): SignatureStructure[] {
  const name = item.tsName;
  const h = helperNames(name);
  const ref = commentInline(item.ref);
  const value = [{ name: "value", type: "unknown" }];
  return [
    {
      kind: StructureKind.Function,
      name: h.is,
      isExported: true,
      hasDeclareKeyword: true,
      parameters: value,
      returnType: `value is ${name}`,
      docs: [`True when \`value\` is a valid {@link ${name}} (${ref}).`],
    },
    {
      kind: StructureKind.Function,
      name: h.assert,
      isExported: true,
      hasDeclareKeyword: true,
      parameters: value,
      returnType: `asserts value is ${name}`,
      docs: [`Throws a ValidationError listing every problem unless \`value\` is a valid {@link ${name}} (${ref}).`],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      hasDeclareKeyword: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: h.validate, type: `${validateFunction}<${name}>` }],
      docs: [`The precompiled validator for {@link ${name}} (${ref}); its \`errors\` describe the last failure.`],
    },
  ];
}
