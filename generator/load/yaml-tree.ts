/**
 * YAML text -> a small tree of maps, sequences and scalars in which every node
 * knows where it starts. Built from js-yaml's event stream, because only the
 * events carry source offsets; everything here is bounded so hostile input
 * ends in a diagnostic, never a crash or a hang.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from "js-yaml";
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import { LIMITS, newLoadBudget, type LoadBudget } from "../limits";
import { LineIndex } from "./line-index";
import { detached } from "./detached-text";

export type Scalar = string | number | boolean | null;

export interface YScalar {
  readonly kind: "scalar";
  readonly value: Scalar;
  /** True for quoted and block scalars: they are always strings. */
  readonly quoted: boolean;
  /** The scalar as written (escapes resolved, no type applied): what a mapping key is. */
  readonly text: string;
  readonly pos: SourcePos;
}

export interface YEntry {
  readonly key: string;
  readonly keyPos: SourcePos;
  readonly value: YNode;
}

export interface YMap {
  readonly kind: "map";
  /** Entries in source order; an array, never an object, so keys like `__proto__` stay data. */
  readonly entries: readonly YEntry[];
  readonly pos: SourcePos;
}

export interface YSeq {
  readonly kind: "seq";
  readonly items: readonly YNode[];
  readonly pos: SourcePos;
}

export type YNode = YScalar | YMap | YSeq;

export interface SourceFile {
  /** Display path, e.g. `defs/ocpp.yaml`. */
  readonly path: string;
  readonly text: string;
}

/** Tags that only restate what plain YAML already says, and the node kind each may sit on. */
const ALLOWED_TAGS: ReadonlyMap<string, YNode["kind"] | "any"> = new Map([
  ["!", "any"],
  ["!!str", "scalar"],
  ["!!map", "map"],
  ["!!seq", "seq"],
]);

const KIND_NAMES: Record<YNode["kind"], string> = { scalar: "a scalar", map: "a mapping", seq: "a list" };

interface OpenMap {
  kind: "map";
  node: { kind: "map"; entries: YEntry[]; pos: SourcePos };
  pendingKey: YScalar | undefined;
  /** Key -> where it was first written, for duplicate-key messages. */
  seen: Map<string, SourcePos>;
  anchor: string | undefined;
  size: number;
  /** Characters of the strings below this one, aliases followed. */
  chars: number;
  /** Levels of maps and sequences below this one, aliases followed. */
  height: number;
}
interface OpenSeq {
  kind: "seq";
  node: { kind: "seq"; items: YNode[]; pos: SourcePos };
  anchor: string | undefined;
  size: number;
  chars: number;
  height: number;
}
type Open = OpenMap | OpenSeq;

/** Thrown inside the event loop to stop at the first resource-limit breach. */
class StopParsing extends Error {}

/**
 * Parses one YAML document; returns undefined (with diagnostics) when it cannot
 * be used. `budget` is shared by the files of one run (the run-wide node bound).
 */
