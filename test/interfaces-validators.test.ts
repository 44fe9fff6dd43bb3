/**
 * The validators of interfaces, in a generated package: every argument
 * object, result and var of defs/interfaces/ocpp.yaml and of the
 * interfaces-shapes fixture has valid and invalid instances
 * (test/interface-instances/<interface>.json, keyed by item path), judged by
 * `validate(ref)`, `isX`, `assertX` and `validateX`, and by an independent
 * validator (@cfworker/json-schema) over the emitted JSON Schema documents.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { type NamedSchema } from "../generator/model/model";
import { itemSchemaUri } from "../generator/emit/schemas/ids";
import { layout } from "../generator/emit/layout";
import { exportedNames } from "../generator/emit/modules/file-modules";
import { helperNames } from "../generator/names";
import { Validator } from "@cfworker/json-schema";
import { ROOT, formatsIn, generateInto, loadRuntime, withEverestFormats, type ExpectedIssue, type Generated, type InstanceFile } from "./instances/harness";

const INSTANCES = path.join(ROOT, "test", "interface-instances");
const SHAPES = path.join(ROOT, "test", "fixtures", "interfaces-shapes", "defs");

type InterfaceModule = Record<string, unknown>;
type Check = (value: unknown) => boolean;

const CASES: [string, string, string][] = [
  ["defs/ (ocpp)", path.join(ROOT, "defs"), path.join(ROOT, "defs", "interfaces")],
  ["interfaces-shapes", SHAPES, path.join(SHAPES, "interfaces")],
];

describe.each(CASES)("%s", (_label, defs, interfaces) => {
  let gen: Generated;
  let items: NamedSchema[];
  let instances: Map<string, InstanceFile>;

  beforeAll(async () => {
    gen = await generateInto(defs, interfaces);
    items = gen.model.interfaces.flatMap((m) => m.items);
    instances = new Map();
    for (const decl of gen.model.interfaces) {
      const file = JSON.parse(fs.readFileSync(path.join(INSTANCES, `${decl.name}.json`), "utf8")) as Record<string, InstanceFile>;
      for (const [p, inst] of Object.entries(file)) instances.set(`interfaces/${decl.name}/${p}`, inst);
    }
  });
  afterAll(() => gen?.remove());

  const moduleOf = (item: NamedSchema): InterfaceModule => require(path.join(gen.dir, "interfaces", `${item.module.name}.js`)) as InterfaceModule;

  test("every argument object, result and var has instances, and no instance names an item that does not exist", () => {
    const refs = items.map((i) => i.ref).sort();
    expect([...instances.keys()].sort()).toEqual(refs);
    for (const ref of refs) expect(instances.get(ref)!.valid.length).toBeGreaterThan(0);
    // Every item but an `any` var can be given invalid data.
    const invalid = items.filter((i) => instances.get(i.ref)!.invalid.length === 0).map((i) => i.ref);
    expect(invalid.every((ref) => ref.endsWith("/vars/anything"))).toBe(true);
  });

  test("valid instances pass validate(ref), isX, assertX and validateX", () => {
    const pkg = gen.load();
    for (const item of items) {
      const ref = item.ref;
      const mod = moduleOf(item);
      const h = helperNames(item.tsName);
      for (const value of instances.get(ref)!.valid) {
        expect([ref, value, pkg.validate(ref, value)]).toEqual([ref, value, { valid: true, errors: [] }]);
        expect([ref, value, (mod[h.is] as Check)(value)]).toEqual([ref, value, true]);
        expect([ref, value, (mod[h.validate] as Check)(value)]).toEqual([ref, value, true]);
        expect(() => (mod[h.assert] as (v: unknown) => void)(value)).not.toThrow();
      }
    }
  });

  test("invalid instances fail, with the expected issues (path and keyword), a ValidationError naming the ref, and isX false", () => {
    const pkg = gen.load();
    const key = (i: ExpectedIssue): string => `${i.path} ${i.keyword}`;
    for (const item of items) {
      const ref = item.ref;
      const mod = moduleOf(item);
      const h = helperNames(item.tsName);
      for (const { value, errors } of instances.get(ref)!.invalid) {
        const result = pkg.validate(ref, value);
        expect([ref, value, result.valid]).toEqual([ref, value, false]);
        expect([ref, value, result.errors.map(key).sort()]).toEqual([ref, value, errors.map(key).sort()]);
        expect([ref, value, (mod[h.is] as Check)(value)]).toEqual([ref, value, false]);
        let thrown: unknown;
        try {
          (mod[h.assert] as (v: unknown) => void)(value);
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(pkg.ValidationError);
        expect((thrown as { typeRef: string }).typeRef).toBe(ref);
        expect((thrown as { issues: unknown[] }).issues).toEqual(result.errors);
      }
    }
  });

  test("the emitted JSON Schema documents judge every instance the same way (@cfworker/json-schema, draft-07)", () => {
    const runtime = loadRuntime(gen);
    const docs = [
      ...gen.schemas(),
      ...gen.model.interfaces.map((d) => JSON.parse(gen.files.get(`schemas/interfaces/${d.name}.json`)!) as Record<string, unknown>),
    ];
    withEverestFormats(runtime.formats, formatsIn(docs), () => {
      for (const item of items) {
        const v = new Validator({ $ref: itemSchemaUri(item) }, "7", false);
        for (const doc of docs) v.addSchema(doc as never);
        const inst = instances.get(item.ref)!;
        for (const value of inst.valid) expect([item.ref, value, v.validate(value).valid]).toEqual([item.ref, value, true]);
        for (const { value } of inst.invalid) expect([item.ref, value, v.validate(value).valid]).toEqual([item.ref, value, false]);
      }
    });
  });

  test("the root module's interfaces namespace is the interface modules; validate() uses their validators", () => {
    const pkg = gen.load();
    const ns = pkg["interfaces"] as Record<string, InterfaceModule>;
    expect(Object.keys(ns).sort()).toEqual(gen.model.interfaces.map((d) => d.moduleName).sort());
    for (const decl of gen.model.interfaces) {
      expect(ns[decl.moduleName]).toBe(require(path.join(gen.dir, "interfaces", `${decl.name}.js`)));
    }
  });

  test("each interface module exports exactly what exportedNames lists, in that order", () => {
    for (const decl of gen.model.interfaces) {
      const mod = require(path.join(gen.dir, layout.cjs(decl))) as InterfaceModule;
      expect(Object.keys(mod)).toEqual(exportedNames(decl));
    }
  });

  test("an unknown interface ref throws ERR_UNKNOWN_TYPE", () => {
    const pkg = gen.load();
    const ref = `interfaces/${gen.model.interfaces[0]!.name}/cmds/nope/arguments`;
    expect(() => pkg.validate(ref, {})).toThrow(expect.objectContaining({ code: "ERR_UNKNOWN_TYPE" }));
  });

  test("the ES modules export the names of the CommonJS modules, the same enum objects, and functions that agree (run by node)", () => {
    const checks = gen.model.interfaces.map(
      (d) => `{
  const cjs = require(${JSON.stringify(path.join(gen.dir, "interfaces", `${d.name}.js`))});
  const esm = await import(${JSON.stringify(pathToFileURL(path.join(gen.dir, "interfaces", `${d.name}.mjs`)).href)});
  const root = await import(${JSON.stringify(pathToFileURL(path.join(gen.dir, "index.mjs")).href)});
  const names = Object.keys(cjs).sort();
  if (JSON.stringify(Object.keys(esm).filter((k) => k !== "default").sort()) !== JSON.stringify(names)) throw new Error("names differ");
  for (const n of names) {
    if (typeof cjs[n] === "function") {
      if (typeof esm[n] !== "function" || esm[n].name !== cjs[n].name) throw new Error(n + " is no function of that name");
      if (n.startsWith("is") && esm[n]({}) !== cjs[n]({})) throw new Error(n + " judges differently");
    } else if (Object.isFrozen(cjs[n]) && !Array.isArray(cjs[n])) {
      if (esm[n] !== cjs[n]) throw new Error(n + " is another enum object");
    } else if (JSON.stringify(esm[n]) !== JSON.stringify(cjs[n])) throw new Error(n + " differs");
  }
  if (root.interfaces[${JSON.stringify(d.moduleName)}] !== esm) throw new Error("root.interfaces differs");
}`,
    );
    const script = path.join(gen.dir, "check-esm.cjs");
    fs.writeFileSync(script, `(async () => {\n${checks.join("\n")}\nconsole.log("ok");\n})().catch((e) => { console.error(e.message); process.exit(1); });\n`);
    const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ok\n");
  });
});

describe("interfaces-shapes specifics", () => {
  let gen: Generated;
  beforeAll(async () => {
    gen = await generateInto(SHAPES, path.join(SHAPES, "interfaces"));
  });
  afterAll(() => gen?.remove());

  test("string enums of interface items are frozen objects at run time", () => {
    const shapes = require(path.join(gen.dir, "interfaces", "shapes.js")) as Record<string, unknown>;
    expect(shapes["ColorVar"]).toEqual({ red: "red", green_light: "green light", _3d: "3d" });
    expect(Object.isFrozen(shapes["ColorVar"])).toBe(true);
    expect(shapes["PaintArgumentsMode"]).toEqual({ fill: "fill", stroke: "stroke" });
    expect(shapes["ScheduleArgumentsWindowRepeatEvery"]).toEqual({ day: "day", week: "week" });
    const evse = require(path.join(gen.dir, "interfaces", "evse-manager.js")) as Record<string, unknown>;
    expect(evse["SessionEventVarEvent"]).toEqual({ Started: "Started", Finished: "Finished" });
  });

  test("a ref into a type file calls that file's validator module (no copy of its code)", () => {
    const code = gen.files.get("internal/interface-validators/shapes.js")!;
    expect(code).toContain('require("../validators/types.js")');
    expect(code).toContain('require("../validators/more.js")');
    expect(code).not.toMatch(/require\("ajv/);
  });

  test("a class instance is judged by its own properties, as for types", () => {
    const pkg = gen.load();
    class P {
      x = 1;
    }
    expect(pkg.validate("interfaces/shapes/cmds/foo/arguments", { result: new P() }).valid).toBe(true);
    expect(pkg.validate("interfaces/shapes/vars/points", [Object.create({ x: 1 })]).valid).toBe(false);
  });
});
