/**
 * Every piece of definition text that reaches emitted code goes through one of
 * these: a string literal encoder, a property-key encoder and a comment escaper.
 * Nothing from YAML is spliced into code any other way.
 */
import { isIdentifier } from "./names";

/**
 * A double-quoted JS/TS string literal. JSON.stringify escapes quotes,
 * backslashes and control characters; we also escape the line separators,
 * `<` (so `</script>` cannot close an inline script) and lone surrogates.
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029<]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A property key: bare when it is a plain identifier (and not `__proto__`), else a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== "__proto__" ? name : stringLiteral(name);
}

/**
 * Lines of text safe inside a `/** ... *\/` block comment: `*\/` cannot close
 * it, line separators become line breaks, and a line that starts with `@`
 * cannot turn into a JSDoc tag.
 */
export function commentLines(text: string): string[] {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .split("\n")
    .map((line) =>
      line
        .replace(/\*\//g, "*\\/")
        .replace(/^(\s*)@/, "$1\\@")
        // other control characters would be invisible in a diff
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    );
}

/** A whole JSDoc block (with the given indent), or "" when there are no lines. */
export function jsDoc(lines: readonly string[], indent = ""): string {
  if (lines.length === 0) return "";
  return `${indent}/**\n${lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** A `// ...` line comment: only for our own fixed text or escaped single lines. */
export function lineComment(text: string): string {
  return `// ${commentLines(text).join(" ")}`;
}