export function parseYamlTree(file: SourceFile, diags: DiagnosticBag, budget: LoadBudget = newLoadBudget()): YNode | undefined {
  const { path, text } = file;
  if (budget.exhausted) return undefined;
  const lines = new LineIndex(path, text);
  let events: Event[];
  try {
    // The depth bound is applied below, the same way for block and flow
    // collections; js-yaml's own bound (which counts the document as a level,
    // and flow collections one level later) is only a backstop behind it.
    events = parseEvents(text, { filename: path, maxDepth: LIMITS.maxYamlDepth + 3 });
  } catch (err) {
    const e = err as { reason?: unknown; mark?: { position?: unknown } };
    const offset = typeof e.mark?.position === "number" ? Math.min(Math.max(e.mark.position, 0), text.length) : 0;
    let reason = typeof e.reason === "string" ? e.reason : err instanceof RangeError ? "nesting too deep" : String(err);
    if (/maxDepth/.test(reason)) reason = `nested more than ${LIMITS.maxYamlDepth} levels deep`;
    diags.error("E001", lines.pos(offset), `YAML syntax error: ${reason}`);
    return undefined;
  }

  /** Anchored nodes with their size (nodes and characters) and height once expanded (a scalar has height 0). */
  const anchors = new Map<string, { node: YNode; size: number; chars: number; height: number }>();
  const openAnchors = new Set<string>();
  const stack: Open[] = [];
  let root: YNode | undefined;
  let documents = 0;
  let failed = false;
  /** Nodes in the document once every alias is expanded, and the characters of their strings. */
  let expanded = 0;
  let expandedChars = 0;
  /** End offset of the last token read, to place nodes that have no text of their own. */
  let lastEnd = 0;

  const fail = (code: string, pos: SourcePos, message: string): void => {
    diags.error(code, pos, message);
    failed = true;
  };

  const slice = (start: number, end: number): string | undefined => (start >= 0 ? text.slice(start, end) : undefined);

  const checkTag = (tag: string | undefined, offset: number, kind: YNode["kind"]): void => {
    if (tag === undefined) return;
    const on = ALLOWED_TAGS.get(tag);
    if (on === undefined) {
      fail(
        "E003",
        lines.pos(offset),
        `unsupported YAML tag ${tag}: type files hold plain data only (the only tags allowed are !, !!str, !!map and !!seq)`,
      );
    } else if (on !== "any" && on !== kind) {
      fail("E003", lines.pos(offset), `YAML tag ${tag} cannot be used on ${KIND_NAMES[kind]}`);
    }
  };

  /**
   * Adds `n` nodes holding `chars` characters of text to the document's
   * expanded size. Both are bounded: a few long strings aliased through a few
   * lists stay under any node count, yet expand to gigabytes of output.
   */
  const count = (n: number, chars: number, pos: SourcePos, viaAlias: boolean): void => {
    expanded += n;
    expandedChars += chars;
    budget.nodes -= n;
    budget.chars -= chars;
    const docNodes = expanded <= LIMITS.maxExpandedNodes;
    const docChars = expandedChars <= LIMITS.maxExpandedChars;
    if (docNodes && docChars && budget.nodes >= 0 && budget.chars >= 0) return;
    if (docNodes && docChars) {
      budget.exhausted = true;
      diags.error(
        "E008",
        pos,
        budget.nodes < 0
          ? `the definition files add up to more than ${LIMITS.maxTotalNodes} YAML nodes, the limit for one run; this file and the ones after it are not read`
          : `the definition files add up to more than ${LIMITS.maxTotalChars} characters of text once aliases are expanded, the limit for one run; this file and the ones after it are not read`,
      );
    } else if (viaAlias) {
      diags.error(
        "E004",
        pos,
        docNodes
          ? `aliases expand to more than ${LIMITS.maxExpandedChars} characters of text; refusing to expand (alias bomb?)`
          : `aliases expand to more than ${LIMITS.maxExpandedNodes} nodes; refusing to expand (alias bomb?)`,
      );
    } else {
      // Without aliases a document's text is bounded by the file size, so only the node count can be crossed here.
      diags.error(
        "E008",
        pos,
        `the document has more than ${LIMITS.maxExpandedNodes} YAML nodes; definition files are limited to ${LIMITS.maxExpandedNodes} nodes`,
      );
    }
    throw new StopParsing();
  };

  // Attaches a finished node to its parent (or makes it the root).
  const attach = (node: YNode, size: number, chars: number, height: number): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      if (root === undefined) root = node;
      return;
    }
    parent.size += size;
    parent.chars += chars;
    parent.height = Math.max(parent.height, height);
    if (parent.kind === "seq") {
      parent.node.items.push(node);
      return;
    }
    if (parent.pendingKey === undefined) {
      if (node.kind !== "scalar") {
        fail("E001", node.pos, `YAML syntax error: a mapping key must be a scalar, found ${KIND_NAMES[node.kind]}`);
        parent.pendingKey = { kind: "scalar", value: "", quoted: true, text: "", pos: node.pos };
        return;
      }
      if (node.value === "<<" && !node.quoted) {
        fail("E003", node.pos, "YAML merge keys (<<) are not supported: write the keys out in full");
      }
      parent.pendingKey = node;
      return;
    }
    const keyNode = parent.pendingKey;
    parent.pendingKey = undefined;
    // Keys stay as written (`1.0`, `0x1F`, `~`, `True` are those strings), as
    // EVerest's YAML reader keeps them: only values are typed.
    const key = keyNode.text;
    const first = parent.seen.get(key);
    if (first !== undefined) {
      // Reported, and the first value kept, so the rest of the file is still checked.
      diags.error("E002", keyNode.pos, `duplicate key ${JSON.stringify(key)}: already defined at line ${first.line}`);
      return;
    }
    parent.seen.set(key, keyNode.pos);
    parent.node.entries.push({ key, keyPos: keyNode.pos, value: node });
  };

  /** Where a scalar with no text (an implicit null) is placed: at its key, else where it would start. */
  /** Whether the next node attached is a mapping key. */
  const isKeyPosition = (): boolean => {
    const parent = stack[stack.length - 1];
    return parent?.kind === "map" && parent.pendingKey === undefined;
  };

  const emptyPos = (ev: ScalarEvent): SourcePos => {
    if (ev.tagStart >= 0) return lines.pos(ev.tagStart);
    if (ev.anchorStart >= 0) return lines.pos(ev.anchorStart - 1);
    const parent = stack[stack.length - 1];
    if (parent?.kind === "map" && parent.pendingKey !== undefined) return parent.pendingKey.pos;
    if (parent?.kind === "seq") {
      const dash = text.slice(lastEnd).search(/\S/);
      if (dash >= 0 && text.charAt(lastEnd + dash) === "-") return lines.pos(lastEnd + dash);
    }
    return lines.pos(lastEnd);
  };

  try {
    for (const ev of events) {
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          documents++;
          if (documents > 1) {
            const marker = text.slice(lastEnd).search(/^(---|\.\.\.)/m);
            fail("E001", lines.pos(marker >= 0 ? lastEnd + marker : lastEnd), "YAML syntax error: a type file holds exactly one document");
          }
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          const kind = ev.type === EVENT_ID.MAPPING ? "map" : "seq";
          checkTag(slice(ev.tagStart, ev.tagEnd), ev.tagStart, kind);
          const anchor = slice(ev.anchorStart, ev.anchorEnd);
          if (anchor !== undefined) openAnchors.add(anchor);
          const pos = lines.pos(ev.start);
          if (stack.length >= LIMITS.maxYamlDepth) {
            diags.error("E001", pos, `YAML syntax error: nested more than ${LIMITS.maxYamlDepth} levels deep`);
            throw new StopParsing();
          }
          count(1, 0, pos, false);
          lastEnd = Math.max(lastEnd, ev.start);
          stack.push(
            kind === "map"
              ? { kind, node: { kind, entries: [], pos }, pendingKey: undefined, seen: new Map(), anchor, size: 1, chars: 0, height: 0 }
              : { kind, node: { kind, items: [], pos }, anchor, size: 1, chars: 0, height: 0 },
          );
          break;
        }
        case EVENT_ID.SCALAR: {
          const tag = slice(ev.tagStart, ev.tagEnd);
          checkTag(tag, ev.tagStart, "scalar");
          const pos = ev.valueStart < 0 ? emptyPos(ev) : lines.pos(scalarStart(text, ev, lastEnd));
          const node = scalarNode(text, ev, pos, tag);
          count(1, node.text.length, pos, false);
          if (node.text.length > LIMITS.maxStringLength) {
            // Keys too: every string ends up in messages, names or generated text.
            fail("E022", pos, `string of ${node.text.length} characters is longer than the limit of ${LIMITS.maxStringLength}`);
          }
          checkScalar(node, isKeyPosition(), diags, () => (failed = true));
          lastEnd = Math.max(lastEnd, ev.tagEnd, ev.anchorEnd, ev.valueStart < 0 ? -1 : scalarEnd(ev));
          const anchor = slice(ev.anchorStart, ev.anchorEnd);
          if (anchor !== undefined) anchors.set(anchor, { node, size: 1, chars: node.text.length, height: 0 });
          attach(node, 1, node.text.length, 0);
          break;
        }
        case EVENT_ID.ALIAS: {
          const name = text.slice(ev.anchorStart, ev.anchorEnd);
          const pos = lines.pos(Math.max(ev.anchorStart - 1, 0)); // the `*`
          lastEnd = Math.max(lastEnd, ev.anchorEnd);
          const target = anchors.get(name);
          if (target === undefined) {
            fail(
              "E004",
              pos,
              openAnchors.has(name)
                ? `alias *${name} refers to the node it is part of: a type file cannot contain itself`
                : `alias *${name} has no anchor &${name} before it`,
            );
            break;
          }
          count(target.size, target.chars, pos, true);
          if (stack.length + target.height > LIMITS.maxYamlDepth) {
            // Nesting through aliases: the expanded document would be too deep to walk safely.
            diags.error("E004", pos, `alias *${name} nests the document more than ${LIMITS.maxYamlDepth} levels deep`);
            throw new StopParsing();
          }
          attach(target.node, target.size, target.chars, target.height);
          break;
        }
        case EVENT_ID.POP: {
          const open = stack.pop();
          if (open === undefined) break; // end of document
          const node = open.node as YNode;
          const height = open.height + 1;
          if (open.anchor !== undefined) {
            openAnchors.delete(open.anchor);
            anchors.set(open.anchor, { node, size: open.size, chars: open.chars, height });
          }
          attach(node, open.size, open.chars, height);
          break;
        }
      }
    }
  } catch (err) {
    if (err instanceof StopParsing) return undefined;
    throw err;
  }

  if (failed) return undefined;
  if (root === undefined || (root.kind === "scalar" && root.value === null)) {
    diags.error("E005", lines.pos(0), "file is empty: expected `description` and `types`");
    return undefined;
  }
  return root;
}

