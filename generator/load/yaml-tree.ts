/**
 * YAML text -> a small tree of maps, sequences and scalars in which every node
 * knows where it starts. Built from js-yaml's event stream, because only the
 * events carry source offsets; everything here is bounded so hostile input
 * ends in a diagnostic, never a crash or a hang.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from "js-yaml";
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import { LIMITS } from "../limits";
import { LineIndex } from "./line-index";

export type Scalar = string | number | boolean | null;

export interface YScalar {
  readonly kind: "scalar";
  readonly value: Scalar;
  /** True for quoted and block scalars: they are always strings. */
  readonly quoted: boolean;
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

const ALLOWED_TAGS = new Set(["!!str", "!!map", "!!seq", "!"]);

interface OpenMap {
  kind: "map";
  node: { kind: "map"; entries: YEntry[]; pos: SourcePos };
  pendingKey: YScalar | undefined;
  seen: Set<string>;
  anchor: string | undefined;
  size: number;
}
interface OpenSeq {
  kind: "seq";
  node: { kind: "seq"; items: YNode[]; pos: SourcePos };
  anchor: string | undefined;
  size: number;
}
type Open = OpenMap | OpenSeq;

/** Parses one YAML document; returns undefined (with diagnostics) when it cannot be used. */
export function parseYamlTree(file: SourceFile, diags: DiagnosticBag): YNode | undefined {
  const { path, text } = file;
  const lines = new LineIndex(path, text);
  let events: Event[];
  try {
    events = parseEvents(text, { filename: path, maxDepth: LIMITS.maxYamlDepth });
  } catch (err) {
    const e = err as { reason?: unknown; mark?: { position?: unknown } };
    const offset = typeof e.mark?.position === "number" ? e.mark.position : 0;
    const reason = typeof e.reason === "string" ? e.reason : String(err);
    diags.error("E001", lines.pos(offset), `YAML syntax error: ${reason}`);
    return undefined;
  }

  const anchors = new Map<string, { node: YNode; size: number }>();
  const openAnchors = new Set<string>();
  const stack: Open[] = [];
  let root: YNode | undefined;
  let rootSize = 0;
  let documents = 0;
  let failed = false;

  const fail = (code: string, offset: number, message: string): void => {
    diags.error(code, lines.pos(offset), message);
    failed = true;
  };

  const tagOf = (start: number, end: number): string | undefined =>
    start >= 0 ? text.slice(start, end) : undefined;
  const anchorOf = (start: number, end: number): string | undefined =>
    start >= 0 ? text.slice(start, end) : undefined;

  const checkTag = (tag: string | undefined, offset: number): void => {
    if (tag !== undefined && !ALLOWED_TAGS.has(tag)) {
      fail("E003", offset, `unsupported YAML tag ${tag}: type files hold plain data only`);
    }
  };

  // Attaches a finished node to its parent (or makes it the root).
  const attach = (node: YNode, size: number, offset: number): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      if (root !== undefined) return;
      root = node;
      rootSize = size;
      return;
    }
    parent.size += size;
    if (parent.size > LIMITS.maxExpandedNodes) {
      return; // reported once, when the document closes
    }
    if (parent.kind === "seq") {
      parent.node.items.push(node);
      return;
    }
    if (parent.pendingKey === undefined) {
      if (node.kind !== "scalar") {
        fail("E001", offset, "YAML syntax error: mapping keys must be plain scalars");
        parent.pendingKey = { kind: "scalar", value: "", quoted: true, pos: node.pos };
        return;
      }
      parent.pendingKey = node;
      return;
    }
    const keyNode = parent.pendingKey;
    parent.pendingKey = undefined;
    const key = keyNode.value === null ? "null" : String(keyNode.value);
    if (parent.seen.has(key)) {
      diags.error("E002", keyNode.pos, `duplicate key ${JSON.stringify(key)}`);
      failed = true;
      return;
    }
    parent.seen.add(key);
    parent.node.entries.push({ key, keyPos: keyNode.pos, value: node });
  };

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        if (documents > 1) fail("E001", text.length, "YAML syntax error: a type file holds exactly one document");
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        checkTag(tagOf(ev.tagStart, ev.tagEnd), ev.tagStart);
        const anchor = anchorOf(ev.anchorStart, ev.anchorEnd);
        if (anchor !== undefined) openAnchors.add(anchor);
        const pos = lines.pos(ev.start);
        stack.push(
          ev.type === EVENT_ID.MAPPING
            ? { kind: "map", node: { kind: "map", entries: [], pos }, pendingKey: undefined, seen: new Set(), anchor, size: 1 }
            : { kind: "seq", node: { kind: "seq", items: [], pos }, anchor, size: 1 },
        );
        break;
      }
      case EVENT_ID.SCALAR: {
        checkTag(tagOf(ev.tagStart, ev.tagEnd), ev.tagStart);
        const node = scalarNode(text, ev, lines, tagOf(ev.tagStart, ev.tagEnd));
        const anchor = anchorOf(ev.anchorStart, ev.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, { node, size: 1 });
        attach(node, 1, ev.valueStart);
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(ev.anchorStart, ev.anchorEnd);
        const target = anchors.get(name);
        if (target === undefined) {
          fail(
            "E004",
            ev.anchorStart,
            openAnchors.has(name) ? `alias *${name} refers to itself` : `alias *${name} has no anchor`,
          );
          break;
        }
        attach(target.node, target.size, ev.anchorStart);
        break;
      }
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (open === undefined) break; // end of document
        const node = open.node as YNode;
        if (open.anchor !== undefined) {
          openAnchors.delete(open.anchor);
          anchors.set(open.anchor, { node, size: open.size });
        }
        attach(node, open.size, 0);
        break;
      }
    }
  }

  const expanded = Math.max(rootSize, ...stack.map((s) => s.size));
  if (expanded > LIMITS.maxExpandedNodes) {
    diags.error(
      "E004",
      lines.pos(0),
      `aliases expand to more than ${LIMITS.maxExpandedNodes} nodes; refusing to expand (alias bomb?)`,
    );
    return undefined;
  }
  if (failed) return undefined;
  if (root === undefined || (root.kind === "scalar" && root.value === null)) {
    diags.error("E005", lines.pos(0), "file is empty: expected `description` and `types`");
    return undefined;
  }
  return root;
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
function scalarNode(text: string, ev: ScalarEvent, lines: LineIndex, tag: string | undefined): YScalar {
  const raw = getScalarValue(text, ev);
  const pos = lines.pos(ev.valueStart >= 0 ? ev.valueStart : 0);
  if (ev.style !== SCALAR_STYLE.PLAIN || tag === "!!str" || tag === "!") {
    return { kind: "scalar", value: raw, quoted: true, pos };
  }
  return { kind: "scalar", value: resolvePlain(raw), quoted: false, pos };
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
