/**
 * check's stat index (generator/write/stat-index.ts): generate records each
 * output file's lstat identity and hash, check trusts the hash only while the
 * identity is unchanged. Every way a file or the index can be tampered with
 * must still be caught, and check must never write.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli, tempDir } from "./helpers/cli";
import { check, readDefs, writeOutput, type CheckResult, type InputFile, type ModelOptions } from "../generator/index";
import { CACHE_DIR } from "../generator/job-cache";
import { MANIFEST_PATH } from "../generator/write/manifest";
import { STAT_INDEX_NAME, recordStatIndex } from "../generator/write/stat-index";
import { indexAgain } from "./helpers/reindex";
import { listTree } from "../generator/write/tree";

// The HMAC secret in a folder of this test's own (the CLI runs below inherit it).
const SECRET_DIR = tempDir("etg-stat-secret-");
process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = SECRET_DIR;

const DEFS = path.join(ROOT, "defs");
const defs = (): InputFile[] => readDefs(DEFS);
const options = (): ModelOptions => ({ interfaces: readDefs(path.join(DEFS, "interfaces")), errors: readDefs(path.join(DEFS, "errors")) });
const FILE = "docs/ocpp.txt";

const indexOf = (out: string): string => path.join(out, CACHE_DIR, STAT_INDEX_NAME);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const check1 = (out: string): Promise<CheckResult> => check(defs(), out, options());

let work: string;
let out: string;
let count: number;

/** An output folder made by writeOutput with the cache, then indexed again once every file is older than the index (no racy entries). */
async function generated(dir: string): Promise<void> {
  expect((await writeOutput(dir, defs(), { ...options(), cache: true })).written).toBeGreaterThan(0);
  // Past the file system's timestamp granule, so that no file shares the fence's time.
  await sleep(30);
  expect(indexAgain(dir)).toBeDefined();
}

/** The output folder writeOutput makes from defs/ with the cache, once for this file; each test gets a copy, indexed anew. */
let template: string;
beforeAll(async () => {
  template = tempDir("etg-stat-template-");
  expect((await writeOutput(path.join(template, "generated"), defs(), { ...options(), cache: true })).written).toBeGreaterThan(0);
});
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

