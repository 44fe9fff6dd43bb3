/**
 * Two runs on one output folder at once (two terminals, a watch and a
 * generate, parallel CI steps): each swaps its tree in with two renames
 * (generator/write/tree.ts), and the other may move the folder between them.
 * Whichever way they interleave, nothing of the user's is deleted (the
 * output's node_modules above all), a run that loses says so plainly, and no
 * backup or staging folder of a finished run is left beside the output. The
 * other run's rename is made here, at the moment the race would make it,
 * from inside this run's (a spy on fs.renameSync).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OutputFolderError, recoverTree, stageTree } from "../generator/write/tree";
import { MANIFEST_PATH } from "../generator/write/manifest";
import { tempDir } from "./helpers/cli";
import { deadPid } from "./helpers/dead-pid";

/** The module itself, whose properties the generator's modules read at each call (this file's namespace object cannot be spied on). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require("node:fs") as typeof fs;

let work: string;
let out: string;
beforeEach(() => {
  work = tempDir("etg-race-");
  out = path.join(work, "out");
});
afterEach(() => jest.restoreAllMocks());

/** A tree as generate leaves it: `files` and a manifest listing them. */
function commitTree(files: Record<string, string>): void {
  const staged = stageTree(out);
  for (const [p, content] of Object.entries(files)) staged.add({ path: p, content });
  staged.add({ path: MANIFEST_PATH, content: `${JSON.stringify({ inputs: "i", generator: "g", files: Object.fromEntries(Object.keys(files).map((p) => [p, "h"])) })}\n` });
  staged.commit();
}

const beside = (): string[] => fs.readdirSync(work).filter((n) => n !== "out").sort();
const renameSync = nodeFs.renameSync;

/** Runs `other` once, just before the first rename of `from` to a name matching `to`, then lets that rename go on. */
function before(from: string, to: RegExp, other: () => void): void {
  let done = false;
  jest.spyOn(nodeFs, "renameSync").mockImplementation((a, b) => {
    if (!done && String(a) === from && to.test(path.basename(String(b)))) {
      done = true;
      other();
    }
    return renameSync(a, b);
  });
}

test("the output taken away by another run between this run's renames: this run fails plainly and keeps the user's node_modules for the next run", () => {
  commitTree({ "a.txt": "one\n" });
  fs.mkdirSync(path.join(out, "node_modules", "mine"), { recursive: true });
  fs.writeFileSync(path.join(out, "node_modules", "mine", "index.js"), "module.exports = 42;\n");
  const staged = stageTree(out);
  staged.add({ path: "a.txt", content: "two\n" });
  staged.add({ path: MANIFEST_PATH, content: `${JSON.stringify({ inputs: "i", generator: "g", files: { "a.txt": "h" } })}\n` });
  // The other run renames the output aside (its first rename) just before this one would.
  const other = path.join(work, `out.old-${deadPid()}-0123abcd`);
  before(out, /^out\.old-/, () => renameSync(out, other));
  expect(() => staged.commit()).toThrow(OutputFolderError);
  jest.restoreAllMocks();
  // Still here, in this run's staging folder: it is not removed with it.
  const staging = beside().filter((n) => n.startsWith("out.tmp-"));
  expect(staging).toHaveLength(1);
  expect(fs.readFileSync(path.join(work, staging[0]!, "node_modules", "mine", "index.js"), "utf8")).toBe("module.exports = 42;\n");
  // The next run, once this one has ended (its pid gone), puts the other run's backup back and the node_modules into it.
  fs.renameSync(path.join(work, staging[0]!), path.join(work, `out.tmp-${deadPid()}-89abcdef`));
  recoverTree(out);
  expect(fs.readFileSync(path.join(out, "a.txt"), "utf8")).toBe("one\n");
  expect(fs.readFileSync(path.join(out, "node_modules", "mine", "index.js"), "utf8")).toBe("module.exports = 42;\n");
  expect(beside()).toEqual([]);
});

test("another run's tree swapped in between this run's renames: this run fails plainly and leaves no backup or staging folder", () => {
  commitTree({ "a.txt": "one\n" });
  const staged = stageTree(out);
  staged.add({ path: "a.txt", content: "mine\n" });
  staged.add({ path: MANIFEST_PATH, content: `${JSON.stringify({ inputs: "i", generator: "g", files: { "a.txt": "h" } })}\n` });
  // This run has renamed the output aside; the other run's tree lands in its place before this one's.
  before(staged.dir, /^out$/, () => {
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "a.txt"), "theirs\n");
  });
  expect(() => staged.commit()).toThrow(/another run of everest-typegen replaced it at the same moment, and that run's tree is the one in place; run generate again/);
  expect(fs.readFileSync(path.join(out, "a.txt"), "utf8")).toBe("theirs\n");
  expect(beside()).toEqual([]);
});

test("two runs recovering one killed run's backup at once: the one that finds it gone goes on", () => {
  commitTree({ "a.txt": "one\n" });
  const backup = path.join(work, `out.old-${deadPid()}-0123abcd`);
  fs.renameSync(out, backup);
  // The other run restores it just before this one would.
  before(backup, /^out$/, () => renameSync(backup, out));
  expect(() => recoverTree(out)).not.toThrow();
  expect(fs.readFileSync(path.join(out, "a.txt"), "utf8")).toBe("one\n");
  expect(beside()).toEqual([]);
});
