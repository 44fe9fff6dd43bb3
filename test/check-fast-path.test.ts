/**
 * `check` confirms an unchanged tree from its manifest without loading the
 * emitters; every edit to defs, generator or generated files must still be caught.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT, copyDir, runCli, tempDir } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";

const DEFS = path.join(ROOT, "defs");
const FAST = /confirmed by \.everest-typegen-manifest\.json/;

describe("check fast path", () => {
  let work: string;
  let out: string;
  beforeEach(() => {
    work = tempDir();
    out = path.join(work, "generated");
    // A copy of the tree generate wrote once for the run (manifest included): these tests are about check.
    copyOfDefsTree(out);
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  test("an unchanged tree is confirmed by the manifest", () => {
    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(FAST);
  });

  test("an edited generated file is caught", () => {
    const file = path.join(out, "docs", "ocpp.txt");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.replace("CustomData:object", "CustomData:objecT"));
    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("changed: docs/ocpp.txt");
  });

  test("an extra file is caught", () => {
    fs.writeFileSync(path.join(out, "extra.js"), "");
    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("extra:   extra.js");
  });

  test("a defs edit is caught", () => {
    const defs = path.join(work, "defs");
    copyDir(DEFS, defs);
    const file = path.join(defs, "display_message.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("Message contents", "Message content"));
    const r = runCli(["check", "--defs", defs, "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("changed: docs/display_message.txt");
  });

  test("a tampered manifest is not taken at its word: the full compare finds it, and only it, changed", () => {
    const file = path.join(out, ".everest-typegen-manifest.json");
    for (const field of ["generator", "inputs"]) {
      const before = fs.readFileSync(file);
      const manifest = JSON.parse(before.toString("utf8"));
      manifest[field] = "0".repeat(64);
      fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
      const r = runCli(["check", "--defs", DEFS, "--out", out]);
      expect({ field, code: r.code }).toEqual({ field, code: 1 });
      expect(r.stdout).not.toMatch(FAST);
      expect(r.stdout.split("\n").filter((l) => /^ {2}(changed|missing|extra):/.test(l))).toEqual(["  changed: .everest-typegen-manifest.json"]);
      expect(r.stdout).toContain(`+  "${field}": "`);
      // generate writes it back as it was.
      expect(runCli(["generate", "-q", "--defs", DEFS, "--out", out]).code).toBe(0);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    }
    // With the stat index gone, the full compare confirms the untouched tree.
    fs.rmSync(path.join(out, ".everest-typegen-cache", "stat-index"));
    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(FAST);
    expect(r.stdout).toMatch(/is up to date \(\d+ files\)/);
  });

  describe("with an edited copy of the generator", () => {
    let tool: string;
    beforeEach(() => {
      tool = path.join(work, "tool");
      fs.mkdirSync(tool);
      copyDir(path.join(ROOT, "dist"), path.join(tool, "dist"));
      copyDir(path.join(ROOT, "bin"), path.join(tool, "bin"));
      fs.copyFileSync(path.join(ROOT, "package.json"), path.join(tool, "package.json"));
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tool, "node_modules"), "dir");
    });
    const runTool = (): { code: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, [path.join(tool, "bin", "everest-typegen"), "check", "--defs", DEFS, "--out", out], {
        encoding: "utf8",
      });
      return { code: r.status, stdout: r.stdout };
    };

    test("the generator rewritten on disk while generate runs: the manifest names the code that ran, so check does not confirm the tree", () => {
      // A build finishing just as generate starts: right after the emitters' module is loaded, its file on disk is
      // changed so that the next generator makes no docs/*.txt. The run's output is the old code's.
      const emitters = path.join(tool, "dist", "generator", "emit", "emitters.js");
      const preload = path.join(work, "edit-after-load.js");
      fs.writeFileSync(
        preload,
        [
          'const Module = require("node:module"), fs = require("node:fs");',
          "const load = Module._load;",
          "let done = false;",
          "Module._load = function (request, parent, isMain) {",
          "  const loaded = load.apply(this, arguments);",
          `  if (!done && /emitters(\.js)?$/.test(request) && Module._resolveFilename(request, parent, isMain) === ${JSON.stringify(emitters)}) {`,
          "    done = true;",
          `    fs.writeFileSync(${JSON.stringify(emitters)}, fs.readFileSync(${JSON.stringify(emitters)}, "utf8").replace('{ name: "docs-text"', '// { name: "docs-text"'));`,
          "  }",
          "  return loaded;",
          "};",
        ].join("\n"),
      );
      const fresh = path.join(work, "fresh");
      const g = spawnSync(process.execPath, ["--require", preload, path.join(tool, "bin", "everest-typegen"), "generate", "-q", "--defs", DEFS, "--out", fresh], { encoding: "utf8" });
      expect({ code: g.status, stderr: g.stderr }).toEqual({ code: 0, stderr: "" });
      expect(fs.readFileSync(emitters, "utf8")).toContain('// { name: "docs-text"');
      expect(fs.existsSync(path.join(fresh, "docs", "ocpp.txt"))).toBe(true);
      const r = spawnSync(process.execPath, [path.join(tool, "bin", "everest-typegen"), "check", "--defs", DEFS, "--out", fresh], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stdout).not.toMatch(FAST);
      expect(r.stdout).toContain("extra:   docs/ocpp.txt");
      expect(r.stdout).toContain("changed: .everest-typegen-manifest.json");
    });

    test("an edit that changes the output is caught", () => {
      const file = path.join(tool, "dist", "generator", "emit", "docs", "docs-text.js");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("There is an extended definition", "There is an extended definiti0n"));
      const r = runTool();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("changed: docs/ocpp.txt");
    });

    test("an edit that leaves the package alone changes the manifest, which names the generator: generate would rewrite it", () => {
      const file = path.join(tool, "dist", "generator", "emit", "docs", "docs-text.js");
      fs.appendFileSync(file, "\n// a comment\n");
      const r = runTool();
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(FAST);
      expect(r.stdout.split("\n").filter((l) => /^ {2}(changed|missing|extra):/.test(l))).toEqual(["  changed: .everest-typegen-manifest.json"]);
      expect(r.stdout).toMatch(/^\+ {2}"generator": "[0-9a-f]{64}",$/m);
    });
  });
});
