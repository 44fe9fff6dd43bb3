/**
 * ts-morph-common's lib texts built on first use (generator/cli/lazy-lib-files.ts):
 * on the installed ts-morph-common the rewrite applies and the module gives
 * the same lib files and exports as the original; on any other shape it
 * declines, and the module loads as it is.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Module = require("node:module");
import { lazyLibFiles } from "../generator/cli/lazy-lib-files";

const COMMON = Module.createRequire(require.resolve("ts-morph")).resolve("@ts-morph/common");
const SOURCE = fs.readFileSync(COMMON, "utf8");

/** The module's exports from `source`, compiled by node as the file would be (its own requires resolve beside it). */
function load(source: string): Record<string, unknown> {
  const mod = new Module(COMMON, module) as Module & { _compile(source: string, filename: string): void };
  mod.filename = COMMON;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(COMMON));
  mod._compile(source, COMMON);
  return mod.exports as Record<string, unknown>;
}

type LibFile = { fileName: string; text: string };

test("applies to the installed ts-morph-common: the same lib files, built once, the same exports, the same lines", () => {
  const rewritten = lazyLibFiles(SOURCE);
  expect(rewritten).toBeDefined();
  expect(rewritten!.split("\n")).toHaveLength(SOURCE.split("\n").length);
  const original = load(SOURCE);
  const lazy = load(rewritten!);
  expect(Object.keys(lazy).sort()).toEqual(Object.keys(original).sort());
  const getLibFiles = lazy["getLibFiles"] as () => LibFile[];
  const first = getLibFiles();
  expect(first).toEqual((original["getLibFiles"] as () => LibFile[])());
  expect(first.length).toBeGreaterThan(50);
  expect(first.some((f) => f.fileName === "lib.es5.d.ts" && f.text.includes("interface Array<T>"))).toBe(true);
  // One array, as before: every call returns the very same one.
  expect(getLibFiles()).toBe(first);
});

test("the lib texts are no longer built at load: the module's top level holds none of them", () => {
  const rewritten = lazyLibFiles(SOURCE)!;
  const start = rewritten.indexOf("function everestTypegenLibFiles() {");
  expect(start).toBeGreaterThan(0);
  // Everything from the declaration to the getter is the builder's body.
  expect(rewritten.slice(0, start)).toMatch(/\nlet libFiles; $/);
  expect(rewritten).toContain("\nfunction getLibFiles() {\n    return libFiles ??= everestTypegenLibFiles();\n}\n");
});

describe("declines any other shape", () => {
  const head = "var x = 1;\n";
  const decl = 'const libFiles = [{\n        fileName: "lib.d.ts",\n        text: "interface A {}"\n    }];\n\nfunction getLibFiles() {\n    return libFiles;\n}\n';
  const local = "class T {\n    constructor() {\n            const libFiles = getLibFiles();\n            for (const libFile of libFiles) {\n            }\n    }\n}\n";

  test("the shape it rewrites", () => {
    const out = lazyLibFiles(head + decl + local);
    expect(out).toBeDefined();
    expect(out).toContain("return libFiles ??= everestTypegenLibFiles();");
  });

  test.each([
    ["another reader of the module's libFiles", head + decl + local + "exports.count = libFiles.length;\n"],
    ["a top-level statement inside the span", head + decl.replace('        text: "interface A {}"\n', '        text: "interface A {}"\n}];\nsideEffect();\nconst more = [{\n')],
    ["no getter", head + decl.replace("function getLibFiles", "function libFilesGetter") + local],
    ["a getter that does more", head + decl.replace("    return libFiles;\n", "    log();\n    return libFiles;\n") + local],
    ["two declarations", head + decl + decl],
    ["the builder's name taken", head + decl + local + "function everestTypegenLibFiles() {}\n"],
    ["no declaration at all", head + local],
  ])("%s", (_, source) => {
    expect(lazyLibFiles(source)).toBeUndefined();
  });
});
