/**
 * The TypeScript declarations of EVerest interfaces: per interface
 * `interfaces/<name>.d.ts` (and `.d.mts`), and `interfaces/index.d.ts`.
 *
 * An interface module declares, in YAML order:
 * - per command `<Cmd>Arguments`, an interface with every argument as a
 *   required property and nothing else (EVerest passes every argument; the
 *   object is closed), and `<Cmd>Result` (`null` when the command has no
 *   result);
 * - per var `<Var>Var`;
 * - the string enums nested in them (as in type files);
 * - `Commands`, mapping each command name to `{ arguments: X; result: Y }`,
 *   and `Vars`, mapping each var name to its type;
 * - `isX`, `assertX` and `validateX` for every arguments object, result and var.
 * Types from the type files are imported with `import type`, under an alias
 * (`ocpp_EVSE`) when a local name is the same.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  type VariableStatementStructure,
  type InterfaceDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures } from "ts-morph";
import { codeBanner } from "../../banner";
import { commentInline, propertyKey, stringLiteral } from "../../escape";
import type { InterfaceDecl, Model } from "../../model/model";
import { ERROR_TYPES_CONSTANT, INTERFACE_MODULE_NAMES, PACKAGE_NAMES } from "../../names";
import type { EmittedFile } from "../emitted-file";

import { declarationStructures, signatureStructures } from "./declarations";
import { layout, sourceIndexCjs, sourceIndexDts, specifier } from "../layout";
import { print } from "./print";
import { compareText } from "../../compare";
import { moduleNames } from "./module-names";
import { descriptionLines, docStructures, sourceTag } from "./jsdoc";
import { separated } from "./layout-statements";

export function emitInterfaceDeclarations(model: Model): EmittedFile[] {
  if (model.interfaces.length === 0) return [];
  const out: EmittedFile[] = [];
  for (const decl of model.interfaces) {
    out.push({ path: layout.dts(decl), content: print(interfaceDtsStructure(decl)) });
    out.push({ path: layout.dmts(decl), content: print(interfaceDmtsStructure(decl)) });
  }
  out.push({ path: sourceIndexDts("interface"), content: print(interfacesIndexDtsStructure(model)) });
  return out;
}

export function interfaceDtsStructure(decl: InterfaceDecl): SourceFileStructure {
  const names = moduleNames(decl, Object.values(INTERFACE_MODULE_NAMES));
  const items = decl.items;
  const statements: StatementStructures[] = [...names.imports];
  for (const item of items) statements.push(...declarationStructures(item, names));
  statements.push(commandsInterface(decl), varsInterface(decl));
  if (decl.interface.raises !== undefined && decl.interface.errorTsNames !== undefined) statements.push(errorTypesConstant(decl.interface.errorTsNames.type));
  for (const item of items) statements.push(...signatureStructures(item, names.validateFunction));
  return { kind: StructureKind.SourceFile, leadingTrivia: codeBanner([decl.path]), statements: separated(statements) };
}

/** `export * from "./<name>.js";`: the ES module wrapper re-exports the CommonJS module. */
export function interfaceDmtsStructure(decl: InterfaceDecl): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner([decl.path]),
    statements: [{ kind: StructureKind.ExportDeclaration, moduleSpecifier: specifier(layout.dmts(decl), layout.cjs(decl)) }],
  };
}

/** `export * as ocpp from "./ocpp.js";` per interface: the root module's `interfaces`. */
export function interfacesIndexDtsStructure(model: Model): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner(model.interfaces.map((i) => i.path)),
    statements: model.interfaces.map((i) => ({
      kind: StructureKind.ExportDeclaration,
      namespaceExport: i.moduleName,
      moduleSpecifier: specifier(sourceIndexDts("interface"), layout.cjs(i)),
    })),
  };
}

function commandsInterface(decl: InterfaceDecl): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: INTERFACE_MODULE_NAMES.commands,
    isExported: true,
    docs: docStructures({
      lines: [`The commands of interface \`${commentInline(decl.name)}\`: each command's arguments object and result.`],
      tags: [sourceTag(decl, "/cmds")],
    }),
    properties: decl.interface.commands.map((c) => ({
      name: propertyKey(c.name),
      type: `{ arguments: ${c.argumentsTsName}; result: ${c.resultTsName} }`,
      docs: docStructures({ lines: descriptionLines(c.description), tags: [] }),
    })),
  };
}

function varsInterface(decl: InterfaceDecl): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: INTERFACE_MODULE_NAMES.vars,
    isExported: true,
    docs: docStructures({
      lines: [`The vars of interface \`${commentInline(decl.name)}\`: the type of each published value.`],
      tags: [sourceTag(decl, "/vars")],
    }),
    properties: decl.interface.vars.map((v) => ({
      name: propertyKey(v.name),
      type: v.tsName,
      docs: docStructures({ lines: descriptionLines(v.description), tags: v.qos === undefined ? [] : [{ tagName: "remarks", text: `qos ${v.qos}` }] }),
    })),
  };
}

/** index.d.ts's `export * as interfaces from "./interfaces/index.js";` (nothing when there are no interfaces). */
export function rootInterfaceExport(model: Model): StatementStructures[] {
  if (model.interfaces.length === 0) return [];
  return [{ kind: StructureKind.ExportDeclaration, namespaceExport: "interfaces", moduleSpecifier: specifier(layout.rootDts, sourceIndexCjs("interface")) }];
}

/** index.d.ts's `InterfaceRef`: every item's ref that `validate()` accepts (nothing when there are no interfaces). */
export function rootInterfaceRefType(model: Model): StatementStructures[] {
  if (model.interfaces.length === 0) return [];
  const refs = [...new Set(model.interfaces.flatMap((d) => d.items.map((i) => i.ref)))].sort(compareText).map(stringLiteral);
  return [
    {
      kind: StructureKind.TypeAlias,
      name: PACKAGE_NAMES.interfaceRef,
      isExported: true,
      type: refs.length === 0 ? "never" : refs.join("\n| "),
      docs: [
        'Every argument object, result and var of the package\'s interfaces, as `"interfaces/<interface>/cmds/<cmd>/arguments"`, `".../result"` or `"interfaces/<interface>/vars/<var>"`.',
      ],
    },
  ];
}

/** ` | InterfaceRef` for `validate()`'s `ref` parameter when there are interfaces. */
export function interfaceRefParam(model: Model): string {
  return model.interfaces.length === 0 ? "" : ` | ${PACKAGE_NAMES.interfaceRef}`;
}

/** `export declare const ERROR_TYPES: readonly ErrorType[];` */
function errorTypesConstant(typeName: string): VariableStatementStructure {
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    hasDeclareKeyword: true,
    declarationKind: VariableDeclarationKind.Const,
    declarations: [{ name: ERROR_TYPES_CONSTANT, type: `readonly ${typeName}[]` }],
    docs: docStructures({ lines: ["The type of every error this interface may raise, in the order its `errors:` references list them."], tags: [] }),
  };
}
