/**
 * check's stat index for the inputs (generator/cli/confirm-unread.ts): the
 * CLI's generate records each input file's identity and sha256, and check
 * takes the hash without reading the file only while its identity is
 * unchanged. The verdict must always be the one reading every input gives:
 * an edit in place keeping size and mtime, a replaced file, an added or
 * removed one, a forged or racy index must never make check say "up to date".
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, copyDir, runCli, tempDir } from "./helpers/cli";
import { writeOutput } from "../generator/index";
import { CACHE_DIR } from "../generator/job-cache";
import { STAT_INDEX_NAME } from "../generator/write/stat-index";
import { indexAgain } from "./helpers/reindex";
import { type UnreadVerdict, confirmUnread } from "../generator/cli/confirm-unread";
import { type CliOptions, inputFolders, modelOptions, readInputsOrFail } from "../generator/cli/read-input";
import { packageOptionsOrFail } from "../generator/cli/package-options";

// The HMAC secret in a folder of this test's own (the CLI runs below inherit it).
const SECRET_DIR = tempDir("etg-input-secret-");
process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = SECRET_DIR;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let work: string;
let defs: string;
let out: string;
let opts: CliOptions;
/** How many input files the run reads: type, interface and error files. */
let count: number;
/** The input file the tests change. */
let file: string;

const indexOf = (dir: string): string => path.join(dir, CACHE_DIR, STAT_INDEX_NAME);
const verdict = (): UnreadVerdict => confirmUnread(out, inputFolders(opts), packageOptionsOrFail(opts));
const inputFiles = (): readonly string[] => readInputsOrFail(opts).files;

/** The output folder as the CLI's generate leaves it, then indexed again once every input is older than the index (no racy entries). */
async function generated(): Promise<void> {
  const inputs = readInputsOrFail(opts);
  expect((await writeOutput(out, inputs.defs, { ...modelOptions(inputs), cache: true, inputFiles: inputs.files })).written).toBeGreaterThan(0);
  await sleep(30);
  expect(indexAgain(out, { inputs: inputs.files })).toBeDefined();
}

/** `text` with one character of a description changed: the same length, still valid, a different output. */
const edited = (text: string): string => text.replace("Custom data extension", "Custom data extensioN");

