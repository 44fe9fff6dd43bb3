/** The one-line summary of a description, shown in contents lists and the package README. */

/** The first sentence of the first line, at most about 120 characters (cut at a space, with `…`). */
export function firstSentence(text: string): string {
  const line = text.trim().split(/\r\n?|\n|[\u2028\u2029\u0085]/)[0] ?? "";
  const m = /^(.*?[.!?])(\s|$)/.exec(line);
  const sentence = (m?.[1] ?? line).trim();
  const chars = Array.from(sentence);
  if (chars.length <= 120) return sentence;
  const cut = chars.slice(0, 120).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
