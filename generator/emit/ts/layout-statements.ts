/** Blank lines between statements, one rule for every file. */
import { StructureKind, type StatementStructures, type WriterFunction } from "ts-morph";

const BLANK_LINE: WriterFunction = (writer) => {
  writer.blankLineIfLastNot();
};

/**
 * Import and export declarations stay together; every other statement (with
 * its JSDoc) is set off by one blank line. ts-morph's own spacing depends on the
 * kind of statement (functions get a blank line, constants and type aliases do
 * not); this makes it uniform.
 */
export function separated(statements: readonly StatementStructures[]): (StatementStructures | WriterFunction)[] {
  const out: (StatementStructures | WriterFunction)[] = [];
  statements.forEach((s, i) => {
    const grouped = s.kind === StructureKind.ImportDeclaration || s.kind === StructureKind.ExportDeclaration;
    const after = statements[i - 1]?.kind;
    const afterGroup = after === StructureKind.ImportDeclaration || after === StructureKind.ExportDeclaration;
    if (i > 0 && (!grouped || !afterGroup)) out.push(BLANK_LINE);
    out.push(s);
  });
  return out;
}
