/**
 * The generated package's name, version and description: npm's rules for each
 * value, the defaults, and the API: the model carries the settings, the
 * emitters use them, the manifest records them and `check` confirms a tree
 * only with the settings it was made with.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PackageSettingsError, check, generate, loadModel, packageProblems, readDefs, writeOutput } from "../generator/index";
import { packageDescriptionProblem, packageNameProblem, packageVersionProblem, tarballName } from "../generator/package-settings";
import { ROOT, tempDir } from "./helpers/cli";
import { indexAgain } from "./helpers/reindex";

const DEFS = path.join(ROOT, "defs");

describe("package names (npm's rules)", () => {
  test.each(["a", "everest-types", "@acme/everest-types", "@everest-typegen/types", "x.y_z-1", "a".repeat(214), `@s/${"a".repeat(211)}`])("%s is accepted", (name) => {
    expect(packageNameProblem(name)).toBeUndefined();
  });
  test.each([
    ["", /cannot be empty/],
    ["a".repeat(215), /at most 214 characters/],
    [`@s/${"a".repeat(212)}`, /at most 214 characters/],
    ["Everest", /capital letters/],
    ["@Acme/types", /capital letters/],
    [".hidden", /cannot start with a period or an underscore/],
    ["_private", /cannot start with a period or an underscore/],
    ["@acme/_x", /the name after the scope cannot start/],
    ["my package", /spaces/],
    [" pkg", /spaces/],
    ["caf\u00e9", /URL-safe/],
    ["a:b", /URL-safe/],
    ["a~b", /URL-safe/],
    ["a%20b", /URL-safe/],
    ["@acme", /@scope\/name/],
    ["@acme/a/b", /@scope\/name/],
    ["@/types", /the scope cannot be empty/],
    ["@acme/", /the name after the scope cannot be empty/],
    ["a/b", /slash unless it is scoped/],
    ["node_modules", /reserves/],
    ["favicon.ico", /reserves/],
    ["http", /reserves/],
  ])("%j is refused", (name, message) => {
    expect(packageNameProblem(name)).toMatch(message);
  });
});

describe("package versions (strict semver)", () => {
  test.each(["0.1.0", "1.2.3", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha-a.b-c", "1.0.0+build.5", "1.0.0-0.3.7+sha.5114f85"])("%s is accepted", (v) => {
    expect(packageVersionProblem(v)).toBeUndefined();
  });
  test.each([
    ["", /cannot be empty/],
    ["1.2", /semver/],
    ["1.2.3.4", /semver/],
    ["01.2.3", /semver/],
    ["1.2.3-", /semver/],
    ["1.2.3-01", /semver/],
    ["1.2.3+", /semver/],
    ["latest", /semver/],
    [" 1.2.3", /semver/],
    ["v1.2.3", /without a leading "v": 1\.2\.3/],
    ["=1.2.3", /without a leading "="/],
    [`1.2.3-${"a".repeat(260)}`, /at most 256 characters/],
  ])("%j is refused", (v, message) => {
    expect(packageVersionProblem(v)).toMatch(message);
  });
});

describe("package descriptions (one line)", () => {
  test.each(["Types for ACME chargers", "Typen f\u00fcr Ladeger\u00e4te \u26a1", "x".repeat(500)])("%j is accepted", (d) => {
    expect(packageDescriptionProblem(d)).toBeUndefined();
  });
  test.each([
    ["", /cannot be empty/],
    ["   ", /cannot be empty/],
    ["two\nlines", /U\+000A/],
    ["a\rb", /U\+000D/],
    ["tab\there", /U\+0009/],
    ["esc\u001b[31m", /U\+001B/],
    ["del\u007f", /U\+007F/],
    ["c1\u0085", /U\+0085/],
    ["ls\u2028", /U\+2028/],
    ["lone \ud800", /U\+D800/],
    ["x".repeat(501), /at most 500 characters/],
  ])("%j is refused", (d, message) => {
    expect(packageDescriptionProblem(d)).toMatch(message);
  });
});

test("packageProblems lists every bad value, and a value that is no string", () => {
  expect(packageProblems({ name: "A", version: "1", description: "ok" }).map((p) => p.field)).toEqual(["name", "version"]);
  expect(packageProblems({ name: 5 as unknown as string })).toEqual([{ field: "name", value: "5", message: "the package name must be a string" }]);
  expect(packageProblems({})).toEqual([]);
});

test("the tarball name is npm pack's", () => {
  expect(tarballName({ name: "@everest-typegen/types", version: "0.1.0" })).toBe("everest-typegen-types-0.1.0.tgz");
  expect(tarballName({ name: "plain", version: "1.0.0-rc.1" })).toBe("plain-1.0.0-rc.1.tgz");
});

describe("the API", () => {
  const defs = readDefs(DEFS);
  const interfaces = readDefs(path.join(DEFS, "interfaces"));
  const errors = readDefs(path.join(DEFS, "errors"));
  const chosen = { name: "@acme/everest-types", version: "2.1.0-beta.1", description: "ACME's EVerest types" } as const;

  test("the model carries the defaults, frozen, and the chosen settings", () => {
    const plain = loadModel(defs).model!;
    expect(plain.package).toEqual({ name: "@everest-typegen/types", version: "0.1.0" });
    expect(Object.isFrozen(plain.package)).toBe(true);
    expect(loadModel(defs, { package: chosen }).model!.package).toEqual(chosen);
    expect(loadModel(defs, { package: { version: "1.0.0" } }).model!.package).toEqual({ name: "@everest-typegen/types", version: "1.0.0" });
  });

  test("bad settings throw PackageSettingsError listing each, from loadModel, generate, writeOutput and check, and nothing is written", async () => {
    const bad = { package: { name: "Bad Name", version: "1.0", description: "a\nb" } };
    expect(() => loadModel(defs, bad)).toThrow(PackageSettingsError);
    try {
      loadModel(defs, bad);
    } catch (err) {
      expect((err as PackageSettingsError).problems.map((p) => p.field)).toEqual(["name", "version", "description"]);
    }
    await expect(generate(defs, bad)).rejects.toThrow(PackageSettingsError);
    const work = tempDir();
    try {
      const out = path.join(work, "out");
      await expect(writeOutput(out, defs, bad)).rejects.toThrow(PackageSettingsError);
      expect(fs.readdirSync(work)).toEqual([]);
      await expect(check(defs, out, bad)).rejects.toThrow(PackageSettingsError);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test("package.json, README and every docs page use the chosen settings; nothing else changes", async () => {
    const plain = new Map((await generate(defs, { interfaces, errors })).files.map((f) => [f.path, f.content]));
    const mine = new Map((await generate(defs, { interfaces, errors, package: chosen })).files.map((f) => [f.path, f.content]));
    expect([...mine.keys()]).toEqual([...plain.keys()]);
    const pkg = JSON.parse(mine.get("package.json")!) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: chosen.name, version: chosen.version, description: chosen.description });
    const readme = mine.get("README.md")!;
    expect(readme).toContain(`# @acme/everest-types\n`);
    expect(readme).toContain(`npm install ./acme-everest-types-2.1.0-beta.1.tgz`);
    expect(readme).toContain(`from "@acme/everest-types/interfaces/ocpp"`);
    const differing = [...plain.keys()].filter((p) => plain.get(p) !== mine.get(p)).sort();
    expect(differing).toEqual(["README.md", "docs/display_message.md", "docs/interfaces/ocpp.md", "docs/ocpp.md", "package.json"]);
    const back = (text: string): string => text.split("@acme/everest-types").join("@everest-typegen/types").replace("acme-everest-types-2.1.0-beta.1.tgz", "everest-typegen-types-0.1.0.tgz");
    // The chosen name stands exactly where the default stood.
    for (const p of differing.filter((p) => p !== "package.json")) {
      expect(mine.get(p)).not.toContain("@everest-typegen/types");
      expect(back(mine.get(p)!)).toBe(plain.get(p));
    }
    const plainPkg = JSON.parse(plain.get("package.json")!) as Record<string, unknown>;
    expect({ ...pkg, name: plainPkg["name"], version: plainPkg["version"], description: plainPkg["description"] }).toEqual(plainPkg);
  });

  test("check passes with the same settings (the manifest records them) and reports drift with others, also on the fast path", async () => {
    const work = tempDir();
    try {
      const out = path.join(work, "out");
      const r = await writeOutput(out, defs, { interfaces, errors, package: chosen, cache: true });
      expect(r.model?.package).toEqual(chosen);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, ".everest-typegen-manifest.json"), "utf8")) as { package: unknown };
      expect(manifest.package).toEqual(chosen);

      const same = await check(defs, out, { interfaces, errors, package: chosen });
      expect(same).toMatchObject({ upToDate: true, confirmedByManifest: true });
      const full = await check(defs, out, { interfaces, errors, package: chosen, fastPath: false });
      expect(full).toMatchObject({ upToDate: true, confirmedByManifest: false });

      for (const other of [{}, { ...chosen, name: "@acme/other" }, { ...chosen, version: "2.1.0" }, { name: chosen.name, version: chosen.version }]) {
        const c = await check(defs, out, { interfaces, errors, package: other });
        expect(c.confirmedByManifest).toBe(false);
        expect(c.upToDate).toBe(false);
        expect(c.changed).toContain("package.json");
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test("the fast path compares the settings the manifest records: other recorded settings, or none (an older manifest), confirm nothing", async () => {
    const work = tempDir();
    try {
      const out = path.join(work, "out");
      await writeOutput(out, defs, { interfaces, errors, cache: true });
      const file = path.join(out, ".everest-typegen-manifest.json");
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { package?: Record<string, string> };
      expect(manifest.package).toEqual({ name: "@everest-typegen/types", version: "0.1.0" });
      expect(await check(defs, out, { interfaces, errors })).toMatchObject({ confirmedByManifest: true, upToDate: true });
      // Same inputs, same generator, same files: only the recorded settings differ from the run's, so the full compare decides,
      // and finds only the manifest not as generate writes it.
      for (const recorded of [{ name: chosen.name, version: "0.1.0" }, { name: "@everest-typegen/types", version: "0.1.0", description: "x" }, undefined]) {
        if (recorded === undefined) delete manifest.package;
        else manifest.package = recorded;
        fs.writeFileSync(file, JSON.stringify(manifest));
        // Indexed for this manifest, as if generate had written it: only the settings stand between it and the fast path.
        expect(indexAgain(out)).toBeDefined();
        expect(await check(defs, out, { interfaces, errors })).toMatchObject({ confirmedByManifest: false, upToDate: false, changed: [".everest-typegen-manifest.json"], missing: [], extra: [] });
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
