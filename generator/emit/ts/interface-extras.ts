/**
 * What an interface module declares besides its items: `Commands`, mapping
 * each command name to `{ arguments: X; result: Y }`; `Vars`, mapping each
 * var name to its type; with error files, `ERROR_TYPES`. The module builder
 * (./module-dts.ts) calls this for every module with interface details.
 */
import { StructureKind, VariableDeclarationKind, type InterfaceDeclarationStructure, type StatementStructures, type VariableStatementStructure } from "ts-morph";
import { commentInline, printedPropertyKey } from "../../escape";
import type { InterfaceDetails, SchemaModule } from "../../model/model";
import { ERROR_TYPES_CONSTANT, INTERFACE_MODULE_NAMES } from "../../names";
import { descriptionLines, docStructures, sourceTag } from "./jsdoc";

export interface ModuleExtras {
  /** The type names declared here: reserved in the module, so an imported type of the same name gets an alias. */
  readonly names: readonly string[];
  readonly statements: readonly StatementStructures[];
}

export function interfaceExtras(m: SchemaModule, d: InterfaceDetails): ModuleExtras {
  const statements: StatementStructures[] = [commandsInterface(m, d), varsInterface(m, d)];
  if (d.raises !== undefined && d.errorTsNames !== undefined) statements.push(errorTypesConstant(d.errorTsNames.type));
  return { names: Object.values(INTERFACE_MODULE_NAMES), statements };
}

function commandsInterface(m: SchemaModule, d: InterfaceDetails): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: INTERFACE_MODULE_NAMES.commands,
    isExported: true,
    docs: docStructures({
      lines: [`The commands of interface \`${commentInline(m.name)}\`: each command's arguments object and result.`],
      tags: [sourceTag(m, "/cmds")],
    }),
    properties: d.commands.map((c) => ({
      name: printedPropertyKey(c.name),
      type: `{ arguments: ${c.argumentsTsName}; result: ${c.resultTsName} }`,
      docs: docStructures({ lines: descriptionLines(c.description), tags: [] }),
    })),
  };
}

function varsInterface(m: SchemaModule, d: InterfaceDetails): InterfaceDeclarationStructure {
  return {
    kind: StructureKind.Interface,
    name: INTERFACE_MODULE_NAMES.vars,
    isExported: true,
    docs: docStructures({
      lines: [`The vars of interface \`${commentInline(m.name)}\`: the type of each published value.`],
      tags: [sourceTag(m, "/vars")],
    }),
    properties: d.vars.map((v) => ({
      name: printedPropertyKey(v.name),
      type: v.tsName,
      docs: docStructures({ lines: descriptionLines(v.description), tags: v.qos === undefined ? [] : [{ tagName: "remarks", text: `qos ${v.qos}` }] }),
    })),
  };
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
