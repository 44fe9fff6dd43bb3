/**
 * An output folder is hostile: anything may stand where generate wrote a
 * file. `check` reads only regular files, so a FIFO in place of an output
 * file or of the manifest never blocks it (a read of a FIFO with no writer
 * waits forever), and it reads no more of a file than generate made.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, runCli, tempDir } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";

const DEFS = path.join(ROOT, "defs");
const FAST = /confirmed by \.everest-typegen-manifest\.json/;
const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

let work: string;
let out: string;
beforeEach(() => {
  work = tempDir();
  out = path.join(work, "out");
  copyOfDefsTree(out);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function fifo(file: string): void {
  fs.rmSync(file);
  expect(spawnSync("mkfifo", [file]).status).toBe(0);
}

(hasMkfifo ? test : test.skip)("a FIFO in place of an output file is a changed file, found without blocking", () => {
  fifo(path.join(out, "README.md"));
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("changed: README.md");
});

(hasMkfifo ? test : test.skip)("a FIFO in place of the manifest: no fast path, and the full compare decides", () => {
  fifo(path.join(out, ".everest-typegen-manifest.json"));
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.stdout).not.toMatch(FAST);
  // The files are all as generate writes them; the manifest is not part of the compare.
  expect(r.code).toBe(0);
});

test("a file much larger than the one generate writes is a changed file", () => {
  const file = path.join(out, "README.md");
  // Sparse: 3 GiB that takes no room, and more than node's 2 GiB limit of one read.
  fs.truncateSync(file, 3 * 1024 ** 3);
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.stderr).not.toContain("internal error");
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("changed: README.md");
});

test("a file of the right size with other bytes is a changed file", () => {
  const file = path.join(out, "README.md");
  const text = fs.readFileSync(file);
  text[0] = text[0] === 0x41 ? 0x42 : 0x41;
  fs.writeFileSync(file, text);
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("changed: README.md");
});

test("the top node_modules is no part of the package; one deeper is an extra file, which generate would remove", () => {
  fs.mkdirSync(path.join(out, "node_modules", "dep"), { recursive: true });
  fs.writeFileSync(path.join(out, "node_modules", "dep", "index.js"), "module.exports = 1;\n");
  const top = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(top.code).toBe(0);
  fs.mkdirSync(path.join(out, "docs", "node_modules", "dep"), { recursive: true });
  fs.writeFileSync(path.join(out, "docs", "node_modules", "dep", "index.js"), "module.exports = 2;\n");
  const deep = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(deep.code).toBe(1);
  expect(deep.stdout).toContain("extra:   docs/node_modules/dep/index.js");
  expect(runCli(["generate", "-q", "--defs", DEFS, "--out", out]).code).toBe(0);
  expect(fs.existsSync(path.join(out, "docs", "node_modules"))).toBe(false);
  expect(fs.readFileSync(path.join(out, "node_modules", "dep", "index.js"), "utf8")).toBe("module.exports = 1;\n");
});
