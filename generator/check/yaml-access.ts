/** Small helpers for reading the position-carrying YAML tree. */
import type { JsonValue } from "../model/model";
import type { YEntry, YMap, YNode } from "../load/yaml-tree";

export function entry(map: YMap, key: string): YEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function describeNode(node: YNode): string {
  if (node.kind === "map") return "a mapping";
  if (node.kind === "seq") return "a list";
  const v = node.value;
  if (v === null) return "null";
  if (typeof v === "string") return "a string";
  if (typeof v === "boolean") return "a boolean";
  return "a number";
}

/**
 * The JSON value of a YAML node. Built with null-prototype-free plain objects
 * through defineProperty, so a key `__proto__` is data, never a prototype.
 */
export function toJson(node: YNode): JsonValue {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(toJson);
  const out: { [key: string]: JsonValue } = {};
  for (const e of node.entries) {
    Object.defineProperty(out, e.key, { value: toJson(e.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function jsonText(value: JsonValue): string {
  return JSON.stringify(value) ?? "null";
}

/** Length as JSON Schema's `minLength` counts it (EVerest's meta-schemas too): in code points. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
