/**
 * `<file>.d.ts` and `<file>.d.mts` for one defs file, each from one whole
 * SourceFile structure.
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { codeBanner } from "../../banner";
import type { DefsFile } from "../../model/model";
import { layout, specifier } from "../layout";
import { declarationStructures, signatureStructures } from "./declarations";
import { moduleNames } from "./module-names";
import { separated } from "./layout-statements";

/**
 * Imports; then, in YAML order, each type's declaration followed by the
 * string enums nested in it; then each type's validator signatures.
 */
export function fileDtsStructure(file: DefsFile): SourceFileStructure {
  const names = moduleNames(file, []);
  const statements: StatementStructures[] = [...names.imports];
  for (const decl of file.items) statements.push(...declarationStructures(decl, names));
  for (const decl of file.items) statements.push(...signatureStructures(decl, names.validateFunction));
  return { kind: StructureKind.SourceFile, leadingTrivia: codeBanner([file.path]), statements: separated(statements) };
}

/** `export * from "./<file>.js";`: the ES module wrapper re-exports the CommonJS module, so its types are the same. */
export function fileDmtsStructure(file: DefsFile): SourceFileStructure {
  return {
    kind: StructureKind.SourceFile,
    leadingTrivia: codeBanner([file.path]),
    statements: [{ kind: StructureKind.ExportDeclaration, moduleSpecifier: specifier(layout.dmts(file), layout.cjs(file)) }],
  };
}
