/**
 * generated/package.json and README.md: the manifest's exports, main, types and
 * files point at files the generator emits; the package needs nothing outside
 * itself at run time; and the output is deterministic.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { bannerText } from "../generator/banner";
import { generate, type InputFile } from "../generator/index";

const ROOT = path.resolve(__dirname, "..");

function realDefs(): InputFile[] {
  const dir = path.join(ROOT, "defs");
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".yaml"))
    .sort()
    .map((n) => ({ path: `defs/${n}`, content: fs.readFileSync(path.join(dir, n), "utf8") }));
}

async function emit(inputs: InputFile[]): Promise<Map<string, string>> {
  const r = await generate(inputs);
  if (r.files.length === 0) throw new Error(`generate failed: ${JSON.stringify(r.diagnostics)}`);
  return new Map(r.files.map((f) => [f.path, f.content]));
}

interface Manifest {
  [key: string]: unknown;
  exports: Record<string, unknown>;
  files: string[];
}

const manifestOf = (files: Map<string, string>): Manifest => JSON.parse(files.get("package.json")!) as Manifest;

/** Every target in an exports map, with the chain of keys that leads to it. */
function targets(value: unknown, keys: string[] = []): { keys: string[]; target: string }[] {
  if (typeof value === "string") return [{ keys, target: value }];
  if (typeof value !== "object" || value === null) throw new Error(`bad exports entry at ${keys.join(" > ")}`);
  return Object.entries(value).flatMap(([k, v]) => targets(v, [...keys, k]));
}

/** How `npm pack` reads a `files` entry (the forms this package uses): `dir/` or a root-level `*.ext` glob. */
function packs(pattern: string, file: string): boolean {
  if (pattern.endsWith("/")) return file.startsWith(pattern);
  if (pattern.startsWith("*")) return !file.includes("/") && file.endsWith(pattern.slice(1));
  return file === pattern;
}

