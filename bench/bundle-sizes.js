#!/usr/bin/env node
"use strict";
/**
 * Bundle sizes (issue 15): what a browser app pays for the generated package,
 * next to what users would assemble instead. Each small app is bundled with
 * esbuild's API (bundle, minify, format esm, platform browser); its size is
 * the minified bytes and the gzip bytes (node:zlib, level 9).
 *
 * - ours: apps importing the committed generated/ package by its name (a temp
 *   project whose node_modules links to generated/, as `npm install ../generated`
 *   makes), so its package.json `exports` pick the files, as in any app;
 * - peer: types from json-schema-to-typescript (compiled from the same
 *   generated/schemas/*.json, imported with `import type`) and ajv compiling
 *   the JSON Schema at run time in the bundle, with the strict RFC 3339
 *   date-time check every contender of bench/run.js uses (bench/peers/date-time.js).
 *
 * Every bundle is run under node before it is measured and must give the
 * expected verdict on a valid and an invalid value, so no app is small for
 * doing less. Sizes are deterministic (one build each; no medians needed).
 *
 *   node bench/bundle-sizes.js                  Markdown: machine, versions, table (rows for BENCHMARKS.md)
 *   node bench/bundle-sizes.js --label TEXT     the label of our rows (default: from the package's .mjs files)
 *   node bench/bundle-sizes.js --keep           keep the scratch folder (the bundles are in it)
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");
const { gzipSync } = require("node:zlib");
const esbuild = require("esbuild");
const { compileFromFile } = require("json-schema-to-typescript");

const REPO = path.resolve(__dirname, "..");
const GENERATED = path.join(REPO, "generated");
const PKG = JSON.parse(fs.readFileSync(path.join(GENERATED, "package.json"), "utf8"));
const NAME = PKG.name;
const SCHEMAS = path.join(GENERATED, "schemas");

const BOOT_VALID = { status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 };
const BOOT_INVALID = { status: "Accepted", current_time: "2024-02-30T12:00:00Z", interval: 300 };
const EVSE_VALID = { id: 1 };
const EVSE_INVALID = { id: 0 };

/** What our rows are made of: the .mjs entry points as CommonJS wrappers, or native ES modules. */
function defaultLabel() {
  const mjs = fs.readFileSync(path.join(GENERATED, "index.mjs"), "utf8");
  const major = PKG.version.split(".").slice(0, 2).join(".");
  return /^import \w+ from "\.\/index\.js";$/m.test(mjs) ? `${major} CJS wrappers (before native ESM)` : `${major} native ESM`;
}

/** Our apps: each logs one verdict on `globalThis.value`. */
function ourApps() {
  return [
    {
      app: "root namespace, `ocpp.isEVSE`",
      source: `import { ocpp } from "${NAME}";\nconsole.log(ocpp.isEVSE(globalThis.value));\n`,
      values: [EVSE_VALID, EVSE_INVALID],
    },
    {
      app: "`/ocpp` subpath, `isEVSE`",
      source: `import { isEVSE } from "${NAME}/ocpp";\nconsole.log(isEVSE(globalThis.value));\n`,
      values: [EVSE_VALID, EVSE_INVALID],
    },
    {
      app: "`/ocpp` namespace import, `ocpp.isEVSE`",
      source: `import * as ocpp from "${NAME}/ocpp";\nconsole.log(ocpp.isEVSE(globalThis.value));\n`,
      values: [EVSE_VALID, EVSE_INVALID],
    },
    {
      app: "`/ocpp` subpath, `isBootNotificationResponse`",
      source: `import { isBootNotificationResponse } from "${NAME}/ocpp";\nconsole.log(isBootNotificationResponse(globalThis.value));\n`,
      values: [BOOT_VALID, BOOT_INVALID],
    },
    {
      app: 'root `validate("ocpp/BootNotificationResponse", x)`',
      source: `import { validate } from "${NAME}";\nconsole.log(validate("ocpp/BootNotificationResponse", globalThis.value).valid);\n`,
      values: [BOOT_VALID, BOOT_INVALID],
    },
    {
      app: "all of `/ocpp` (`import * as ocpp`, kept whole)",
      source: `import * as ocpp from "${NAME}/ocpp";\nglobalThis.ocpp = ocpp;\nconsole.log(ocpp.isEVSE(globalThis.value));\n`,
      values: [EVSE_VALID, EVSE_INVALID],
    },
  ];
}

