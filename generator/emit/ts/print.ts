/** How every generated declaration file is printed from its ts-morph structure. */
import { printStructure, type SourceFileStructure } from "ts-morph";
import { INDENT } from "./type-expr";
import { printUnhung } from "./member-indent";

/** 2-space indent, LF, exactly one newline at the end. */
export function print(structure: SourceFileStructure): string {
  const text = printUnhung(structure, (s) => printStructure(s, { indentNumberOfSpaces: INDENT.length, newLine: "\n", useSingleQuote: false }));
  return `${text.replace(/\n+$/, "")}\n`;
}
