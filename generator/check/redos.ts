/**
 * Which `pattern`s can take super-linear time: exponential or polynomial
 * backtracking (ReDoS), found at generate time (warning W115).
 *
 * The generated validators compile a pattern as `new RegExp(pattern, "u")` (guards.ts
 * writes that; ajv does the same with its default `unicodeRegExp: true`) and call
 * `.test()`, an unanchored search on a backtracking engine. The analysis reads the
 * pattern with the same `u` flag and as the same search.
 *
 * Two analyses, both static and deterministic (no clock, no randomness):
 * - scslre (npm; by the author of refa and eslint-plugin-regexp): quantifiers that
 *   trade characters with each other or with themselves, `^(a+)+$` (exponential),
 *   `^a*a*$`, `^\d+\.?\d+$` (polynomial), and unanchored quantifiers retried at
 *   every start position, `\s+$`, `a+b` (quadratic). It looks at unbounded
 *   quantifiers only and not at alternatives that overlap.
 * - Our own check of each loop (a quantifier without an upper bound, or with one of
 *   at least {@link LOOP_BOUND}), on refa's automata: the loop body matches some word
 *   in two ways, either two alternatives of a group in it match the same word,
 *   `(\w|\d)+`, or a word of the body is also two or more words of it,
 *   `(\d|\d\d)+`, `([a-z0-9]{2,4})+`, `(a{1,30}){1,30}`. Repeating that word k times
 *   gives 2^k ways, and a character that makes the match fail makes the engine try
 *   them all. A finding is kept only when a real `RegExp` run on short strings
 *   confirms it (the word repeated twice, then completed, matches; then followed
 *   by a failing character, does not), so it is skipped on patterns with more than
 *   {@link LIMITS.tryLoops} loops, where even a short run may not be quick.
 *
 * Every attack string is built the same way: the shortest text that leads to the
 * culprit, the repeated part, and the first of a fixed list of characters that makes
 * the match fail, checked with a real `RegExp` on 2 repetitions (a handful of steps;
 * unchecked, "!", past {@link LIMITS.tryLoops} loops or {@link LIMITS.tryLength} characters).
 * An exponential trade between two quantifiers repeats a whole turn of their loop
 * (`(\s*,\s*)*` repeats " ,").
 *
 * Time is bounded by size, not by a clock, so the verdict never depends on the
 * machine: a pattern longer than {@link LIMITS.length} characters, with more than
 * {@link LIMITS.loops} loops, loops nested deeper than {@link LIMITS.nesting}, groups
 * nested deeper than {@link LIMITS.groups}, or automata over {@link LIMITS.nodes}
 * states is not analysed, and the finding says so (kind "unchecked"). Patterns
 * without `*`, `+` or `{` are settled without loading any library.
 *
 * Known blind spots (no finding): a word read in two ways across iterations without
 * either rule above (`(ab|a|ba)+` on "aba"), ambiguity that only lookarounds or
 * backreferences make, and loops bounded below {@link LOOP_BOUND} (`(\w|\d){1,10}`
 * tries at most 2^10 ways).
 */
import type { AST } from "@eslint-community/regexpp";
import type * as Refa from "refa";
import type * as Scslre from "scslre";

export interface RedosFinding {
  /**
   * "exponential": steps exponential in the length of the attack string;
   * "polynomial": n^2 or more; "unchecked": too large to analyse within {@link LIMITS}.
   */
  readonly kind: "exponential" | "polynomial" | "unchecked";
  /** Plain words: which part of the pattern, and why, e.g. `"(a+)+" at index 1 can match a run of "a" in many ways`. */
  readonly reason: string;
  /**
   * A string that makes matching slow, as one line of printable ASCII and `×`:
   * `"a"×40 + "!"`. Empty for "unchecked".
   */
  readonly attack: string;
  /** The attack string's parts, raw: `prefix + pump.repeat(n) + suffix`. Absent for "unchecked". */
  readonly parts?: { readonly prefix: string; readonly pump: string; readonly suffix: string };
}

