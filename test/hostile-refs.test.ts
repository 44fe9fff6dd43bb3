/**
 * Hostile input, refs and files outside the defs folder: a `$ref` is
 * `/<file>#/<Type>` naming a file of the defs folder, and nothing else;
 * `..`, absolute paths, URLs and other schemes, backslashes and
 * percent-encoded segments are errors (E033, or E030 for what is no ref at
 * all). Nothing outside `--defs` is read: refs never read files (they are
 * resolved against the files already loaded), subfolders are skipped, and a
 * `*.yaml` entry that is a symbolic link (or a FIFO, socket or device) is
 * refused before anything is read. Every file-system call the generator makes
 * is recorded to prove it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { formatDiagnostic, generate } from "../generator/index";
import { DefsFolderError, readDefs } from "../generator/load/read-defs";
import { runCli, treeHash } from "./helpers/cli";
import { scratchDir } from "./helpers/property";

/** Every ref form that must not reach a file, with the exact diagnostic it gets. */
const REFS: [string, string][] = [
  ["/../secret#/X", 'E033: $ref "/../secret#/X" points outside the defs folder: path segments are not allowed'],
  ["../secret#/X", 'E033: $ref "../secret#/X" points outside the defs folder: path segments are not allowed'],
  ["/a/../secret#/X", 'E033: $ref "/a/../secret#/X" points outside the defs folder: path segments are not allowed'],
  ["/./secret#/X", 'E033: $ref "/./secret#/X" points outside the defs folder: path segments are not allowed'],
  ["/..\\secret#/X", 'E033: $ref "/..\\\\secret#/X" points outside the defs folder: path segments are not allowed'],
  ["\\\\server\\share\\secret#/X", 'E033: $ref "\\\\\\\\server\\\\share\\\\secret#/X" points outside the defs folder: path segments are not allowed'],
  ["/etc/passwd#/X", 'E033: $ref "/etc/passwd#/X" points outside the defs folder: only "/<file>" is allowed before "#"'],
  ["/sub/inner#/X", 'E033: $ref "/sub/inner#/X" points outside the defs folder: only "/<file>" is allowed before "#"'],
  ["/%2e%2e#/X", 'E033: $ref "/%2e%2e#/X" points outside the defs folder: percent-encoded path segments are not allowed'],
  ["/%2E%2E%2Fsecret#/X", 'E033: $ref "/%2E%2E%2Fsecret#/X" points outside the defs folder: percent-encoded path segments are not allowed'],
  ["/sub%2finner#/X", 'E033: $ref "/sub%2finner#/X" points outside the defs folder: percent-encoded path segments are not allowed'],
  ["/..%5csecret#/X", 'E033: $ref "/..%5csecret#/X" points outside the defs folder: percent-encoded path segments are not allowed'],
  ["//evil.example/secret#/X", 'E033: $ref "//evil.example/secret#/X" points outside the defs folder: URLs are not allowed'],
  ["http://evil.example/secret.yaml#/X", 'E033: $ref "http://evil.example/secret.yaml#/X" points outside the defs folder: URLs are not allowed'],
  ["https://evil.example/secret#/X", 'E033: $ref "https://evil.example/secret#/X" points outside the defs folder: URLs are not allowed'],
  ["file:///tmp/secret.yaml#/X", 'E033: $ref "file:///tmp/secret.yaml#/X" points outside the defs folder: URLs are not allowed'],
  ["file:secret#/X", 'E033: $ref "file:secret#/X" points outside the defs folder: URLs are not allowed'],
  ["C:\\secret#/X", 'E033: $ref "C:\\\\secret#/X" points outside the defs folder: URLs are not allowed'],
  ["data:application/yaml,types#/X", 'E033: $ref "data:application/yaml,types#/X" points outside the defs folder: URLs are not allowed'],
  ["javascript:alert(1)#/X", 'E033: $ref "javascript:alert(1)#/X" points outside the defs folder: URLs are not allowed'],
  ["/secret.yaml#/X", 'E030: $ref "/secret.yaml#/X": "secret.yaml" is not a type file name'],
  ["/secret", 'E030: $ref "/secret" is not of the form "/<file>#/<Type>"'],
  ["#/X", 'E030: $ref "#/X" is not of the form "/<file>#/<Type>"'],
  ["~/secret#/X", 'E030: $ref "~/secret#/X" is not of the form "/<file>#/<Type>"'],
  ["/secret#/X/../Y", 'E030: $ref "/secret#/X/../Y" is not of the form "/<file>#/<Type>"'],
  ["/secret#/..", 'E030: $ref "/secret#/..": ".." is not a valid type name'],
  ["/\u2024\u2024#/X", 'E030: $ref "/\u2024\u2024#/X": "\u2024\u2024" is not a type file name'],
];

