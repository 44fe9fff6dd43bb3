/**
 * A generate killed at any moment leaves the previous package exactly as it was
 * (or, once the swap is done, the new one): never a mix. The next run recovers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { BIN, tempDir, treeHash } from "./helpers/cli";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateCorpus } = require("../bench/corpus.js") as {
  generateCorpus(o: { types: number; seed: number }): { path: string; content: string }[];
};

function writeCorpus(dir: string, seed: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // 150 types: a package of about 190 files, written one by one into the staging folder over about half of a
  // run (the first part of a run, before the staging folder appears, is starting up and reading). The kill
  // points are placed by what a run measures (see killPoints), so a smaller corpus keeps them in every phase;
  // it was 600 and then 300 types, and the restoring generate after every kill made this the slowest file of `npm test`.
  for (const f of generateCorpus({ types: 150, seed })) fs.writeFileSync(path.join(dir, path.basename(f.path)), f.content);
}

/** The tree but check's stat index (and its temporary file, when killed while writing it): it records each tree's own inodes and times. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(treeHash(dir)).filter(([p]) => !p.startsWith(".everest-typegen-cache/stat-index")));
}

function killAfter(args: string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Runs `args` to its end and times it: `full`, the whole run, and `staged`, when a sibling of `out` (the
 * staging folder, `out.tmp-*`) first showed up, or undefined if none was seen.
 */
function timedRun(args: string[], work: string): Promise<{ code: number | null; full: number; staged: number | undefined }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let staged: number | undefined;
    const child = spawn(process.execPath, [BIN, ...args], { stdio: "ignore" });
    const poll = setInterval(() => {
      if (staged === undefined && fs.readdirSync(work).some((n) => n.startsWith("out."))) staged = Date.now() - t0;
    }, 2);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ code, full: Date.now() - t0, staged });
    });
  });
}

/**
 * Where to kill, in ms after the start: once while the run starts up and reads (before anything is written),
 * then seven points spread evenly from the moment the staging folder appeared to the end of the run: over
 * the staging writes, the swap and what comes after.
 */
function killPoints(full: number, staged: number): number[] {
  return [Math.round(staged / 2), ...Array.from({ length: 7 }, (_, k) => Math.round(staged + ((full - staged) * k) / 6))];
}

test("SIGKILL at any point of generate leaves the old tree or the new one, never a mix", async () => {
  const work = tempDir();
  try {
    const defsOld = path.join(work, "old");
    const defsNew = path.join(work, "new");
    const out = path.join(work, "out");
    writeCorpus(defsOld, 1);
    writeCorpus(defsNew, 2);
    const gen = (defs: string): void => {
      expect(spawnSync(process.execPath, [BIN, "generate", "--defs", defs, "--out", out]).status).toBe(0);
    };
    gen(defsOld);
    const oldTree = tree(out);
    // The run every kill below interrupts, new over old, run to its end: its tree, and its timings.
    const run = await timedRun(["generate", "--defs", defsNew, "--out", out], work);
    expect(run.code).toBe(0);
    const newTree = tree(out);
    expect(newTree).not.toEqual(oldTree);
    gen(defsOld);
    expect(tree(out)).toEqual(oldTree);

    // The kill points are placed by when the run starts writing: it must have been seen.
    expect(run.staged).toBeDefined();
    const points = killPoints(run.full, run.staged!);
    const outcomes = new Set<string>();
    for (const ms of points) {
      await killAfter(["generate", "--defs", defsNew, "--out", out], ms);
      const siblings = fs.readdirSync(work).filter((n) => n.startsWith("out."));
      if (fs.existsSync(out)) {
        const now = tree(out);
        const which = JSON.stringify(now) === JSON.stringify(oldTree) ? "old" : JSON.stringify(now) === JSON.stringify(newTree) ? "new" : "mixed";
        expect(which).not.toBe("mixed");
        outcomes.add(which);
      } else {
        // Killed between the two renames: the old tree waits beside it, whole.
        const old = siblings.find((n) => n.startsWith("out.old-"));
        expect(old).toBeDefined();
        expect(tree(path.join(work, old!))).toEqual(oldTree);
        outcomes.add("swapping");
      }
      // Back to the old tree for the next round; this run also clears leftovers.
      gen(defsOld);
      expect(tree(out)).toEqual(oldTree);
      expect(fs.readdirSync(work).filter((n) => n.startsWith("out."))).toEqual([]);
    }
    expect(outcomes.has("old")).toBe(true);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  // 19 generates in a row, most of them killed part-way: about 25 s on an idle machine; 300 s is a hang guard, not a bound.
}, 300_000);
