/**
 * The libraries the generator's hash names (generator/write/manifest.ts
 * `libraryVersions`): the ones whose code shapes the output, and every
 * package they depend on, found as node finds them. The hash keys the
 * manifest's fast confirmation and every cache, so a dependency's new
 * version (code-block-writer prints the declarations ts-morph makes) must
 * change it even when the libraries' own versions stay.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, tempDir } from "./helpers/cli";
import { libraryVersions } from "../generator/write/manifest";

/** Writes `<dir>/node_modules/<name>/package.json`. */
function pkg(dir: string, name: string, version: string, dependencies: Record<string, string> = {}): void {
  const folder = path.join(dir, "node_modules", ...name.split("/"));
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, "package.json"), JSON.stringify({ name, version, dependencies }));
}

test("the installed libraries and what they depend on, each at the version node would load", () => {
  const found = libraryVersions(path.join(ROOT, "generator"));
  const names = found.map((l) => l.slice(0, l.lastIndexOf("@")));
  for (const name of ["ts-morph", "@ts-morph/common", "code-block-writer", "ajv", "fast-uri", "js-yaml", "yaml", "@eslint-community/regexpp", "refa", "scslre", "regexp-ast-analysis"]) {
    expect([name, names.includes(name)]).toEqual([name, true]);
  }
  const version = (name: string): string => (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  expect(found).toContain(`code-block-writer@${version("code-block-writer")}`);
  expect(found).toEqual([...found].sort());
  expect(found.some((l) => l.endsWith("@?"))).toBe(false);
});

test("a dependency's version, nested or not, changes the list; one missing is named with ?", () => {
  const dir = tempDir("etg-libs-");
  const app = path.join(dir, "app");
  fs.mkdirSync(app);
  pkg(dir, "ts-morph", "28.0.0", { "@ts-morph/common": "~0.29.0", "code-block-writer": "^13.0.0" });
  pkg(dir, "@ts-morph/common", "0.29.0");
  pkg(dir, "code-block-writer", "13.0.3");
  pkg(dir, "ajv", "8.20.0", { "fast-uri": "^3.0.0" });
  pkg(dir, "fast-uri", "3.1.0");
  pkg(dir, "js-yaml", "5.5.0", { argparse: "^3.0.0" });
  pkg(dir, "yaml", "2.9.1");
  pkg(dir, "@eslint-community/regexpp", "4.12.4");
  pkg(dir, "refa", "0.12.1", { "@eslint-community/regexpp": "^4.8.0" });
  pkg(dir, "scslre", "0.3.0", { refa: "^0.12.0", "regexp-ast-analysis": "^0.7.0" });
  // scslre's own copy, nearer to it than a top-level one would be.
  pkg(path.join(dir, "node_modules", "scslre"), "regexp-ast-analysis", "0.7.1");
  const before = libraryVersions(app);
  expect(before).toEqual([
    "@eslint-community/regexpp@4.12.4",
    "@ts-morph/common@0.29.0",
    "ajv@8.20.0",
    "argparse@?",
    "code-block-writer@13.0.3",
    "fast-uri@3.1.0",
    "js-yaml@5.5.0",
    "refa@0.12.1",
    "regexp-ast-analysis@0.7.1",
    "scslre@0.3.0",
    "ts-morph@28.0.0",
    "yaml@2.9.1",
  ]);
  pkg(dir, "code-block-writer", "13.0.4");
  expect(libraryVersions(app)).toContain("code-block-writer@13.0.4");
  pkg(path.join(dir, "node_modules", "scslre"), "regexp-ast-analysis", "0.7.2");
  const after = libraryVersions(app);
  expect(after).toContain("regexp-ast-analysis@0.7.2");
  expect(after).not.toEqual(before);
  // A second copy at the top level, for a package that requires it from there, is listed beside scslre's.
  pkg(dir, "regexp-ast-analysis", "0.6.0");
  pkg(dir, "yaml", "2.9.1", { "regexp-ast-analysis": "*" });
  expect(libraryVersions(app).filter((l) => l.startsWith("regexp-ast-analysis@"))).toEqual(["regexp-ast-analysis@0.6.0", "regexp-ast-analysis@0.7.2"]);
});
