"use strict";
/**
 * Peer pipeline, types, for folders too large for the json2ts CLI: given a
 * folder, the CLI opens every file and every file their $refs reach at once,
 * and fails with EMFILE on a few hundred cross-referencing files. This runs
 * json-schema-to-typescript's documented API (compileFromFile) on one file
 * after the other, with the CLI's options and each file's own folder as the
 * base for its $refs (so subfolders work too), and writes `<path>.d.ts`.
 *
 *   node bench/peers/json2ts-files.js --schemas DIR --out DIR
 */
const fs = require("node:fs");
const path = require("node:path");
const { compileFromFile } = require("json-schema-to-typescript");

async function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = arg("schemas");
  const out = arg("out");
  if (!dir || !out) {
    process.stderr.write("usage: node bench/peers/json2ts-files.js --schemas DIR --out DIR\n");
    return 2;
  }
  const files = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = rel ? path.join(rel, e.name) : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".json")) files.push(p);
    }
  };
  walk("");
  for (const f of files) {
    const file = path.join(dir, f);
    const ts = await compileFromFile(file, { cwd: path.dirname(file), unreachableDefinitions: true });
    const target = path.join(out, f.replace(/\.json$/, ".d.ts"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, ts);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`json2ts-files: ${err.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
