"use strict";
/**
 * A synthetic corpus of EVerest-like type files, for scale benchmarks and
 * stress tests: string enums, objects with required and optional properties,
 * constraints, date-times, arrays of refs, refs within and across files, and
 * the `type` beside `$ref` that EVerest writes. Deterministic for a seed.
 *
 *   node bench/corpus.js --types 320 --out /tmp/corpus [--seed 1]
 */
const fs = require("node:fs");
const path = require("node:path");

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["charging", "session", "power", "limit", "meter", "value", "phase", "energy", "state", "error", "connector",
  "evse", "token", "id", "status", "current", "voltage", "time", "schedule", "price", "tariff", "reason", "mode"];

/**
 * @param {{ types: number, typesPerFile?: number, seed?: number }} opts
 * @returns {{ path: string, content: string }[]} files named `corpus/<file>.yaml`
 */
function generateCorpus(opts) {
  const perFile = opts.typesPerFile ?? 10;
  const fileCount = Math.max(1, Math.ceil(opts.types / perFile));
  const rand = rng(opts.seed ?? 1);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const word = () => pick(WORDS);
  const pascal = (s) => s.charAt(0).toUpperCase() + s.slice(1);

  // Plan names first so refs can point anywhere, including later files.
  const files = [];
  let made = 0;
  for (let f = 0; f < fileCount; f++) {
    const types = [];
    for (let t = 0; t < perFile && made < opts.types; t++, made++) {
      types.push({ name: `${pascal(word())}${pascal(word())}${f}_${t}`, isEnum: rand() < 0.33 });
    }
    files.push({ name: `types_${String(f).padStart(4, "0")}`, types });
  }
  const enums = files.flatMap((f) => f.types.filter((t) => t.isEnum).map((t) => ({ file: f.name, name: t.name })));
  const objects = files.flatMap((f) => f.types.filter((t) => !t.isEnum).map((t) => ({ file: f.name, name: t.name })));
  const near = (list, f) => {
    // Mostly same-file or neighbouring files, as upstream does.
    const local = list.filter((x) => Math.abs(Number(x.file.slice(6)) - f) <= 1);
    return local.length > 0 && rand() < 0.85 ? pick(local) : pick(list);
  };

  return files.map((file, f) => {
    const lines = [`description: Synthetic types ${f} for benchmarks`, "types:"];
    file.types.forEach((t, ti) => {
      lines.push(`  ${t.name}:`);
      lines.push(`    description: The ${word()} ${word()} of a ${word()} (${t.name})`);
      if (t.isEnum) {
        lines.push("    type: string", "    enum:");
        const n = 3 + Math.floor(rand() * 8);
        for (let i = 0; i < n; i++) lines.push(`      - ${pascal(word())}${pascal(word())}${i}`);
        return;
      }
      lines.push("    type: object");
      const props = [];
      const n = 3 + Math.floor(rand() * 9);
      for (let i = 0; i < n; i++) props.push(`${word()}_${word()}_${i}`);
      const required = props.filter(() => rand() < 0.5);
      if (required.length > 0) {
        lines.push("    required:");
        for (const r of required) lines.push(`      - ${r}`);
      }
      lines.push("    properties:");
      for (const p of props) {
        lines.push(`      ${p}:`);
        lines.push(`        description: The ${word()} ${word()} in ${word()}`);
        const kind = rand();
        // Refs only to earlier objects in the same file, or to other files, keep most graphs acyclic like upstream.
        const earlier = file.types.slice(0, ti).filter((x) => !x.isEnum).map((x) => ({ file: file.name, name: x.name }));
        if (kind < 0.25) lines.push("        type: string", ...(rand() < 0.5 ? [`        maxLength: ${20 + Math.floor(rand() * 980)}`] : []));
        else if (kind < 0.35) lines.push("        type: string", "        format: date-time");
        else if (kind < 0.5) lines.push("        type: integer", ...(rand() < 0.5 ? ["        minimum: 0"] : []));
        else if (kind < 0.6) lines.push("        type: number");
        else if (kind < 0.67) lines.push("        type: boolean");
        else if (kind < 0.82 && enums.length > 0) {
          const e = near(enums, f);
          lines.push("        type: string", `        $ref: /${e.file}#/${e.name}`);
        } else if (kind < 0.92 && (earlier.length > 0 || files.length > 1)) {
          const o = earlier.length > 0 && rand() < 0.5 ? pick(earlier) : near(objects.filter((x) => x.file !== file.name), f) ?? pick(objects);
          lines.push("        type: object", `        $ref: /${o.file}#/${o.name}`);
        } else {
          const o = earlier.length > 0 ? pick(earlier) : null;
          lines.push("        type: array");
          if (o) lines.push("        items:", "          type: object", `          $ref: /${o.file}#/${o.name}`);
          else lines.push("        items:", "          type: string", "          maxLength: 50");
          if (rand() < 0.3) lines.push("        minItems: 1");
        }
      }
      if (rand() < 0.4) lines.push("    additionalProperties: false");
    });
    return { path: `corpus/${file.name}.yaml`, content: `${lines.join("\n")}\n` };
  });
}

function main(argv) {
  const arg = (name, dflt) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const types = Number(arg("types", "320"));
  const out = arg("out", undefined);
  if (!out || !Number.isInteger(types) || types < 1) {
    process.stderr.write("usage: node bench/corpus.js --types N --out DIR [--seed S] [--per-file K]\n");
    return 2;
  }
  const files = generateCorpus({ types, seed: Number(arg("seed", "1")), typesPerFile: Number(arg("per-file", "10")) });
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(out, path.basename(f.path)), f.content);
  process.stdout.write(`wrote ${files.length} files with ${types} types to ${out}\n`);
  return 0;
}

module.exports = { generateCorpus };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