beforeEach(async () => {
  work = tempDir("etg-stat-");
  out = path.join(work, "generated");
  // A copy has files of its own (new inodes and times): the index the copy brought along describes the
  // template's files, so it is made again for the copy, as `generated` does once every file is older than it.
  fs.cpSync(path.join(template, "generated"), out, { recursive: true });
  await sleep(30);
  expect(indexAgain(out)).toBeDefined();
  count = listTree(out).length - 1; // the manifest is read, not counted
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

test("generate writes the index and check trusts it: no output file read", async () => {
  const dir = path.join(work, "fresh");
  await writeOutput(dir, defs(), { ...options(), cache: true });
  expect(fs.lstatSync(indexOf(dir)).isFile()).toBe(true);
  const first = await check1(dir);
  expect(first).toMatchObject({ upToDate: true, confirmedByManifest: true });
  // Straight after generate, files written in the index's own timestamp granule are hashed (racy); the rest are trusted.
  expect(first.hashing.trusted).toBeGreaterThan(0);
  expect(first.hashing.hashed + first.hashing.trusted).toBe(listTree(dir).length - 1);

  const r = await check1(out);
  expect(r).toMatchObject({ upToDate: true, confirmedByManifest: true, hashing: { hashed: 0, trusted: count } });
});

test("a file edited in place, same size, same mtime, is caught", async () => {
  const file = path.join(out, FILE);
  // A whole-second mtime, which utimes can put back exactly; indexed with it.
  const when = new Date(1_700_000_000_000);
  fs.utimesSync(file, when, when);
  await sleep(30);
  expect(indexAgain(out)).toBeDefined();
  expect((await check1(out)).hashing).toEqual({ hashed: 0, trusted: count });
  const before = fs.lstatSync(file, { bigint: true });
  const text = fs.readFileSync(file, "utf8");
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, text.replace("CustomData:object", "CustomData:objecT"), 0, "utf8");
  fs.closeSync(fd);
  fs.utimesSync(file, when, when);
  const after = fs.lstatSync(file, { bigint: true });
  expect([after.dev, after.ino, after.size, after.mtimeNs]).toEqual([before.dev, before.ino, before.size, before.mtimeNs]);
  const r = await check1(out);
  expect(r).toMatchObject({ upToDate: false, confirmedByManifest: false, changed: [FILE] });
  expect(r.hashing.hashed).toBeGreaterThanOrEqual(1);
});

test("a file replaced by another (new inode, same size and mtime) is caught", async () => {
  const file = path.join(out, FILE);
  const before = fs.lstatSync(file);
  const other = path.join(work, "other.txt");
  fs.writeFileSync(other, fs.readFileSync(file, "utf8").replace("CustomData:object", "CustomData:objecT"));
  fs.utimesSync(other, before.atime, before.mtime);
  fs.renameSync(other, file);
  const r = await check1(out);
  expect(r).toMatchObject({ upToDate: false, confirmedByManifest: false, changed: [FILE] });
});

describe("an index not to be trusted is ignored; check's verdict is the same", () => {
  /** Tampers with FILE, and returns the tampered bytes' sha256. */
  const tamper = (): string => {
    const file = path.join(out, FILE);
    const text = fs.readFileSync(file, "utf8").replace("CustomData:object", "CustomData:objecT");
    fs.writeFileSync(file, text);
    return crypto.createHash("sha256").update(text).digest("hex");
  };
  const identityOf = (file: string): string => {
    const s = fs.lstatSync(path.join(out, file), { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  };

  test("forged: the tampered file's new identity in its line, the MAC left as it was or made with another key", async () => {
    tamper();
    // Past the tampered file's timestamp granule, so that only the MAC stands between the forgery and check.
    await sleep(30);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, ".everest-typegen-manifest.json"), "utf8")) as { files: Record<string, string> };
    const [headerLine, metaLine, ...lines] = fs.readFileSync(indexOf(out), "utf8").split("\n") as [string, string, ...string[]];
    const header = JSON.parse(headerLine) as Record<string, string>;
    const meta = JSON.parse(metaLine) as Record<string, unknown>;
    const at = Object.keys(manifest.files).sort().indexOf(FILE);
    expect(lines[at]).toMatch(/^\d+:\d+:\d+:\d+:\d+$/);
    lines[at] = identityOf(FILE);
    // A fence and an index mtime later than the forged entry: without the MAC, the entry would be trusted.
    meta["fence"] = String(BigInt(Date.now() + 60_000) * 1_000_000n);
    const later = new Date(Date.now() + 60_000);
    const body = `${JSON.stringify(meta)}\n${lines.join("\n")}`;
    for (const hmac of [header["hmac"]!, crypto.createHmac("sha256", crypto.randomBytes(32)).update(`${header["version"]}\u0000`).update(body).digest("hex")]) {
      fs.writeFileSync(indexOf(out), `${JSON.stringify({ ...header, hmac })}\n${body}`);
      fs.utimesSync(indexOf(out), later, later);
      const r = await check1(out);
      expect(r).toMatchObject({ upToDate: false, confirmedByManifest: false, changed: [FILE], hashing: { trusted: 0 } });
    }
  });

  test("made with another manifest: neither its lines nor the manifest are taken at their word", async () => {
    // Same files, same order, but the manifest's bytes differ (re-indented): the index names the old one. The full
    // compare then finds the manifest, and only it, not as generate writes it.
    const file = path.join(out, ".everest-typegen-manifest.json");
    fs.writeFileSync(file, `${JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8")))}\n`);
    expect(await check1(out)).toMatchObject({ upToDate: false, confirmedByManifest: false, hashing: { hashed: 0, trusted: 0 }, changed: [MANIFEST_PATH], missing: [], extra: [] });
  });

  test("copied from another output folder", async () => {
    const other = path.join(work, "other");
    await generated(other);
    fs.copyFileSync(indexOf(other), indexOf(out));
    expect(await check1(out)).toMatchObject({ upToDate: true, confirmedByManifest: true, hashing: { hashed: count, trusted: 0 } });
  });

  test("a link to a valid index", async () => {
    const elsewhere = path.join(work, "index-copy");
    fs.copyFileSync(indexOf(out), elsewhere);
    fs.rmSync(indexOf(out));
    fs.symlinkSync(elsewhere, indexOf(out));
    expect(await check1(out)).toMatchObject({ upToDate: true, confirmedByManifest: false, hashing: { hashed: 0, trusted: 0 } });
  });

  test("malformed: cut short, or not JSON", async () => {
    const text = fs.readFileSync(indexOf(out), "utf8");
    for (const bad of [text.slice(0, text.length - 10), "not an index\n{}", ""]) {
      fs.writeFileSync(indexOf(out), bad);
      expect(await check1(out)).toMatchObject({ upToDate: true, confirmedByManifest: false, hashing: { hashed: 0, trusted: 0 } });
    }
  });

  test("missing: the manifest is not taken at its word, the full compare gives the same verdicts", async () => {
    const withIndex = (await check1(out)).hashing;
    fs.rmSync(indexOf(out));
    expect(withIndex).toEqual({ hashed: 0, trusted: count });
    expect(await check1(out)).toMatchObject({ upToDate: true, confirmedByManifest: false, hashing: { hashed: 0, trusted: 0 } });
    tamper();
    expect(await check1(out)).toMatchObject({ upToDate: false, changed: [FILE] });
  });
});

