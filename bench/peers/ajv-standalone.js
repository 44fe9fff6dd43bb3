"use strict";
/**
 * Peer pipeline, validators: compiles every type of every JSON Schema
 * document in --schemas (and its subfolders) with ajv and writes standalone
 * CommonJS modules, one per document (`<path>.js`, exporting
 * `validate<Type>` for each type), plus the date-time format module they
 * require beside each. This is what a user would
 * assemble with ajv's documented standalone code generation.
 *
 *   node bench/peers/ajv-standalone.js --schemas DIR --out DIR
 */
const fs = require("node:fs");
const path = require("node:path");
const Ajv = require("ajv").default;
const { _ } = require("ajv");
const standaloneCode = require("ajv/dist/standalone").default;
const formats = require("./date-time.js");

function exportName(type, used) {
  let name = `validate${type.replace(/[^A-Za-z0-9_$]/g, "_")}`;
  while (used.has(name)) name += "_";
  used.add(name);
  return name;
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = arg("schemas");
  const out = arg("out");
  if (!dir || !out) {
    process.stderr.write("usage: node bench/peers/ajv-standalone.js --schemas DIR --out DIR\n");
    return 2;
  }
  const files = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) files.push(p);
    }
  };
  walk("");
  const docs = files.map((f) => ({ file: f, doc: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
  // strict: false: EVerest files carry draft-07 no-ops (`maximum` on a string) that strict mode rejects.
  const ajv = new Ajv({ strict: false, code: { source: true, formats: _`require("./formats.js")` } });
  ajv.addFormat("date-time", formats["date-time"]);
  for (const { doc } of docs) ajv.addSchema(doc);
  for (const { file, doc } of docs) {
    const target = path.join(out, file.replace(/\.json$/, ".js"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(path.join(path.dirname(target), "formats.js"))) fs.copyFileSync(path.join(__dirname, "date-time.js"), path.join(path.dirname(target), "formats.js"));
    const used = new Set();
    const refs = {};
    for (const type of Object.keys(doc.definitions ?? {})) {
      refs[exportName(type, used)] = `${doc.$id}#/definitions/${encodeURIComponent(type.replace(/~/g, "~0").replace(/\//g, "~1"))}`;
    }
    fs.writeFileSync(target, standaloneCode(ajv, refs));
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