/** Where a scalar starts in the source: its opening quote, or the `|`/`>` of a block scalar. */
function scalarStart(text: string, ev: ScalarEvent, lastEnd: number): number {
  switch (ev.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return Math.max(ev.valueStart - 1, 0);
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK: {
      // The header (`|`, `>-`, ...) sits between the previous token (key, tag, anchor) and the content.
      const from = Math.max(lastEnd, ev.tagEnd, ev.anchorEnd, 0);
      const at = text.slice(from, ev.valueStart).search(/[|>]/);
      return at >= 0 ? from + at : ev.valueStart;
    }
    default:
      return ev.valueStart;
  }
}

function scalarEnd(ev: ScalarEvent): number {
  return ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED ? ev.valueEnd + 1 : ev.valueEnd;
}

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUES = new Set(["true", "True", "TRUE"]);
const FALSES = new Set(["false", "False", "FALSE"]);
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(inf|Inf|INF)$/;
const NAN = /^\.(nan|NaN|NAN)$/;

/** Resolves a scalar by the YAML 1.2 core schema, which is what js-yaml's `load` uses. */
function scalarNode(text: string, ev: ScalarEvent, pos: SourcePos, tag: string | undefined): YScalar {
  // Its own copy, not a view into the file's text (./detached-text.ts).
  const raw = detached(getScalarValue(text, ev));
  if (ev.style !== SCALAR_STYLE.PLAIN || tag === "!!str" || tag === "!") {
    return { kind: "scalar", value: raw, quoted: true, text: raw, pos };
  }
  return { kind: "scalar", value: resolvePlain(raw), quoted: false, text: raw, pos };
}

