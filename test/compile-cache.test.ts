/**
 * The CLI's V8 code cache for ts-morph (generator/cli/compile-cache.ts): made
 * by generate, used by the next run, never trusted blindly, never written by
 * check, off with EVEREST_TYPEGEN_COMPILE_CACHE=0. Each test points the cache
 * at a folder of its own (EVEREST_TYPEGEN_CACHE_DIR).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Module = require("node:module");
import { readWrapped } from "../generator/cli/compile-cache";
import { spawn, spawnSync } from "node:child_process";
import { BIN, cliEnv, runCli, stopProcess, tempDir, treeHash } from "./helpers/cli";

let work: string;
beforeEach(() => {
  work = tempDir("etg-cache-");
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

const cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** The output folder's files but check's stat index, which records each folder's own inodes and times (generator/write/stat-index.ts). */
function outputTree(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(treeHash(dir)).filter(([p]) => p !== ".everest-typegen-cache/stat-index"));
}

/**
 * One small type file: the cache is about loading ts-morph, which every generate does whatever its input, so
 * the tests but the first (the project's defs/, the usual run) spare the bigger input's work.
 */
function smallDefs(): string[] {
  const defs = path.join(work, "defs");
  fs.mkdirSync(defs, { recursive: true });
  fs.writeFileSync(path.join(defs, "small.yaml"), "description: One small type file\ntypes:\n  Mode:\n    description: A mode\n    type: string\n    enum: [on, off]\n");
  return ["--defs", defs];
}

function generateWith(cache: string, out: string, env: NodeJS.ProcessEnv = {}, defs: readonly string[] = smallDefs()) {
  const r = runCli(["generate", ...defs, "--out", out], { env: { EVEREST_TYPEGEN_CACHE_DIR: cache, ...env } });
  expect([r.code, r.stderr.includes("error")]).toEqual([0, false]);
  return r;
}

test("generate makes one cache file per ts-morph module; the next run uses them as they are and writes the same output", () => {
  const cache = path.join(work, "cache");
  generateWith(cache, path.join(work, "a"), {}, []);
  const made = cacheFiles(cache);
  // Compared as module names sorted on their own: the hash after each name varies per install. The name says
  // whether the source compiled is ASCII (decoded as Latin-1 without scanning it again): ts-morph-common's is, without
  // its lib texts (built on first use from the file's bytes, generator/cli/lazy-lib-files.ts), which are not.
  // And TypeScript's data, which lets the next runs do without loading it (generator/cli/lazy-typescript.ts).
  expect(made.map((n) => n.replace(/-[0-9a-f]{8}-[0-9a-f]{16}(?:-[0-9a-f]{8}\.(ascii|utf8)\.v8cache|\.(tsdata)\.json)$/, ".$1$2")).sort()).toEqual([
    "ts-morph-common.ascii",
    "ts-morph.ascii",
    "typescript.ascii",
    "typescript.tsdata",
  ]);
  const before = treeHash(cache);
  generateWith(cache, path.join(work, "b"), {}, []);
  // Accepted by V8, so not rewritten.
  expect(treeHash(cache)).toEqual(before);
  expect(outputTree(path.join(work, "b"))).toEqual(outputTree(path.join(work, "a")));
});

(hasMkfifo ? test : test.skip)("a FIFO or a link in place of a cache file is not read: the run neither blocks nor follows it, and writes a file in its place", () => {
  const cache = path.join(work, "cache");
  generateWith(cache, path.join(work, "a"));
  const names = cacheFiles(cache).filter((n) => n.endsWith(".v8cache"));
  // ts-morph's own modules: they are read on every run (TypeScript's only when it is loaded).
  const [fifo, link] = names.filter((n) => n.startsWith("ts-morph-"));
  const good = treeHash(cache);
  fs.rmSync(path.join(cache, fifo!));
  expect(spawnSync("mkfifo", [path.join(cache, fifo!)]).status).toBe(0);
  fs.renameSync(path.join(cache, link!), path.join(work, "elsewhere"));
  fs.symlinkSync(path.join(work, "elsewhere"), path.join(cache, link!));
  const r = runCli(["generate", ...smallDefs(), "--out", path.join(work, "b")], { env: { EVEREST_TYPEGEN_CACHE_DIR: cache } });
  expect([r.code, r.stderr.includes("error")]).toEqual([0, false]);
  for (const n of [fifo!, link!]) expect(fs.lstatSync(path.join(cache, n)).isFile()).toBe(true);
  expect(Object.keys(treeHash(cache)).sort()).toEqual(Object.keys(good).sort());
  expect(outputTree(path.join(work, "b"))).toEqual(outputTree(path.join(work, "a")));
});

