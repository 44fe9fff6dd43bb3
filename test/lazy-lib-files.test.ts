/**
 * ts-morph-common's lib texts built on first use (generator/cli/lazy-lib-files.ts):
 * on the installed ts-morph-common the rewrite applies and the module gives
 * the same lib files and exports as the original, with every other line
 * where it was; on any other shape it declines, and the module loads as it is.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import Module = require("node:module");
import { LIB_FILES_TEXT, lazyLibFiles } from "../generator/cli/lazy-lib-files";

const COMMON = Module.createRequire(require.resolve("ts-morph")).resolve("@ts-morph/common");
const BYTES = fs.readFileSync(COMMON);
const SOURCE = BYTES.toString("utf8");

/** The module's exports from `source`, compiled as the CLI's loader does, with the extra wrapper parameter when given (its own requires resolve beside it). */
function load(source: string, arrayText?: () => string): Record<string, unknown> {
  const mod = new Module(COMMON, module);
  mod.filename = COMMON;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(COMMON));
  const extra = arrayText === undefined ? "" : `, ${LIB_FILES_TEXT}`;
  const wrapped = `(function (exports, require, module, __filename, __dirname${extra}) { ${source}\n});`;
  const fn = vm.runInThisContext(wrapped, { filename: COMMON }) as (...args: unknown[]) => void;
  fn.apply(mod.exports, [mod.exports, Module.createRequire(COMMON), mod, COMMON, path.dirname(COMMON), ...(arrayText === undefined ? [] : [arrayText])]);
  return mod.exports as Record<string, unknown>;
}

type LibFile = { fileName: string; text: string };

test("applies to the installed ts-morph-common: the same lib files, built once, the same exports", () => {
  const lazy = lazyLibFiles(BYTES);
  expect(lazy).toBeDefined();
  let reads = 0;
  const exports = load(lazy!.source, () => {
    reads++;
    return lazy!.arrayText();
  });
  const original = load(SOURCE);
  expect(Object.keys(exports).sort()).toEqual(Object.keys(original).sort());
  // Loading reads nothing of the lib texts.
  expect(reads).toBe(0);
  const getLibFiles = exports["getLibFiles"] as () => LibFile[];
  const first = getLibFiles();
  expect(first).toEqual((original["getLibFiles"] as () => LibFile[])());
  expect(first.length).toBeGreaterThan(50);
  expect(first.some((f) => f.fileName === "lib.es5.d.ts" && f.text.includes("interface Array<T>"))).toBe(true);
  // One array, as before: every call returns the very same one, and the text is read once.
  expect(getLibFiles()).toBe(first);
  expect(reads).toBe(1);
});

test("the source left to compile: every line where it was, no lib text in it, ASCII", () => {
  const lazy = lazyLibFiles(BYTES)!;
  const before = SOURCE.split("\n");
  const after = lazy.source.split("\n");
  expect(after).toHaveLength(before.length);
  const declaration = before.indexOf("const libFiles = [{");
  const getter = before.indexOf("function getLibFiles() {");
  expect(declaration).toBeGreaterThan(0);
  // Outside the declaration-to-getter span, every line is the same line.
  expect(after.slice(0, declaration)).toEqual(before.slice(0, declaration));
  expect(after.slice(getter + 3)).toEqual(before.slice(getter + 3));
  expect(after[declaration]).toBe(`let libFiles; function everestTypegenLibFiles() { return eval(${LIB_FILES_TEXT}()); }`);
  expect(lazy.source).toContain("\nfunction getLibFiles() {\n    return libFiles ??= everestTypegenLibFiles();\n}\n");
  expect(lazy.source).not.toContain("lib.es5.d.ts");
  expect(lazy.source.length).toBeLessThan(SOURCE.length / 5);
  expect(lazy.ascii).toBe(true);
  expect(lazy.arrayText().startsWith("[{\n        fileName: ")).toBe(true);
  expect(lazy.arrayText().endsWith("\n    }]")).toBe(true);
});

describe("declines any other shape", () => {
  const head = "'use strict';\nvar x = 1;\n";
  const decl = 'const libFiles = [{\n        fileName: "lib.d.ts",\n        text: "interface A {}"\n    }];\n\nfunction getLibFiles() {\n    return libFiles;\n}\n';
  const local = "class T {\n    constructor() {\n            const libFiles = getLibFiles();\n            for (const libFile of libFiles) {\n            }\n    }\n}\nexports.getLibFiles = getLibFiles;\n";
  const lazy = (source: string) => lazyLibFiles(Buffer.from(source, "utf8"));

  test("the shape it rewrites, which gives the same array", () => {
    const out = lazy(head + decl + local);
    expect(out).toBeDefined();
    expect(out!.source.split("\n")).toHaveLength((head + decl + local).split("\n").length);
    const files = (load(out!.source, out!.arrayText)["getLibFiles"] as () => LibFile[])();
    expect(files).toEqual([{ fileName: "lib.d.ts", text: "interface A {}" }]);
  });

  test("a lib text that is not ASCII: the rest of the module still is", () => {
    const out = lazy(head + decl.replace("interface A {}", "caf\u00e9 \u2028") + local);
    expect(out?.ascii).toBe(true);
    expect(out!.arrayText()).toContain("caf\u00e9 \u2028");
  });

  test.each([
    ["another reader of the module's libFiles", head + decl + local + "exports.count = libFiles.length;\n"],
    ["a name read inside the array", head + decl.replace('"interface A {}"', "libFiles") + local],
    ["a top-level statement inside the span", head + decl.replace('        text: "interface A {}"\n', '        text: "interface A {}"\n}];\nsideEffect();\nconst more = [{\n')],
    ["no getter", head + decl.replace("function getLibFiles", "function libFilesGetter") + local],
    ["a getter that does more", head + decl.replace("    return libFiles;\n", "    log();\n    return libFiles;\n") + local],
    ["two declarations", head + decl + decl],
    ["the builder's name taken", head + decl + local + "function everestTypegenLibFiles() {}\n"],
    ["the parameter's name taken", head + decl + local + `var ${LIB_FILES_TEXT};\n`],
    ["no declaration at all", head + local],
  ])("%s", (_, source) => {
    expect(lazy(source)).toBeUndefined();
  });
});
