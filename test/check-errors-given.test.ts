/**
 * Whether error files were given at all is part of what a run read: with an
 * errors folder, even an empty one, interfaces' error references are
 * resolved, and the package comes out otherwise than without one. So `check`
 * must not confirm, from the manifest, a tree made without the folder once the
 * folder is there (or the other way round).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, runCli, tempDir } from "./helpers/cli";

const FAST = /confirmed by \.everest-typegen-manifest\.json/;

let work: string;
let defs: string;
let out: string;
beforeEach(() => {
  work = tempDir();
  defs = path.join(work, "defs");
  out = path.join(work, "out");
  // defs/ without its errors folder, and an interface that names no error file (or generate would fail without one).
  fs.mkdirSync(path.join(defs, "interfaces"), { recursive: true });
  for (const f of fs.readdirSync(path.join(ROOT, "defs"))) {
    if (f.endsWith(".yaml")) fs.copyFileSync(path.join(ROOT, "defs", f), path.join(defs, f));
  }
  const ifc = fs.readFileSync(path.join(ROOT, "defs", "interfaces", "ocpp.yaml"), "utf8");
  const stripped = ifc.replace(/\nerrors:\n {2}- reference: \/errors\/generic\n/, "\n");
  expect(stripped).not.toBe(ifc);
  fs.writeFileSync(path.join(defs, "interfaces", "ocpp.yaml"), stripped);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

test("an empty errors folder that appears is drift, not a tree the manifest confirms", () => {
  expect(runCli(["generate", "-q", "--defs", defs, "--out", out]).code).toBe(0);
  fs.mkdirSync(path.join(defs, "errors"));
  const r = runCli(["check", "--defs", defs, "--out", out]);
  expect(r.stdout).not.toMatch(FAST);
  expect(r.code).toBe(1);
  // What generate now writes is what check compared against: after it, check confirms again.
  expect(runCli(["generate", "-q", "--defs", defs, "--out", out]).code).toBe(0);
  const again = runCli(["check", "--defs", defs, "--out", out]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(FAST);
});

test("an empty errors folder that goes away is drift too", () => {
  fs.mkdirSync(path.join(defs, "errors"));
  expect(runCli(["generate", "-q", "--defs", defs, "--out", out]).code).toBe(0);
  fs.rmdirSync(path.join(defs, "errors"));
  const r = runCli(["check", "--defs", defs, "--out", out]);
  expect(r.stdout).not.toMatch(FAST);
  expect(r.code).toBe(1);
});
