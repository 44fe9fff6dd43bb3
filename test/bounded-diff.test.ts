/**
 * The diffs check prints (generator/cli/bounded-diff.ts): a diff of what
 * changed, and past the bounds a line naming the file without one, at once.
 */
import { MAX_DIFFED_LINES, MAX_DIFF_EDIT_LINES, MAX_REPORT_EDIT_LINES, boundedDiffer } from "../generator/cli/bounded-diff";

const lines = (n: number, tag = ""): string => Array.from({ length: n }, (_, i) => `${tag}${i}`).join("\n") + "\n";

test("a small change: the unified diff, `-` the folder's lines and `+` generate's", () => {
  const differ = boundedDiffer();
  const out = differ.diff("docs/x.md", "a\nb\nc\n", "a\nB\nc\n");
  expect(out).toEqual(["===================================================================", "--- a/docs/x.md", "+++ b/docs/x.md", "@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"]);
  expect(differ.finish()).toEqual([]);
});

test("a name that holds a line break stays one line in the header", () => {
  const out = boundedDiffer().diff("a\nb.md", "x\n", "y\n");
  expect(out.every((l) => !l.includes("\n"))).toBe(true);
  expect(out.slice(1, 3)).toEqual([expect.stringMatching(/^--- .*a\/a.*b\.md/), expect.stringMatching(/^\+\+\+ .*b\/a.*b\.md/)]);
});

test("line counts alone further apart than the bound: no diff is worked out", () => {
  const t0 = Date.now();
  const out = boundedDiffer().diff("big.js", lines(200_000), lines(3_000));
  expect(out).toEqual([`  (no diff of big.js: more than ${MAX_DIFF_EDIT_LINES} lines differ)`]);
  expect(Date.now() - t0).toBeLessThan(2_000);
});

test("as many lines, but more than the bound of them changed: the diff gives up", () => {
  const t0 = Date.now();
  const out = boundedDiffer().diff("same-size.js", lines(20_000, "a"), lines(20_000, "b"));
  expect(out).toEqual([`  (no diff of same-size.js: more than ${MAX_DIFF_EDIT_LINES} lines differ)`]);
  expect(Date.now() - t0).toBeLessThan(10_000);
});

test("up to the bound of changed lines, the diff is shown whole", () => {
  const before = lines(5_000);
  const after = before.split("\n").map((l, i) => (i % 6 === 0 && l !== "" ? `${l}!` : l)).join("\n");
  const out = boundedDiffer().diff("x.js", before, after);
  expect(out.filter((l) => l.startsWith("-") && !l.startsWith("---"))).toHaveLength(834);
  expect(out.filter((l) => l.startsWith("+") && !l.startsWith("+++"))).toHaveLength(834);
});

test("a report stops diffing once its files add up to the bound of lines, and says how many it left out; each differ keeps its own count", () => {
  const bound = 1_000;
  const differ = boundedDiffer({ diffedLines: bound });
  const quarter = lines(bound / 4);
  const changed = `${quarter}x\n`;
  // Each call diffs 2 x bound/4 lines (and one more): the second passes the bound.
  expect(differ.diff("one.js", quarter, changed).some((l) => l === "+x")).toBe(true);
  expect(differ.diff("two.js", quarter, changed)).toEqual([]);
  // Nor any later file, however small.
  expect(differ.diff("small.js", "a\n", "b\n")).toEqual([]);
  expect(differ.finish()).toEqual([`  (no diff of 2 more changed files: the report's diffs are at their bound of ${bound} lines diffed)`]);
  expect(boundedDiffer({ diffedLines: bound }).diff("three.js", quarter, changed).some((l) => l === "+x")).toBe(true);
  // The report's bound by default.
  expect(MAX_DIFFED_LINES).toBe(2_000_000);
});

test("a report stops diffing once its diffs show the bound of changed lines; a diff that gives up counts as many as it looked for", () => {
  const differ = boundedDiffer({ editLines: 10 });
  // 4 changed lines (2 removed, 2 added), then 4 more: 8 of the 10.
  expect(differ.diff("a.js", "1\n2\n3\n", "1\nB\nC\n").filter((l) => /^[-+][^-+]/.test(l))).toEqual(["-2", "-3", "+B", "+C"]);
  expect(differ.diff("b.js", "1\n2\n3\n", "X\n2\nY\n")).toContain("+Y");
  // A file that would need 4 more: past the report's room of 2, so not shown, nor is any later file.
  expect(differ.diff("c.js", "1\n2\n", "3\n4\n")).toEqual([]);
  expect(differ.diff("d.js", "1\n", "1\n\n")).toEqual([]);
  expect(differ.finish()).toEqual(["  (no diff of 2 more changed files: the report's diffs are at their bound of 10 changed lines)"]);
  // Line counts further apart than the room left: not diffed, and the report is full.
  const counts = boundedDiffer({ editLines: 3 });
  expect(counts.diff("e.js", "1\n", "1\n2\n3\n4\n5\n")).toEqual([]);
  expect(counts.finish()).toEqual(["  (no diff of 1 more changed file: the report's diffs are at their bound of 3 changed lines)"]);
  // A removed line that reads "-- x" shows as "--- x", and counts as a changed line, not a header.
  const dashes = boundedDiffer({ editLines: 2 });
  expect(dashes.diff("f.md", "-- x\n", "y\n")).toContain("--- x");
  expect(dashes.diff("g.md", "a\n", "b\n")).toEqual([]);
  expect(dashes.finish()).toEqual(["  (no diff of 1 more changed file: the report's diffs are at their bound of 2 changed lines)"]);
  expect(MAX_REPORT_EDIT_LINES).toBe(10_000);
});

test("a file whose own bound stops its diff uses up that many of the report's changed lines", () => {
  const differ = boundedDiffer({ editLines: 2 * MAX_DIFF_EDIT_LINES + 10 });
  const big = (tag: string): string => lines(3 * MAX_DIFF_EDIT_LINES, tag);
  expect(differ.diff("one.js", big("a"), big("b"))).toEqual([`  (no diff of one.js: more than ${MAX_DIFF_EDIT_LINES} lines differ)`]);
  expect(differ.diff("two.js", big("a"), big("b"))).toEqual([`  (no diff of two.js: more than ${MAX_DIFF_EDIT_LINES} lines differ)`]);
  // 10 changed lines left: a small diff fits, a third that gives up no longer has its room.
  expect(differ.diff("small.js", "a\n", "b\n")).toContain("+b");
  expect(differ.diff("three.js", big("a"), big("b"))).toEqual([]);
  expect(differ.finish()).toEqual(["  (no diff of 1 more changed file: the report's diffs are at their bound of 4010 changed lines)"]);
});
