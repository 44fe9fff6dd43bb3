/**
 * Every piece of definition text that reaches emitted code goes through one of
 * these: a string literal encoder, a property-key encoder and a comment escaper.
 * Nothing from YAML is spliced into code any other way.
 *
 * One escaper per comment format, for paths and names as much as for text (a
 * folder name can hold `-->`, `<script>`, line breaks, escapes, bidi marks):
 * {@link commentLines}/{@link commentInline} inside `/** *\/` (JSDoc),
 * {@link lineComment} for a `//` line, {@link htmlComment} for a Markdown/HTML
 * `<!-- -->` comment; text that only needs to stay one visible line (a JSON
 * `$comment`) is {@link visibleLine}.
 */
import { isIdentifier } from "./names";

/**
 * A double-quoted JS/TS string literal. JSON.stringify escapes quotes,
 * backslashes, C0 control characters and lone surrogates; we also escape the
 * line separators, `<` (so `</script>` cannot close an inline script), C1
 * controls, and the invisible bidirectional marks and BOM (so no literal can
 * read differently from what it is). The value never changes.
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(
    /[\u2028\u2029<\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A property key: bare when it is a plain identifier (and not `__proto__`), else a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== "__proto__" ? name : stringLiteral(name);
}

/**
 * {@link stringLiteral} for text that ts-morph prints (types, and names in
 * declarations): each backslash as `\u005C`, the same value. ts-morph's
 * writer (code-block-writer) takes any `"` after a `\` for an escaped quote,
 * so after `"a\\"` it reads the quotes that follow out of step, a `/*` in a
 * later literal as an open comment, and "closes" it with a stray `*\/` after
 * the declaration, which no longer compiles. With no `\\` in the text, every
 * `\"` it meets is an escaped quote.
 */
export function printedStringLiteral(value: string): string {
  return stringLiteral(value).replace(/\\\\/g, "\\u005C");
}

/** {@link propertyKey} for text that ts-morph prints (see {@link printedStringLiteral}). */
export function printedPropertyKey(name: string): string {
  return isIdentifier(name) && name !== "__proto__" ? name : printedStringLiteral(name);
}

/**
 * Lines of text safe inside a `/** ... *\/` block comment: `*\/` cannot close
 * it, line separators become line breaks, no `@` can start a JSDoc tag, and
 * control characters and bidirectional marks (which would be invisible in a
 * diff, or make the code read differently from what it is) show as `\uXXXX`.
 *
 * TypeScript starts a tag at an `@` at the start of a line, and, inside a
 * tag's text (`@default`, `@pattern`, `@see`), at any `@` after whitespace;
 * its whitespace includes U+0085 and U+200B, which JavaScript's `\s` does not;
 * and `{@link ...}` is a link anywhere. Each such `@` shows as `\@`.
 */
