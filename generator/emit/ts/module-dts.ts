/**
 * `<module>.d.ts` and `<module>.d.mts` for any module (a type file, an
 * interface), each from one whole SourceFile structure.
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { codeBanner } from "../../banner";
import type { SchemaModule } from "../../model/model";
import { layout, specifier } from "../layout";
import { declarationStructures, signatureStructures } from "./declarations";
import { interfaceExtras } from "./interface-extras";
import { separated } from "./layout-statements";
import { moduleNames } from "./module-names";

/**
 * Imports; then, in YAML order, each item's declaration followed by the
 * string enums nested in it; then what the module's source declares besides
 * its items (an interface's `Commands`, ...); then each item's validator
 * signatures.
 */
export function moduleDtsStructure(m: SchemaModule): SourceFileStructure {
  const extras = m.interface === undefined ? undefined : interfaceExtras(m, m.interface);
  const names = moduleNames(m, extras?.names ?? []);
  const statements: StatementStructures[] = [...names.imports];
  for (const item of m.items) statements.push(...declarationStructures(item, names));
  statements.push(...(extras?.statements ?? []));
  for (const item of m.items) statements.push(...signatureStructures(item, names.validateFunction));
  return { kind: StructureKind.SourceFile, leadingTrivia: codeBanner([m.path]), statements: separated(statements) };
}

/** `export * from "./<module>.js";`: the ES module exports what the CommonJS module does, so the types are the same. */
export function moduleDmtsStructure(m: SchemaModule): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner([m.path]),
    statements: [{ kind: StructureKind.ExportDeclaration, moduleSpecifier: specifier(layout.dmts(m), layout.cjs(m)) }],
  };
}