/** A loop with at least this upper bound is treated as unbounded by our own check. */
export const LOOP_BOUND = 20;

/** Bounds on what is analysed; past one of them the finding is "unchecked". */
export const LIMITS = {
  /** Pattern length in UTF-16 code units. */
  length: 2000,
  /** Loops (quantifiers unbounded or bounded at {@link LOOP_BOUND} or more). */
  loops: 40,
  /** Loops inside loops. */
  nesting: 6,
  /** Groups inside groups. */
  groups: 64,
  /** States of any automaton or regex tree built. */
  nodes: 20_000,
  /**
   * Candidate attacks are checked with a real `RegExp` only on patterns with at most
   * this many loops, and on strings of at most {@link LIMITS.tryLength} characters:
   * a short string can still be split among many loops in very many ways.
   */
  tryLoops: 10,
  tryLength: 24,
} as const;

/** Repetitions shown in the attack string. */
const EXPONENTIAL_REPS = 40;
const POLYNOMIAL_REPS = 50_000;
/** Repetitions used when a real `RegExp` checks a candidate attack: few enough to be instant. */
const TRY_REPS = 2;
/** Characters tried, in this order, as the one that makes a match fail; the first is used unchecked when checks are off. */
const SUFFIXES = ["!", " ", "\u0000", "\n", "#", "a", "0", "A", "_", "-"];
/** Longest literal shown in an attack string or reason before it is cut with "...". */
const SHOW_MAX = 32;

interface Libs {
  readonly regexpp: typeof import("@eslint-community/regexpp");
  readonly refa: typeof Refa;
  readonly scslre: typeof Scslre;
}

let libs: Libs | undefined;

/** Loaded on the first pattern with `*`, `+` or `{`: runs without such patterns never pay for them. */
function load(): Libs {
  libs ??= {
    regexpp: require("@eslint-community/regexpp") as typeof import("@eslint-community/regexpp"),
    refa: require("refa") as typeof Refa,
    scslre: require("scslre") as typeof Scslre,
  };
  return libs;
}

const cache = new Map<string, RedosFinding | undefined>();
const CACHE_MAX = 10_000;

/**
 * The super-linear backtracking `pattern` allows, or undefined when it has none
 * that the analyses find. `pattern` must compile as `new RegExp(pattern, "u")`.
 * Pure: the same pattern always gives the same answer (cached per pattern).
 */
export function redosFinding(pattern: string): RedosFinding | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  const finding = analyse(pattern);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(pattern, finding);
  return finding;
}

/**
 * What the cache holds for `pattern`, without analysing it: `{ finding }`
 * (`finding` undefined when the pattern has none), or undefined when it holds
 * nothing for it. For the check store (../load/check-store.ts), which keeps
 * the findings of a run's patterns for the next run.
 */
export function knownFinding(pattern: string): { readonly finding: RedosFinding | undefined } | undefined {
  return cache.has(pattern) ? { finding: cache.get(pattern) } : undefined;
}

/**
 * Puts the finding an earlier run of this same generator and node made for
 * `pattern` in the cache, so that the analysis, and the libraries it loads,
 * are not run again. Only for findings from a source that proves
 * both (the check store's signed record, whose tag names the generator's
 * hash and node's version): the answer must be the one `redosFinding` gives.
 */
export function rememberFinding(pattern: string, finding: RedosFinding | undefined): void {
  if (cache.has(pattern)) return;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(pattern, finding);
}

/** Whether `v` has the shape of a {@link RedosFinding} (a record read back is checked before it is believed). */
export function isRedosFinding(v: unknown): v is RedosFinding {
  if (typeof v !== "object" || v === null) return false;
  const { kind, reason, attack, parts } = v as Record<string, unknown>;
  if ((kind !== "exponential" && kind !== "polynomial" && kind !== "unchecked") || typeof reason !== "string" || typeof attack !== "string") return false;
  if (parts === undefined) return true;
  if (typeof parts !== "object" || parts === null) return false;
  const { prefix, pump, suffix } = parts as Record<string, unknown>;
  return typeof prefix === "string" && typeof pump === "string" && typeof suffix === "string";
}

