/**
 * `--package-name`, `--package-version`, `--package-description` and the
 * `everest-typegen` key of ./package.json, through the real binary: what
 * generate writes, flags winning over the key, bad values refused (exit 2,
 * nothing written), check passing with the same settings and reporting drift
 * with others, on the manifest's fast path too, and `--watch` keeping them.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, ROOT, runCli, tempDir, treeHash, cliEnv, stopProcess } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";

const DEFS = path.join(ROOT, "defs");
const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;
const FAST = /confirmed by \.everest-typegen-manifest\.json/;
const ACME = ["--package-name", "@acme/everest-types", "--package-version", "2.0.0-rc.1", "--package-description", "ACME's EVerest types"];

let work: string;
let out: string;
beforeEach(() => {
  work = tempDir("etg-pkg-");
  out = path.join(work, "out");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const cli = (args: readonly string[]) => runCli(args, { cwd: work });
const generate = (...args: string[]) => cli(["generate", "--defs", DEFS, "--out", out, "-q", ...args]);
const checkOut = (...args: string[]) => cli(["check", "--defs", DEFS, "--out", out, ...args]);
const pkgJson = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8")) as Record<string, unknown>;
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const writeProjectJson = (value: unknown): void => fs.writeFileSync(path.join(work, "package.json"), typeof value === "string" ? value : JSON.stringify(value));

test("the flags name the package in package.json, README and docs; check passes with them (fast path and full) and reports drift without", () => {
  expect(generate(...ACME).code).toBe(0);
  expect(pkgJson()).toMatchObject({ name: "@acme/everest-types", version: "2.0.0-rc.1", description: "ACME's EVerest types" });
  const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
  expect(readme).toMatch(/^# @acme\/everest-types$/m);
  expect(readme).toContain("npm install ./acme-everest-types-2.0.0-rc.1.tgz");
  for (const page of ["docs/ocpp.md", "docs/display_message.md", "docs/interfaces/ocpp.md", "README.md"]) {
    const text = fs.readFileSync(path.join(out, page), "utf8");
    expect(text).toContain('from "@acme/everest-types');
    expect(text).not.toContain("@everest-typegen/types");
  }

  const fast = checkOut(...ACME);
  expect(fast.code).toBe(0);
  expect(fast.stdout).toMatch(FAST);
  // Without the fast path (no stat index): the full compare agrees.
  fs.rmSync(path.join(out, ".everest-typegen-cache", "stat-index"));
  const full = checkOut(...ACME);
  expect(full.code).toBe(0);
  expect(full.stdout).toMatch(/is up to date \(\d+ files\)/);

  const drift = checkOut();
  expect(drift.code).toBe(1);
  expect(drift.stdout).not.toMatch(FAST);
  for (const p of ["package.json", "README.md", "docs/ocpp.md", "docs/interfaces/ocpp.md"]) expect(drift.stdout).toContain(`changed: ${p}`);
  expect(drift.stdout).toContain('+  "name": "@everest-typegen/types",');
  expect(drift.stdout).toContain('-  "name": "@acme/everest-types",');
  // One setting different is drift too.
  const version = checkOut(...ACME.slice(0, 2), "--package-version", "2.0.0", ...ACME.slice(4));
  expect(version.code).toBe(1);
  expect(version.stdout).toContain("changed: package.json");
  expect(version.stdout).toContain('+  "version": "2.0.0",');
});

test("a default tree fails check with other settings, although its manifest matches the inputs and the files", () => {
  // The default tree: what `generate --defs defs` writes with no settings, made once for the run.
  copyOfDefsTree(out);
  expect(checkOut().stdout).toMatch(FAST);
  const r = checkOut("--package-description", "Other words");
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("changed: package.json");
  expect(r.stdout).toContain('+  "description": "Other words",');
});

test("the everest-typegen key of ./package.json sets them; check reads it too", () => {
  writeProjectJson({ name: "my-project", version: "9.9.9", "everest-typegen": { packageName: "acme-types", packageVersion: "1.4.0", packageDescription: "From the key" } });
  expect(generate().code).toBe(0);
  expect(pkgJson()).toMatchObject({ name: "acme-types", version: "1.4.0", description: "From the key" });
  expect(fs.readFileSync(path.join(out, "docs", "ocpp.md"), "utf8")).toContain('from "acme-types/ocpp"');
  const r = checkOut();
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(FAST);
  // The project's own name and version are not the package's.
  writeProjectJson({ name: "my-project", version: "9.9.9" });
  expect(checkOut().code).toBe(1);
  expect(generate().code).toBe(0);
  expect(pkgJson()).toMatchObject({ name: "@everest-typegen/types", version: "0.1.0" });
});

test("flags win over the key, one by one", () => {
  writeProjectJson({ "everest-typegen": { packageName: "acme-types", packageVersion: "1.4.0", packageDescription: "From the key" } });
  expect(generate("--package-version", "5.0.0").code).toBe(0);
  expect(pkgJson()).toMatchObject({ name: "acme-types", version: "5.0.0", description: "From the key" });
  expect(checkOut("--package-version", "5.0.0").stdout).toMatch(FAST);
  expect(checkOut().code).toBe(1);
  // A bad value in the file does not count when a flag replaces it.
  writeProjectJson({ "everest-typegen": { packageName: "Bad Name" } });
  expect(generate("--package-name", "good-name").code).toBe(0);
  expect(pkgJson()).toMatchObject({ name: "good-name" });
});

describe("bad values: every problem on its own line, exit 2, nothing written", () => {
  const refused = (args: readonly string[], lines: readonly RegExp[]): void => {
    for (const command of ["generate", "check"]) {
      const before = treeHash(work);
      const r = cli([command, "--defs", DEFS, "--out", out, ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const got = r.stderr.trimEnd().split("\n");
      expect(got).toHaveLength(lines.length);
      lines.forEach((l, i) => expect(got[i]).toMatch(l));
      expect(treeHash(work)).toEqual(before);
      expect(fs.existsSync(out)).toBe(false);
    }
  };

  test.each([
    ["Capital", /capital letters/],
    ["", /cannot be empty/],
    ["a".repeat(215), /at most 214 characters/],
    [".dot", /cannot start with a period or an underscore/],
    ["_under", /cannot start with a period or an underscore/],
    ["has space", /spaces/],
    ["caf\u00e9", /URL-safe/],
    ["@scope", /@scope\/name/],
    ["a/b", /slash unless it is scoped/],
    ["fs", /reserves/],
  ])("--package-name %j", (name, message) => {
    refused(["--package-name", name], [new RegExp(`^everest-typegen: --package-name ${escapeRegExp(JSON.stringify(name))}: .*${message.source}`)]);
  });

  test.each([
    ["1.2", /semver/],
    ["v1.2.3", /without a leading "v"/],
    ["01.0.0", /semver/],
    ["1.0.0-", /semver/],
  ])("--package-version %j", (version, message) => {
    refused(["--package-version", version], [new RegExp(`^everest-typegen: --package-version ${escapeRegExp(JSON.stringify(version))}: .*${message.source}`)]);
  });

  test.each([
    ["two\nlines", /^everest-typegen: --package-description "two\\nlines": .*U\+000A/],
    ["bell\u0007", /^everest-typegen: --package-description "bell\\u0007": .*U\+0007/],
    ["x".repeat(501), /at most 500 characters/],
    ["  ", /cannot be empty/],
  ])("--package-description %j", (description, message) => {
    refused(["--package-description", description], [message]);
  });

  test("all three at once", () => {
    refused(["--package-name", "A", "--package-version", "1", "--package-description", "a\rb"], [/--package-name "A"/, /--package-version "1"/, /--package-description "a\\rb"/]);
  });

  test("in the package.json key, named by file and key", () => {
    writeProjectJson({ "everest-typegen": { packageName: "Bad", packageVersion: "1.0" } });
    refused([], [/^everest-typegen: package\.json: "everest-typegen"\.packageName "Bad": .*capital letters/, /^everest-typegen: package\.json: "everest-typegen"\.packageVersion "1\.0": .*semver/]);
  });

  test("a package.json key of the wrong shape", () => {
    writeProjectJson({ "everest-typegen": { packageName: 1, pkgName: "x" } });
    refused([], [/"everest-typegen"\.packageName: must be a string/, /"everest-typegen"\.pkgName: unknown key \(known: packageName, packageVersion, packageDescription\)/]);
    writeProjectJson({ "everest-typegen": ["x"] });
    refused([], [/"everest-typegen" must be an object/]);
  });

  test("a package.json that is not JSON", () => {
    writeProjectJson("{ nope");
    refused([], [/^everest-typegen: package\.json: not valid JSON/]);
  });

  // Not through `refused`: hashing the folder would read the FIFO. runCli gives up after 60 s, failing the test.
  test.each([
    ["a FIFO", (file: string) => expect(spawnSync("mkfifo", [file]).status).toBe(0), hasMkfifo],
    ["a link to a device that never ends", (file: string) => fs.symlinkSync("/dev/zero", file), fs.existsSync("/dev/zero")],
  ] as const)("a package.json that is %s: refused at once, never read", (_kind, make, possible) => {
    if (!possible) return;
    make(path.join(work, "package.json"));
    for (const command of ["generate", "check"]) {
      const r = cli([command, "--defs", DEFS, "--out", out]);
      expect({ command, code: r.code, stdout: r.stdout }).toEqual({ command, code: 2, stdout: "" });
      expect(r.stderr).toBe('everest-typegen: package.json: not a regular file (read for the "everest-typegen" key)\n');
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  test("a package.json that is a link to one is read through it: it is the project's", () => {
    const real = path.join(work, "real.json");
    fs.writeFileSync(real, JSON.stringify({ "everest-typegen": { packageName: "linked-types" } }));
    fs.symlinkSync(real, path.join(work, "package.json"));
    expect(generate().code).toBe(0);
    expect(pkgJson()).toMatchObject({ name: "linked-types" });
  });
});

test("--help lists the flags on generate and check", () => {
  for (const command of ["generate", "check"]) {
    const r = cli([command, "--help"]);
    for (const flag of ["--package-name <name>", "--package-version <version>", "--package-description <text>"]) expect(r.stdout).toContain(flag);
  }
});

describe("--watch", () => {
  let child: ChildProcess | undefined;
  // Before the file's afterEach removes the folder the watch writes into.
  afterEach(async () => {
    if (child !== undefined) await stopProcess(child);
    child = undefined;
  });

  test("keeps the settings on every run", async () => {
    const defs = path.join(work, "defs");
    fs.mkdirSync(defs);
    const typeFile = (d: string): string => `description: Test types\ntypes:\n  A:\n    description: ${d}\n    type: string\n`;
    fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("first"));
    writeProjectJson({ "everest-typegen": { packageDescription: "From the key" } });
    let stderr = "";
    let stdout = "";
    child = spawn(process.execPath, [BIN, "generate", "--watch", "--defs", defs, "--out", out, "--package-name", "watched-types"], { cwd: work, env: cliEnv() });
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const docs = (): string => {
      try {
        return fs.readFileSync(path.join(out, "docs", "x.md"), "utf8");
      } catch {
        return "";
      }
    };
    const until = async (cond: () => boolean): Promise<void> => {
      // A wait, not a bound: 60 s lets a loaded machine's generate finish; a watch that never regenerates still fails.
      const end = Date.now() + 60_000;
      while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect({ ok: cond(), stderr }).toEqual({ ok: true, stderr });
    };
    await until(() => docs().includes("first"));
    expect(pkgJson()).toMatchObject({ name: "watched-types", description: "From the key" });
    // The watch is armed after the first run, when "watching" is printed: a save before that is not heard
    // (on a loaded machine the test could get there first, as cli-watch.test.ts knows).
    await until(() => stdout.includes("watching"));
    fs.writeFileSync(path.join(defs, "x.yaml"), typeFile("second"));
    await until(() => docs().includes("second"));
    expect(pkgJson()).toMatchObject({ name: "watched-types", version: "0.1.0", description: "From the key" });
    expect(docs()).toContain('from "watched-types/x"');
  });
});
