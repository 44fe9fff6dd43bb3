/**
 * One named schema -> the ts-morph structures that declare it: an interface
 * (object), an enum (string enum), `never` ($ref cycle) or a type alias,
 * then the string enums nested in it, then (separately) its validator
 * signatures.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  type EnumDeclarationStructure,
  type FunctionDeclarationStructure,
  type InterfaceDeclarationStructure,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure } from "ts-morph";
import { commentInline, propertyKey, stringLiteral } from "../../escape";
import { isRefCycle, walkSchema, type EnumSchema, type NamedSchema, type ObjectSchema } from "../../model/model";
import { enumMemberNames, helperNames } from "../../names";
import { itemDoc, nestedEnumDoc, refCycleDoc } from "./item-doc";
import { describe, docStructures, type Doc } from "./jsdoc";
import { objectMembers, typeExpr, type TypeExprContext } from "./type-expr";

export type DeclarationStructure = InterfaceDeclarationStructure | EnumDeclarationStructure | TypeAliasDeclarationStructure;
export type SignatureStructure = FunctionDeclarationStructure | VariableStatementStructure;

/** The declaration of `item`, followed by the string enums nested in it (in YAML order). */
export function declarationStructures(item: NamedSchema, ctx: TypeExprContext): DeclarationStructure[] {
  const nested = nestedEnums(item).map((e) => enumDeclaration(e.tsName, e, nestedEnumDoc(item, e)));
  return [declaration(item, ctx), ...nested];
}

function declaration(item: NamedSchema, ctx: TypeExprContext): DeclarationStructure {
  const s = item.schema;
  // `A: $ref B`, `B: $ref A` describes no value; TypeScript rejects the circular aliases.
  if (isRefCycle(item)) return typeAlias(item.tsName, "never", refCycleDoc(item));
  const doc = itemDoc(item);
  if (s.kind === "object") return interfaceDeclaration(item.tsName, s, ctx, doc);
  if (s.kind === "enum" && s.isStringEnum) return enumDeclaration(item.tsName, s, doc);
  return typeAlias(item.tsName, typeExpr(s, ctx), doc);
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
      name: propertyKey(p.name),
      hasQuestionToken: !p.required,
      type: typeExpr(p.schema, ctx),
      docs: docStructures(describe(p.schema.description, p.schema)),
    })),
  };
}

/** `export declare enum Name { Member = "value", ... }`. */
function enumDeclaration(name: string, e: EnumSchema, doc: Doc): EnumDeclarationStructure {
  const members = enumMemberNames(e.values);
  return {
    kind: StructureKind.Enum,
    name,
    isExported: true,
    hasDeclareKeyword: true,
    docs: docStructures(doc),
    members: e.values.map((v, i) => ({ name: members[i] ?? "", initializer: stringLiteral(String(v)) })),
  };
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