/** A lone UTF-16 surrogate: no Unicode character, so it has no UTF-8 form. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * What no generated file can carry faithfully: text that is not Unicode (a
 * lone surrogate from a `\uD800` escape), and numbers JSON cannot hold
 * (`.nan`, `.inf`, `1e400`). Keys are text, so only values are numbers.
 * An integer JavaScript cannot hold exactly is read rounded, with a warning.
 */
function checkScalar(node: YScalar, isKey: boolean, diags: DiagnosticBag, failed: () => void): void {
  const bad = LONE_SURROGATE.exec(node.text);
  if (bad !== null) {
    const unit = `\\u${bad[0].charCodeAt(0).toString(16).toUpperCase()}`;
    diags.error("E006", node.pos, `${isKey ? "key" : "string"} holds a lone surrogate (${unit}), which is not a Unicode character and has no UTF-8 form`);
    failed();
    return;
  }
  if (isKey || typeof node.value !== "number") return;
  if (!Number.isFinite(node.value)) {
    diags.error("E007", node.pos, `number ${node.text} is not finite: JSON and the generated types have no NaN or infinity; quote it if a string is meant`);
    failed();
    return;
  }
  const exact = exactInteger(node.text);
  if (exact !== undefined && BigInt(node.value) !== exact) {
    diags.warning(
      "W116",
      node.pos,
      `integer ${node.text} cannot be represented exactly in JavaScript (beyond 2^53); it is read as ${BigInt(node.value)}`,
    );
  } else if (node.value === 0 && /[1-9]/.test(node.text.replace(/[eE].*$/, ""))) {
    diags.warning("W116", node.pos, `number ${node.text} is too small to be represented in JavaScript; it is read as 0`);
  }
}

/** The exact value of an integer literal (decimal, `0o`, `0x`), else undefined. */
function exactInteger(raw: string): bigint | undefined {
  if (INT.test(raw)) return BigInt(raw.startsWith("+") ? raw.slice(1) : raw);
  if (OCT.test(raw) || HEX.test(raw)) return BigInt(raw);
  return undefined;
}

function resolvePlain(raw: string): Scalar {
  if (NULLS.has(raw)) return null;
  if (TRUES.has(raw)) return true;
  if (FALSES.has(raw)) return false;
  if (INT.test(raw)) return Number(raw);
  if (OCT.test(raw)) return parseInt(raw.slice(2), 8);
  if (HEX.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT.test(raw)) return Number(raw);
  if (INF.test(raw)) return raw.startsWith("-") ? -Infinity : Infinity;
  if (NAN.test(raw)) return NaN;
  return raw;
}
