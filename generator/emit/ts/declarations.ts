/**
 * One YAML type -> the ts-morph structures that declare it: an interface, an
 * enum or a type alias, then the string enums nested in it, then (separately)
 * its validator signatures.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  type EnumDeclarationStructure,
  type FunctionDeclarationStructure,
  type IndexSignatureDeclarationStructure,
  type InterfaceDeclarationStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure } from "ts-morph";
import { commentInline, propertyKey, stringLiteral } from "../../escape";
import { walkSchema, type EnumSchema, type ObjectSchema, type TypeDecl } from "../../model/model";
import { enumMemberNames, helperNames } from "../../names";
import { describe, descriptionLines, docStructures, sourceTag, type Doc, type DocTag } from "./jsdoc";
import { objectMembers, typeExpr, type TypeExprContext } from "./type-expr";

export type DeclarationStructure = InterfaceDeclarationStructure | EnumDeclarationStructure | TypeAliasDeclarationStructure;
export type SignatureStructure = FunctionDeclarationStructure | VariableStatementStructure;

/** The declaration of `decl`, followed by the string enums nested in it (in YAML order). */
export function declarationStructures(decl: TypeDecl, ctx: TypeExprContext, cyclic: boolean): DeclarationStructure[] {
  return [typeDeclaration(decl, ctx, cyclic), ...nestedEnums(decl).map((e) => enumDeclaration(e, decl, descriptionLines(e.description)))];
}

function typeDeclaration(decl: TypeDecl, ctx: TypeExprContext, cyclic: boolean): DeclarationStructure {
  const s = decl.schema;
  const see = sourceTag(decl.module, s.pointer);
  if (cyclic) {
    // `A: $ref B`, `B: $ref A` describes no value; TypeScript rejects the circular aliases.
    const doc: Doc = {
      lines: descriptionLines(decl.description),
      tags: [{ tagName: "remarks", text: commentInline(`${decl.name} is a chain of $refs that leads back to itself: it describes no value.`) }, see],
    };
    return typeAlias(decl, "never", doc);
  }
  if (s.kind === "object") return interfaceDeclaration(decl, s, ctx, see);
  if (s.kind === "enum" && s.isStringEnum) return enumDeclaration(s, decl, descriptionLines(decl.description));
  return typeAlias(decl, typeExpr(s, ctx), describe(decl.description, s, [see]));
}

function typeAlias(decl: TypeDecl, type: string, doc: Doc): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, name: decl.tsName, isExported: true, type, docs: docStructures(doc) };
}

function interfaceDeclaration(decl: TypeDecl, s: ObjectSchema, ctx: TypeExprContext, see: DocTag): InterfaceDeclarationStructure {
  const m = objectMembers(s, ctx);
  const indexSignatures: OptionalKind<IndexSignatureDeclarationStructure>[] = [];
  if (m.indexType !== undefined) {
    indexSignatures.push({ keyName: "key", keyType: "string", returnType: m.indexType, docs: docStructures(m.indexDoc) });
  }
  const properties: OptionalKind<PropertySignatureStructure>[] = m.properties.map((p) => ({
    name: propertyKey(p.name),
    hasQuestionToken: !p.required,
    type: typeExpr(p.schema, ctx),
    docs: docStructures(describe(p.schema.description, p.schema)),
  }));
  return {
    kind: StructureKind.Interface,
    name: decl.tsName,
    isExported: true,
    docs: docStructures(describe(decl.description, s, [see])),
    indexSignatures,
    properties,
  };
}

/** `export declare enum Name { Member = "value", ... }`; `description` is the declaration's (top level) or the property's. */
function enumDeclaration(e: EnumSchema, decl: TypeDecl, description: string[]): EnumDeclarationStructure {
  const own = describe(undefined, e, [sourceTag(decl.module, e.pointer)]);
  const names = enumMemberNames(e.values);
  return {
    kind: StructureKind.Enum,
    name: e.tsName,
    isExported: true,
    hasDeclareKeyword: true,
    docs: docStructures({ lines: [...description, ...own.lines], tags: own.tags }),
    members: e.values.map((v, i) => ({ name: names[i] ?? "", initializer: stringLiteral(String(v)) })),
  };
}

/** The string enums nested anywhere in `decl`, in YAML order. */
export function nestedEnums(decl: TypeDecl): EnumSchema[] {
  return [...walkSchema(decl.schema)].filter((s): s is EnumSchema => s.kind === "enum" && s.isStringEnum && !s.topLevel);
}

/** `isX`, `assertX` and `validateX` for `decl`; `validateFunction` is the local name of the runtime's ValidateFunction. */
export function signatureStructures(decl: TypeDecl, validateFunction: string): SignatureStructure[] {
  return validatorSignatures(decl.tsName, decl.ref, validateFunction);
}

/** `isX`, `assertX` and `validateX` for the type named `tsName` (a type declaration's or an interface item's), validated as `validateRef`. */
export function validatorSignatures(tsName: string, validateRef: string, validateFunction: string): SignatureStructure[] {
  const h = helperNames(tsName);
  const ref = commentInline(validateRef);
  const value = [{ name: "value", type: "unknown" }];
  return [
    {
      kind: StructureKind.Function,
      name: h.is,
      isExported: true,
      hasDeclareKeyword: true,
      parameters: value,
      returnType: `value is ${tsName}`,
      docs: [`True when \`value\` is a valid {@link ${tsName}} (${ref}).`],
    },
    {
      kind: StructureKind.Function,
      name: h.assert,
      isExported: true,
      hasDeclareKeyword: true,
      parameters: value,
      returnType: `asserts value is ${tsName}`,
      docs: [`Throws a ValidationError listing every problem unless \`value\` is a valid {@link ${tsName}} (${ref}).`],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      hasDeclareKeyword: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: h.validate, type: `${validateFunction}<${tsName}>` }],
      docs: [`The precompiled validator for {@link ${tsName}} (${ref}); its \`errors\` describe the last failure.`],
    },
  ];
}
