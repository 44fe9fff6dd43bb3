/**
 * The pure steps between a session's YAML trees and its model, taken again
 * from the last run when given the very same inputs (../session.ts): each
 * file's check, and the build of a kind's modules from its checked files.
 *
 * Inputs are compared by identity. The parse memo (./parse-memo.ts) hands
 * an unchanged file's tree object again, so its check gets the same tree
 * and gives back the last run's checked object, which a build then gets
 * again in turn; a changed file gets a new tree, and every step after it
 * runs. The steps read nothing but their inputs, so a step given the same
 * objects makes the same result.
 *
 * What a step reported is reported again. What it drew from the run's
 * budget is drawn again exactly as the step would draw it now: bytes, nodes
 * and characters as it did, and the characters of each repeating pattern it
 * asked about that this run has not analysed yet (the analysis charges each
 * distinct pattern once per run). A step is taken again only when that
 * much is left, and kept only when it went through without the budget
 * running out or refusing a pattern, so the budget never decides otherwise
 * than it would have. Results are frozen when kept: a later step changing
 * one would throw instead of changing the next run's.
 */
import type { Diagnostic, DiagnosticBag } from "../diagnostics";
import type { LoadBudget } from "../limits";
import { freezeAll } from "../model/freeze";

/** What a step reported and drew from the run's budget: enough to report and draw it again (also ./check-store.ts). */
export interface Charges {
  readonly reported: readonly Diagnostic[];
  readonly spent: { readonly bytes: number; readonly nodes: number; readonly chars: number };
  /** The repeating patterns the step asked to analyse. */
  readonly patterns: readonly string[];
}

interface Step extends Charges {
  readonly inputs: readonly unknown[];
  readonly value: unknown;
}

export class StepMemo {
  private last = new Map<string, Step>();
  private next = new Map<string, Step>();

  /** `step()`, or its result from the last run when `inputs` are the same objects; `key` names the step. */
  run<T>(key: string, inputs: readonly unknown[], diags: DiagnosticBag, budget: LoadBudget | undefined, step: () => T): T {
    const known = this.last.get(key);
    if (known !== undefined && sameInputs(known.inputs, inputs) && (budget === undefined || drawAgain(budget, known))) {
      diags.replay(known.reported);
      this.next.set(key, known);
      return known.value as T;
    }
    const { value, charges } = recordCharges(diags, budget, step);
    if (charges !== undefined) this.next.set(key, { inputs: [...inputs], value: freezeAll(value), ...charges });
    return value;
  }

  /** Ends a run: the next one can take this run's steps, and only those. */
  finish(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Runs `step`, and records what it reported and drew from `budget`; no
 * record when the budget ran out or refused a pattern during it (taken
 * again, it might not be refused: the budget would decide otherwise).
 */
export function recordCharges<T>(diags: DiagnosticBag, budget: LoadBudget | undefined, step: () => T): { value: T; charges?: Charges } {
  const reports = diags.count;
  const before = budget === undefined ? undefined : { bytes: budget.bytes, nodes: budget.nodes, chars: budget.chars };
  const asked = new Set<string>();
  // A step may run inside another's record (a session's file, taken from the check store): the outer one asked what this one asked.
  const outer = budget?.patternsAsked;
  if (budget !== undefined) budget.patternsAsked = asked;
  let value: T;
  try {
    value = step();
  } finally {
    if (budget !== undefined) {
      if (outer === undefined) delete budget.patternsAsked;
      else {
        budget.patternsAsked = outer;
        for (const p of asked) outer.add(p);
      }
    }
  }
  const refused = budget !== undefined && (budget.exhausted || [...asked].some((p) => !budget.patternsSeen.has(p)));
  if (refused) return { value };
  const spent = budget === undefined || before === undefined ? { bytes: 0, nodes: 0, chars: 0 } : { bytes: before.bytes - budget.bytes, nodes: before.nodes - budget.nodes, chars: before.chars - budget.chars };
  return { value, charges: { reported: diags.since(reports), spent, patterns: [...asked] } };
}

/** Draws from `budget` what the step would draw now, when that much is left (else draws nothing). The caller then reports `reported` again. */
export function drawAgain(budget: LoadBudget, known: Charges): boolean {
  const { bytes, nodes, chars } = known.spent;
  if (budget.exhausted || budget.bytes < bytes || budget.nodes < nodes || budget.chars < chars) return false;
  const unseen = known.patterns.filter((p) => !budget.patternsSeen.has(p));
  const patternChars = unseen.reduce((n, p) => n + p.length, 0);
  if (budget.patternChars < patternChars) return false;
  budget.bytes -= bytes;
  budget.nodes -= nodes;
  budget.chars -= chars;
  budget.patternChars -= patternChars;
  for (const p of unseen) budget.patternsSeen.add(p);
  // Taken again inside another step's record: that step asked about them too.
  for (const p of known.patterns) budget.patternsAsked?.add(p);
  return true;
}
