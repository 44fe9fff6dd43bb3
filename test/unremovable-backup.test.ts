/**
 * A backup that cannot be removed (an output folder someone made read-only:
 * the swap renames it aside, but its files cannot be deleted) fails no run.
 * The new tree is in place once the swap is done, so the run has succeeded;
 * the backup stays beside it, provably ours, and a later run removes it once
 * it can; and one whose removal stopped part way is never restored as the
 * output. As root (CI) permissions do not stop a removal, so the removal is
 * made to fail here instead.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createSession, readDefs, writeOutput } from "../generator/index";
import { recoverTree } from "../generator/write/tree";
import { MANIFEST_PATH, sha256 } from "../generator/write/manifest";
import { readStatIndex } from "../generator/write/stat-index";
import { ROOT, tempDir, treeHash } from "./helpers/cli";
import { deadPid } from "./helpers/dead-pid";

const defs = readDefs(path.join(ROOT, "defs"));
/** The module itself, whose properties the generator's modules read at each call (this file's namespace object cannot be spied on). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require("node:fs") as typeof fs;
const errorFor = (p: fs.PathLike): Error => Object.assign(new Error(`EACCES: permission denied, rmdir '${String(p)}'`), { code: "EACCES" });

let work: string;
let out: string;
beforeEach(() => {
  work = tempDir("etg-unremovable-");
  out = path.join(work, "out");
});
afterEach(() => jest.restoreAllMocks());

const beside = (): string[] => fs.readdirSync(work).filter((n) => n.startsWith("out."));

test("the swap is done, so the run succeeds; the backup stays, and a later run that can removes it", async () => {
  await writeOutput(out, defs);
  const before = treeHash(out);
  // Any removal inside a backup folder fails, as in a folder made read-only.
  const rmSync = nodeFs.rmSync;
  /** The backup folders whose removal fails: first any, then only the one left by a run that has ended. */
  let unremovable = (name: string): boolean => name.startsWith("out.old-");
  const blocked = jest.spyOn(nodeFs, "rmSync").mockImplementation((p, options) => {
    if (unremovable(path.basename(path.dirname(String(p)))) || unremovable(path.basename(String(p)))) throw errorFor(p);
    return rmSync(p, options);
  });
  const changed = defs.map((f) => (f.path.endsWith("display_message.yaml") ? { ...f, content: String(f.content).replace("Message contents", "Message content") } : f));
  const r = await writeOutput(out, changed);
  expect(r.written).toBeGreaterThan(0);
  expect(treeHash(out)).not.toEqual(before);
  const [backup, ...more] = beside();
  expect([backup, more]).toEqual([expect.stringMatching(/^out\.old-\d+-[0-9a-f]{8}$/), []]);
  expect(treeHash(path.join(work, backup!))).toEqual(before);

  // Left by a run that has ended (another process's): the next run tries to remove it, cannot, and goes on.
  const left = `out.old-${deadPid()}-0badcafe`;
  fs.renameSync(path.join(work, backup!), path.join(work, left));
  unremovable = (name) => name === left;
  const again = await writeOutput(out, defs);
  expect(again.written).toBeGreaterThan(0);
  expect(treeHash(out)).toEqual(before);
  expect(beside()).toEqual([left]);

  // Once it can be removed, the next run does.
  blocked.mockRestore();
  await writeOutput(out, defs);
  expect(beside()).toEqual([]);
  expect(treeHash(out)).toEqual(before);
});

test("a session records the new tree even when its old tree cannot be removed", async () => {
  const session = createSession();
  await writeOutput(out, defs, { cache: true, session });
  const rm = nodeFs.promises.rm;
  jest.spyOn(nodeFs.promises, "rm").mockImplementation((p, options) => (path.basename(path.dirname(String(p))).startsWith("out.old-") ? Promise.reject(errorFor(p)) : rm(p, options)));
  const changed = defs.map((f) => (f.path.endsWith("display_message.yaml") ? { ...f, content: String(f.content).replace("Message contents", "Message content") } : f));
  await writeOutput(out, changed, { cache: true, session });
  await session.removing;
  expect(beside()).toHaveLength(1);
  // The record: the stat index of the new tree's manifest, and the files the session's next run may link. (Which files
  // it holds depends on the clock: one changed in the index's own timestamp granule is left out, and written anew.)
  expect(readStatIndex(out)?.manifest).toBe(sha256(fs.readFileSync(path.join(out, MANIFEST_PATH))));
  expect(session.tree?.dir).toBe(path.resolve(out));
});

describe("a backup is restored as the output only when whole", () => {
  /** A backup as a run that ended left it (`<out>.old-<dead pid>-<hex>`) of the tree in `out`, and no output. */
  const leftBackup = async (): Promise<string> => {
    await writeOutput(out, defs);
    const backup = path.join(work, `out.old-${deadPid()}-0badcafe`);
    fs.renameSync(out, backup);
    return backup;
  };

  test("a whole one, as a kill between the swap's two renames leaves it: restored", async () => {
    const backup = await leftBackup();
    const tree = treeHash(backup);
    recoverTree(out);
    expect(treeHash(out)).toEqual(tree);
    expect(beside()).toEqual([]);
  });

  test("one whose removal stopped part way (files gone, the manifest left): removed, not restored", async () => {
    const backup = await leftBackup();
    fs.rmSync(path.join(backup, "docs"), { recursive: true });
    fs.rmSync(path.join(backup, "ocpp.d.ts"));
    recoverTree(out);
    expect(fs.existsSync(out)).toBe(false);
    expect(beside()).toEqual([]);
  });
});
