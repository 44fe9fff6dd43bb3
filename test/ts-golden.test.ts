/**
 * Golden tests of the whole generated tree (every emitter's output) for the
 * repository's defs/ and for the TypeScript emitter's fixtures.
 * `UPDATE_GOLDEN=1 npx jest test/ts-golden` rewrites the expected trees.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, expectGolden, goldenReport, writeExpected } from "./helpers/golden";

const FIXTURES = path.join(ROOT, "test", "fixtures");

describe("golden output", () => {
  test("defs/ (the repository's definitions)", async () => {
    await expectGolden(path.join(FIXTURES, "defs-golden"), { defs: path.join(ROOT, "defs") });
  });

  test.each(["ts-names", "ts-docs", "ts-shapes", "ts-crossfile"])("%s", async (name) => {
    await expectGolden(path.join(FIXTURES, name));
  });
});

describe("the golden comparison itself", () => {
  const files = [
    { path: "a.d.ts", content: "export type A = string;\n" },
    { path: "sub/b.d.ts", content: "export type B = number;\n" },
  ];
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "etg-golden-"));
    writeExpected(dir, files);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("equal trees give no report", () => {
    expect(goldenReport(dir, files)).toBe("");
  });

  test("reports changed files with a diff, missing files and extra files", () => {
    fs.writeFileSync(path.join(dir, "a.d.ts"), "export type A = boolean;\n");
    fs.rmSync(path.join(dir, "sub", "b.d.ts"));
    fs.writeFileSync(path.join(dir, "stale.d.ts"), "");
    const report = goldenReport(dir, files);
    expect(report).toContain("changed: a.d.ts");
    expect(report).toContain("-export type A = boolean;");
    expect(report).toContain("+export type A = string;");
    expect(report).toContain("missing from expected/: sub/b.d.ts");
    expect(report).toContain("not generated any more: stale.d.ts");
    expect(report).toContain("UPDATE_GOLDEN=1");
  });
});
