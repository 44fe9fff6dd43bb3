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

  test("a tampered manifest falls back to the full compare", () => {
    const file = path.join(out, ".everest-typegen-manifest.json");
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    manifest.generator = "0".repeat(64);
    fs.writeFileSync(file, JSON.stringify(manifest));
    const r = runCli(["check", "--defs", DEFS, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(FAST);
    expect(r.stdout).toMatch(/is up to date/);
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

    test("an edit that changes the output is caught", () => {
      const file = path.join(tool, "dist", "generator", "emit", "docs", "docs-text.js");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("There is an extended definition", "There is an extended definiti0n"));
      const r = runTool();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("changed: docs/ocpp.txt");
    });

    test("an edit that leaves the output alone passes by the full compare", () => {
      const file = path.join(tool, "dist", "generator", "emit", "docs", "docs-text.js");
      fs.appendFileSync(file, "\n// a comment\n");
      const r = runTool();
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(FAST);
    });
  });
});