/** The W115 message for a finding. */
export function redosMessage(f: RedosFinding): string {
  const advice = "rewrite the pattern, or bound the string with `maxLength`";
  switch (f.kind) {
    case "exponential":
      return `\`pattern\` can take exponential time: ${f.reason}; matching ${f.attack} takes steps exponential in the number of repetitions; ${advice}`;
    case "polynomial":
      return `\`pattern\` can take polynomial time: ${f.reason}; matching ${f.attack} takes steps quadratic or worse in the number of repetitions; ${advice}`;
    case "unchecked":
      return `\`pattern\` was not checked for exponential or polynomial backtracking: ${f.reason}; bound the string with \`maxLength\``;
  }
}

/** Whether `pattern` has a quantifier that repeats (`*`, `+`, `{`): only such a pattern can backtrack. */
export function mayBacktrack(pattern: string): boolean {
  return /[*+{]/.test(pattern);
}

function analyse(pattern: string): RedosFinding | undefined {
  if (!mayBacktrack(pattern)) return undefined;
  const depth = groupDepth(pattern);
  if (depth > LIMITS.groups) return unchecked(`its groups nest ${depth} deep, more than ${LIMITS.groups}`);

  const lib = load();
  let ast: { pattern: AST.Pattern; flags: AST.Flags };
  try {
    const parser = new lib.regexpp.RegExpParser();
    const flags = parser.parseFlags("u");
    ast = { pattern: parser.parsePattern(pattern, 0, pattern.length, { unicode: true }), flags };
  } catch (err) {
    return unchecked(`the analyser cannot read it (${show((err as Error).message)})`);
  }

  const loops = collectLoops(ast.pattern);
  if (loops.list.length === 0) return undefined;
  if (pattern.length > LIMITS.length) return unchecked(`it is ${pattern.length} characters long, more than ${LIMITS.length}`);
  if (loops.list.length > LIMITS.loops) return unchecked(`it has ${loops.list.length} repetitions, more than ${LIMITS.loops}`);
  if (loops.nesting > LIMITS.nesting) return unchecked(`its repetitions nest ${loops.nesting} deep, more than ${LIMITS.nesting}`);

  try {
    const ctx = new Context(lib, ast, pattern, loops.list.length <= LIMITS.tryLoops);
    const reports = lib.scslre.analyse(ast, { maxReports: 1000 }).reports;
    const exponential = reports.find((r) => r.exponential);
    if (exponential !== undefined) return ctx.fromReport(exponential);
    const own = ctx.ambiguousLoop(loops.list);
    if (own !== undefined) return own;
    const first = reports[0];
    return first === undefined ? undefined : ctx.fromReport(first);
  } catch (err) {
    if (err instanceof lib.refa.TooManyNodesError) return unchecked(`its automaton has more than ${LIMITS.nodes} states`);
    return unchecked(`the analyser failed (${show((err as Error).message)})`);
  }
}

function unchecked(reason: string): RedosFinding {
  return { kind: "unchecked", reason, attack: "" };
}

/** How deep `(` nest, reading escapes and character classes as the `u`-flag parser does. */
function groupDepth(p: string): number {
  let depth = 0;
  let max = 0;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") max = Math.max(max, ++depth);
    else if (c === ")") depth--;
  }
  return max;
}

function isLoop(q: AST.Quantifier): boolean {
  return q.max === Infinity || q.max >= LOOP_BOUND;
}

/** Every loop, outermost first, and how deep loops nest. */
function collectLoops(root: AST.Pattern): { list: AST.Quantifier[]; nesting: number } {
  const list: AST.Quantifier[] = [];
  let nesting = 0;
  const visit = (node: AST.Node, inside: number): void => {
    switch (node.type) {
      case "Pattern":
      case "Group":
      case "CapturingGroup":
        for (const a of node.alternatives) visit(a, inside);
        break;
      case "Assertion":
        if (node.kind === "lookahead" || node.kind === "lookbehind") for (const a of node.alternatives) visit(a, inside);
        break;
      case "Alternative":
        for (const e of node.elements) visit(e, inside);
        break;
      case "Quantifier": {
        const loop = isLoop(node);
        if (loop) {
          list.push(node);
          nesting = Math.max(nesting, inside + 1);
        }
        visit(node.element, loop ? inside + 1 : inside);
        break;
      }
      default:
        break;
    }
  };
  visit(root, 0);
  return { list, nesting };
}

