/**
 * The generated runtime.js and runtime.d.ts come from the asset files in
 * generator/emit/runtime/assets/ (checked by tsc in the build): what of them
 * is emitted, that the constant written in runtime.js is the generator's, that
 * dist/ carries the same files, and that a missing asset is an internal error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate, writeOutput, type InputFile } from "../generator/index";
import { spawnSync } from "node:child_process";
import { emittedText, readAsset } from "../generator/emit/runtime/assets";
import { MAX_VALUE_DEPTH } from "../generator/emit/validators/depth";
import { ROOT, runCli, tempDir } from "./helpers/cli";

const ASSETS = path.join(ROOT, "generator", "emit", "runtime", "assets");
const ASSET_FILES = ["api-client.js", "api-client-declarations.ts", "runtime.js", "runtime-declarations.ts"];

async function emitDefs(): Promise<Map<string, string>> {
  const dir = path.join(ROOT, "defs");
  const inputs: InputFile[] = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort()
    .map((n) => ({ path: `defs/${n}`, content: fs.readFileSync(path.join(dir, n), "utf8") }));
  const r = await generate(inputs);
  if (r.files.length === 0) throw new Error(`generate failed: ${JSON.stringify(r.diagnostics)}`);
  return new Map(r.files.map((f) => [f.path, f.content]));
}

test("runtime.js's MAX_DEPTH is the generator's MAX_VALUE_DEPTH", () => {
  const source = fs.readFileSync(path.join(ASSETS, "runtime.js"), "utf8");
  const written = [...source.matchAll(/^const MAX_DEPTH = (\d+);$/gm)].map((m) => Number(m[1]));
  expect(written).toEqual([MAX_VALUE_DEPTH]);
});

test("an asset is emitted without its leading // lines and its lines of type comments, the rest as written", () => {
  const source = [
    "// @ts-check",
    "// the asset's header",
    '/** @typedef {import("./x").Y} Y */',
    '"use strict";',
    "",
    "/** What f does. */",
    "  /** @param {string} s @returns {number} */",
    "function f(s) {",
    "  // a comment in the code",
    "  /** @type {number} */ return s.length; /** @see kept */",
    "}",
    "",
  ].join("\n");
  const emitted = [
    '"use strict";',
    "",
    "/** What f does. */",
    "function f(s) {",
    "  // a comment in the code",
    "  /** @type {number} */ return s.length; /** @see kept */",
    "}",
    "",
  ].join("\n");
  expect(emittedText(source)).toBe(emitted);
});

test("the emitted runtime.js and runtime.d.ts are the committed ones, with no header or type comments of the assets", async () => {
  const files = await emitDefs();
  for (const name of ["runtime.js", "runtime.mjs", "runtime.d.ts"]) {
    const text = files.get(name)!;
    expect({ name, same: text === fs.readFileSync(path.join(ROOT, "generated", name), "utf8") }).toEqual({ name, same: true });
    expect(text).not.toMatch(/@ts-check|@typedef|@param|@returns|@type\b|@implements/);
  }
  expect(files.get("runtime.js")!.split("\n")[1]).toBe('"use strict";');
  expect(files.get("runtime.d.ts")!.split("\n")[1]).toBe("/** One problem found in a value. */");
});

test("the build copies the assets to dist/, where the compiled generator reads them", () => {
  const dist = path.join(ROOT, "dist", "generator", "emit", "runtime", "assets");
  expect(fs.readdirSync(dist).sort()).toEqual([...ASSET_FILES].sort());
  for (const name of ASSET_FILES) {
    expect({ name, same: fs.readFileSync(path.join(dist, name), "utf8") === fs.readFileSync(path.join(ASSETS, name), "utf8") }).toEqual({ name, same: true });
  }
});

test("the CLI (dist/) writes the same runtime from another working directory", () => {
  const dir = tempDir("etg-runtime-");
  try {
    const r = runCli(["generate", "--defs", path.join(ROOT, "defs"), "--out", "out", "--quiet"], { cwd: dir });
    expect(r.code).toBe(0);
    for (const name of ["runtime.js", "runtime.mjs", "runtime.d.ts"]) {
      const same = fs.readFileSync(path.join(dir, "out", name), "utf8") === fs.readFileSync(path.join(ROOT, "generated", name), "utf8");
      expect({ name, same }).toEqual({ name, same: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a missing or empty asset is an internal error, not an empty file", () => {
  const dir = tempDir("etg-asset-");
  try {
    expect(() => readAsset(path.join(dir, "runtime.js"))).toThrow(/^cannot read .*runtime\.js, a file of everest-typegen itself \(ENOENT/);
    fs.writeFileSync(path.join(dir, "runtime.js"), "");
    expect(() => readAsset(path.join(dir, "runtime.js"))).toThrow(/runtime\.js, a file of everest-typegen itself, is empty$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("a ValidationError's message shows definition text on one line, as what it is", () => {
  const yaml = [
    "description: file",
    "types:",
    "  Mode:",
    "    description: a mode",
    "    type: string",
    "    enum:",
    '      - "on\\nFake:object\\u001b[2J"',
    '      - "a, b"',
    '      - "plain"',
    "  Holder:",
    "    description: holder",
    "    type: object",
    "    required: [\"p\\nq\"]",
    "    properties:",
    '      "p\\nq":',
    "        type: string",
    '        pattern: "^x\\u2028y$"',
    "",
  ].join("\n");

  test("enum values, patterns and property names: plain ones as written, the rest as JSON with every control escaped", async () => {
    const out = tempDir("etg-runtime-messages-");
    try {
      await writeOutput(out, [{ path: "defs/t.yaml", content: yaml }]);
      const script = [
        'const t = require("./t.js");',
        "const messages = [];",
        'for (const [f, v] of [["assertMode", "x"], ["assertHolder", {}], ["assertHolder", { "p\\nq": "z" }]]) {',
        "  try { t[f](v); } catch (e) { messages.push(e.message); }",
        "}",
        "console.log(JSON.stringify(messages));",
      ].join("\n");
      const r = spawnSync(process.execPath, ["-e", script], { cwd: out, encoding: "utf8" });
      expect(r.stderr).toBe("");
      const messages = JSON.parse(r.stdout) as string[];
      expect(messages).toHaveLength(3);
      for (const m of messages) expect(m).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(messages[0]).toContain('must be one of "on\\nFake:object\\u001b[2J", "a, b", plain');
      expect(messages[1]).toContain("must have required property '\"p\\nq\"'");
      // The data's key in the path, too.
      expect(messages[2]).toContain('"/p\\nq": must match the pattern "^x\\u2028y$"');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