describe("racy entries are hashed", () => {
  test("an entry not older than the index file's own time is not trusted", async () => {
    // The index's mtime put back before every file's ctime: as if the files had changed in its granule.
    fs.utimesSync(indexOf(out), new Date(1000), new Date(1000));
    expect(await check1(out)).toMatchObject({ upToDate: true, confirmedByManifest: true, hashing: { hashed: count, trusted: 0 } });
  });

  test("a file changed at or after the fence is not recorded", async () => {
    const file = path.join(out, FILE);
    const fence = fs.lstatSync(file, { bigint: true }).ctimeNs;
    expect(indexAgain(out, { fenceNs: fence })).toBeDefined();
    const r = await check1(out);
    expect(r).toMatchObject({ upToDate: true, confirmedByManifest: true });
    // FILE itself (ctime equal to the fence) and anything written after it are hashed.
    expect(r.hashing.hashed).toBeGreaterThanOrEqual(1);
    expect(r.hashing.hashed + r.hashing.trusted).toBe(count);
    expect(indexAgain(out, { fenceNs: 0n })).toBeDefined();
    expect((await check1(out)).hashing).toEqual({ hashed: count, trusted: 0 });
  });
});

describe("the manifest is taken at its word only as generate wrote it", () => {
  /** FILE edited, and its new sha256 put into the manifest: what a pull request that edits generated code can do. */
  const forge = (dir: string): void => {
    const file = path.join(dir, FILE);
    const text = fs.readFileSync(file, "utf8").replace("CustomData:object", "CustomData:objecT");
    fs.writeFileSync(file, text);
    const manifestFile = path.join(dir, MANIFEST_PATH);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { files: Record<string, string> };
    manifest.files[FILE] = crypto.createHash("sha256").update(text).digest("hex");
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  };
  // The forged manifest is not the one generate writes either.
  const drift = { upToDate: false, confirmedByManifest: false, changed: [MANIFEST_PATH, FILE], missing: [], extra: [] };

  test("with this folder's index, which names the manifest generate wrote", async () => {
    forge(out);
    expect(await check1(out)).toMatchObject(drift);
  });

  test("without an index (a fresh checkout, a run without the cache)", async () => {
    fs.rmSync(indexOf(out));
    expect(await check1(out)).toMatchObject({ upToDate: true, confirmedByManifest: false });
    forge(out);
    expect(await check1(out)).toMatchObject(drift);
  });

  test("in a copy, whose index came along: it still names only the manifest generate wrote", async () => {
    const copy = path.join(work, "copy");
    fs.cpSync(out, copy, { recursive: true });
    expect(await check1(copy)).toMatchObject({ upToDate: true, confirmedByManifest: true, hashing: { hashed: count, trusted: 0 } });
    forge(copy);
    expect(await check1(copy)).toMatchObject(drift);
  });

  test("the CLI reports the forged file as drift", () => {
    // Made by the CLI, so that the manifest names the generator the CLI runs: unforged, check confirms it from the manifest.
    const dir = path.join(work, "cli");
    expect(runCli(["generate", "--quiet", "--defs", DEFS, "--out", dir]).code).toBe(0);
    expect(runCli(["check", "--defs", DEFS, "--out", dir]).stdout).toMatch(/confirmed by/);
    forge(dir);
    const r = runCli(["check", "--defs", DEFS, "--out", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/confirmed by/);
    expect(r.stdout).toContain(`changed: ${FILE}`);
  });

  test("generate indexes only the manifest it wrote: one changed before the index is made gets none", async () => {
    const manifestFile = path.join(out, MANIFEST_PATH);
    const written = fs.readFileSync(manifestFile, "utf8");
    fs.writeFileSync(manifestFile, `${written} `);
    expect(recordStatIndex(out, written)).toBeUndefined();
    expect(fs.existsSync(indexOf(out))).toBe(true);
    // The index left from before names the manifest as written, so the changed one is not confirmed from it, and the full
    // compare finds it changed.
    expect(await check1(out)).toMatchObject({ upToDate: false, confirmedByManifest: false, changed: [MANIFEST_PATH] });
  });
});

describe("the CLI", () => {
  /** Every path below `dirs` with its lstat times and size: what "wrote nothing" compares. */
  const snapshot = (...dirs: string[]): string[] => {
    const lines: string[] = [];
    const walk = (p: string): void => {
      const s = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
      if (s === undefined) return void lines.push(`${p} absent`);
      lines.push(`${p} ${s.ino} ${s.size} ${s.mtimeNs} ${s.ctimeNs}`);
      if (s.isDirectory()) for (const n of fs.readdirSync(p).sort()) walk(path.join(p, n));
    };
    for (const d of dirs) walk(d);
    return lines;
  };

  test("generate writes the index, --no-cache writes none", () => {
    const dir = path.join(work, "cli");
    expect(runCli(["generate", "--quiet", "--defs", DEFS, "--out", dir]).code).toBe(0);
    expect(fs.lstatSync(indexOf(dir)).isFile()).toBe(true);
    expect(runCli(["generate", "--quiet", "--no-cache", "--defs", DEFS, "--out", dir]).code).toBe(0);
    expect(fs.existsSync(indexOf(dir))).toBe(false);
    expect(fs.existsSync(path.join(dir, CACHE_DIR))).toBe(false);
  });

  test("check writes nothing: the output folder, its index and the secret's folder as they were; no secret is made", () => {
    // Made by the CLI: the manifest then names the built generator the CLI runs, and check takes its fast path.
    const dir = path.join(work, "cli");
    expect(runCli(["generate", "--quiet", "--defs", DEFS, "--out", dir]).code).toBe(0);
    expect(fs.lstatSync(indexOf(dir)).isFile()).toBe(true);
    const before = snapshot(work, SECRET_DIR);
    const r = runCli(["check", "--defs", DEFS, "--out", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/confirmed by/);
    expect(snapshot(work, SECRET_DIR)).toEqual(before);

    const none = path.join(work, "no-secret-here");
    const r2 = runCli(["check", "--defs", DEFS, "--out", dir], { env: { EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: none } });
    expect(r2.code).toBe(0);
    expect(fs.existsSync(none)).toBe(false);
    expect(snapshot(work, SECRET_DIR)).toEqual(before);
  });
});