test("cache files of garbage are rejected by V8: the run compiles as usual, writes the same output, and replaces them", () => {
  const cache = path.join(work, "cache");
  generateWith(cache, path.join(work, "a"));
  const names = cacheFiles(cache);
  for (const n of names) fs.writeFileSync(path.join(cache, n), Buffer.from("not V8 code cache data ".repeat(100)));
  generateWith(cache, path.join(work, "b"));
  expect(outputTree(path.join(work, "b"))).toEqual(outputTree(path.join(work, "a")));
  expect(cacheFiles(cache)).toEqual(names);
  for (const n of names) expect(fs.readFileSync(path.join(cache, n), "utf8")).not.toContain("not V8 code cache data");
});

test("check reads the cache but never writes it", () => {
  const cache = path.join(work, "cache");
  const out = path.join(work, "out");
  generateWith(cache, out, { EVEREST_TYPEGEN_COMPILE_CACHE: "0" });
  // An edited file forces check past the manifest fast path, into the full regenerate-and-compare.
  fs.appendFileSync(path.join(out, "README.md"), "edited\n");
  const r = runCli(["check", ...smallDefs(), "--out", out], { env: { EVEREST_TYPEGEN_CACHE_DIR: cache } });
  expect(r.code).toBe(1);
  expect(r.stdout + r.stderr).toContain("README.md");
  expect(fs.existsSync(cache)).toBe(false);
});

test("EVEREST_TYPEGEN_COMPILE_CACHE=0 turns the cache off", () => {
  const cache = path.join(work, "cache");
  generateWith(cache, path.join(work, "a"), { EVEREST_TYPEGEN_COMPILE_CACHE: "0" });
  expect(fs.existsSync(cache)).toBe(false);
});

test("a cache folder that cannot be made is no error: the run goes on without one", () => {
  const blocker = path.join(work, "file");
  fs.writeFileSync(blocker, "a file where the cache folder would go\n");
  generateWith(path.join(blocker, "cache"), path.join(work, "a"));
  expect(fs.readFileSync(blocker, "utf8")).toBe("a file where the cache folder would go\n");
});

test("writing a module's cache removes that module's files made from other versions, and nothing else", () => {
  const cache = path.join(work, "cache");
  fs.mkdirSync(cache);
  // Named as older versions named them (without the install's hash; before that without the flags' tag; before that without `.ascii` or `.utf8`).
  const outdated = [
    "typescript-0123456789abcdef-89abcdef.ascii.v8cache",
    "ts-morph-common-0123456789abcdef-00000000.utf8.v8cache",
    "typescript-0123456789abcdef.v8cache",
    "ts-morph-0123456789abcdef.v8cache",
    "ts-morph-common-0123456789abcdef.v8cache",
    "typescript-0123456789abcdef.ascii.v8cache",
    "ts-morph-common-0123456789abcdef.utf8.v8cache",
  ];
  const kept = ["notes.txt", "typescript-old.v8cache.bak", "typescript-0123456789abcdef.latin1.cache"];
  for (const n of [...outdated, ...kept]) fs.writeFileSync(path.join(cache, n), "x");
  generateWith(cache, path.join(work, "a"));
  const now = cacheFiles(cache);
  for (const n of outdated) expect(now).not.toContain(n);
  expect(now.filter((n) => n.endsWith(".v8cache"))).toHaveLength(3);
  for (const n of kept) expect(now).toContain(n);
});

test("the folder stays bounded: other versions, flag sets past three, other installs' old files and killed writes' temporary files go", () => {
  const cache = path.join(work, "cache");
  const defs = smallDefs();
  generateWith(cache, path.join(work, "a"), {}, defs);
  const real = cacheFiles(cache).find((n) => n.startsWith("typescript-") && n.endsWith(".v8cache"))!;
  const [, place, version, tag, ending] = /^typescript-([0-9a-f]{8})-([0-9a-f]{16})-([0-9a-f]{8})(\.(?:ascii|utf8)\.v8cache)$/.exec(real)!;
  const other = (hex: string, not: string): string => (hex === not ? hex.replace(/^./, (c) => (c === "0" ? "1" : "0")) : hex);
  const name = (p: string, v: string, t: string): string => `typescript-${p}-${v}-${t}${ending}`;
  const day = 24 * 60 * 60 * 1000;
  const files: [string, number][] = [
    // This install, another version of TypeScript or node: removed.
    [name(place!, other("0123456789abcdef", version!), tag!), 0],
    // This install and version under four other sets of flags, written an hour apart: the newest two are kept.
    ...["a0000001", "a0000002", "a0000003", "a0000004"].map((t, i): [string, number] => [name(place!, version!, other(t, tag!)), (4 - i) * 3_600_000]),
    // Another install's: kept while written within 30 days.
    [name(other("fedcba98", place!), version!, tag!), 31 * day],
    [name(other("76543210", place!), version!, tag!), 29 * day],
    // Temporary files of a killed write: removed when older than ten minutes.
    [`${real}.tmp-0123456789abcdef`, 3_600_000],
    [`${real}.tmp-fedcba9876543210`, 0],
    // TypeScript's data, kept with its version whatever the flags: another version's removed, and a killed write's old temporary file.
    [`typescript-${place}-${other("0123456789abcdef", version!)}.tsdata.json`, 0],
    [`typescript-${place}-${version}.tsdata.json.tmp-0123456789abcdef`, 3_600_000],
  ];
  const now = Date.now();
  for (const [n, age] of files) {
    fs.writeFileSync(path.join(cache, n), "x");
    fs.utimesSync(path.join(cache, n), new Date(now - age), new Date(now - age));
  }
  // The next run loads TypeScript (its data is gone too), writes its files again, and tidies up as it does.
  const data = `typescript-${place}-${version}.tsdata.json`;
  fs.rmSync(path.join(cache, real));
  fs.rmSync(path.join(cache, data));
  generateWith(cache, path.join(work, "b"), {}, defs);
  const left = cacheFiles(cache).filter((n) => n.startsWith("typescript-"));
  const expected = [real, data, name(place!, version!, other("a0000003", tag!)), name(place!, version!, other("a0000004", tag!)), name(other("76543210", place!), version!, tag!), `${real}.tmp-fedcba9876543210`];
  expect(left).toEqual(expected.sort());
});

