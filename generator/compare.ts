/**
 * The one order for text in output and messages: by UTF-16 code unit, as `<`
 * compares strings. The same on every machine and locale (never
 * `localeCompare`), so sorted output is byte-identical everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