/** The parsed pattern and the helpers that build and check attack strings for it. */
class Context {
  private readonly parser: Refa.JS.Parser;
  /** The pattern, matched only at index 0: a failing suffix must fail the attempt that read the run, whatever later start positions find. */
  private readonly sticky: RegExp;

  constructor(
    private readonly lib: Libs,
    ast: { pattern: AST.Pattern; flags: AST.Flags },
    source: string,
    /** Whether candidate attacks may be run (see {@link LIMITS.tryLoops}). */
    private readonly tries: boolean,
  ) {
    this.parser = lib.refa.JS.Parser.fromAst(ast);
    this.sticky = new RegExp(source, "uy");
  }

  fromReport(r: Scslre.Report): RedosFinding {
    const ch = show(r.character.pick);
    const kind = r.exponential ? "exponential" : "polynomial";
    const reps = kind === "exponential" ? EXPONENTIAL_REPS : POLYNOMIAL_REPS;
    if (r.type === "Move") {
      // No prefix needed: the search tries every start position.
      const suffix = this.failing("", r.character.pick) ?? SUFFIXES[0]!;
      const reason = `the pattern is not anchored and ${this.where(r.quant)} reads a run of ${ch} again from every start position`;
      return { kind: "polynomial", reason, ...attack("", r.character.pick, POLYNOMIAL_REPS, suffix) };
    }
    const anchor = r.type === "Self" ? r.quant : r.startQuant;
    const reason =
      r.type === "Self"
        ? `${this.where(r.parentQuant)} can match a run of ${ch} in many ways`
        : `${this.where(r.startQuant)} and ${this.where(r.endQuant)} can share a run of ${ch} in many ways`;
    if (r.type === "Trade" && kind === "exponential") {
      const found = this.tradeTurn(r.startQuant, r.endQuant, r.character.pick);
      if (found !== undefined) return { kind, reason, ...attack(found.before, found.turn, reps, found.suffix) };
    }
    const { before } = this.around(anchor, undefined);
    const suffix = this.failing(before, r.character.pick) ?? SUFFIXES[0]!;
    return { kind, reason, ...attack(before, r.character.pick, reps, suffix) };
  }

  /** Our own check: a loop whose body reads some word in two ways (see the file comment). */
  ambiguousLoop(loops: readonly AST.Quantifier[]): RedosFinding | undefined {
    // Without a confirming run, a finding here could be a false alarm: none then.
    if (!this.tries) return undefined;
    for (const q of loops) {
      const found = this.overlappingAlternatives(q) ?? this.splittableWord(q);
      if (found === undefined) continue;
      const { word, why } = found;
      const { before, after } = this.around(q, undefined);
      // Confirmed on a real RegExp: the repeated word leads to a match, and a failing character spoils it.
      if (this.matchesAtStart(before + word.repeat(TRY_REPS) + after) !== true) continue;
      const suffix = this.failing(before, word);
      if (suffix === undefined) continue;
      return { kind: "exponential", reason: `${this.where(q)} ${why}`, ...attack(before, word, EXPONENTIAL_REPS, suffix) };
    }
    return undefined;
  }

  /** Two alternatives of a group inside the loop body that match the same non-empty word. */
  private overlappingAlternatives(q: AST.Quantifier): { word: string; why: string } | undefined {
    const { refa } = this.lib;
    for (const group of groupsIn(q.element)) {
      const alts = group.alternatives.map((a) => this.nfa(a));
      for (let i = 0; i < alts.length; i++) {
        for (let j = i + 1; j < alts.length; j++) {
          const shared = first(refa.getIntersectionWordSets(alts[i]!, alts[j]!, LIMITS.nodes));
          if (shared === undefined) continue;
          const inner = wordText(refa, shared);
          // The word for one turn of the loop: the text around the group inside the body.
          const { before, after } = this.around(group, q);
          const word = before + inner + after;
          if (word === "") continue;
          return { word, why: `can read ${show(word)} in two ways (alternatives ${show(group.alternatives[i]!.raw)} and ${show(group.alternatives[j]!.raw)} both match ${show(inner)})` };
        }
      }
    }
    return undefined;
  }