/** The peer apps: json2ts types (erased by the bundler) + ajv compiling the schema in the browser. */
function peerApps() {
  const app = (type) => `import Ajv from "ajv";
import { isDateTime } from ${JSON.stringify(path.join(REPO, "bench", "peers", "date-time.js"))};
import ocppSchema from ${JSON.stringify(path.join(SCHEMAS, "ocpp.json"))};
import displayMessageSchema from ${JSON.stringify(path.join(SCHEMAS, "display_message.json"))};
import type { ${type} } from "./types/ocpp";

const ajv = new Ajv({ strict: false });
ajv.addFormat("date-time", isDateTime);
ajv.addSchema(displayMessageSchema);
ajv.addSchema(ocppSchema);
const validate = ajv.getSchema(ocppSchema.$id + "#/definitions/${type}")!;
const is${type} = (value: unknown): value is ${type} => validate(value) === true;
console.log(is${type}((globalThis as any).value));
`;
  return [
    { app: "json-schema-to-typescript types + ajv at run time, EVSE", source: app("EVSE"), loader: "ts", values: [EVSE_VALID, EVSE_INVALID] },
    {
      app: "json-schema-to-typescript types + ajv at run time, BootNotificationResponse",
      source: app("BootNotificationResponse"),
      loader: "ts",
      values: [BOOT_VALID, BOOT_INVALID],
    },
  ];
}

async function bundle(source, dir, loader) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: dir, sourcefile: loader === "ts" ? "app.ts" : "app.mjs", loader },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    nodePaths: [path.join(REPO, "node_modules")],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** Runs a bundle under node with `globalThis.value` set; its stdout, trimmed. */
function runBundle(dir, code, value) {
  const file = path.join(dir, "run.mjs");
  fs.writeFileSync(file, `globalThis.value = ${JSON.stringify(value)};\n${code}`);
  const r = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
  if (r.status !== 0) throw new Error(`bundle exited ${r.status}: ${r.error ?? r.stderr}`);
  return r.stdout.trim();
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? "unknown CPU";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  const version = (name) => require(path.join(REPO, "node_modules", name, "package.json")).version;
  return {
    cpu,
    nproc: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    esbuild: esbuild.version,
    ajv: version("ajv"),
    json2ts: version("json-schema-to-typescript"),
    commit,
    date: new Date().toISOString().slice(0, 10),
  };
}

async function main(argv) {
  const labelAt = argv.indexOf("--label");
  const label = labelAt >= 0 ? argv[labelAt + 1] : defaultLabel();
  const keep = argv.includes("--keep");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "etg-bundle-sizes-"));
  try {
    const link = path.join(dir, "node_modules", ...NAME.split("/"));
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(GENERATED, link, "dir");
    fs.mkdirSync(path.join(dir, "types"));
    const types = await compileFromFile(path.join(SCHEMAS, "ocpp.json"), { cwd: SCHEMAS, unreachableDefinitions: true });
    for (const t of ["EVSE", "BootNotificationResponse"]) {
      if (!new RegExp(`^export interface ${t} `, "m").test(types)) throw new Error(`json-schema-to-typescript emitted no interface ${t}`);
    }
    fs.writeFileSync(path.join(dir, "types", "ocpp.d.ts"), types);

    const apps = [
      ...ourApps().map((a) => ({ ...a, app: `everest-typegen ${label}: ${a.app}`, loader: "js" })),
      ...peerApps().map((a) => ({ ...a, app: `peer: ${a.app}` })),
    ];
    const rows = [];
    for (const [i, a] of apps.entries()) {
      const code = await bundle(a.source, dir, a.loader);
      if (keep) fs.writeFileSync(path.join(dir, `app-${i + 1}.min.mjs`), code);
      const verdicts = a.values.map((v) => runBundle(dir, code, v));
      if (verdicts.join(",") !== "true,false") throw new Error(`${a.app}: expected verdicts true,false, got ${verdicts.join(",")}`);
      const bytes = Buffer.from(code, "utf8");
      rows.push({ app: a.app, minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    }

    const m = machine();
    const out = [];
    out.push(
      `Machine: ${m.cpu}, ${m.nproc} cores (nproc), node ${m.node}, ${m.platform}; esbuild ${m.esbuild}, ajv ${m.ajv}, json-schema-to-typescript ${m.json2ts}; commit ${m.commit}, ${m.date}.`,
    );
    out.push("");
    out.push("| App | Minified bytes | Gzip bytes |");
    out.push("| --- | ---: | ---: |");
    for (const r of rows) out.push(`| ${r.app} | ${r.minified} | ${r.gzip} |`);
    process.stdout.write(out.join("\n") + "\n");
    if (keep) process.stderr.write(`bundles kept in ${dir}\n`);
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`bundle-sizes: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
