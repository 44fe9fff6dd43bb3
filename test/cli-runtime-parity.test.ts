/**
 * The real binary: --quiet and --strict, the warning count in the summary,
 * --errors, and `validate` reading JSON text as EVerest's runtime (nlohmann) does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli, tempDir, treeHash } from "./helpers/cli";
import { copyOfDefsTree } from "./helpers/shared-trees";

const DEFS = path.join(ROOT, "defs");
let work: string;
let out: string;

beforeAll(() => {
  work = tempDir("etg-parity-");
  out = path.join(work, "out");
  // A copy of the tree generate wrote once for the run.
  copyOfDefsTree(out);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("warnings", () => {
  test("the summary counts them; --quiet hides them, and only them", () => {
    const loud = runCli(["generate", "--defs", DEFS, "--out", out]);
    const count = loud.stderr.split("\n").filter((l) => / warning W\d{3}: /.test(l)).length;
    expect(count).toBeGreaterThan(0);
    expect(loud.stdout).toContain(`; ${count} warnings (--quiet hides them, --strict makes them fail)`);
    const quiet = runCli(["generate", "--defs", DEFS, "--out", out, "--quiet"]);
    expect([quiet.code, quiet.stderr]).toEqual([0, ""]);
    expect(quiet.stdout).toContain(`; ${count} warnings`);
  });

  test("--strict makes them fail: exit 2, every warning printed, nothing written", () => {
    const before = treeHash(out);
    const r = runCli(["generate", "--defs", DEFS, "--out", out, "--strict"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/warning W101: /);
    expect(r.stderr).toMatch(/everest-typegen: 0 errors, \d+ warnings \(--strict: warnings fail the run\); nothing written\n$/);
    expect(treeHash(out)).toEqual(before);
    expect(fs.readdirSync(work).filter((n) => n.startsWith("out."))).toEqual([]);
    expect(runCli(["check", "--defs", DEFS, "--out", out, "--strict"]).code).toBe(2);
    expect(runCli(["check", "--defs", DEFS, "--out", out]).code).toBe(0);
  });

  test("--errors names the error files; a reference to none is E054 naming both files", () => {
    const errors = path.join(work, "errs");
    fs.mkdirSync(errors);
    fs.writeFileSync(path.join(errors, "other.yaml"), "description: Other errors\nerrors:\n  - name: Broken\n    description: It broke\n");
    const r = runCli(["generate", "--defs", DEFS, "--errors", errors, "--out", path.join(work, "o2"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'defs/interfaces/ocpp.yaml:103:16: error E054: error reference "/errors/generic" in interfaces/ocpp.yaml: there is no error file generic.yaml among the error files',
    );
  });
});

describe("validate reads JSON text as nlohmann does", () => {
  const boot = (interval: string): string => `{"status": "Accepted", "current_time": "2024-01-01T00:00:00Z", "interval": ${interval}}`;
  const validate = (input: string | Buffer, ref = "ocpp/BootNotificationResponse") => {
    const file = path.join(work, "doc.json");
    fs.writeFileSync(file, input);
    return runCli(["validate", ref, file, "--out", out]);
  };

  test("an integer written as a float (1.0, 1e0) or beyond 64 bits is not an integer", () => {
    expect(validate(boot("300")).code).toBe(0);
    for (const n of ["300.0", "3e2", "18446744073709551616"]) {
      const r = validate(boot(n));
      expect([n, r.code, r.stdout]).toEqual([n, 1, expect.stringContaining("/interval: must be integer (written as a float: EVerest's runtime reads it as one)")]);
    }
    // A number where a number is wanted may be written either way.
    expect(validate('{"id": 1, "connector_id": 2}', "ocpp/EVSE").code).toBe(0);
  });

  test("a lone surrogate escape is invalid JSON (exit 2); a leading BOM is skipped; a BOM later is invalid", () => {
    const lone = validate('{"status": "Accepted", "current_time": "\\ud800", "interval": 1}');
    expect([lone.code, lone.stderr]).toEqual([2, expect.stringMatching(/doc\.json:1:\d+: invalid JSON: .*surrogate/)]);
    expect(validate(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(boot("1"))])).code).toBe(0);
    expect(validate(Buffer.concat([Buffer.from(" "), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(boot("1"))])).code).toBe(2);
  });
});
