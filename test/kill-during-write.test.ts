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
  // 300 types: a package of about 340 files, so the staging writes and the swap take a good part of a run and
  // the 12 kill points spread over the whole run land in them too. (It was 600 types: the same phases, each
  // twice as long, and the restoring generate after every kill made this the slowest file of `npm test`.)
  for (const f of generateCorpus({ types: 300, seed })) fs.writeFileSync(path.join(dir, path.basename(f.path)), f.content);
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
    gen(defsNew);
    const newTree = tree(out);
    gen(defsOld);
    const oldTree = tree(out);
    expect(newTree).not.toEqual(oldTree);

    const t0 = Date.now();
    gen(defsOld);
    const full = Date.now() - t0;
    const outcomes = new Set<string>();
    for (let i = 1; i <= 12; i++) {
      await killAfter(["generate", "--defs", defsNew, "--out", out], Math.round((full * i) / 12));
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
  // 28 generates in a row: about 30 s on an idle machine, past jest's 120 s on a loaded one (a hang guard, not a bound).
}, 300_000);
