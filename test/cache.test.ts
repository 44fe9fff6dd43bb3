/**
 * The validator cache (generator/job-cache.ts): output byte-identical with
 * and without it; after a change only the changed modules' jobs compile; an
 * entry that is damaged, forged (without the secret), a link or too big is
 * ignored and rebuilt; the generator's hash is in the key; the cache folder is not part of the
 * package, the manifest or check.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli, tempDir, treeHash } from "./helpers/cli";
import { check, generate, readDefs, writeOutput, type InputFile, type ModelOptions } from "../generator/index";
import { CACHE_DIR, MAX_ENTRY_BYTES, jobKey, runCachedJob } from "../generator/job-cache";
import type { ValidatorJob } from "../generator/emit/validators/compile";
import type { EmittedFile } from "../generator/emit/emitted-file";
import { listTree } from "../generator/write/tree";
import { inBothThreadModes } from "./helpers/thread-modes";

// The cache's HMAC secret in a folder of this test's own (the CLI runs below inherit it).
process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = tempDir("etg-cache-secret-");

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");

const defs = (): InputFile[] => readDefs(path.join(ROOT, "defs"));
const options = (): ModelOptions => ({ interfaces: readDefs(path.join(ROOT, "defs", "interfaces")), errors: readDefs(path.join(ROOT, "defs", "errors")) });
const sha = (s: string | Buffer): string => crypto.createHash("sha256").update(s).digest("hex");

/** The tree without the cache folder: what the package is. */
function packageTree(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(treeHash(dir)).filter(([p]) => !p.startsWith(`${CACHE_DIR}/`)));
}

/** The cache's entries (its .gitignore aside). */
function entries(out: string): string[] {
  return fs.readdirSync(path.join(out, CACHE_DIR)).filter((n) => n.endsWith(".json")).sort();
}

/** defs/ with one type added to display_message.yaml: a change to one module's validators only. */
function changedDefs(): InputFile[] {
  return defs().map((f) =>
    f.path.endsWith("display_message.yaml") ? { ...f, content: `${f.content}  CacheProbe:\n    description: A type the cache test adds\n    type: string\n    maxLength: 7\n` } : f,
  );
}

let reference: string;
let referenceTree: Record<string, string>;

beforeAll(async () => {
  reference = tempDir("etg-cache-ref-");
  const r = await writeOutput(reference, defs(), options());
  expect(r.cache).toBeUndefined();
  referenceTree = treeHash(reference);
  expect(fs.existsSync(path.join(reference, CACHE_DIR))).toBe(false);
});

