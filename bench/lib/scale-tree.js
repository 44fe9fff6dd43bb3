"use strict";
/**
 * N renamed copies of an EVerest tree, for the 10x bench (bench/everest-scale.js, issue 17).
 *
 * Copy k (1..N) of every input file gets a renamed file AND renamed names,
 * and every reference inside copy k points at copy k's files and names, so
 * the scaled tree is N independent trees with distinct names:
 *
 *   types/<stem>.yaml          -> types/<stem>_c<k>.yaml; each type T -> T + "C<k>"
 *   interfaces/<stem>.yaml     -> interfaces/<stem>_c<k>.yaml (interfaces are named by their file)
 *   errors/<stem>.yaml         -> errors/<stem>_c<k>.yaml; each error name E -> E + "C<k>"
 *   EVerest_API/<name>_API.yaml -> EVerest_API/<name>_c<k>_API.yaml (a spec's module name is the
 *                                 stem without `_API`, so the suffix goes before it; a stem without
 *                                 `_API`, e.g. telemetry.yaml, -> telemetry_c<k>.yaml);
 *                                 each components/schemas entry S -> S + "C<k>"
 *
 * Names get "C<k>" without an underscore because EVerest's error names must
 * match ^[A-Z][A-Za-z0-9]*$; type names (^[a-zA-Z_][a-zA-Z0-9_.-]*$) allow it too.
 *
 * How the rewriting is done, and why it is safe for any EVerest release (no
 * rule names a particular file):
 * - Every file is parsed with the `yaml` package (parseDocument, which keeps
 *   each node's source range; js-yaml refuses two of EVerest's API specs).
 *   The scalars to rename are found by their place in the parsed document,
 *   never by searching the text:
 *     types:      the keys of the top-level `types` map;
 *     errors:     the `name` of each item of the top-level `errors` list;
 *     API specs:  the keys of `components.schemas`;
 *     every file: the value of every `$ref` key at any depth; in interfaces
 *                 also the `reference` of each item of the top-level `errors` list.
 *   References are rewritten by their documented shapes: `/<file>#/<Type>`
 *   (type and interface files), `/errors/<file>` and `/errors/<file>#/<Error>`
 *   (interfaces' error lists), and in API specs `[<file>.yaml]#/components/schemas/<S>[/<pointer inside S>]`
 *   (a file part renames the spec, the schema part the schema; other
 *   fragments, e.g. `#/channels/x`, `#/components/messages/x`, point at
 *   names that stay the same and are left alone). A reference of another
 *   shape is left as it is and counted (`unmatchedRefs`): the generated
 *   copy would then show an unresolved reference, which the bench reports.
 * - Only those scalars' source text is replaced (spliced in at the node's
 *   range), in the scalar's own quoting style (plain stays plain only when
 *   the new text still reads back as that plain string); every other byte
 *   of the file (comments, block scalars, flow maps, odd indentation) stays
 *   as it was, so each copy reads exactly like the original.
 * - Each written file is parsed again and compared, as data, with the
 *   renamed document: a splice that changed anything else throws.
 * Everything else in the file (descriptions, API pathnames and ids, message,
 * channel and operation names) is copied unchanged: they name nothing across
 * files, and the generated modules are namespaced by the renamed file names.
 */
const fs = require("node:fs");
const path = require("node:path");
const { isDeepStrictEqual } = require("node:util");
const YAML = require("yaml");

const API_FOLDER = path.join("docs", "source", "reference", "EVerest_API");
/** The folders `generate --everest` reads (generator/cli/read-input.ts), by kind. */
const KINDS = [
  { kind: "types", dir: "types" },
  { kind: "interfaces", dir: "interfaces" },
  { kind: "errors", dir: "errors" },
  { kind: "api", dir: API_FOLDER },
];

const nameSuffix = (k) => `C${k}`;
const typeName = (name, k) => `${name}${nameSuffix(k)}`;
const errorName = (name, k) => `${name}${nameSuffix(k)}`;
const schemaName = (name, k) => `${name}${nameSuffix(k)}`;
const fileStem = (stem, k) => `${stem}_c${k}`;
/** An API spec's stem: the suffix before `_API`, so its module name (stem without `_API`) is renamed too. */
const apiStem = (stem, k) => (stem.endsWith("_API") && stem.length > 4 ? `${stem.slice(0, -4)}_c${k}_API` : `${stem}_c${k}`);

/** The text of a scalar holding `value`, in the quoting style of `node` (plain only if it reads back the same). */
function scalarText(node, value) {
  if (node.type === "PLAIN") {
    const back = YAML.parse(`k: ${value}\n`);
    if (back && back.k === value && !/[\n\r]/.test(value)) return value;
    return JSON.stringify(value);
  }
  if (node.type === "QUOTE_SINGLE") return `'${value.replace(/'/g, "''")}'`;
  if (node.type === "QUOTE_DOUBLE") return JSON.stringify(value);
  throw new Error(`cannot rename a ${node.type} scalar (${JSON.stringify(node.value)})`);
}

/**
 * Renames scalars of one parsed document: `edits` collects { node, value }.
 * Returns the count of references of no known shape.
 */
