/**
 * An output folder is hostile: anything may stand where generate wrote a
 * file. `check` reads only regular files, so a FIFO in place of an output
 * file or of the manifest never blocks it (a read of a FIFO with no writer
 * waits forever), and it reads no more of a file than generate made.
 */
import * as fs from "node:fs";
import * as os from "node:os";
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

(hasMkfifo ? test : test.skip)("a FIFO in place of the manifest: no fast path, and not up to date, as generate would refuse the folder", () => {
  fifo(path.join(out, ".everest-typegen-manifest.json"));
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.stdout).not.toMatch(FAST);
  // The files are all as generate writes them, but without a manifest of its own generate refuses to replace the folder.
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/would refuse to replace it: .*is not a manifest that everest-typegen writes/);
  expect(runCli(["generate", "-q", "--defs", DEFS, "--out", out]).code).toBe(2);
});

describe("a folder generate would refuse to replace is never up to date, though its files are all generate's", () => {
  const REFUSED = /^everest-typegen: .* is out of date, and `everest-typegen generate` would refuse to replace it: /;
  const expectRefused = (dir: string, why: RegExp): void => {
    const r = runCli(["check", "--defs", DEFS, "--out", dir]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" });
    expect(r.stdout).toMatch(REFUSED);
    expect(r.stdout).toMatch(why);
    // Only that line: no file differs.
    expect(r.stdout.split("\n").filter((l) => l !== "")).toHaveLength(1);
    const g = runCli(["generate", "-q", "--defs", DEFS, "--out", dir]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(why);
  };

  test("the manifest removed", () => {
    fs.rmSync(path.join(out, ".everest-typegen-manifest.json"));
    expectRefused(out, /it has no \.everest-typegen-manifest\.json/);
  });

  test("a manifest that is not one", () => {
    fs.writeFileSync(path.join(out, ".everest-typegen-manifest.json"), "garbage\n");
    expectRefused(out, /is not a manifest that everest-typegen writes/);
  });

  test("--out a symbolic link to a tree generate wrote: refused on the fast path too, written `link/` or `link/.` as well", () => {
    const link = path.join(work, "link");
    fs.symlinkSync(out, link);
    expect(runCli(["check", "--defs", DEFS, "--out", out]).stdout).toMatch(FAST);
    for (const given of [link, `${link}/`, `${link}/.`]) expectRefused(given, /is a symbolic link/);
  });

  test("--out a symbolic link to a file, or a file: refused, not read as a folder", () => {
    const file = path.join(work, "afile");
    fs.writeFileSync(file, "x\n");
    const link = path.join(work, "flink");
    fs.symlinkSync(file, link);
    expectRefused(link, /is a symbolic link/);
    expectRefused(file, /exists and is not a folder/);
  });
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

test("a top node_modules that is a link, working or dangling, or a file: no part of the package, and kept by generate as it is", () => {
  const elsewhere = path.join(work, "modules");
  fs.mkdirSync(elsewhere);
  const nm = path.join(out, "node_modules");
  for (const [kind, make] of [
    ["a link to a folder", () => fs.symlinkSync(elsewhere, nm)],
    ["a dangling link", () => fs.symlinkSync(path.join(work, "not-installed-yet"), nm)],
    ["a file", () => fs.writeFileSync(nm, "x\n")],
  ] as const) {
    fs.rmSync(nm, { recursive: true, force: true });
    make();
    const before = fs.lstatSync(nm);
    const checked = runCli(["check", "--defs", DEFS, "--out", out]);
    expect({ kind, code: checked.code, stdout: checked.stdout }).toMatchObject({ kind, code: 0 });
    expect({ kind, code: runCli(["generate", "-q", "--defs", DEFS, "--out", out]).code }).toEqual({ kind, code: 0 });
    const after = fs.lstatSync(nm);
    expect({ kind, ino: after.ino, link: after.isSymbolicLink() }).toEqual({ kind, ino: before.ino, link: before.isSymbolicLink() });
  }
  // And after generate, with the last of them in place.
  expect(runCli(["check", "--defs", DEFS, "--out", out]).code).toBe(0);
});

test("an empty folder in the output is extra, on the fast path too, and generate removes it", () => {
  fs.mkdirSync(path.join(out, "evil", "deeper"), { recursive: true });
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.code).toBe(1);
  expect(r.stdout).not.toMatch(FAST);
  expect(r.stdout).toContain("extra:   evil/deeper/");
  expect(runCli(["generate", "-q", "--defs", DEFS, "--out", out]).code).toBe(0);
  expect(fs.existsSync(path.join(out, "evil"))).toBe(false);
  expect(runCli(["check", "--defs", DEFS, "--out", out]).code).toBe(0);
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

test("a changed file with nothing in common with generate's: named without a diff, at once", () => {
  // 200,000 short lines in place of a file of a few thousand: a line diff of the two took 35 s.
  const file = path.join(out, "internal", "validators", "ocpp.js");
  fs.writeFileSync(file, Array.from({ length: 200_000 }, (_, i) => i.toString(16)).join("\n") + "\n");
  const t0 = Date.now();
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("changed: internal/validators/ocpp.js");
  expect(r.stdout).toContain("(no diff of internal/validators/ocpp.js: more than 2000 lines differ)");
  // A bound well above a check's few seconds, well below the minute the diff took.
  expect(Date.now() - t0).toBeLessThan(20_000);
});

test("every file rewritten: each named, the first diffs shown, and one line for the files left without a diff", () => {
  // Each file's lines reversed: nearly every line of the tree changes.
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(out, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== ".everest-typegen-cache") walk(rel);
      } else if (rel !== ".everest-typegen-manifest.json") files.push(rel);
    }
  };
  walk("");
  for (const f of files) fs.writeFileSync(path.join(out, f), fs.readFileSync(path.join(out, f), "utf8").split("\n").reverse().join("\n"));
  const r = runCli(["check", "--defs", DEFS, "--out", out]);
  expect(r.code).toBe(1);
  const lines = r.stdout.split("\n");
  for (const f of files) expect(lines).toContain(`  changed: ${f}`);
  const shown = lines.filter((l) => l.startsWith("--- a/")).length;
  expect(shown).toBeGreaterThan(0);
  // The report's diffs stop at 10,000 changed lines; the last line says how many files went without one.
  const changed = lines.filter((l) => /^[-+](?![-+]{2} [ab]\/)/.test(l)).length;
  expect(changed).toBeLessThanOrEqual(10_000);
  const tooMany = lines.filter((l) => l.includes("lines differ)")).length;
  expect(lines.filter((l) => l !== "").pop()).toBe(`  (no diff of ${files.length - shown - tooMany} more changed files: the report's diffs are at their bound of 10000 changed lines)`);
});

test("an --out inside --defs is refused by check as by generate (exit 2), never judged up to date", () => {
  const defs = path.join(work, "defs");
  fs.cpSync(DEFS, defs, { recursive: true });
  const inside = path.join(defs, "out");
  fs.renameSync(out, inside);
  for (const command of ["check", "generate"]) {
    const r = runCli([command, "--defs", defs, "--out", inside]);
    expect({ command, code: r.code, stdout: r.stdout }).toEqual({ command, code: 2, stdout: "" });
    expect(r.stderr).toMatch(/^everest-typegen: --out .* lies inside --defs .*: the generated files would be read as input by the next run; choose an --out outside it\n$/);
  }
});

test("--out named through a link and `..` (`X/L/../C`) is the folder generate writes (X/C), and its stat index is that folder's", () => {
  // The system reads X/L/../C as the parent of L's target; generate and check, as path.resolve does, as X/C.
  const real = path.join(work, "real");
  const x = path.join(work, "X");
  fs.mkdirSync(path.join(real, "anything"), { recursive: true });
  fs.mkdirSync(x);
  fs.symlinkSync(path.join(real, "anything"), path.join(x, "L"));
  const given = `${path.join(x, "L")}/../C`;
  // A genuine package with its stat index at real/C, and a copy of it at X/C with one file edited and no cache folder.
  expect(runCli(["generate", "-q", "--defs", DEFS, "--out", path.join(real, "C")]).code).toBe(0);
  fs.cpSync(path.join(real, "C"), path.join(x, "C"), { recursive: true });
  fs.rmSync(path.join(x, "C", ".everest-typegen-cache"), { recursive: true });
  fs.appendFileSync(path.join(x, "C", "README.md"), "edited\n");
  const r = runCli(["check", "--defs", DEFS, "--out", given]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("changed: README.md");
  // generate writes X/C, and the index it leaves there confirms it on the fast path.
  expect(runCli(["generate", "-q", "--defs", DEFS, "--out", given]).code).toBe(0);
  expect(fs.readFileSync(path.join(x, "C", "README.md"), "utf8")).not.toContain("edited");
  const again = runCli(["check", "--defs", DEFS, "--out", given]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(FAST);
  const direct = runCli(["check", "--defs", DEFS, "--out", path.join(x, "C")]);
  expect(direct.stdout).toMatch(FAST);
});

// Root reads any folder, so as root the CLI runs as `nobody` (util-linux's setpriv); as anyone else, as itself.
const asRoot = process.getuid?.() === 0;
const canDropRoot = asRoot && spawnSync("setpriv", ["--version"]).status === 0;
if (asRoot && !canDropRoot) console.log("check-special-files: the unreadable-folder test skipped, running as root without setpriv (util-linux)");
(process.getuid === undefined || (asRoot && !canDropRoot) ? test.skip : test)("a folder of the output that cannot be listed is unreadable: out of date (exit 1), not bad input, and generate replaces it", () => {
  const NOBODY = 65534;
  const key = path.join(work, "key");
  fs.mkdirSync(key);
  const env = { HOME: work, EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: key, EVEREST_TYPEGEN_COMPILE_CACHE: "0", NO_COLOR: "1", PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
  const run = (args: readonly string[]): { code: number | null; stdout: string; stderr: string } => {
    const argv = [process.execPath, path.join(ROOT, "bin", "everest-typegen"), ...args];
    const r = canDropRoot
      ? spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...argv], { cwd: work, env, encoding: "utf8", timeout: 60_000 })
      : spawnSync(argv[0]!, argv.slice(1), { cwd: work, env, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  if (canDropRoot) {
    // The run's folders are root's (0700): nobody may pass through them, and owns this test's.
    for (let dir = path.dirname(work); dir.startsWith(os.tmpdir()); dir = path.dirname(dir)) fs.chmodSync(dir, fs.statSync(dir).mode | 0o111);
    for (const p of [work, ...walk(work)]) fs.lchownSync(p, NOBODY, NOBODY);
  }
  expect(run(["generate", "-q", "--defs", DEFS, "--out", out]).code).toBe(0);
  fs.chmodSync(path.join(out, "schemas"), 0);
  const r = run(["check", "--defs", DEFS, "--out", out]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "" });
  expect(r.stdout.split("\n").filter((l) => /^ {2}\w+:/.test(l))).toEqual(["  unreadable: schemas/ (a folder check may not list; generate replaces it)"]);
  expect(run(["generate", "-q", "--defs", DEFS, "--out", out]).code).toBe(0);
  expect(run(["check", "--defs", DEFS, "--out", out]).code).toBe(0);
  fs.chmodSync(work, 0o700);
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? [p, ...walk(p)] : [p];
  });
}
