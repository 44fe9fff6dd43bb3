/** The programmatic API build tools use: generate() is pure, check() compares without writing. */
import * as fs from "node:fs";
import * as path from "node:path";
import { check, generate, readDefs } from "../generator/index";
import { ROOT, tempDir, treeHash } from "./helpers/cli";

const defs = () => readDefs(path.join(ROOT, "defs"));

test("check() reports an up-to-date tree, then changed, missing and extra files, and never writes", async () => {
  const out = tempDir();
  try {
    for (const f of (await generate(defs())).files) {
      fs.mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
      fs.writeFileSync(path.join(out, f.path), f.content);
    }
    expect(await check(defs(), out)).toMatchObject({ upToDate: true, changed: [], missing: [], extra: [] });
    fs.appendFileSync(path.join(out, "ocpp.d.ts"), "// edited\n");
    fs.rmSync(path.join(out, "docs", "ocpp.md"));
    fs.writeFileSync(path.join(out, "stray.js"), "");
    const before = treeHash(out);
    expect(await check(defs(), out)).toMatchObject({ upToDate: false, changed: ["ocpp.d.ts"], missing: ["docs/ocpp.md"], extra: ["stray.js"] });
    expect(treeHash(out)).toEqual(before);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("check() on broken definitions returns their errors", async () => {
  const r = await check([{ path: "defs/x.yaml", content: "description: x\n" }], tempDir());
  expect(r.upToDate).toBe(false);
  expect(r.diagnostics.map((d) => d.code)).toContain("E013");
});
