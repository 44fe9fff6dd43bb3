/**
 * The diffs check prints (generator/cli/bounded-diff.ts): a diff of what
 * changed, and past the bounds a line naming the file without one, at once.
 */
import { MAX_DIFFED_LINES, MAX_DIFF_EDIT_LINES, boundedDiffer } from "../generator/cli/bounded-diff";

const lines = (n: number, tag = ""): string => Array.from({ length: n }, (_, i) => `${tag}${i}`).join("\n") + "\n";

test("a small change: the unified diff, `-` the folder's lines and `+` generate's", () => {
  const diff = boundedDiffer();
  const out = diff("docs/x.md", "a\nb\nc\n", "a\nB\nc\n");
  expect(out).toEqual(["===================================================================", "--- a/docs/x.md", "+++ b/docs/x.md", "@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"]);
});

test("a name that holds a line break stays one line in the header", () => {
  const out = boundedDiffer()("a\nb.md", "x\n", "y\n");
  expect(out.every((l) => !l.includes("\n"))).toBe(true);
  expect(out.slice(1, 3)).toEqual([expect.stringMatching(/^--- .*a\/a.*b\.md/), expect.stringMatching(/^\+\+\+ .*b\/a.*b\.md/)]);
});

test("line counts alone further apart than the bound: no diff is worked out", () => {
  const t0 = Date.now();
  const out = boundedDiffer()("big.js", lines(200_000), lines(3_000));
  expect(out).toEqual([`  (no diff of big.js: more than ${MAX_DIFF_EDIT_LINES} lines differ)`]);
  expect(Date.now() - t0).toBeLessThan(2_000);
});

test("as many lines, but more than the bound of them changed: the diff gives up", () => {
  const t0 = Date.now();
  const out = boundedDiffer()("same-size.js", lines(20_000, "a"), lines(20_000, "b"));
  expect(out).toEqual([`  (no diff of same-size.js: more than ${MAX_DIFF_EDIT_LINES} lines differ)`]);
  expect(Date.now() - t0).toBeLessThan(10_000);
});

test("up to the bound of changed lines, the diff is shown whole", () => {
  const before = lines(5_000);
  const after = before.split("\n").map((l, i) => (i % 6 === 0 && l !== "" ? `${l}!` : l)).join("\n");
  const out = boundedDiffer()("x.js", before, after);
  expect(out.filter((l) => l.startsWith("-") && !l.startsWith("---"))).toHaveLength(834);
  expect(out.filter((l) => l.startsWith("+") && !l.startsWith("+++"))).toHaveLength(834);
});

test("a report stops diffing once its files add up to the bound of lines; each differ keeps its own count", () => {
  const bound = 1_000;
  const diff = boundedDiffer(bound);
  const quarter = lines(bound / 4);
  const changed = `${quarter}x\n`;
  // Each call diffs 2 x bound/4 lines (and one more): the second passes the bound.
  expect(diff("one.js", quarter, changed).some((l) => l === "+x")).toBe(true);
  expect(diff("two.js", quarter, changed)).toEqual([`  (no diff of two.js: the report's diffs are at their bound of ${bound} lines)`]);
  // Nor any later file, however small.
  expect(diff("small.js", "a\n", "b\n")).toEqual([`  (no diff of small.js: the report's diffs are at their bound of ${bound} lines)`]);
  expect(boundedDiffer(bound)("three.js", quarter, changed).some((l) => l === "+x")).toBe(true);
  // The report's bound by default.
  expect(MAX_DIFFED_LINES).toBe(2_000_000);
});