  /** A non-empty word the loop body matches both in one turn and in two or more turns. */
  private splittableWord(q: AST.Quantifier): { word: string; why: string } | undefined {
    const { refa } = this.lib;
    const once = this.nfa(q.element);
    const more = once.copy();
    const rest = once.copy();
    rest.quantify(1, Infinity);
    more.append(rest);
    const shared = first(refa.getIntersectionWordSets(once, more, LIMITS.nodes));
    if (shared === undefined) return undefined;
    const word = wordText(refa, shared);
    return { word, why: `can read ${show(word)} in one turn or in several` };
  }

  /** The automaton of an element without its empty word (an empty turn ends an ES loop). */
  private nfa(el: AST.Element | AST.Alternative): Refa.NFA {
    const { refa } = this.lib;
    // Assertions and backreferences read as matching nothing: no finding rests on them.
    const { expression, maxCharacter } = this.parser.parseElement(el, { assertions: "disable", backreferences: "disable", maxNodes: LIMITS.nodes });
    const nfa = refa.NFA.fromRegex(expression, { maxCharacter }, { assertions: "disable" }, new refa.NFA.LimitedNodeFactory(LIMITS.nodes));
    nfa.withoutEmptyWord();
    return nfa;
  }

  /** A short text an element matches ("" when it only matches the empty string or nothing). */
  private example(el: AST.Element): string {
    const { refa } = this.lib;
    const { expression, maxCharacter } = this.parser.parseElement(el, { assertions: "ignore", backreferences: "disable", maxNodes: LIMITS.nodes });
    const nfa = refa.NFA.fromRegex(expression, { maxCharacter }, { assertions: "ignore" }, new refa.NFA.LimitedNodeFactory(LIMITS.nodes));
    const ws = first(nfa.wordSets());
    return ws === undefined ? "" : wordText(refa, ws);
  }

  /**
   * The repeated part for two quantifiers that trade `c` inside a loop: `c`, then
   * the text that leads from `end` back to `start` in the next turn. `(x+x+)+`
   * repeats "x"; `(\s*,\s*)*`, where the trailing `\s*` trades with the next turn's
   * leading one, repeats " ," (a run of spaces alone is read in only linearly many ways).
   */
  private tradeTurn(start: AST.Quantifier, end: AST.Quantifier, c: string): { before: string; turn: string; suffix: string } | undefined {
    const loop = commonLoop(start, end);
    if (loop === undefined || start.parent !== end.parent) return undefined;
    const els = start.parent.elements;
    const [s, e] = [els.indexOf(start), els.indexOf(end)];
    const path =
      s < e
        ? this.around(end, loop).after + this.around(start, loop).before
        : els
            .slice(e + 1, s)
            .map((x) => this.example(x))
            .join("");
    const turn = c + path;
    const { before, after } = this.around(loop, undefined);
    const suffix = this.failing(before, turn);
    if (suffix === undefined || this.matchesAtStart(before + turn.repeat(TRY_REPS) + after) !== true) return undefined;
    return { before, turn, suffix };
  }

  /**
   * Text that leads from the start (or from `stop`'s body) to `node`, and text that
   * completes a match after it: the shortest examples of the elements beside each
   * enclosing element, plus the turns an enclosing `{n,}` still needs.
   */
  private around(node: AST.Node, stop: AST.Quantifier | undefined): { before: string; after: string } {
    let before = "";
    let after = "";
    let child: AST.Node = node;
    for (let p = node.parent; p !== null && p !== stop; child = p, p = p.parent) {
      if (p.type === "Alternative") {
        const at = p.elements.indexOf(child as AST.Element);
        before = p.elements.slice(0, at).map((e) => this.example(e)).join("") + before;
        after += p.elements.slice(at + 1).map((e) => this.example(e)).join("");
      } else if (p.type === "Quantifier" && p.min >= 2) {
        after += this.example(p.element).repeat(p.min - 1);
      }
    }
    return { before, after };
  }

