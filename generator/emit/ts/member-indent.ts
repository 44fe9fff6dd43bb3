/**
 * ts-morph writes a property's type with a hanging indent: every line of the
 * type after its first gets one more level. Right for a union broken over
 * lines, wrong for an inline object type (`x: {` ... `};`), whose members and
 * closing brace it pushes one level too deep. This takes that level back off
 * the continuation lines of every member type that opens a brace block, and
 * of a declared constant's object type (`export declare const E: {`: a
 * string enum's object), and of a type alias whose type opens one
 * (`export type X = {` ... `} | null;`).
 *
 * The printed text is parsed with the TypeScript scanner that ts-morph ships
 * rather than matched with patterns, so braces inside comments or strings
 * (descriptions, enum values) can never confuse it; files without such a
 * member are returned untouched without parsing.
 */
import { ts } from "ts-morph";
import { INDENT } from "./type-expr";

/** A member, constant or type alias whose type opens a block at the end of its line: `x: {`, `x?: {`, `[key: string]: {`, `const E: {`, `type X = {`. */
const BLOCK_MEMBER = /(?:\??:|=) \{$/m;

export function unhangInlineObjects(text: string): string {
  if (!BLOCK_MEMBER.test(text)) return text;
  const sf = ts.createSourceFile("printed.d.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const dedent = new Set<number>();
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertySignature(node) || ts.isIndexSignatureDeclaration(node) || ts.isVariableDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.type !== undefined) {
      const first = sf.getLineAndCharacterOfPosition(node.type.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.type.getEnd()).line;
      const opensBlock = text.slice(node.type.getStart(sf), sf.getLineEndOfPosition(node.type.getStart(sf))).trimEnd().endsWith("{");
      if (last > first && opensBlock) {
        for (let line = first + 1; line <= last; line++) dedent.add(line);
        // Members nested inside were written as part of this type's text: indented once, by us.
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (dedent.size === 0) return text;
  return text
    .split("\n")
    .map((line, i) => (dedent.has(i) && line.startsWith(INDENT) ? line.slice(INDENT.length) : line))
    .join("\n");
}