describe("defs/", () => {
  inBothThreadModes(() => {
    test("generate() with a cache folder: cold all misses, warm all hits, the same files as without", async () => {
      const dir = path.join(tempDir("etg-cache-api-"), "nested", "cache");
      const plain = await generate(defs(), options());
      const cold = await generate(defs(), { ...options(), cache: { dir } });
      const warm = await generate(defs(), { ...options(), cache: { dir } });
      expect(cold.cache).toEqual({ hits: 0, misses: 3 });
      expect(warm.cache).toEqual({ hits: 3, misses: 0 });
      expect(cold.files).toEqual(plain.files);
      expect(warm.files).toEqual(plain.files);
      expect(plain.cache).toBeUndefined();
    });

    test("writeOutput with the cache: the package byte for byte as without; check confirms it (fast path and full compare) and never names the cache", async () => {
      const out = path.join(tempDir("etg-cache-out-"), "gen");
      const first = await writeOutput(out, defs(), { ...options(), cache: true });
      expect(first.cache).toEqual({ hits: 0, misses: 3 });
      expect(entries(out)).toHaveLength(3);
      expect(fs.readFileSync(path.join(out, CACHE_DIR, ".gitignore"), "utf8")).toMatch(/^\*$/m);
      const second = await writeOutput(out, defs(), { ...options(), cache: true });
      expect(second.cache).toEqual({ hits: 3, misses: 0 });
      expect(packageTree(out)).toEqual(referenceTree);
      expect(listTree(out).some((p) => p.startsWith(CACHE_DIR))).toBe(false);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, ".everest-typegen-manifest.json"), "utf8")) as { files: Record<string, string> };
      expect(Object.keys(manifest.files).some((p) => p.startsWith(CACHE_DIR))).toBe(false);
      const fast = await check(defs(), out, options());
      expect(fast).toMatchObject({ upToDate: true, confirmedByManifest: true });
      const full = await check(defs(), out, { ...options(), fastPath: false });
      expect(full).toMatchObject({ upToDate: true, confirmedByManifest: false, extra: [], changed: [], missing: [] });
      // A run without the cache leaves none behind.
      await writeOutput(out, defs(), options());
      expect(fs.existsSync(path.join(out, CACHE_DIR))).toBe(false);
      expect(treeHash(out)).toEqual(referenceTree);
    });

    test("after one type file changes, only its module's job compiles; the cache then holds exactly this run's entries", async () => {
      const out = path.join(tempDir("etg-cache-change-"), "gen");
      await writeOutput(out, defs(), { ...options(), cache: true });
      const before = entries(out);
      const changed = await writeOutput(out, changedDefs(), { ...options(), cache: true });
      expect(changed.cache).toEqual({ hits: 2, misses: 1 });
      const after = entries(out);
      expect(after).toHaveLength(3);
      expect(after.filter((n) => before.includes(n))).toHaveLength(2);
      const plain = tempDir("etg-cache-change-plain-");
      await writeOutput(plain, changedDefs(), options());
      expect(packageTree(out)).toEqual(treeHash(plain));
    });

    describe("a damaged or hostile entry is ignored and rebuilt, with the same output", () => {
      const damages: [string, (file: string, text: string) => void][] = [
        ["truncated", (file, text) => fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)))],
        ["empty", (file) => fs.writeFileSync(file, "")],
        ["garbage", (file) => fs.writeFileSync(file, crypto.randomBytes(4096))],
        ["a payload changed under its hash", (file, text) => fs.writeFileSync(file, text.replace(/validate/, "vandalize"))],
        [
          "a payload naming a path the job does not make, under a plain sha256",
          (file, text) => {
            const nl = text.indexOf("\n");
            const header = JSON.parse(text.slice(0, nl)) as { key: string };
            const files = JSON.parse(text.slice(nl + 1)) as EmittedFile[];
            const payload = JSON.stringify([...files, { path: "../escaped.js", content: "x" }]);
            fs.writeFileSync(file, `${JSON.stringify({ key: header.key, hmac: sha(payload) })}\n${payload}`);
          },
        ],
        [
          "a forged entry of the right shape, its HMAC made with a guessed secret",
          (file, text) => {
            const nl = text.indexOf("\n");
            const header = JSON.parse(text.slice(0, nl)) as { key: string };
            const files = JSON.parse(text.slice(nl + 1)) as EmittedFile[];
            const payload = JSON.stringify(files.map((f) => ({ ...f, content: `${f.content}globalThis.forged = true;\n` })));
            const guess = crypto.createHmac("sha256", crypto.randomBytes(32)).update(`${header.key}\u0000`).update(payload).digest("hex");
            fs.writeFileSync(file, `${JSON.stringify({ key: header.key, hmac: guess })}\n${payload}`);
          },
        ],
        [
          "another entry's text under this name",
          (file) => {
            const other = fs.readdirSync(path.dirname(file)).find((n) => n.endsWith(".json") && n !== path.basename(file))!;
            fs.copyFileSync(path.join(path.dirname(file), other), file);
          },
        ],
        [
          "a symbolic link to a copy of the entry",
          (file, text) => {
            const elsewhere = path.join(tempDir("etg-cache-link-"), "entry.json");
            fs.writeFileSync(elsewhere, text);
            fs.rmSync(file);
            fs.symlinkSync(elsewhere, file);
          },
        ],
        ["a folder", (file) => (fs.rmSync(file), fs.mkdirSync(file))],
        [
          "a huge file",
          (file) => {
            fs.rmSync(file);
            const fd = fs.openSync(file, "w");
            fs.ftruncateSync(fd, MAX_ENTRY_BYTES + 1); // sparse: no disk used
            fs.closeSync(fd);
          },
        ],
      ];
      test.each(damages)("%s", async (_name, damage) => {
        const out = path.join(tempDir("etg-cache-bad-"), "gen");
        await writeOutput(out, defs(), { ...options(), cache: true });
        const names = entries(out);
        const victim = path.join(out, CACHE_DIR, names[0]!);
        const good = fs.readFileSync(victim, "utf8");
        damage(victim, good);
        const r = await writeOutput(out, defs(), { ...options(), cache: true });
        expect(r.cache).toEqual({ hits: 2, misses: 1 });
        expect(packageTree(out)).toEqual(referenceTree);
        expect(fs.existsSync(path.join(path.dirname(out), "escaped.js"))).toBe(false);
        // Rebuilt: the entry is whole again, a regular file, and the next run takes it.
        expect(entries(out)).toEqual(names);
        expect(fs.lstatSync(victim).isFile()).toBe(true);
        expect(fs.readFileSync(victim, "utf8")).toBe(good);
        expect((await writeOutput(out, defs(), { ...options(), cache: true })).cache).toEqual({ hits: 3, misses: 0 });
      });

      test("a link in place of the cache folder is neither read nor written through, and check reports it", async () => {
        const out = path.join(tempDir("etg-cache-dirlink-"), "gen");
        await writeOutput(out, defs(), { ...options(), cache: true });
        const real = path.join(tempDir("etg-cache-target-"), "cache");
        fs.renameSync(path.join(out, CACHE_DIR), real);
        fs.symlinkSync(real, path.join(out, CACHE_DIR), "dir");
        const targetBefore = treeHash(real);
        const c = await check(defs(), out, { ...options(), fastPath: false });
        expect(c.extra).toEqual([CACHE_DIR]);
        const r = await writeOutput(out, defs(), { ...options(), cache: true });
        expect(r.cache).toEqual({ hits: 0, misses: 3 });
        expect(fs.lstatSync(path.join(out, CACHE_DIR)).isDirectory()).toBe(true);
        expect(treeHash(real)).toEqual(targetBefore);
        expect(packageTree(out)).toEqual(referenceTree);
      });
    });
  });
});