function collectEdits(kind, doc, k, edits) {
  let unmatched = 0;
  const rename = (node, value) => {
    if (!YAML.isScalar(node) || typeof node.value !== "string") throw new Error(`expected a string scalar, got ${node}`);
    if (value !== node.value) edits.push({ node, value });
  };
  const root = doc.contents;
  const topSeq = (key) => (YAML.isMap(root) ? root.get(key, true) : undefined);
  if (kind === "types") {
    const types = topSeq("types");
    if (YAML.isMap(types)) for (const pair of types.items) rename(pair.key, typeName(String(pair.key.value), k));
  }
  if (kind === "errors") {
    const list = topSeq("errors");
    if (YAML.isSeq(list)) for (const item of list.items) if (YAML.isMap(item) && item.has("name")) rename(item.get("name", true), errorName(String(item.get("name")), k));
  }
  if (kind === "interfaces") {
    const list = topSeq("errors");
    if (YAML.isSeq(list))
      for (const item of list.items) {
        const ref = YAML.isMap(item) ? item.get("reference", true) : undefined;
        if (!YAML.isScalar(ref) || typeof ref.value !== "string") continue;
        const m = /^\/errors\/([^#/]+)(?:#\/(.+))?$/.exec(ref.value);
        if (!m) unmatched++;
        else rename(ref, `/errors/${fileStem(m[1], k)}${m[2] !== undefined ? `#/${errorName(m[2], k)}` : ""}`);
      }
  }
  if (kind === "api") {
    const components = topSeq("components");
    const schemas = YAML.isMap(components) ? components.get("schemas", true) : undefined;
    if (YAML.isMap(schemas)) for (const pair of schemas.items) rename(pair.key, schemaName(String(pair.key.value), k));
  }
  YAML.visit(doc, {
    Pair(_, pair) {
      if (!YAML.isScalar(pair.key) || pair.key.value !== "$ref" || !YAML.isScalar(pair.value) || typeof pair.value.value !== "string") return;
      const ref = pair.value.value;
      if (kind === "api") {
        const m = /^([^#]*)#(.*)$/.exec(ref);
        if (!m) return void unmatched++;
        let file = m[1];
        if (file !== "") {
          const f = /^(\.\/)?([^/]+)\.(yaml|yml)$/.exec(file);
          if (!f) return void unmatched++;
          file = `${f[1] ?? ""}${apiStem(f[2], k)}.${f[3]}`;
        }
        // A JSON pointer: its first segment after components/schemas names the schema (the rest goes inside it).
        const s = /^\/components\/schemas\/([^/]+)(\/.*)?$/.exec(m[2]);
        const fragment = s ? `/components/schemas/${schemaName(s[1], k)}${s[2] ?? ""}` : m[2];
        rename(pair.value, `${file}#${fragment}`);
      } else {
        const m = /^\/([^#/]+)#\/([^/]+)$/.exec(ref);
        if (!m) return void unmatched++;
        rename(pair.value, `/${fileStem(m[1], k)}#/${typeName(m[2], k)}`);
      }
    },
  });
  return unmatched;
}

/** Copy k of one file's text, renamed; throws when the result does not read back as the renamed document. */
function renameText(kind, text, k, where = "") {
  const doc = YAML.parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0].message}`);
  const edits = [];
  const unmatched = collectEdits(kind, doc, k, edits);
  edits.sort((a, b) => b.node.range[0] - a.node.range[0]);
  let out = text;
  let prevStart = Infinity;
  for (const { node, value } of edits) {
    const [start, end] = node.range;
    if (end > prevStart) throw new Error(`${where}: overlapping edits`);
    out = out.slice(0, start) + scalarText(node, value) + out.slice(end);
    prevStart = start;
    node.value = value;
  }
  const expected = doc.toJS({ maxAliasCount: -1 });
  const back = YAML.parseDocument(out);
  if (back.errors.length > 0 || !isDeepStrictEqual(back.toJS({ maxAliasCount: -1 }), expected)) throw new Error(`${where}: the renamed copy does not read back as the renamed document`);
  return { text: out, renamed: edits.length, unmatched };
}

/**
 * Writes `copies` renamed copies of `src`'s types/, interfaces/, errors/ and
 * API specs into `dst` (laid out as an EVerest tree). Files other than
 * *.yaml / *.yml in those folders are not copied (the generator reads only those).
 * Returns { files: {kind: count}, renamed, unmatchedRefs }.
 */
function scaleTree(src, dst, copies) {
  if (!(copies >= 1) || !Number.isInteger(copies)) throw new Error(`copies: a whole number >= 1, got ${copies}`);
  const summary = { copies, files: {}, renamed: 0, unmatchedRefs: 0 };
  for (const { kind, dir } of KINDS) {
    const from = path.join(src, dir);
    if (!fs.existsSync(from)) continue;
    const to = path.join(dst, dir);
    fs.mkdirSync(to, { recursive: true });
    const names = fs.readdirSync(from).filter((n) => /\.ya?ml$/.test(n) && fs.statSync(path.join(from, n)).isFile()).sort();
    const written = new Set();
    summary.files[kind] = names.length * copies;
    for (const name of names) {
      const text = fs.readFileSync(path.join(from, name), "utf8");
      const ext = path.extname(name);
      const stem = name.slice(0, -ext.length);
      for (let k = 1; k <= copies; k++) {
        const r = renameText(kind, text, k, path.join(dir, name));
        const target = `${kind === "api" ? apiStem(stem, k) : fileStem(stem, k)}${ext}`;
        if (written.has(target)) throw new Error(`${dir}: renamed file ${target} collides with another file`);
        written.add(target);
        fs.writeFileSync(path.join(to, target), r.text);
        summary.renamed += r.renamed;
        summary.unmatchedRefs += r.unmatched;
      }
    }
  }
  return summary;
}

module.exports = { scaleTree, renameText, apiStem, fileStem, typeName, errorName, schemaName, KINDS, API_FOLDER };
