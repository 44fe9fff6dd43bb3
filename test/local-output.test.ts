/**
 * Local, stable output: a change to one definition file changes only the files
 * made from it, the files of the modules that refer to it, and the package's
 * index files and manifest. Generated names (`validateN`, `schemaN`, `gN`, ...)
 * are numbered within one module's file, so other files never renumber them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate, readDefs } from "../generator/index";
import { ROOT, copyDir, tempDir } from "./helpers/cli";

let work: string;
beforeEach(() => {
  work = tempDir("etg-local-");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

async function outputOf(defsDir: string): Promise<Map<string, string>> {
  const { files } = await generate(readDefs(defsDir));
  return new Map(files.map((f) => [f.path, f.content]));
}

/** Paths added, removed or changed between two outputs, sorted. */
function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/** A copy of defs/ to edit. */
function copyDefs(): string {
  const dir = path.join(work, "defs");
  copyDir(path.join(ROOT, "defs"), dir);
  return dir;
}

/**
 * Index-like files that change when a type file is added: they list every
 * module. (The runtime is made from no input and names none, so it does not
 * change.) The manifest is written beside these by writeOutput, not by
 * generate().
 */
const INDEX_FILES = ["README.md", "index.d.mts", "index.d.ts", "index.js", "index.mjs", "package.json"];

// A type file whose name sorts before both others, with enums, a pattern, a union and refs
// (to its own types only: a ref into display_message would list Box on display_message's page):
// with counters shared across modules, each of these would renumber the functions of the files after it.
const EXTRA = `description: Unrelated types
types:
  Mode:
    description: A mode
    type: string
    enum: [A, B, C, D, E, F, G, H, I, J]
  Tag:
    description: A tag
    type: string
    pattern: "^[a-z]+$"
    maxLength: 20
  Either:
    description: A number or a tag
    type: [integer, string]
  Box:
    description: A box
    type: object
    required: [mode]
    properties:
      mode:
        description: Its mode
        type: string
        $ref: /aaa_extra#/Mode
      tags:
        description: Its tags
        type: array
        items:
          type: string
          $ref: /aaa_extra#/Tag
`;

test("adding an unrelated type file leaves every file of the other modules byte-identical", async () => {
  const before = await outputOf(path.join(ROOT, "defs"));
  const dir = copyDefs();
  fs.writeFileSync(path.join(dir, "aaa_extra.yaml"), EXTRA);
  const after = await outputOf(dir);
  const changed = changedPaths(before, after);
  const own = [
    "aaa_extra.d.mts",
    "aaa_extra.d.ts",
    "aaa_extra.js",
    "aaa_extra.mjs",
    "docs/aaa_extra.md",
    "docs/aaa_extra.txt",
    "internal/guards/aaa_extra.js",
    "internal/guards/aaa_extra.mjs",
    "internal/validators/aaa_extra.js",
    "internal/validators/aaa_extra.mjs",
    "schemas/aaa_extra.json",
  ];
  expect(changed).toEqual([...own, ...INDEX_FILES].sort());
  // Spelled out: every file of ocpp, and the guards and validators it calls, are the same.
  for (const p of ["ocpp.js", "ocpp.mjs", "ocpp.d.ts", "internal/validators/ocpp.js", "internal/validators/ocpp.mjs", "internal/guards/ocpp.js", "internal/guards/ocpp.mjs", "internal/guards/display_message.js", "internal/validators/display_message.js", "schemas/ocpp.json", "docs/ocpp.md"]) {
    expect(after.get(p)).toBe(before.get(p));
  }
});

test("renaming a type changes only its file's outputs, its dependents' (ocpp's) and the index files", async () => {
  const before = await outputOf(path.join(ROOT, "defs"));
  const dir = copyDefs();
  const rename = (file: string): void => {
    const p = path.join(dir, file);
    const text = fs.readFileSync(p, "utf8");
    const next = text.replace(/MessageContent/g, "MessageText");
    expect(next).not.toBe(text);
    fs.writeFileSync(p, next);
  };
  rename("display_message.yaml");
  rename("ocpp.yaml");
  const after = await outputOf(dir);
  expect(changedPaths(before, after)).toEqual(
    [
      "display_message.d.ts",
      "display_message.js",
      "display_message.mjs",
      "docs/display_message.md",
      "docs/display_message.txt",
      "internal/guards/display_message.js",
      "internal/guards/display_message.mjs",
      "internal/validators/display_message.js",
      "internal/validators/display_message.mjs",
      "schemas/display_message.json",
      "docs/ocpp.md",
      "docs/ocpp.txt",
      // ocpp's code calls display_message's functions by their names.
      "internal/guards/ocpp.js",
      "internal/guards/ocpp.mjs",
      "internal/validators/ocpp.js",
      "internal/validators/ocpp.mjs",
      "ocpp.d.ts",
      "schemas/ocpp.json",
      // The root module re-exports each type file's names, and validate() lists every type.
      "README.md",
      "index.d.ts",
      "index.js",
      "index.mjs",
    ].sort(),
  );
});