describe("settings and the secret", () => {
  inBothThreadModes(() => {
    test("other package settings: the validators' entries still serve, and the package is the one made without a cache", async () => {
      const out = path.join(tempDir("etg-cache-settings-"), "gen");
      await writeOutput(out, defs(), { ...options(), cache: true });
      const settings = { ...options(), package: { name: "@acme/ev-types", version: "2.0.0" } };
      const r = await writeOutput(out, defs(), { ...settings, cache: true });
      expect(r.cache).toEqual({ hits: 3, misses: 0 });
      const plain = tempDir("etg-cache-settings-plain-");
      await writeOutput(plain, defs(), settings);
      expect(packageTree(out)).toEqual(treeHash(plain));
    });

    test("no place for the secret: no cache at all, the same package", async () => {
      const before = process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"];
      const blocker = path.join(tempDir("etg-cache-nosecret-"), "file");
      fs.writeFileSync(blocker, "not a folder\n");
      process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = path.join(blocker, "sub");
      try {
        const out = path.join(tempDir("etg-cache-nosecret-out-"), "gen");
        const r = await writeOutput(out, defs(), { ...options(), cache: true });
        expect(r.cache).toBeUndefined();
        expect(fs.existsSync(path.join(out, CACHE_DIR))).toBe(false);
        expect(treeHash(out)).toEqual(referenceTree);
      } finally {
        process.env["EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR"] = before;
      }
    });
  });
});

test("a secret's temporary file that a killed run left is removed by a later generate once it is 10 minutes old, if it holds what its writer writes; check removes nothing", () => {
  const keyDir = tempDir("etg-cache-key-temps-");
  const env = { EVEREST_TYPEGEN_JOB_CACHE_KEY_DIR: keyDir };
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  const put = (name: string, old: boolean, folder = false, text = `${"a".repeat(64)}\n`): void => {
    const file = path.join(keyDir, name);
    if (folder) fs.mkdirSync(file);
    else fs.writeFileSync(file, text);
    if (old) fs.utimesSync(file, hourAgo, hourAgo);
  };
  put("job-cache.key.tmp-0123456789abcdef", true);
  put("job-cache.key.tmp-fedcba9876543210", false);
  // Not the secret's temporary files: kept however old.
  put("job-cache.key.tmp-0123", true);
  put("notes.tmp-0123456789abcdef", true);
  put("job-cache.key.tmp-aaaaaaaaaaaaaaaa", true, true);
  // A secret's name, old, but not what its writer writes: someone else's, kept. One killed before writing: empty, removed.
  put("job-cache.key.tmp-bbbbbbbbbbbbbbbb", true, false, "my notes\n");
  put("job-cache.key.tmp-cccccccccccccccc", true, false, "");
  const out = path.join(tempDir("etg-cache-key-temps-out-"), "gen");
  const everyName = [
    "job-cache.key.tmp-0123",
    "job-cache.key.tmp-0123456789abcdef",
    "job-cache.key.tmp-aaaaaaaaaaaaaaaa",
    "job-cache.key.tmp-bbbbbbbbbbbbbbbb",
    "job-cache.key.tmp-cccccccccccccccc",
    "job-cache.key.tmp-fedcba9876543210",
    "notes.tmp-0123456789abcdef",
  ];
  // check writes nothing: with no secret yet, it neither makes one nor tidies.
  expect(runCli(["check", "--defs", "defs", "--out", out], { env }).code).toBe(1);
  expect(fs.readdirSync(keyDir).sort()).toEqual(everyName);
  expect(runCli(["generate", "-q", "--defs", "defs", "--out", out], { env }).code).toBe(0);
  expect(fs.readdirSync(keyDir).sort()).toEqual(["job-cache.key", ...everyName.filter((n) => n !== "job-cache.key.tmp-0123456789abcdef" && n !== "job-cache.key.tmp-cccccccccccccccc")]);
});

