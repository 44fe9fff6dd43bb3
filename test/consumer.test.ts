/**
 * The generated package as its users get it. test/consumer/ is a project of its
 * own that depends on generated/ by path; here it runs from a temp copy twice:
 *
 * 1. with node_modules/@everest-typegen/types linked to generated/ (what
 *    `npm install ../../generated` does, without touching the network), and
 * 2. with the tarball `npm pack` makes in generated/, installed by npm.
 *
 * Each time: esm.mjs and cjs.cjs run under node (enums, isX, assertX,
 * validateX, validate() with both ref forms, exported and blocked subpaths),
 * and ts/consumer.ts is type-checked with the repo's tsc under `nodenext` and
 * `node16` (as consumer.mts and consumer.cts) and `bundler`.
 *
 * It tests the committed generated/ (`everest-typegen check` keeps that equal
 * to what the generator emits).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const GENERATED = path.join(ROOT, "generated");
const FIXTURE = path.join(ROOT, "test", "consumer");
const TSC = require.resolve("typescript/bin/tsc");
const PACKAGE = "@everest-typegen/types";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `run`, failing with the whole output when the exit code is not 0. */
function runOk(command: string, args: readonly string[], cwd: string): Run {
  const r = run(command, args, cwd);
  if (r.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** A copy of the fixture with the TypeScript consumer also as an ES module and as CommonJS. */
function copyFixture(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(FIXTURE, dir, { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
  const source = fs.readFileSync(path.join(dir, "ts", "consumer.ts"), "utf8");
  fs.writeFileSync(path.join(dir, "ts", "consumer.mts"), source);
  fs.writeFileSync(path.join(dir, "ts", "consumer.cts"), source);
  return dir;
}

function describeConsumer(title: string, setUp: () => string): void {
  describe(title, () => {
    let dir = "";
    beforeAll(() => {
      dir = setUp();
    });
    afterAll(() => {
      if (dir !== "") fs.rmSync(dir, { recursive: true, force: true });
    });

    test("an ES module imports it and every check passes", () => {
      const r = run(process.execPath, ["esm.mjs"], dir);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(r.stdout).toBe("esm: 32 checks passed\n");
    });

    test("a CommonJS module requires it and every check passes", () => {
      const r = run(process.execPath, ["cjs.cjs"], dir);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
      expect(r.stdout).toBe("cjs: 30 checks passed\n");
    });

    test.each(["nodenext", "node16", "bundler"])("TypeScript (strict, no skipLibCheck) type-checks it under moduleResolution %s", (mode) => {
      const r = run(process.execPath, [TSC, "-p", `tsconfig.${mode}.json`], dir);
      expect({ code: r.code, output: r.stdout + r.stderr }).toEqual({ code: 0, output: "" });
    });
  });
}

describeConsumer("the generated package, installed by path", () => {
  const dir = copyFixture("etg-consumer-link-");
  const scope = path.join(dir, "node_modules", "@everest-typegen");
  fs.mkdirSync(scope, { recursive: true });
  fs.symlinkSync(GENERATED, path.join(scope, "types"), "dir");
  return dir;
});

describe("npm pack", () => {
  let packDir = "";
  let tarball = "";
  let packed: string[] = [];

  beforeAll(() => {
    packDir = fs.mkdtempSync(path.join(os.tmpdir(), "etg-pack-"));
    const r = runOk(npm, ["pack", GENERATED, "--pack-destination", packDir, "--json", "--ignore-scripts"], packDir);
    const [info] = JSON.parse(r.stdout) as { filename: string; files: { path: string }[] }[];
    if (!info) throw new Error(`npm pack printed no result:\n${r.stdout}`);
    tarball = path.join(packDir, info.filename);
    packed = info.files.map((f) => f.path).sort();
  });
  afterAll(() => {
    if (packDir !== "") fs.rmSync(packDir, { recursive: true, force: true });
  });

  test("packs every file of the package, and nothing else", () => {
    const expected: string[] = [];
    const walk = (rel: string): void => {
      for (const e of fs.readdirSync(path.join(GENERATED, rel), { withFileTypes: true })) {
        const p = rel === "" ? e.name : `${rel}/${e.name}`;
        // Dot files and folders are the generator's own (the manifest, the cache), never packed.
        if (e.name.startsWith(".")) continue;
        if (e.isDirectory()) {
          if (e.name !== "node_modules") walk(p);
        } else expected.push(p);
      }
    };
    walk("");
    expect(packed).toEqual(expected.sort());
    expect(path.basename(tarball)).toBe("everest-typegen-types-0.1.0.tgz");
  });

  describeConsumer("the packed tarball, installed by npm", () => {
    const dir = copyFixture("etg-consumer-tgz-");
    const pkgFile = path.join(dir, "package.json");
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { dependencies: Record<string, string> };
    pkg.dependencies[PACKAGE] = `file:${tarball}`;
    fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + "\n");
    runOk(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], dir);
    const installed = path.join(dir, "node_modules", "@everest-typegen", "types");
    if (fs.lstatSync(installed).isSymbolicLink()) throw new Error("npm linked the package instead of unpacking the tarball");
    return dir;
  });
});