test("a watch, which runs under other V8 flags, keeps cache files of its own: neither it nor generate rewrites the other's", async () => {
  const cache = path.join(work, "cache");
  const defs = smallDefs();
  generateWith(cache, path.join(work, "a"), {}, defs);
  const generateFiles = treeHash(cache);
  // A watch's first run into a fresh folder loads ts-morph, then saves its cache before it says it is watching.
  const watchRun = async (out: string): Promise<void> => {
    const child = spawn(process.execPath, [BIN, "generate", "--watch", "-q", ...defs, "--out", out], { env: cliEnv({ EVEREST_TYPEGEN_CACHE_DIR: cache }) });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
      // A wait, not a bound: a loaded machine's first run may take a while; a watch that never gets there still fails.
      const end = Date.now() + 60_000;
      while (!stdout.includes("watching") && child.exitCode === null && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect({ watching: stdout.includes("watching"), stderr }).toEqual({ watching: true, stderr: "" });
    } finally {
      await stopProcess(child);
    }
  };
  await watchRun(path.join(work, "w1"));
  const both = treeHash(cache);
  // Generate's files are as they were, and the watch's are two more, for ts-morph's modules under another tag: it did
  // not load TypeScript, whose data generate recorded.
  for (const [name, hash] of Object.entries(generateFiles)) expect(both[name]).toBe(hash);
  const tag = (n: string): string => /-([0-9a-f]{8})\.(?:ascii|utf8)\.v8cache$/.exec(n)![1]!;
  const added = Object.keys(both).filter((n) => !(n in generateFiles));
  expect(added.map((n) => n.replace(/-[0-9a-f]{8}-[0-9a-f]{16}-[0-9a-f]{8}\.(?:ascii|utf8)\.v8cache$/, "")).sort()).toEqual(["ts-morph", "ts-morph-common"]);
  expect(new Set(added.map(tag)).size).toBe(1);
  expect(Object.keys(generateFiles).filter((n) => n.endsWith(".v8cache")).map(tag)).not.toContain(tag(added[0]!));
  // Each kind of run finds its own files fit: nothing is rewritten.
  generateWith(cache, path.join(work, "b"), {}, defs);
  await watchRun(path.join(work, "w2"));
  expect(treeHash(cache)).toEqual(both);
});

describe("a module's code, read in node's wrapper from one buffer", () => {
  const wrap = (text: string): string => (Module as unknown as { wrap(s: string): string }).wrap(text);
  const cases: [string, string][] = [
    ["ASCII", "module.exports = { a: 1 };\n// a comment\n"],
    ["UTF-8 in two, three and four bytes", 'module.exports = "é€😀";\n'],
    ["empty", ""],
    ["no newline at the end", "module.exports = 2"],
  ];
  test.each(cases)("%s: the text node's wrapper gives, and whether it is ASCII", (_, text) => {
    const file = path.join(work, "m.js");
    fs.writeFileSync(file, text);
    const ascii = !/[^\u0000-\u007f]/.test(text);
    expect(readWrapped(file, undefined)).toEqual({ code: wrap(text), ascii });
    // The cache file's name says whether the source is ASCII: taken as said, for the same text.
    expect(readWrapped(file, ascii)).toEqual({ code: wrap(text), ascii });
  });

  test("an ASCII file said to be UTF-8 decodes to the same text", () => {
    const file = path.join(work, "m.js");
    fs.writeFileSync(file, "module.exports = 3;\n");
    expect(readWrapped(file, false)).toEqual({ code: wrap("module.exports = 3;\n"), ascii: false });
  });

  test("TypeScript's 9 MB: the same text as node's own read and wrap", () => {
    const ts = require.resolve("typescript");
    expect(readWrapped(ts, undefined).code === wrap(fs.readFileSync(ts, "utf8"))).toBe(true);
  });
});
