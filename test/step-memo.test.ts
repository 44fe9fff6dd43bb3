/**
 * A session's checks and builds (generator/load/step-memo.ts): taken again
 * only for the same input objects, reporting again what they reported, and
 * drawing from the run's budget exactly what running them would, so that a
 * run with a session judges as a run without one does.
 */
import { DiagnosticBag } from "../generator/diagnostics";
import { LIMITS, newLoadBudget } from "../generator/limits";
import { loadModel, type LoadMemo } from "../generator/load-model";
import { ParseMemo } from "../generator/load/parse-memo";
import { StepMemo } from "../generator/load/step-memo";
import type { InputFile } from "../generator/load/input-file";

const POS = { file: "types/a.yaml", line: 1, col: 1 };

/** What the ReDoS analysis draws for `patterns` (check/schema-rules.ts withinAnalysisBudget): each asked about, each unseen one paid for. */
function analyse(budget: ReturnType<typeof newLoadBudget>, patterns: readonly string[]): void {
  for (const pattern of patterns) {
    budget.patternsAsked?.add(pattern);
    if (budget.patternsSeen.has(pattern)) continue;
    budget.patternChars -= pattern.length;
    budget.patternsSeen.add(pattern);
  }
}

describe("StepMemo", () => {
  test("the same inputs give the last run's result, its reports again, and its budget drawn again", () => {
    const memo = new StepMemo();
    const tree = {};
    let runs = 0;
    const step = (diags: DiagnosticBag, budget: ReturnType<typeof newLoadBudget>): object =>
      memo.run("check\0a", [tree, "a"], diags, budget, () => {
        runs++;
        budget.nodes -= 7;
        diags.warning("W999", POS, "reported by the step");
        return { made: runs };
      });
    const first = step(new DiagnosticBag(), newLoadBudget());
    memo.finish();
    const diags = new DiagnosticBag();
    const budget = newLoadBudget();
    const again = step(diags, budget);
    memo.finish();
    expect(runs).toBe(1);
    expect(again).toBe(first);
    expect(Object.isFrozen(again)).toBe(true);
    expect(diags.all().map((d) => d.code)).toEqual(["W999"]);
    expect(budget.nodes).toBe(newLoadBudget().nodes - 7);
    // Another input object: the step runs.
    memo.run("check\0a", [{}, "a"], new DiagnosticBag(), newLoadBudget(), () => ++runs);
    expect(runs).toBe(2);
  });

  test("only the last run's steps are kept", () => {
    const memo = new StepMemo();
    const tree = {};
    let runs = 0;
    memo.run("k", [tree], new DiagnosticBag(), undefined, () => ++runs);
    memo.finish();
    memo.finish();
    memo.run("k", [tree], new DiagnosticBag(), undefined, () => ++runs);
    expect(runs).toBe(2);
  });

  test("patterns are charged as the analysis would charge them now, and a step that cannot be is run again", () => {
    const memo = new StepMemo();
    const tree = {};
    const [p, q] = ["(a+)+b", "(c+)+d"];
    let runs = 0;
    const step = (budget: ReturnType<typeof newLoadBudget>): void => {
      memo.run("check\0b", [tree], new DiagnosticBag(), budget, () => {
        runs++;
        analyse(budget, [p, q]);
      });
      memo.finish();
    };
    // Run 1: p was analysed by an earlier file, so the step paid for q only.
    const first = newLoadBudget();
    first.patternsSeen.add(p);
    step(first);
    // Run 2: no earlier file has p: taking the step again must pay for both.
    const second = newLoadBudget();
    step(second);
    expect(runs).toBe(1);
    expect(second.patternChars).toBe(LIMITS.maxPatternCharsAnalysed - p.length - q.length);
    expect([...second.patternsSeen].sort()).toEqual([p, q]);
    // Run 3: too little left for both: the step runs.
    const third = newLoadBudget();
    third.patternChars = p.length;
    step(third);
    expect(runs).toBe(2);
  });

  test("a step inside another's record: the outer one records the patterns the inner one asked about, run or taken again", () => {
    // A session's file (load-model.ts) records the read and check that the check store or the check's own step ran.
    const outer = new StepMemo();
    const inner = new StepMemo();
    const tree = {};
    const [p, q] = ["(a+)+b", "(c+)+d"];
    let runs = 0;
    const run = (bytes: string, budget: ReturnType<typeof newLoadBudget>): void => {
      outer.run("file\0types\0a", [bytes], new DiagnosticBag(), budget, () =>
        inner.run("check\0a", [tree], new DiagnosticBag(), budget, () => {
          runs++;
          analyse(budget, [p, q]);
        }),
      );
      outer.finish();
      inner.finish();
    };
    // The check runs inside the outer record; then, with other bytes, it is taken again inside it.
    run("bytes 1", newLoadBudget());
    run("bytes 2", newLoadBudget());
    expect(runs).toBe(1);
    // The outer record, taken again now, charges both patterns as the check would.
    const budget = newLoadBudget();
    const asked = new Set<string>();
    budget.patternsAsked = asked;
    run("bytes 2", budget);
    expect(runs).toBe(1);
    expect(budget.patternChars).toBe(LIMITS.maxPatternCharsAnalysed - p.length - q.length);
    expect([...asked].sort()).toEqual([p, q]);
    // The outer step gave back the set it found, and left none where there was none.
    expect(budget.patternsAsked).toBe(asked);
    const bare = newLoadBudget();
    run("bytes 3", bare);
    expect(bare.patternsAsked).toBeUndefined();
  });

  test("a step the budget stopped is not kept", () => {
    const memo = new StepMemo();
    const tree = {};
    let runs = 0;
    const run = (): void => {
      const budget = newLoadBudget();
      memo.run("check\0b", [tree], new DiagnosticBag(), budget, () => {
        runs++;
        // Asked about and refused: never added to the patterns seen.
        budget.patternsAsked?.add("(x+)+");
      });
      memo.finish();
    };
    run();
    run();
    expect(runs).toBe(2);
  });
});

