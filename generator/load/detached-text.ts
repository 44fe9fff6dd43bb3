/**
 * Scalars that do not keep their file's text in memory.
 *
 * Both YAML readers give a scalar as a substring of the file's text, and V8
 * makes a substring of 13 characters or more a view into the string it was
 * cut from. The model keeps names, descriptions and values for the whole run,
 * so any one of them held its file's whole text: 0.9 MB for each copy of
 * EVerest's tree, whose model took 3.8 MiB of heap with the texts and 2.5
 * without (BENCHMARKS.md, "At 2102392: scalars of their own").
 *
 * A string used as a property key is stored as V8's own copy of it (flat, and
 * one copy for all equal strings, which many descriptions are); reading the
 * key back gives that copy, and the view and its file's text can go. The
 * string is the same text either way: only what it keeps alive changes.
 */

/** V8's shortest substring that is a view rather than a copy (`SlicedString::kMinLength`); a shorter one holds nothing. */
const SHORTEST_VIEW = 13;

/** `text`, as a string that holds no other string. */
export function detached(text: string): string {
  if (text.length < SHORTEST_VIEW) return text;
  // No prototype: every text, `__proto__` included, is an own key of it.
  const holder: Record<string, true> = Object.create(null) as Record<string, true>;
  holder[text] = true;
  for (const key in holder) return key;
  return text;
}
