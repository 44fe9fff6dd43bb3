/**
 * Nothing of the user's is ever deleted (issue 13): an input inside the
 * output folder (or the output inside an input) is refused before anything is
 * written, and only staging and backup folders this tool provably made are
 * ever removed, whatever their names. Through the real binary.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli, tempDir, treeHash } from "./helpers/cli";
import { generatedOnce } from "./helpers/shared-trees";
import { MANIFEST_PATH } from "../generator/write/manifest";
import { STAGING_MARKER, stageTree } from "../generator/write/tree";

const A_FILE = "description: Test types\ntypes:\n  A:\n    description: a\n    type: string\n";
const IFACE = "description: An interface\ncmds:\n  go:\n    description: Goes\n";
const ERRORS = "description: Errors\nerrors:\n  - name: Broken\n    description: It broke\n";

/** What `generate --defs defs --out out` writes for defs/a.yaml = A_FILE. */
const earlierOutput = generatedOnce({ "a.yaml": A_FILE });
afterAll(() => earlierOutput.remove());

let work: string;
beforeEach(() => {
  work = tempDir("etg-files-");
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function write(rel: string, content: string): string {
  const p = path.join(work, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

function expectRefused(args: string[], message: RegExp): void {
  const before = treeHash(work);
  const r = runCli(args, { cwd: work });
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(treeHash(work)).toEqual(before);
}

describe("inputs and the output folder never overlap", () => {
  beforeEach(() => {
    // An earlier output folder, as generate left it (generated once for the file, a copy per test).
    write("defs/a.yaml", A_FILE);
    earlierOutput.copyTo(path.join(work, "out"));
  });

  test("--defs inside the output folder: refused, and the definitions are still there", () => {
    write("out/mydefs/a.yaml", A_FILE);
    expectRefused(["generate", "--defs", "out/mydefs", "--out", "out"], /^everest-typegen: --defs out\/mydefs lies inside the output folder --out out, which every run replaces as a whole: it would be deleted/);
    expect(fs.readFileSync(path.join(work, "out/mydefs/a.yaml"), "utf8")).toBe(A_FILE);
  });

  test("a single --defs file inside the output folder", () => {
    write("out/one.yaml", A_FILE);
    expectRefused(["generate", "--defs", "out/one.yaml", "--out", "out"], /--defs out\/one\.yaml lies inside the output folder/);
  });

  test("--interfaces and --errors inside the output folder", () => {
    write("out/ifaces/go.yaml", IFACE);
    write("out/errs/e.yaml", ERRORS);
    expectRefused(["generate", "--defs", "defs", "--interfaces", "out/ifaces", "--out", "out"], /--interfaces out\/ifaces lies inside the output folder/);
    expectRefused(["generate", "--defs", "defs", "--errors", "out/errs", "--out", "out"], /--errors out\/errs lies inside the output folder/);
  });

  test("--everest whose types/ folder is inside the output folder", () => {
    write("out/ev/types/a.yaml", A_FILE);
    expectRefused(["generate", "--everest", "out/ev", "--out", "out"], /--everest out\/ev\/types lies inside the output folder/);
  });

  test("the output folder inside an input, or the same folder", () => {
    expectRefused(["generate", "--defs", "defs", "--out", "defs/generated"], /--out defs\/generated lies inside --defs defs: the generated files would be read as input/);
    expectRefused(["generate", "--defs", "defs", "--out", "defs"], /--defs defs and --out defs are the same folder/);
    expectRefused(["generate", "--defs", "defs", "--out", "./defs/"], /are the same folder/);
  });

  test("a symbolic link cannot hide the overlap", () => {
    write("out/mydefs/a.yaml", A_FILE);
    // The links live outside the folder whose hash proves nothing was written.
    const links = tempDir("etg-links-");
    try {
      fs.symlinkSync(path.join(work, "out", "mydefs"), path.join(links, "linked-defs"));
      fs.symlinkSync(path.join(work, "out"), path.join(links, "out-link"));
      expectRefused(["generate", "--defs", path.join(links, "linked-defs"), "--out", "out"], /--defs \S*linked-defs lies inside the output folder --out out/);
      expectRefused(["generate", "--defs", "out/mydefs", "--out", path.join(links, "out-link")], /--defs out\/mydefs lies inside the output folder --out \S*out-link/);
      expect(fs.existsSync(path.join(work, "out/mydefs/a.yaml"))).toBe(true);
    } finally {
      fs.rmSync(links, { recursive: true, force: true });
    }
  });

  test("--watch refuses it before watching", () => {
    write("out/mydefs/a.yaml", A_FILE);
    expectRefused(["generate", "--watch", "--defs", "out/mydefs", "--out", "out"], /lies inside the output folder/);
  });

  test("a sibling whose name only starts like the output folder is no overlap", () => {
    write("out-defs/a.yaml", A_FILE);
    expect(runCli(["generate", "--defs", "out-defs", "--out", "out"], { cwd: work }).code).toBe(0);
  });
});

describe("only staging and backup folders this tool made are removed", () => {
  // No process can have this pid (above Linux's largest pid_max): the run that made such a folder is gone.
  const DEAD = 99_999_999;

  beforeEach(() => {
    write("defs/a.yaml", A_FILE);
    // The output of an earlier generate (generated once for the file, a copy per test).
    earlierOutput.copyTo(path.join(work, "out"));
  });

  test("a user's folders named like leftovers (out.old-<n>, out.tmp-<n>) are neither renamed nor removed", () => {
    write(`out.old-${DEAD}/notes.txt`, "mine\n");
    write(`out.tmp-${DEAD}/notes.txt`, "mine too\n");
    write(`out.tmp-${DEAD + 1}`, "a file\n");
    fs.rmSync(path.join(work, "out"), { recursive: true });
    // With `out` gone, a leftover backup would be restored as `out`: this one is not a backup of ours.
    const before = treeHash(work);
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    const after = treeHash(work);
    for (const p of Object.keys(before)) expect(after[p]).toBe(before[p]);
    expect(fs.existsSync(path.join(work, "out", MANIFEST_PATH))).toBe(true);
  });

  test("a look-alike holding a file named like the manifest, but not a manifest, is left alone", () => {
    write(`out.old-${DEAD}/${MANIFEST_PATH}`, "not json\n");
    write(`out.tmp-${DEAD}/${STAGING_MARKER}`, "not our marker\n");
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    expect(fs.readFileSync(path.join(work, `out.old-${DEAD}`, MANIFEST_PATH), "utf8")).toBe("not json\n");
    expect(fs.readFileSync(path.join(work, `out.tmp-${DEAD}`, STAGING_MARKER), "utf8")).toBe("not our marker\n");
  });

  test("a link named like a leftover is left alone, and so is what it points to", () => {
    write("elsewhere/keep.txt", "keep\n");
    fs.symlinkSync(path.join(work, "elsewhere"), path.join(work, `out.tmp-${DEAD}`));
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    expect(fs.lstatSync(path.join(work, `out.tmp-${DEAD}`)).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(work, "elsewhere/keep.txt"), "utf8")).toBe("keep\n");
  });

  test("real leftovers of a killed run are still cleared: a marked staging folder, a backup with its manifest", () => {
    // What a run killed while writing leaves: the staging folder with its marker.
    const staged = stageTree(path.join(work, "out"));
    staged.add({ path: "half.d.ts", content: "// half\n" });
    fs.renameSync(staged.dir, path.join(work, `out.tmp-${DEAD}`));
    // What a run killed mid-swap leaves: the old tree renamed, no `out`.
    fs.renameSync(path.join(work, "out"), path.join(work, `out.old-${DEAD}`));
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    expect(fs.readdirSync(work).sort()).toEqual(["defs", "out"]);
    expect(fs.existsSync(path.join(work, "out", STAGING_MARKER))).toBe(false);
  });

  test("a run killed mid-swap leaves the output's node_modules in its staging folder: the next run gives it back", () => {
    write("out/node_modules/dep/index.js", "mine\n");
    // What a run killed just before its renames leaves: node_modules moved into the staging folder, the old tree in place.
    const staged = stageTree(path.join(work, "out"));
    staged.add({ path: "half.d.ts", content: "// half\n" });
    fs.renameSync(path.join(work, "out", "node_modules"), path.join(staged.dir, "node_modules"));
    fs.renameSync(staged.dir, path.join(work, `out.tmp-${DEAD}`));
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    expect(fs.readFileSync(path.join(work, "out", "node_modules", "dep", "index.js"), "utf8")).toBe("mine\n");
    expect(fs.readdirSync(work).sort()).toEqual(["defs", "out"]);
  });

  test("a leftover holding a node_modules that cannot go back is kept whole", () => {
    write("out/node_modules/dep/index.js", "the output's own\n");
    const staged = stageTree(path.join(work, "out"));
    write(`${path.relative(work, staged.dir)}/node_modules/dep/index.js`, "another\n");
    fs.renameSync(staged.dir, path.join(work, `out.tmp-${DEAD}`));
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
    expect(fs.readFileSync(path.join(work, `out.tmp-${DEAD}`, "node_modules", "dep", "index.js"), "utf8")).toBe("another\n");
    expect(fs.readFileSync(path.join(work, "out", "node_modules", "dep", "index.js"), "utf8")).toBe("the output's own\n");
  });

  test("a folder of the user's named with this run's pid is left alone", () => {
    const mine = path.join(work, `out.tmp-${process.pid}`);
    write(`out.tmp-${process.pid}/notes.txt`, "mine\n");
    const staged = stageTree(path.join(work, "out"));
    expect(staged.dir).not.toBe(mine);
    staged.abort();
    expect(fs.readFileSync(path.join(mine, "notes.txt"), "utf8")).toBe("mine\n");
  });

  test("two runs with one pid (two containers sharing the folder) never take each other's staging folder", () => {
    // Both in this process: one pid, as two containers' first processes have.
    const a = stageTree(path.join(work, "out"));
    a.add({ path: "a.d.ts", content: "// a\n" });
    a.add({ path: MANIFEST_PATH, content: JSON.stringify({ inputs: "a", generator: "a", files: {} }) });
    const b = stageTree(path.join(work, "out"));
    expect(b.dir).not.toBe(a.dir);
    b.add({ path: "b.d.ts", content: "// b\n" });
    // The second run's start left the first run's folder as it was.
    expect(fs.readFileSync(path.join(a.dir, "a.d.ts"), "utf8")).toBe("// a\n");
    a.commit();
    b.add({ path: MANIFEST_PATH, content: JSON.stringify({ inputs: "b", generator: "b", files: {} }) });
    b.commit();
    expect(fs.readdirSync(path.join(work, "out")).sort()).toEqual([MANIFEST_PATH, "b.d.ts"].sort());
    expect(fs.readdirSync(work).sort()).toEqual(["defs", "out"]);
  });

  test("the marker never reaches the output", () => {
    expect(fs.readdirSync(path.join(work, "out"))).not.toContain(STAGING_MARKER);
    expect(runCli(["check", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
  });
});

describe("the output folder is replaced only when a manifest proves it ours", () => {
  beforeEach(() => {
    write("defs/a.yaml", A_FILE);
  });

  test("a folder, not a file, named like the manifest proves nothing", () => {
    write("out/important.txt", "precious\n");
    fs.mkdirSync(path.join(work, "out", MANIFEST_PATH));
    expectRefused(["generate", "--defs", "defs", "--out", "out"], /out: refusing to replace a folder that everest-typegen did not write \(its \.everest-typegen-manifest\.json is not a manifest/);
    expect(fs.readFileSync(path.join(work, "out", "important.txt"), "utf8")).toBe("precious\n");
  });

  test("a file named like the manifest that is no manifest proves nothing", () => {
    write("out/important.txt", "precious\n");
    write(`out/${MANIFEST_PATH}`, "{}\n");
    expectRefused(["generate", "--defs", "defs", "--out", "out"], /is not a manifest that everest-typegen writes/);
  });

  test("a symbolic link as --out is refused, and the folder it names is left as it is", () => {
    earlierOutput.copyTo(path.join(work, "real"));
    write("real/node_modules/dep/index.js", "module.exports = 1;\n");
    fs.symlinkSync(path.join(work, "real"), path.join(work, "out"));
    const before = treeHash(path.join(work, "real"));
    const r = runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(/out: is a symbolic link; refusing to replace it/);
    expect(fs.lstatSync(path.join(work, "out")).isSymbolicLink()).toBe(true);
    expect(treeHash(path.join(work, "real"))).toEqual(before);
    // The folder it names is still a whole earlier output: the next generate into it finds it up to date.
    expect(runCli(["check", "--defs", "defs", "--out", "real"], { cwd: work }).code).toBe(0);
  });

  test("an earlier output with its manifest is still replaced", () => {
    earlierOutput.copyTo(path.join(work, "out"));
    expect(runCli(["generate", "--defs", "defs", "--out", "out"], { cwd: work }).code).toBe(0);
  });
});