describe("loadModel with a session's memo", () => {
  // Distinct repeating patterns of 1,000 characters; 20 of them are the whole budget of a run.
  const pattern = (i: number): string => `^[a-z]+${String.fromCharCode(97 + (i % 26)).repeat(990)}${String(i).padStart(2, "0")}$`;
  const typeFile = (name: string, patterns: number[]): InputFile => ({
    path: `types/${name}.yaml`,
    content: Buffer.from(
      `description: file ${name}\ntypes:\n${patterns.map((i) => `  T${i}:\n    description: t\n    type: string\n    pattern: "${pattern(i)}"\n`).join("")}`,
    ),
  });
  const memo = (): LoadMemo => ({ parsed: new ParseMemo(), steps: new StepMemo() });
  const warnings = (r: ReturnType<typeof loadModel>): string[] => r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);

  test("an unchanged file's check pays for the patterns that another file paid for in the last run", () => {
    expect(pattern(0).length).toBe(1000);
    const b = typeFile("b", Array.from({ length: 20 }, (_, i) => i));
    const session = memo();
    // Run 1: a analyses pattern 0 first, b the other 19: the whole budget, nothing refused.
    const run1 = [typeFile("a", [0]), b];
    expect(warnings(loadModel(run1, {}, session))).toEqual(warnings(loadModel(run1)));
    expect(warnings(loadModel(run1))).toEqual([]);
    // Run 2: a's pattern is a new one, so b must pay for pattern 0 itself, and its last pattern is refused (W115).
    const run2 = [typeFile("a", [20]), b];
    const fresh = warnings(loadModel(run2));
    expect(fresh.filter((w) => w.startsWith("types/b.yaml:") && w.endsWith(" W115"))).toHaveLength(1);
    expect(warnings(loadModel(run2, {}, session))).toEqual(fresh);
  });
});