describe("the key", () => {
  const job: ValidatorJob = { documents: [{ $id: "x", type: "string" }], formats: [], callTargets: [], files: [{ path: "internal/v/x.js", sources: ["x.yaml"], header: [], exports: [["validateX", "x"]] }] };
  const made: EmittedFile[] = [
    { path: "internal/v/x.js", content: "cjs\n" },
    { path: "internal/v/x.mjs", content: "esm\n" },
  ];

  test("a new generator hash or different job data is a miss; the same is a hit", () => {
    const dir = tempDir("etg-cache-key-");
    let runs = 0;
    const run = (): EmittedFile[] => (runs++, made);
    const secret = "ab".repeat(32);
    const at = (generator: string, key = secret) => ({ readDir: dir, writeDir: dir, generator, secret: key });
    expect(runCachedJob(at("g1"), "validators", job, run)).toEqual({ files: made, hit: false });
    expect(runCachedJob(at("g1"), "validators", job, run)).toEqual({ files: made, hit: true });
    expect(runCachedJob(at("g2"), "validators", job, run).hit).toBe(false);
    expect(runCachedJob(at("g1"), "other-emitter", job, run).hit).toBe(false);
    // Another secret: the entry's HMAC does not hold, and it is written anew.
    expect(runCachedJob(at("g1", "cd".repeat(32)), "validators", job, run).hit).toBe(false);
    expect(runCachedJob(at("g1", "cd".repeat(32)), "validators", job, run).hit).toBe(true);
    const changed: ValidatorJob = { ...job, formats: ["date-time"] };
    expect(runCachedJob(at("g1"), "validators", changed, run).hit).toBe(false);
    expect(runs).toBe(5);
    expect(jobKey({ generator: "g1" }, "validators", job)).not.toBe(jobKey({ generator: "g2" }, "validators", job));
    // Without a cache, always run.
    expect(runCachedJob(undefined, "validators", job, run)).toEqual({ files: made, hit: false });
    expect(runs).toBe(6);
  });
});

describe("the CLI", () => {
  test("generate caches by default, --no-cache neither reads nor writes it, check stays quiet about it", () => {
    const base = tempDir("etg-cache-cli-");
    const out = path.join(base, "gen");
    const gen = (...flags: string[]): number | null => runCli(["generate", "-q", ...flags, "--defs", "defs", "--out", out]).code;
    expect(gen("--no-cache")).toBe(0);
    const plain = treeHash(out);
    expect(fs.existsSync(path.join(out, CACHE_DIR))).toBe(false);
    expect(gen()).toBe(0);
    expect(entries(out)).toHaveLength(3);
    expect(gen()).toBe(0);
    expect(packageTree(out)).toEqual(plain);
    expect(runCli(["check", "--defs", "defs", "--out", out]).code).toBe(0);
    const strict = runCli(["check", "--strict", "--defs", "defs", "--out", out]);
    expect(strict.stdout + strict.stderr).not.toMatch(/extra|cache/);
    expect(gen("--no-cache")).toBe(0);
    expect(fs.existsSync(path.join(out, CACHE_DIR))).toBe(false);
    expect(treeHash(out)).toEqual(plain);
  });
});

const hasTree = fs.existsSync(path.join(TREE, "types"));
if (!hasTree) console.log(`cache: EVerest tree test skipped, no tree at ${TREE} (set EVEREST_DIR)`);
(hasTree ? describe : describe.skip)("EVerest's tree", () => {
  const read = (sub: string): InputFile[] => readDefs(path.join(TREE, sub));
  test("the package with a cold and a warm cache is byte for byte the one without", async () => {
    const opts = { interfaces: read("interfaces"), errors: read("errors") };
    const plain = tempDir("etg-cache-ev-plain-");
    const cached = path.join(tempDir("etg-cache-ev-"), "gen");
    await writeOutput(plain, read("types"), opts);
    const cold = await writeOutput(cached, read("types"), { ...opts, cache: true });
    expect(cold.cache!.hits).toBe(0);
    expect(packageTree(cached)).toEqual(treeHash(plain));
    const warm = await writeOutput(cached, read("types"), { ...opts, cache: true });
    expect(warm.cache).toEqual({ hits: cold.cache!.misses, misses: 0 });
    expect(packageTree(cached)).toEqual(treeHash(plain));
  }, 120_000);
});
