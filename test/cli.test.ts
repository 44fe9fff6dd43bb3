import * as fs from "node:fs";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { BIN, ROOT, copyDir, runCli, tempDir, treeHash, type CliResult, cliEnv, stopProcess } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";

const DEFS = path.join(ROOT, "defs");
const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;

describe("everest-typegen CLI", () => {
  let work: string;
  let out: string;

  beforeEach(() => {
    work = tempDir();
    out = path.join(work, "generated");
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  /** `generate --defs defs` into a new folder of its own, run on first use: the run the next two tests look at. */
  let fresh: { out: string; r: CliResult } | undefined;
  const freshGenerate = (): { out: string; r: CliResult } => {
    if (fresh === undefined) {
      const dir = path.join(tempDir(), "generated");
      fresh = { out: dir, r: runCli(["generate", "--defs", DEFS, "--out", dir]) };
    }
    return fresh;
  };
  afterAll(() => {
    if (fresh !== undefined) fs.rmSync(path.dirname(fresh.out), { recursive: true, force: true });
  });

  test("--help lists the commands and exit codes; --version prints the version", () => {
    const help = runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const cmd of ["generate", "check", "validate"]) expect(help.stdout).toContain(cmd);
    expect(help.stdout).toContain("Exit codes: 0 success, 1 drift");
    const version = runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  });

  test("usage errors exit 2 with one line and no stack trace", () => {
    for (const args of [["frobnicate"], ["generate", "--nope"], ["validate"]]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: /);
    }
  });

  test("generate writes the package, prints a one-line summary, and is byte-identical on a second run", () => {
    const { out, r } = freshGenerate();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^everest-typegen: wrote \d+ files \(38 types from 2 files, 1 interface with 7 commands and 6 vars, 1 error file with 3 errors\) to .+ in \d+ ms; \d+ warnings \(--quiet hides them, --strict makes them fail\)\n$/);
    // All but check's stat index, which records the files' inodes and times (generator/write/stat-index.ts).
    const files = (): Record<string, string> => Object.fromEntries(Object.entries(treeHash(out)).filter(([p]) => p !== ".everest-typegen-cache/stat-index"));
    const first = files();
    expect(Object.keys(first)).toContain("docs/ocpp.txt");
    expect(runCli(["generate", "--defs", DEFS, "--out", out]).code).toBe(0);
    expect(files()).toEqual(first);
  });

  test("generate prints warnings in file:line:col form on stderr", () => {
    const { r } = freshGenerate();
    expect(r.stderr).toContain("defs/ocpp.yaml:189:9: warning W101: `maximum` has no effect on a value of type string");
  });

  test("generate removes files no longer produced", () => {
    // A copy of the tree generate wrote once for the run (generate writing it: the tests above).
    copyOfDefsTree(out);
    fs.writeFileSync(path.join(out, "stale.js"), "old\n");
    expect(runCli(["generate", "--defs", DEFS, "--out", out]).code).toBe(0);
    expect(fs.existsSync(path.join(out, "stale.js"))).toBe(false);
  });

  test("a failed generate reports every error, exits 2, and leaves the output untouched", () => {
    copyOfDefsTree(out);
    const before = treeHash(out);
    const defs = path.join(work, "defs");
    copyDir(DEFS, defs);
    const ocpp = path.join(defs, "ocpp.yaml");
    fs.writeFileSync(ocpp, fs.readFileSync(ocpp, "utf8").replace("type: integer", "type: intger").replace("/ocpp#/EVSE", "/ocpp#/Nope"));
    // Run from the folder holding defs/, so diagnostics name the files relative to it.
    const r = runCli(["generate", "--defs", defs, "--out", out], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^defs\/ocpp\.yaml:\d+:\d+: error E020: invalid type "intger" \(did you mean "integer"\?\)/m);
    expect(r.stderr).toMatch(/^defs\/ocpp\.yaml:\d+:\d+: error E032: \$ref "\/ocpp#\/Nope": ocpp\.yaml has no type "Nope"$/m);
    expect(r.stderr).toMatch(/nothing written/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(treeHash(out)).toEqual(before);
  });

  test("a missing defs folder is a one-line error with exit 2", () => {
    const r = runCli(["generate", "--defs", path.join(work, "absent"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^everest-typegen: .*absent: no such file or directory/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test("--out in folders that do not exist yet: generate makes them; what is in the way is a one-line error", () => {
    const nested = path.join(work, "build", "a", "types");
    const r = runCli(["generate", "--defs", DEFS, "--out", nested, "-q"]);
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringMatching(STACK_TRACE)]);
    expect(fs.readdirSync(path.join(work, "build", "a"))).toEqual(["types"]);
    expect(runCli(["check", "--defs", DEFS, "--out", nested]).code).toBe(0);
    // A dangling link where a folder above --out should be: nothing is made through it, nor beside it.
    fs.symlinkSync(path.join(work, "nowhere"), path.join(work, "dangling"));
    const before = fs.readdirSync(work).sort();
    const blocked = runCli(["generate", "--defs", DEFS, "--out", path.join(work, "dangling", "sub", "types")]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^everest-typegen: .*dangling\/sub\/types: cannot make the folders it goes in \(a link in the way leads nowhere: .*dangling\/sub\)$/)]);
    expect(fs.readdirSync(work).sort()).toEqual(before);
    expect(fs.readlinkSync(path.join(work, "dangling"))).toBe(path.join(work, "nowhere"));
    expect(fs.existsSync(path.join(work, "nowhere"))).toBe(false);
  });

  describe("check", () => {
    // A copy of the tree generate wrote once for the run: these tests are about check, and generate itself is tested above.
    beforeEach(() => copyOfDefsTree(out));

    test("exits 0 on an up-to-date tree", () => {
      const r = runCli(["check", "--defs", DEFS, "--out", out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/is up to date/);
    });

    test("reports a changed file with a unified diff, and writes nothing", () => {
      const file = path.join(out, "docs", "ocpp.txt");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("Custom data extension", "Custom data extension!"));
      const before = treeHash(out);
      const r = runCli(["check", "--defs", DEFS, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("  changed: docs/ocpp.txt");
      expect(r.stdout).toContain("--- a/docs/ocpp.txt");
      expect(r.stdout).toContain("-Custom data extension!");
      expect(r.stdout).toContain("+Custom data extension");
      expect(treeHash(out)).toEqual(before);
    });

    test("reports missing and extra (orphan) files", () => {
      fs.rmSync(path.join(out, "docs", "display_message.txt"));
      fs.writeFileSync(path.join(out, "docs", "orphan.txt"), "x\n");
      const r = runCli(["check", "--defs", DEFS, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("  missing: docs/display_message.txt");
      expect(r.stdout).toContain("  extra:   docs/orphan.txt");
    });

    test("a defs edit is drift", () => {
      const defs = path.join(work, "defs");
      copyDir(DEFS, defs);
      const ocpp = path.join(defs, "ocpp.yaml");
      fs.writeFileSync(ocpp, fs.readFileSync(ocpp, "utf8").replace("Custom data extension", "Custom data extension v2"));
      const r = runCli(["check", "--defs", defs, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("changed: docs/ocpp.txt");
    });

    test("broken defs exit 2", () => {
      const defs = path.join(work, "defs");
      copyDir(DEFS, defs);
      fs.writeFileSync(path.join(defs, "ocpp.yaml"), "description: x\n");
      const r = runCli(["check", "--defs", defs, "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error E013/);
    });
  });

  test("errors and warnings are never coloured when NO_COLOR is set or output is not a TTY", () => {
    const r = runCli(["generate", "--defs", DEFS, "--out", out], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    expect(r.stderr).not.toContain("\u001b[");
  });

  describe("validate", () => {
    const GOOD = { status: "Accepted", current_time: "2024-11-07T10:00:00Z", interval: 300 };
    const BAD = { status: "Maybe", current_time: "2024-11-07 10:00:00Z", interval: 1.5, extra: true };
    let good: string;
    let bad: string;
    beforeEach(() => {
      // A copy of the tree generate wrote once for the run: these tests are about validate.
      copyOfDefsTree(out);
      good = path.join(work, "good.json");
      bad = path.join(work, "bad.json");
      fs.writeFileSync(good, JSON.stringify(GOOD));
      fs.writeFileSync(bad, JSON.stringify(BAD));
    });

    test("valid documents exit 0, in both ref forms", () => {
      for (const ref of ["ocpp/BootNotificationResponse", "/ocpp#/BootNotificationResponse"]) {
        const r = runCli(["validate", ref, good, "--out", out]);
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(`${good}: valid ${ref}\n`);
      }
    });

    test("an invalid document exits 1 and lists every problem with its JSON Pointer", () => {
      const r = runCli(["validate", "ocpp/BootNotificationResponse", good, bad, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(
        [
          `${good}: valid ocpp/BootNotificationResponse`,
          `${bad}: invalid ocpp/BootNotificationResponse`,
          "  /status: must be one of Accepted, Pending, Rejected",
          "  /current_time: must be an RFC 3339 date-time such as 2024-11-07T10:00:00Z",
          "  /interval: must be integer",
          "",
        ].join("\n"),
      );
    });

    test("closed objects report the extra property by its pointer", () => {
      const r = runCli(["validate", "ocpp/KeyValue", "-", "--out", out], { input: '{"key":"k","read_only":true,"extra":1}' });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("<stdin>: invalid ocpp/KeyValue\n  /extra: property is not allowed\n");
    });

    test("standard input is read when no file is given", () => {
      const r = runCli(["validate", "display_message/MessageContent", "--out", out], { input: '{"content":"hi","format":"UTF8"}' });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe("<stdin>: valid display_message/MessageContent\n");
    });

    test("an unknown type, an unreadable file and invalid JSON exit 2 with one line", () => {
      const unknown = runCli(["validate", "ocpp/Nope", good, "--out", out]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^everest-typegen: unknown type "ocpp\/Nope"/);
      const missing = runCli(["validate", "ocpp/EVSE", path.join(work, "absent.json"), "--out", out]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/absent\.json: cannot read: no such file or directory/);
      const broken = runCli(["validate", "ocpp/EVSE", "--out", out], { input: "{ nope" });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/^everest-typegen: <stdin>:1:3: invalid JSON: /);
      for (const r of [unknown, missing, broken]) {
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(r.stdout).toBe("");
      }
    });

    test("validate never writes", () => {
      const before = treeHash(out);
      runCli(["validate", "ocpp/BootNotificationResponse", good, bad, "--out", out]);
      expect(treeHash(out)).toEqual(before);
    });
  });

  test("generate --watch regenerates on a change and keeps running on errors", async () => {
    const defs = path.join(work, "defs");
    copyDir(DEFS, defs);
    fs.rmSync(path.join(defs, "interfaces"), { recursive: true, force: true });
    const child = spawn(process.execPath, [BIN, "generate", "--watch", "--defs", defs, "--out", out], {
      env: cliEnv(),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const until = async (cond: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(cond()).toBe(true);
    };
    try {
      await until(() => stdout.includes("watching"));
      const ocpp = path.join(defs, "ocpp.yaml");
      const text = fs.readFileSync(ocpp, "utf8");
      fs.writeFileSync(ocpp, text.replace("type: integer", "type: intger"));
      await until(() => stderr.includes("error E020"));
      fs.writeFileSync(ocpp, text.replace("Custom data extension", "Custom data extension (watched)"));
      await until(() => fs.readFileSync(path.join(out, "docs", "ocpp.txt"), "utf8").includes("(watched)"));
      expect(child.exitCode).toBeNull();
    } finally {
      // Before afterEach removes the folder the watch writes into.
      await stopProcess(child);
    }
  });
});