beforeEach(async () => {
  work = tempDir("etg-input-");
  defs = path.join(work, "defs");
  copyDir(path.join(ROOT, "defs"), defs);
  out = path.join(work, "generated");
  opts = { defs, out };
  file = path.join(defs, "ocpp.yaml");
  expect(fs.readFileSync(file, "utf8")).toContain("Custom data extension");
  await generated();
  count = inputFiles().length;
  expect(count).toBe(4);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

test("an unchanged tree is confirmed without reading an input", () => {
  expect(verdict()).toEqual({ confirmed: true, inputs: { hashed: 0, trusted: count } });
});

test("an input edited in place, same size, same mtime, is caught", async () => {
  // A whole-second mtime, which utimes can put back exactly; indexed with it.
  const when = new Date(1_700_000_000_000);
  fs.utimesSync(file, when, when);
  await sleep(30);
  expect(indexAgain(out, { inputs: inputFiles() })).toBeDefined();
  expect(verdict()).toEqual({ confirmed: true, inputs: { hashed: 0, trusted: count } });
  const before = fs.lstatSync(file, { bigint: true });
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, edited(fs.readFileSync(file, "utf8")), 0, "utf8");
  fs.closeSync(fd);
  fs.utimesSync(file, when, when);
  const after = fs.lstatSync(file, { bigint: true });
  expect([after.dev, after.ino, after.size, after.mtimeNs]).toEqual([before.dev, before.ino, before.size, before.mtimeNs]);
  expect(verdict()).toEqual({ confirmed: false, inputs: { hashed: 1, trusted: count - 1 } });
  const r = runCli(["check", "--defs", defs, "--out", out]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/out of date/);
});

test("an input replaced by another file: the same bytes are still confirmed (read), others caught", () => {
  const before = fs.lstatSync(file);
  const other = path.join(work, "other.yaml");
  fs.copyFileSync(file, other);
  fs.renameSync(other, file);
  expect(verdict()).toEqual({ confirmed: true, inputs: { hashed: 1, trusted: count - 1 } });
  fs.writeFileSync(other, edited(fs.readFileSync(file, "utf8")));
  fs.utimesSync(other, before.atime, before.mtime);
  fs.renameSync(other, file);
  expect(verdict()).toEqual({ confirmed: false, inputs: { hashed: 1, trusted: count - 1 } });
});

test("an input added or removed is caught", () => {
  const added = path.join(defs, "zz_extra.yaml");
  fs.writeFileSync(added, "description: one more\ntypes: {}\n");
  expect(verdict().confirmed).toBe(false);
  fs.rmSync(added);
  expect(verdict()).toEqual({ confirmed: true, inputs: { hashed: 0, trusted: count } });
  fs.rmSync(path.join(defs, "display_message.yaml"));
  expect(verdict().confirmed).toBe(false);
});

test("what the read would refuse is left to it: a link in the folder, an empty folder named", () => {
  fs.symlinkSync(file, path.join(defs, "linked.yaml"));
  expect(verdict().confirmed).toBe(false);
  const r = runCli(["check", "--defs", defs, "--out", out]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/linked\.yaml is a symbolic link/);
  fs.rmSync(path.join(defs, "linked.yaml"));
  const empty = path.join(work, "no-errors");
  fs.mkdirSync(empty);
  expect(confirmUnread(out, inputFolders({ ...opts, errors: empty }), {}).confirmed).toBe(false);
  expect(runCli(["check", "--defs", defs, "--errors", empty, "--out", out]).code).toBe(2);
});

test("a forged entry (the edited input's new identity and hash, the MAC as it was) is not trusted", async () => {
  const text = edited(fs.readFileSync(file, "utf8"));
  fs.writeFileSync(file, text);
  // Past the edit's timestamp granule, so that only the MAC stands between the forgery and check.
  await sleep(30);
  const [headerLine, metaLine, ...lines] = fs.readFileSync(indexOf(out), "utf8").split("\n") as [string, string, ...string[]];
  const meta = JSON.parse(metaLine) as { inputs: Record<string, [string, string]>; fence: string };
  const full = path.resolve(file);
  expect(meta.inputs[full]).toBeDefined();
  const s = fs.lstatSync(full, { bigint: true });
  meta.inputs[full] = [`${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, crypto.createHash("sha256").update(text).digest("hex")];
  meta.fence = String(BigInt(Date.now() + 60_000) * 1_000_000n);
  fs.writeFileSync(indexOf(out), `${headerLine}\n${JSON.stringify(meta)}\n${lines.join("\n")}`);
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(indexOf(out), later, later);
  // The index is refused as a whole, and without it the manifest is not taken at its word: the full compare decides.
  expect(verdict()).toEqual({ confirmed: false, inputs: { hashed: 0, trusted: 0 } });
  const r = runCli(["check", "--defs", defs, "--out", out]);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/out of date/);
});

test("racy entries are not recorded, and an index without inputs vouches for none: every input read, the same verdict; no index, no verdict", async () => {
  expect(indexAgain(out, { inputs: inputFiles(), fenceNs: 0n })).toBeDefined();
  expect(verdict()).toEqual({ confirmed: true, inputs: { hashed: count, trusted: 0 } });
  expect(indexAgain(out)).toBeDefined();
  expect(verdict()).toEqual({ confirmed: true, inputs: { hashed: count, trusted: 0 } });
  fs.writeFileSync(file, edited(fs.readFileSync(file, "utf8")));
  expect(verdict().confirmed).toBe(false);
  // Without an index the manifest is not taken at its word: no input is read for it, and the full compare decides.
  fs.rmSync(indexOf(out));
  expect(verdict()).toEqual({ confirmed: false, inputs: { hashed: 0, trusted: 0 } });
});

test("an input changed after the run read it is recorded with its new hash: check sees the change", async () => {
  const inputs = readInputsOrFail(opts);
  fs.writeFileSync(file, edited(fs.readFileSync(file, "utf8")));
  await writeOutput(out, inputs.defs, { ...modelOptions(inputs), cache: true, inputFiles: inputs.files });
  await sleep(30);
  expect(indexAgain(out, { inputs: inputs.files })).toBeDefined();
  expect(verdict()).toEqual({ confirmed: false, inputs: { hashed: 0, trusted: count } });
});

test("the CLI: generate records the inputs, check confirms from them and writes nothing", () => {
  const dir = path.join(work, "cli");
  expect(runCli(["generate", "--quiet", "--defs", defs, "--out", dir]).code).toBe(0);
  const meta = JSON.parse(fs.readFileSync(indexOf(dir), "utf8").split("\n")[1]!) as { inputs: Record<string, unknown> };
  // Straight after generate, inputs changed in the index's own timestamp granule are left out (racy); these are older.
  expect(Object.keys(meta.inputs).sort()).toEqual([...inputFiles()].sort());
  const before = fs.readFileSync(indexOf(dir));
  const r = runCli(["check", "--defs", defs, "--out", dir]);
  expect(r).toMatchObject({ code: 0 });
  expect(r.stdout).toMatch(/up to date \(confirmed by/);
  expect(fs.readFileSync(indexOf(dir))).toEqual(before);
  fs.writeFileSync(file, edited(fs.readFileSync(file, "utf8")));
  expect(runCli(["check", "--defs", defs, "--out", dir]).code).toBe(1);
});
