/** "Did you mean" hints: the checks use them for misspelled keys and types, the model builders for refs that name nothing. */

/** The option nearest to `word` by edit distance, if it is near enough to be a likely misspelling. */
export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const o of options) {
    const d = distance(word.toLowerCase(), o.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = o;
    }
  }
  // Short words are only matched up to case: any one-letter name is one edit from any other.
  const allowed = word.length <= 2 ? 0 : Math.max(1, Math.floor(word.length / 3));
  return bestDist <= allowed ? best : undefined;
}

function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? Infinity;
}