  /**
   * The first character of {@link SUFFIXES} after which `before + pump×2` no longer
   * matches at index 0, else "" when the run alone does not (`^(a*)*b`); undefined
   * when none does or the check cannot run.
   */
  private failing(before: string, pump: string): string | undefined {
    const body = before + pump.repeat(TRY_REPS);
    for (const s of SUFFIXES) {
      const m = this.matchesAtStart(body + s);
      if (m === undefined) return undefined;
      if (!m) return s;
    }
    return this.matchesAtStart(body) === false ? "" : undefined;
  }

  /** Whether the pattern matches `s` at index 0; undefined when the check may not run (too many loops, too long a string). */
  private matchesAtStart(s: string): boolean | undefined {
    if (!this.tries || s.length > LIMITS.tryLength) return undefined;
    this.sticky.lastIndex = 0;
    return this.sticky.test(s);
  }

  private where(q: AST.Quantifier): string {
    return `${show(q.raw)} at index ${q.start}`;
  }
}

/** Whether `node` is `ancestor` or inside it. */
function contains(ancestor: AST.Node, node: AST.Node): boolean {
  for (let n: AST.Node | null = node; n !== null; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The innermost quantifier that holds both `a` and `b` and repeats (max 2 or more). */
function commonLoop(a: AST.Node, b: AST.Node): AST.Quantifier | undefined {
  for (let n: AST.Node | null = a.parent; n !== null; n = n.parent) if (n.type === "Quantifier" && n.max >= 2 && contains(n, b)) return n;
  return undefined;
}

/** Every group with two or more alternatives inside `el`, outermost first, not inside a lookaround. */
function groupsIn(el: AST.Node): (AST.Group | AST.CapturingGroup)[] {
  const out: (AST.Group | AST.CapturingGroup)[] = [];
  const visit = (n: AST.Node): void => {
    if (n.type === "Group" || n.type === "CapturingGroup") {
      if (n.alternatives.length >= 2) out.push(n);
      for (const a of n.alternatives) for (const e of a.elements) visit(e);
    } else if (n.type === "Quantifier") {
      visit(n.element);
    }
  };
  visit(el);
  return out;
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const x of items) return x;
  return undefined;
}

/** The most readable word of a word set, as a string. */
function wordText(refa: typeof Refa, ws: Refa.ReadonlyWordSet): string {
  return String.fromCodePoint(...refa.Words.pickMostReadableWord(ws));
}

/** The attack's parts and its text, `"x" + "a"×40 + "!"`, leaving out empty parts. */
function attack(prefix: string, pump: string, reps: number, suffix: string): Pick<RedosFinding, "attack" | "parts"> {
  const text: string[] = [];
  if (prefix !== "") text.push(show(prefix));
  text.push(`${show(pump)}×${reps}`);
  if (suffix !== "") text.push(show(suffix));
  return { attack: text.join(" + "), parts: { prefix, pump, suffix } };
}

/**
 * A double-quoted, one-line, printable-ASCII rendering of `s`: `"` and `\` escaped,
 * control and non-ASCII characters as `\n`, `\t`, `\uXXXX` or `\u{XXXXX}`; cut after
 * {@link SHOW_MAX} characters with `..."`.
 */
export function show(s: string): string {
  const cps = [...s];
  let out = "";
  for (const c of cps.slice(0, SHOW_MAX)) {
    const cp = c.codePointAt(0)!;
    if (c === '"' || c === "\\") out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (cp >= 0x20 && cp < 0x7f) out += c;
    else if (cp > 0xffff) out += `\\u{${cp.toString(16).toUpperCase()}}`;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return cps.length > SHOW_MAX ? `"${out}..."` : `"${out}"`;
}
