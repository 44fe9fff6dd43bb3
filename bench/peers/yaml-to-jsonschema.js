"use strict";
/**
 * Peer pipeline, step 1: EVerest YAML type files -> draft-07 JSON Schema
 * documents that json-schema-to-typescript and ajv can read. This is the
 * glue a user would write to use those tools on EVerest types:
 *
 *   - one document per type file: `{ $schema, $id: "<file>.json", description, definitions }`;
 *   - `$ref: /<file>#/<Type>` becomes `<file>.json#/definitions/<Type>`
 *     (`#/definitions/<Type>` within the same file);
 *   - beside a `$ref` only `description` is kept: draft-07 ignores the
 *     siblings and EVerest's runtime does too (ajv 8 would apply them).
 *
 *   node bench/peers/yaml-to-jsonschema.js --defs DIR --out DIR
 */
const fs = require("node:fs");
const path = require("node:path");
const yaml = require("js-yaml");

const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);

function pointerToken(name) {
  return encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"));
}

function convertRef(ref, fromStem) {
  const m = /^\/([^#/]+)#\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${JSON.stringify(ref)}`);
  const [, stem, type] = m;
  const fragment = `#/definitions/${pointerToken(type)}`;
  return stem === fromStem ? fragment : `${encodeURIComponent(stem)}.json${fragment}`;
}

function convertSchema(node, stem) {
  if (Array.isArray(node)) return node.map((x) => convertSchema(x, stem));
  if (node === null || typeof node !== "object") return node;
  if (typeof node.$ref === "string") {
    const out = {};
    if (node.description !== undefined) out.description = node.description;
    out.$ref = convertRef(node.$ref, stem);
    return out;
  }
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    Object.defineProperty(out, k, { value: DATA_KEYWORDS.has(k) ? v : convertSchema(v, stem), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function convertFile(stem, text) {
  const doc = yaml.load(text);
  const definitions = {};
  for (const [name, schema] of Object.entries(doc.types ?? {})) {
    Object.defineProperty(definitions, name, { value: convertSchema(schema, stem), enumerable: true, writable: true, configurable: true });
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `${encodeURIComponent(stem)}.json`,
    description: doc.description,
    definitions,
  };
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const defs = arg("defs");
  const out = arg("out");
  if (!defs || !out) {
    process.stderr.write("usage: node bench/peers/yaml-to-jsonschema.js --defs DIR --out DIR\n");
    return 2;
  }
  fs.mkdirSync(out, { recursive: true });
  const files = fs.readdirSync(defs).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const f of files) {
    const stem = f.replace(/\.ya?ml$/, "");
    const doc = convertFile(stem, fs.readFileSync(path.join(defs, f), "utf8"));
    fs.writeFileSync(path.join(out, `${stem}.json`), `${JSON.stringify(doc, null, 2)}\n`);
  }
  return 0;
}

module.exports = { convertFile };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
