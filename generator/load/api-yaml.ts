/**
 * YAML text of an EVerest API spec (AsyncAPI) -> the same position-carrying
 * tree as ./yaml-tree.ts makes of type files, read with the `yaml` package.
 *
 * Why a second reader: two of EVerest's own specs
 * (`auth_consumer_API.yaml`, `auth_token_validator_API.yaml`) close flow
 * mappings in their examples less indented than js-yaml 5 allows ("deficient
 * indentation"); PyYAML (EVerest's own tooling) and `yaml` read them, and
 * AsyncAPI's own tools read specs with `yaml`. The tree and its rules are
 * those of type files: one document, plain tags only, no merge keys,
 * duplicate keys refused, finite numbers, the same bounds (nodes, characters,
 * depth, aliases expanded) drawn on the same run budget.
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode } from "yaml";
import type { DiagnosticBag, SourcePos } from "../diagnostics";
import { LIMITS, newLoadBudget, type LoadBudget } from "../limits";
import { LineIndex } from "./line-index";
import { detached } from "./detached-text";
import type { SourceFile, YEntry, YNode, YScalar } from "./yaml-tree";

const ALLOWED_TAGS = new Set(["tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"]);

class StopParsing extends Error {}

/** Parses one spec; undefined (with diagnostics) when it cannot be used. */
export function parseApiYaml(file: SourceFile, diags: DiagnosticBag, budget: LoadBudget = newLoadBudget()): YNode | undefined {
  const { path, text } = file;
  if (budget.exhausted) return undefined;
  const lines = new LineIndex(path, text);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { version: "1.2", schema: "core", uniqueKeys: true, merge: false, prettyErrors: false, strict: true });
  } catch (err) {
    diags.error("E001", lines.pos(0), `YAML syntax error: ${err instanceof RangeError ? "nesting too deep" : "unreadable"}`);
    return undefined;
  }
  if (doc.errors.length > 0) {
    // A stack overflow (nesting far too deep) can leave more errors after it, depending on how much stack was left: they only follow from it.
    const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
    for (const e of overflow === undefined ? doc.errors : [overflow]) {
      const offset = Math.min(Math.max(e.pos[0], 0), text.length);
      // The reader's own words, which may quote the input: printable ASCII only, the rest escaped.
      const first = (e.message.split("\n")[0] ?? "")
        .replace(/ at line \d+, column \d+:?$/, "")
        .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
        .slice(0, 200);
      if (e.code === "DUPLICATE_KEY") {
        const key = (/^[^:\n]*/.exec(text.slice(offset))?.[0] ?? "").trim();
        diags.error("E002", lines.pos(offset), `duplicate key ${JSON.stringify(key)}: a mapping holds it twice`);
      } else if (e.code === "MULTIPLE_DOCS") diags.error("E001", lines.pos(offset), "YAML syntax error: a spec holds exactly one document");
      else if (/call stack/i.test(first)) diags.error("E001", lines.pos(offset), "YAML syntax error: nesting too deep");
      else diags.error("E001", lines.pos(offset), `YAML syntax error: ${first}`);
    }
    return undefined;
  }
  let failed = false;
  let expanded = 0;
  let expandedChars = 0;
  const fail = (code: string, pos: SourcePos, message: string): void => {
    diags.error(code, pos, message);
    failed = true;
  };
  const at = (n: { range?: readonly number[] | null | undefined }): SourcePos => lines.pos(Math.min(n.range?.[0] ?? 0, text.length));
  const count = (chars: number, pos: SourcePos, viaAlias: boolean): void => {
    expanded += 1;
    expandedChars += chars;
    budget.nodes -= 1;
    budget.chars -= chars;
    if (expanded <= LIMITS.maxExpandedNodes && expandedChars <= LIMITS.maxExpandedChars && budget.nodes >= 0 && budget.chars >= 0) return;
    if (expanded <= LIMITS.maxExpandedNodes && expandedChars <= LIMITS.maxExpandedChars) {
      budget.exhausted = true;
      diags.error("E008", pos, "the API specs add up to more YAML than one run reads; this file and the ones after it are not read");
    } else if (viaAlias) diags.error("E004", pos, "aliases expand past the bounds of one document; refusing to expand (alias bomb?)");
    else diags.error("E008", pos, `the document has more than ${LIMITS.maxExpandedNodes} YAML nodes`);
    throw new StopParsing();
  };
  const checkTag = (n: YamlNode): void => {
    const tag = n.tag;
    if (tag === undefined || ALLOWED_TAGS.has(tag)) return;
    fail("E003", at(n), `unsupported YAML tag ${JSON.stringify(tag)}: specs hold plain data only`);
  };

  const scalar = (n: Scalar, viaAlias: boolean): YScalar => {
    checkTag(n);
    const pos = at(n);
    const quoted = n.type !== undefined && n.type !== Scalar.PLAIN;
    const raw = n.range ? text.slice(n.range[0], n.range[1]) : "";
    const value = n.value;
    let v: YScalar["value"];
    let t: string;
    if (quoted || n.tag === "tag:yaml.org,2002:str") {
      t = String(value ?? "");
      v = t;
    } else {
      // A plain string is its value (a multi-line one is folded); other plain scalars are their text (`1.0`, `~`).
      t = typeof value === "string" ? value : raw;
      v = value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number" ? value : String(value);
    }
    count(t.length, pos, viaAlias);
    if (t.length > LIMITS.maxStringLength) fail("E022", pos, `string of ${t.length} characters is longer than the limit of ${LIMITS.maxStringLength}`);
    if (/[\uD800-\uDFFF]/u.test(t)) fail("E006", pos, "string holds a lone surrogate, which is not a Unicode character and has no UTF-8 form");
    if (typeof v === "number" && !Number.isFinite(v)) fail("E007", pos, `number ${JSON.stringify(t)} is not finite: JSON has no NaN or infinity; quote it if a string is meant`);
    // Its own copy, not a view into the file's text (./detached-text.ts).
    const own = detached(t);
    if (v === t) v = own;
    else if (typeof v === "string") v = detached(v);
    t = own;
    return { kind: "scalar", value: v, quoted: quoted || n.tag === "tag:yaml.org,2002:str", text: t, pos };
  };

  const convert = (n: unknown, depth: number, viaAlias: boolean): YNode => {
    if (isAlias(n)) {
      const target = (n as Alias).resolve(doc);
      if (target === undefined) {
        fail("E004", at(n as Alias), "alias has no anchor before it");
        return { kind: "scalar", value: null, quoted: false, text: "", pos: at(n as Alias) };
      }
      return convert(target, depth, true);
    }
    if (depth > LIMITS.maxYamlDepth) {
      diags.error("E001", at(n as YamlNode), `YAML syntax error: nested more than ${LIMITS.maxYamlDepth} levels deep`);
      throw new StopParsing();
    }
    if (isScalar(n)) return scalar(n, viaAlias);
    if (isMap(n)) {
      checkTag(n);
      const pos = at(n);
      count(0, pos, viaAlias);
      const entries: YEntry[] = [];
      for (const pair of n.items) {
        const k = pair.key;
        if (!isScalar(k)) {
          fail("E001", k && typeof k === "object" && "range" in k ? at(k as YamlNode) : pos, "YAML syntax error: a mapping key must be a scalar");
          continue;
        }
        const key = scalar(k, viaAlias);
        if (key.text === "<<" && !key.quoted) fail("E003", key.pos, "YAML merge keys (<<) are not supported: write the keys out in full");
        // A value with no text (`address:`) is placed at its key, as in type files.
        const v = pair.value;
        const empty = v === null || v === undefined || (isScalar(v) && v.value === null && v.tag === undefined && (v.range === undefined || v.range === null || v.range[0] === v.range[1]));
        const value: YNode = empty ? { kind: "scalar", value: null, quoted: false, text: "", pos: key.pos } : convert(v, depth + 1, viaAlias);
        if (empty && v !== null && v !== undefined) count(0, key.pos, viaAlias);
        entries.push({ key: key.text, keyPos: key.pos, value });
      }
      return { kind: "map", entries, pos };
    }
    if (isSeq(n)) {
      checkTag(n);
      const pos = at(n);
      count(0, pos, viaAlias);
      return { kind: "seq", items: n.items.map((i) => convert(i, depth + 1, viaAlias)), pos };
    }
    return { kind: "scalar", value: null, quoted: false, text: "", pos: lines.pos(0) };
  };

  let root: YNode;
  try {
    if (doc.contents === null) {
      diags.error("E005", lines.pos(0), "file is empty: expected an AsyncAPI spec");
      return undefined;
    }
    root = convert(doc.contents, 0, false);
  } catch (err) {
    if (err instanceof StopParsing) return undefined;
    if (err instanceof RangeError) {
      diags.error("E001", lines.pos(0), "YAML syntax error: nesting too deep");
      return undefined;
    }
    throw err;
  }
  return failed ? undefined : root;
}