export function commentLines(text: string): string[] {
  return normalizeLines(text).map((line) => visibleControls(line.replace(/\*\//g, "*\\/").replace(TAG_START, "$1\\@")));
}

/** An `@` that TypeScript's JSDoc parser may read as the start of a tag (see commentLines). */
const TAG_START = /(^|[\s\u0085\u200b{])@/g;

/**
 * One line of comment text, for a JSDoc tag's value: like {@link commentLines},
 * but line breaks show as `\n` so the text stays on its line and reads as written.
 */
export function commentInline(text: string): string {
  return commentLines(text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, (c) => LINE_BREAK_ESCAPES[c] ?? "")).join(" ");
}

const LINE_BREAK_ESCAPES: Readonly<Record<string, string>> = {
  "\r\n": "\\r\\n",
  "\r": "\\r",
  "\n": "\\n",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
  "\u0085": "\\u0085",
};

/** A JSON value as one line of comment text (e.g. a `@default`). */
export function jsonComment(value: unknown): string {
  return commentInline(JSON.stringify(value) ?? "undefined");
}

/**
 * A JSON Pointer as a URI fragment (RFC 6901 section 6), for `@see` links:
 * every character outside the URI's unreserved set and `/` is percent-encoded,
 * so the link is one line with no comment terminator.
 */
export function uriFragment(pointer: string): string {
  const wellFormed = pointer.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  return encodeURIComponent(wellFormed)
    .replace(/%2F/g, "/")
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `text` as one line that reads as written: line breaks show as `\n` (`\r`,
 * `\u2028`, ...), control characters, bidirectional marks and BOM as `\uXXXX`.
 */
/**
 * Lines of text for a plain-text page (docs/<file>.txt): split at every line
 * break (U+2028, U+2029 and U+0085 too), control characters and invisible
 * marks shown as `\uXXXX`, so that no text can act on a terminal or make a
 * line the page does not have.
 */
export function plainLines(text: string): string[] {
  return normalizeLines(text).map(visibleControls);
}

export function visibleLine(text: string): string {
  return visibleControls(text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, (c) => LINE_BREAK_ESCAPES[c] ?? ""));
}

/**
 * A `// ...` line comment holding `text` (any text: a path, a name, our own
 * words): one line, as {@link commentInline} makes it, with `<` as `\u003c`
 * so that neither `</script>` nor `<!--` can end or change an inline script
 * around the code.
 */
export function lineComment(text: string): string {
  return `// ${commentInline(text).replace(/</g, "\\u003c")}`;
}

/**
 * A Markdown (HTML) comment `<!-- ... -->` holding `text` (any text): one
 * line, as {@link visibleLine} makes it; `<` and `>` as `&lt;` and `&gt;`, and
 * a space after every `-` that another follows, so the text holds no `--`
 * (nor `-->`, `--!>`, `<!--`) and nothing can end the comment before its own
 * `-->` or start an HTML block in it.
 */
export function htmlComment(text: string): string {
  const safe = visibleLine(text)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/-(?=-)/g, "- ");
  return `<!-- ${safe} -->`;
}

/**
 * Where Markdown text goes: `"block"` is a paragraph (its line breaks become
 * hard breaks, and nothing at the start of a line can open a heading, list,
 * quote, code block or thematic break); `"cell"` is a GFM table cell (line
 * breaks become `<br>`, so a cell never ends early).
 */
export type MarkdownContext = "block" | "cell";

/** Line breaks of every kind, as one `\n`. */
function normalizeLines(text: string): string[] {
  return text.replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n").split("\n");
}

/**
 * Control characters, and the invisible bidirectional marks that can make text
 * read differently from what it is, shown as `\uXXXX`.
 */
function visibleControls(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Text from a definition file as Markdown (CommonMark with GitHub's extensions)
 * that renders as exactly that text, and nothing more:
 *
 * - `\` `` ` `` `*` `_` `[` `]` `{` `}` `|` `~` `$` get a backslash, so no
 *   emphasis, code, link, footnote, table cell, strikethrough, math or MDX
 *   expression can start;
 * - `<` and `>` become `&lt;` `&gt;`, so no HTML (nor autolink, nor quote) passes
 *   through; a `&` that would start an entity becomes `&amp;`;
 * - each line is trimmed (leading spaces would make a code block, trailing ones a
 *   line break), and in a block a line that starts with `#`, `+`, `-`, `=` or
 *   `1.`/`1)` has that marker escaped;
 * - control characters and bidirectional marks show as `\uXXXX`, tabs as spaces;
 * - line breaks: see {@link MarkdownContext}; runs of blank lines become one.
 */
export function markdownText(text: string, context: MarkdownContext = "block"): string {
  const lines = normalizeLines(text).map((raw) => {
    const line = visibleControls(
      raw
        .replace(/\t/g, " ")
        .trim()
        .replace(/[\\`*_[\]{}|~$]/g, "\\$&")
        .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;"),
    );
    return context === "block" ? line.replace(/^[#+=-]/, "\\$&").replace(/^(\d+)([.)])/, "$1\\$2") : line;
  });
  // Drop blank lines at both ends and merge runs of them.
  const kept: string[] = [];
  for (const line of lines) {
    if (line === "" && (kept.length === 0 || kept[kept.length - 1] === "")) continue;
    kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  if (context === "cell") return kept.join("<br>");
  let out = "";
  kept.forEach((line, i) => {
    if (i > 0) out += line === "" || kept[i - 1] === "" ? "\n" : "\\\n";
    out += line;
  });
  return out;
}

/**
 * `text` as a Markdown code span, shown verbatim: the fence is longer than any
 * run of backticks inside, line breaks and control characters show as `\n` and
 * `\uXXXX`, and in a table cell `|` is escaped (GFM removes the backslash).
 * Empty text gives "".
 */
export function markdownCode(text: string, context: MarkdownContext = "block"): string {
  if (text === "") return "";
  let body = visibleControls(normalizeLines(text).join("\\n").replace(/\t/g, "\\t"));
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  if (/^[` ]|[` ]$/.test(body) && body.trim() !== "") body = ` ${body} `;
  if (context === "cell") body = body.replace(/\|/g, "\\|");
  return `${fence}${body}${fence}`;
}
