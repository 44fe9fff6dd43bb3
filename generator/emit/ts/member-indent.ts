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
 * Two ways to find those lines, with the same result:
 * - {@link printUnhung}, the usual one: those types are text in the
 *   structure, so a mark put after each of their line breaks comes out at
 *   the start of exactly the lines to take back, and no parse is needed.
 *   Parsing every printed file was a tenth of a cold generate of EVerest's
 *   tree. It falls back to the parse whenever the marks do not account for
 *   every line that opens a block, or the text held a mark of its own.
 * - {@link unhangInlineObjects}, the reference: the printed text is parsed
 *   with the TypeScript parser that ts-morph ships rather than matched with
 *   patterns, so braces inside comments or strings (descriptions, enum
 *   values) can never confuse it; files without such a member are returned
 *   untouched without parsing.
 */
import { StructureKind, ts, type SourceFileStructure } from "ts-morph";
import { INDENT } from "./type-expr";

/** A member, constant or type alias whose type opens a block at the end of its line: `x: {`, `x?: {`, `[key: string]: {`, `const E: {`, `type X = {`. */
const BLOCK_MEMBER = /(?:\??:|=) \{$/m;

export function unhangInlineObjects(text: string): string {
  if (!BLOCK_MEMBER.test(text)) return text;
  // JSDoc comments stay trivia, which is all this needs: parsing their tags as well took half the time of a parse.
  const sf = ts.createSourceFile("printed.d.ts", text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, ts.ScriptKind.TS);
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

/**
 * Put after the line breaks of the types to take back (a private-use
 * character: printed text holding one of its own is made the reference way).
 */
const MARK = "\uE000";

/** Lines that open a block but are no member's type: an interface's head, an import or export list. */
const NOT_A_TYPE = /^\s*(?:(?:export\s+)?(?:declare\s+)?interface\s.*|(?:export|import)(?:\s+type)?\s*)\{$/;

/**
 * `structure` printed by `printRaw` (ts-morph's printer) with the hanging
 * level taken back, exactly as {@link unhangInlineObjects} takes it back from
 * the printed text.
 */
export function printUnhung(structure: SourceFileStructure, printRaw: (s: SourceFileStructure) => string): string {
  const { marked, marks } = markTypes(structure);
  if (marks > 0) {
    const text = printRaw(marked);
    const unhung = text.split(MARK).length - 1 === marks ? takeBackMarked(text) : undefined;
    if (unhung !== undefined) return unhung;
  }
  return unhangInlineObjects(printRaw(structure));
}

/** A type the parse would take back: it spans lines and its first line opens a block. */
function opensBlock(type: unknown): type is string {
  if (typeof type !== "string") return false;
  const lineBreak = type.indexOf("\n");
  return lineBreak >= 0 && type.slice(0, lineBreak).trimEnd().endsWith("{");
}

/**
 * A copy of `structure` in which the types of members, index signatures,
 * declared constants and type aliases that open a block have a mark after
 * each line break (before a line that is not empty: ts-morph indents no
 * empty line, and the parse leaves it as it is), and how many marks it holds.
 */
function markTypes(structure: SourceFileStructure): { marked: SourceFileStructure; marks: number } {
  let marks = 0;
  /** `o` with its `key` marked, or `o` itself when that is no type to take back. */
  const marked = <T extends object>(o: T, key: keyof T): T => {
    const type = o[key];
    if (!opensBlock(type)) return o;
    const text = type.replace(/\n(?=[^\n])/g, () => {
      marks++;
      return `\n${MARK}`;
    });
    return { ...o, [key]: text };
  };
  if (!Array.isArray(structure.statements)) return { marked: structure, marks };
  const statements = structure.statements.map((s) => {
    if (typeof s !== "object" || s === null) return s;
    switch (s.kind) {
      case StructureKind.Interface:
        return {
          ...s,
          ...(s.properties === undefined ? {} : { properties: s.properties.map((p) => marked(p, "type")) }),
          ...(s.indexSignatures === undefined ? {} : { indexSignatures: s.indexSignatures.map((i) => marked(i, "returnType")) }),
        };
      case StructureKind.TypeAlias:
        return marked(s, "type");
      case StructureKind.VariableStatement:
        return { ...s, declarations: s.declarations.map((d) => marked(d, "type")) };
      default:
        return s;
    }
  });
  return { marked: marks === 0 ? structure : { ...structure, statements }, marks };
}

/**
 * The printed marked text with each mark removed and its line taken back one
 * level; undefined, for the parse to decide, when a mark is not where a line
 * began, or when a line opens a block that is neither a marked type's first
 * line nor an interface or an import or export list (a type the marks do not
 * cover: one inside a parameter's type, say).
 */
function takeBackMarked(text: string): string | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = line.indexOf(MARK);
    if (at < 0) {
      if (line.trimEnd().endsWith("{") && !NOT_A_TYPE.test(line.trimEnd()) && !(lines[i + 1] ?? "").includes(MARK)) return undefined;
      continue;
    }
    if (line.slice(0, at).trim() !== "") return undefined;
    const unmarked = line.slice(0, at) + line.slice(at + MARK.length);
    lines[i] = unmarked.startsWith(INDENT) ? unmarked.slice(INDENT.length) : unmarked;
  }
  return lines.join("\n");
}