/** Text that only the files outside the defs folder hold: it must never show up anywhere. */
const MARKER = "SECRET-MARKER-7f3a";
const SECRET = `description: ${MARKER} outside the defs folder\ntypes:\n  X:\n    description: ${MARKER}\n    type: string\n`;

function refsFile(): string {
  const lines = ["description: Refs that try to leave the defs folder", "types:", "  A:", "    description: a", "    type: object", "    properties:"];
  REFS.forEach(([ref], i) => lines.push(`      p${i}:`, `        description: ref ${i}`, `        $ref: ${JSON.stringify(ref)}`));
  return `${lines.join("\n")}\n`;
}

/** The module object itself (not an import namespace), whose functions every `import * as fs` reads at call time. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require("node:fs") as typeof fs;

/** The file-system calls made while `run` runs (their path arguments, resolved). */
async function recordFsPaths<T>(run: () => T | Promise<T>): Promise<{ result: T; paths: string[] }> {
  const paths: string[] = [];
  const names = ["openSync", "readFileSync", "statSync", "lstatSync", "readdirSync", "existsSync", "realpathSync", "accessSync", "readlinkSync", "opendirSync"] as const;
  const spies = names.map((name) => {
    const original = nodeFs[name] as (...args: unknown[]) => unknown;
    return jest.spyOn(nodeFs, name as never).mockImplementation(((...args: unknown[]) => {
      const p = args[0];
      if (typeof p === "string" || Buffer.isBuffer(p) || p instanceof URL) paths.push(path.resolve(p instanceof URL ? p.pathname : String(p)));
      return original.apply(nodeFs, args);
    }) as never);
  });
  try {
    return { result: await run(), paths };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

let scratch: ReturnType<typeof scratchDir>;
let defs: string;
let outside: string;

beforeEach(() => {
  scratch = scratchDir("etg-refs-");
  // <scratch>/secret.yaml is what `/../secret#/X` would name; <scratch>/outside/ holds more.
  defs = path.join(scratch.dir, "defs");
  outside = path.join(scratch.dir, "outside");
  fs.mkdirSync(path.join(defs, "sub"), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(scratch.dir, "secret.yaml"), SECRET);
  fs.writeFileSync(path.join(outside, "secret.yaml"), SECRET);
  fs.writeFileSync(path.join(defs, "sub", "inner.yaml"), SECRET);
  fs.writeFileSync(path.join(defs, "a.yaml"), refsFile());
});
afterEach(() => scratch.remove());

function touchesOutside(paths: readonly string[]): string[] {
  return paths.filter((p) => p === path.join(scratch.dir, "secret.yaml") || p.startsWith(outside) || p.startsWith(path.join(defs, "sub")));
}

test("every escaping ref form is an error with its exact message, and nothing outside the defs folder is read", async () => {
  const { result, paths } = await recordFsPaths(() => generate(readDefs(defs)));
  const errors = result.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
  expect(errors).toEqual(REFS.map(([, message], i) => `defs/a.yaml:${9 + 3 * i}:15: error ${message}`));
  expect(result.files).toEqual([]);
  // The recorder works (it saw the defs folder being read) and saw nothing else.
  expect(paths).toContain(path.join(defs, "a.yaml"));
  expect(touchesOutside(paths)).toEqual([]);
});

test("the CLI prints the same, exits 2, writes nothing and shows nothing of the files outside", () => {
  const out = path.join(scratch.dir, "out");
  // From the folder holding defs/: diagnostics name files relative to the current folder.
  const r = runCli(["generate", "--defs", defs, "--out", out], { cwd: path.dirname(defs) });
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines.slice(0, -1)).toEqual(REFS.map(([, message], i) => `defs/a.yaml:${9 + 3 * i}:15: error ${message}`));
  expect(lines[lines.length - 1]).toBe(`everest-typegen: ${REFS.length} errors, 0 warnings; nothing written`);
  expect(r.stdout + r.stderr).not.toContain(MARKER);
  expect(fs.existsSync(out)).toBe(false);
});

test("a subfolder's files are never read, so a ref into one names no file", async () => {
  fs.writeFileSync(path.join(defs, "a.yaml"), "description: Test types\ntypes:\n  A:\n    description: a\n    type: object\n    $ref: /inner#/X\n");
  const { result, paths } = await recordFsPaths(() => generate(readDefs(defs)));
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([
    'defs/a.yaml:6:11: error E031: $ref "/inner#/X": no type file inner.yaml in the defs folder (referenced from defs/a.yaml)',
  ]);
  expect(touchesOutside(paths)).toEqual([]);
});

describe("symbolic links and other non-regular entries in the defs folder are refused, unread", () => {
  test("a *.yaml symlink to a file outside: readDefs refuses it before opening anything", async () => {
    fs.symlinkSync(path.join(outside, "secret.yaml"), path.join(defs, "evil.yaml"));
    const { paths } = await recordFsPaths(() => {
      expect(() => readDefs(defs)).toThrow(DefsFolderError);
      expect(() => readDefs(defs)).toThrow(
        "defs/evil.yaml is a symbolic link: definition files must be regular files in the defs folder, and nothing outside it is read",
      );
    });
    expect(touchesOutside(paths)).toEqual([]);
  });

  test("the CLI: generate and check exit 2 with one line; nothing is written or shown", () => {
    const out = path.join(scratch.dir, "out");
    fs.writeFileSync(path.join(defs, "a.yaml"), "description: Test types\ntypes:\n  A:\n    description: a\n    type: string\n");
    expect(runCli(["generate", "--defs", defs, "--out", out]).code).toBe(0);
    const before = treeHash(out);
    fs.symlinkSync(path.join(scratch.dir, "secret.yaml"), path.join(defs, "secret.yaml"));
    for (const cmd of ["generate", "check"]) {
      const r = runCli([cmd, "--defs", defs, "--out", out]);
      expect({ cmd, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
        cmd,
        code: 2,
        stderr: "everest-typegen: defs/secret.yaml is a symbolic link: definition files must be regular files in the defs folder, and nothing outside it is read\n",
        stdout: "",
      });
    }
    expect(treeHash(out)).toEqual(before);
  });

  test("a symlink to a folder named like a type file, and a dangling one, are refused too", () => {
    fs.symlinkSync(outside, path.join(defs, "folder.yaml"));
    expect(() => readDefs(defs)).toThrow("defs/folder.yaml is a symbolic link");
    fs.rmSync(path.join(defs, "folder.yaml"));
    fs.symlinkSync(path.join(scratch.dir, "nowhere.yaml"), path.join(defs, "dangling.yml"));
    expect(() => readDefs(defs)).toThrow("defs/dangling.yml is a symbolic link");
  });

  test("links that are not named *.yaml are ignored, like any other file", async () => {
    fs.symlinkSync(path.join(outside, "secret.yaml"), path.join(defs, "notes.txt"));
    const { result, paths } = await recordFsPaths(() => readDefs(defs));
    expect(result.map((f) => f.path)).toEqual(["defs/a.yaml"]);
    expect(touchesOutside(paths)).toEqual([]);
  });

  test("a FIFO named *.yaml is refused at once (reading it would block)", () => {
    const fifo = path.join(defs, "pipe.yaml");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    const started = Date.now();
    const r = runCli(["generate", "--defs", defs, "--out", path.join(scratch.dir, "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("everest-typegen: defs/pipe.yaml is not a regular file\n");
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  test("a symlinked interfaces/ folder is not read by default; --interfaces naming it is the user's choice", () => {
    fs.writeFileSync(path.join(defs, "a.yaml"), "description: Test types\ntypes:\n  A:\n    description: a\n    type: string\n");
    fs.writeFileSync(path.join(outside, "iface.yaml"), `description: ${MARKER}\ncmds: {}\nvars: {}\n`);
    fs.symlinkSync(outside, path.join(defs, "interfaces"));
    const out = path.join(scratch.dir, "out");
    const r = runCli(["generate", "--defs", defs, "--out", out]);
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({
      code: 2,
      stderr: `everest-typegen: ${path.join(defs, "interfaces")} is a symbolic link: the default interfaces folder must be a folder in the defs folder, and nothing outside it is read; pass --interfaces to read interface files from elsewhere\n`,
      stdout: "",
    });
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(path.join(outside, "secret.yaml"));
    expect(runCli(["generate", "--defs", defs, "--interfaces", outside, "--out", out]).code).toBe(0);
  });

  test("--defs naming a symlinked folder or file is the user's own choice, and is followed", () => {
    fs.writeFileSync(path.join(defs, "a.yaml"), "description: Test types\ntypes:\n  A:\n    description: a\n    type: string\n");
    const linkedDir = path.join(scratch.dir, "linked-defs");
    fs.symlinkSync(defs, linkedDir);
    expect(readDefs(linkedDir).map((f) => f.path)).toEqual(["linked-defs/a.yaml"]);
    const linkedFile = path.join(scratch.dir, "one.yaml");
    fs.symlinkSync(path.join(defs, "a.yaml"), linkedFile);
    expect(readDefs(linkedFile).map((f) => f.path)).toEqual(["one.yaml"]);
  });
});
