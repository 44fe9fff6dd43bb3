"use strict";
/**
 * The JSON Schema documents the peers read (emitted by everest-typegen in
 * `<out>/schemas/`, or converted from the YAML by bench/peers/yaml-to-jsonschema.js
 * while the schema emitter is not there yet), and the ways peers consume them:
 * ajv with every document added, or one self-contained document per type
 * (for TypeBox, which compiles a single schema).
 */
const fs = require("node:fs");
const path = require("node:path");

function loadDocs(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ file: f, stem: f.replace(/\.json$/, ""), doc: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
}

function pointerToken(name) {
  return encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"));
}

function docFor(docs, stem) {
  const d = docs.find((x) => x.stem === stem);
  if (!d) throw new Error(`no schema document ${stem}.json`);
  return d;
}

/** The URI ajv knows a type by: `<$id>#/definitions/<Type>`. */
function typeUri(docs, stem, type) {
  return `${docFor(docs, stem).doc.$id}#/definitions/${pointerToken(type)}`;
}

/** ajv 8 with every document added, the strict RFC 3339 date-time, and draft-07 no-ops tolerated. */
function ajvFor(docs) {
  const Ajv = require("ajv").default;
  const { isDateTime } = require("../peers/date-time.js");
  const ajv = new Ajv({ strict: false });
  ajv.addFormat("date-time", isDateTime);
  for (const { doc } of docs) ajv.addSchema(doc);
  return ajv;
}

function absolute(id) {
  return /^[a-z][a-z0-9+.-]*:/i.test(id) ? id : `file:///${id}`;
}

/**
 * One self-contained draft-07 document for `stem/type`: every definition of
 * every document under `definitions` as `<stem>.<Type>`, refs rewritten to match.
 */
function bundle(docs, stem, type) {
  const byUri = new Map(docs.map((d) => [absolute(d.doc.$id ?? d.file).replace(/#.*$/, ""), d]));
  const rewrite = (node, from) => {
    if (Array.isArray(node)) return node.map((x) => rewrite(x, from));
    if (node === null || typeof node !== "object") return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") {
        const hash = v.indexOf("#");
        const filePart = hash < 0 ? v : v.slice(0, hash);
        const fragment = hash < 0 ? "" : v.slice(hash + 1);
        const target = filePart === "" ? from : byUri.get(new URL(filePart, absolute(from.doc.$id ?? from.file)).href);
        const m = /^\/definitions\/([^/]+)$/.exec(fragment);
        if (!target || !m) throw new Error(`cannot bundle $ref ${v}`);
        const name = decodeURIComponent(m[1]).replace(/~1/g, "/").replace(/~0/g, "~");
        out.$ref = `#/definitions/${pointerToken(`${target.stem}.${name}`)}`;
      } else if (k === "enum" || k === "const" || k === "default" || k === "examples") {
        out[k] = v;
      } else {
        out[k] = rewrite(v, from);
      }
    }
    return out;
  };
  const definitions = {};
  for (const d of docs) {
    for (const [name, schema] of Object.entries(d.doc.definitions ?? {})) definitions[`${d.stem}.${name}`] = rewrite(schema, d);
  }
  const root = definitions[`${stem}.${type}`];
  if (!root) throw new Error(`no type ${stem}/${type}`);
  return { $schema: "http://json-schema.org/draft-07/schema#", ...root, definitions };
}

module.exports = { loadDocs, typeUri, ajvFor, bundle };