describe("package.json", () => {
  let files: Map<string, string>;
  let pkg: ReturnType<typeof manifestOf>;
  beforeAll(async () => {
    files = await emit(realDefs());
    pkg = manifestOf(files);
  });

  test("names the package, carries the banner and no timestamps, and needs no runtime dependencies", () => {
    expect(pkg["//"]).toBe(bannerText(["defs/display_message.yaml", "defs/ocpp.yaml"]));
    expect(pkg).toMatchObject({
      name: "@everest-typegen/types",
      version: "0.1.0",
      license: "Apache-2.0",
      type: "commonjs",
      sideEffects: false,
      main: "./index.js",
      types: "./index.d.ts",
      engines: { node: ">=18" },
    });
    expect(typeof pkg["description"]).toBe("string");
    for (const key of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies", "scripts", "private"]) {
      expect({ key, present: key in pkg }).toEqual({ key, present: false });
    }
    expect(files.get("package.json")).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  test("exports the root, each file module with import/require conditions (types first), the schemas and itself", () => {
    const dual = (base: string) => ({
      import: { types: `./${base}.d.mts`, default: `./${base}.mjs` },
      require: { types: `./${base}.d.ts`, default: `./${base}.js` },
    });
    expect(pkg.exports).toEqual({
      ".": dual("index"),
      "./display_message": dual("display_message"),
      "./ocpp": dual("ocpp"),
      "./schemas/*.json": "./schemas/*.json",
      "./package.json": "./package.json",
    });
    for (const { keys } of targets(pkg.exports)) {
      const parent = keys.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], pkg.exports);
      if (keys.length > 1 && typeof parent === "object" && parent !== null && "types" in parent) {
        expect({ keys, first: Object.keys(parent)[0] }).toEqual({ keys, first: "types" });
      }
    }
  });

  test("every export, main and types points at a file in the emitted tree; every pattern matches some", () => {
    const all = [...files.keys()];
    for (const { keys, target } of [...targets(pkg.exports), { keys: ["main"], target: pkg["main"] as string }, { keys: ["types"], target: pkg["types"] as string }]) {
      expect(target.startsWith("./")).toBe(true);
      const rel = target.slice(2);
      if (rel.includes("*")) {
        const [pre = "", post = ""] = rel.split("*");
        const matches = all.filter((f) => f.startsWith(pre) && f.endsWith(post));
        expect({ keys, matches: matches.length }).toEqual({ keys, matches: 2 });
      } else {
        expect({ keys, target, emitted: files.has(rel) }).toEqual({ keys, target, emitted: true });
      }
    }
  });

  test("`files` packs every emitted file (npm always adds package.json and README.md)", () => {
    for (const file of files.keys()) {
      if (file === "package.json" || file === "README.md") continue;
      expect({ file, packed: pkg.files.some((p) => packs(p, file)) }).toEqual({ file, packed: true });
    }
  });

  test("no emitted module loads anything outside the package but Node's own modules", () => {
    const specifiers: string[] = [];
    for (const [file, content] of files) {
      if (!/\.(m?js|d\.m?ts)$/.test(file)) continue;
      for (const m of content.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)|\bfrom\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|^import\s+["']([^"']+)["']/gm)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4] ?? "";
        specifiers.push(spec);
        expect({ file, spec, local: spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("node:") }).toEqual({ file, spec, local: true });
      }
    }
    expect(specifiers.length).toBeGreaterThan(0);
  });

  test("a file named with a hyphen gets its own subpath, and the output does not depend on input order", async () => {
    const a = `description: File A\ntypes:\n  T:\n    description: t\n    type: string\n`;
    const b = `description: File B\ntypes:\n  U:\n    description: u\n    type: object\n    properties:\n      t:\n        description: ref\n        type: string\n        $ref: /my-file#/T\n`;
    const one = await emit([{ path: "defs/my-file.yaml", content: a }, { path: "defs/b.yaml", content: b }]);
    const two = await emit([{ path: "defs/b.yaml", content: b }, { path: "defs/my-file.yaml", content: a }]);
    expect(two.get("package.json")).toBe(one.get("package.json"));
    expect(two.get("README.md")).toBe(one.get("README.md"));
    const exports = manifestOf(one).exports;
    expect(Object.keys(exports)).toEqual([".", "./b", "./my-file", "./schemas/*.json", "./package.json"]);
    expect(exports["./my-file"]).toEqual({
      import: { types: "./my-file.d.mts", default: "./my-file.mjs" },
      require: { types: "./my-file.d.ts", default: "./my-file.js" },
    });
  });
});

describe("README.md", () => {
  let files: Map<string, string>;
  let readme: string;
  beforeAll(async () => {
    files = await emit(realDefs());
    readme = files.get("README.md")!;
  });

  test("opens with the banner and the package name, and shows install, import and validation", () => {
    expect(readme.split("\n").slice(0, 2)).toEqual([
      "<!-- generated by everest-typegen from defs/display_message.yaml, defs/ocpp.yaml; do not edit -->",
      "# @everest-typegen/types",
    ]);
    for (const heading of ["## Install", "## Import", "## Types and enums", "## Checking data", "## Types by file", "### ocpp", "### display\\_message"]) {
      expect(readme).toContain(`\n${heading}\n`);
    }
    expect(readme).toContain('import { display_message, ocpp, validate, ValidationError } from "@everest-typegen/types";');
    expect(readme).toContain('const { display_message, ocpp, validate, ValidationError } = require("@everest-typegen/types");');
    expect(readme).toContain("display_message.isMessageContent(data)");
    expect(readme).toContain("display_message.assertMessageContent(data);");
    expect(readme).toContain('validate("display_message/MessageContent", data)');
    expect(readme).toContain("display_message.MessageFormat.ASCII");
  });

  test("its code examples use only names the package exports", () => {
    const index = files.get("index.d.ts");
    const dm = files.get("display_message.d.ts");
    if (index === undefined || dm === undefined) throw new Error("the declarations emitter has not produced index.d.ts / display_message.d.ts");
    for (const name of ["validate", "ValidationError", "display_message", "ocpp"]) expect(index).toMatch(new RegExp(`\\b${name}\\b`));
    for (const name of ["MessageContent", "isMessageContent", "assertMessageContent", "MessageFormat"]) expect(dm).toMatch(new RegExp(`\\b${name}\\b`));
  });
});
