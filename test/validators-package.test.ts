/**
 * The JS side of the generated package as a whole: it needs nothing but
 * itself at run time (no ajv, no code compiled on import), CJS and ESM give
 * the same objects, the output is deterministic, and the public helpers
 * (`validate`, `ValidationError`, the per-type exports) behave as documented.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { generate } from "../generator/index";
import { helperNames } from "../generator/names";
import { aliasEnd, walkSchema } from "../generator/model/model";
import { compilePlan, validatorExportName } from "../generator/emit/validators/compile";
import { readDefs } from "../generator/load/read-defs";
import { layout } from "../generator/emit/layout";
import { exportedNames } from "../generator/emit/modules/file-modules";
import { DEFS, ROOT, type Generated, type Package, generateInto } from "./instances/harness";

let gen: Generated;
let pkg: Package;
beforeAll(async () => {
  gen = await generateInto(DEFS);
  pkg = gen.load();
});
afterAll(() => gen.remove());

/** The JS files this emitter family writes. */
function jsFiles(files: ReadonlyMap<string, string>): [string, string][] {
  return [...files].filter(([p]) => p.endsWith(".js") || p.endsWith(".mjs"));
}

function node(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env["NODE_PATH"];
  delete env["NODE_OPTIONS"];
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("no ajv at run time", () => {
  test('no require("ajv…") anywhere in the generated output', () => {
    for (const [p, text] of jsFiles(gen.files)) {
      expect([p, text.includes('require("ajv')]).toEqual([p, false]);
      expect([p, /require\(\s*["'][^."']/.test(text)]).toEqual([p, false]); // only relative requires
    }
    expect(gen.files.get(layout.validatorsCjs(gen.model.files.find((f) => f.name === "ocpp")!))).toMatch(/^const \$runtime = require\("\.\.\/\.\.\/runtime\.js"\);$[^]*= \$runtime\.ucs2length;$/m);
  });

  test('no require("ajv…") anywhere in the repository\'s generated/ either', () => {
    const dir = path.join(ROOT, "generated");
    const walk = (rel: string): string[] =>
      fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
        const p = rel ? `${rel}/${e.name}` : e.name;
        return e.isDirectory() ? walk(p) : /\.(c|m)?js$/.test(e.name) ? [p] : [];
      });
    const files = fs.existsSync(dir) ? walk("") : [];
    for (const p of files) expect([p, fs.readFileSync(path.join(dir, p), "utf8").includes('require("ajv')]).toEqual([p, false]);
  });

  test("no code is compiled at run time: no Function constructor, no eval", () => {
    for (const [p, text] of jsFiles(gen.files)) {
      expect([p, /\bnew Function\b|\bFunction\(|\beval\(/.test(text)]).toEqual([p, false]);
    }
  });

  test("a copy of the package with no node_modules anywhere above it loads, validates, and loads only its own files", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "etg-alone-"));
    try {
      fs.cpSync(gen.dir, path.join(outside, "pkg"), { recursive: true });
      const script = `
        const pkg = require("./pkg/index.js");
        const ok = pkg.validate("ocpp/BootNotificationResponse", { status: "Accepted", current_time: "2024-11-07T10:00:00Z", interval: 60 });
        const bad = pkg.validate("ocpp/Variable", { name: "x".repeat(51) });
        const loaded = Object.keys(require.cache).map((f) => require("node:path").relative(__dirname, f));
        process.stdout.write(JSON.stringify({ ok: ok.valid, bad: bad.errors, loaded }));`;
      fs.writeFileSync(path.join(outside, "main.js"), script);
      const r = node(["main.js"], outside);
      expect(r.stderr).toBe("");
      const out = JSON.parse(r.stdout) as { ok: boolean; bad: unknown[]; loaded: string[] };
      expect(out.ok).toBe(true);
      expect(out.bad).toEqual([{ path: "/name", message: "must have at most 50 characters", keyword: "maxLength" }]);
      expect(out.loaded.filter((f) => !f.startsWith("pkg/") && f !== "main.js")).toEqual([]);
      expect(out.loaded.some((f) => f.includes("ajv"))).toBe(false);

      fs.writeFileSync(
        path.join(outside, "main.mjs"),
        `import { validate, ocpp, ValidationError } from "./pkg/index.mjs";
         import * as o from "./pkg/ocpp.mjs";
         import { createRequire } from "node:module";
         const require = createRequire(import.meta.url);
         const cjs = require("./pkg/index.js");
         process.stdout.write(JSON.stringify({
           sameEnum: o.RegistrationStatus === cjs.ocpp.RegistrationStatus && ocpp.RegistrationStatus === cjs.ocpp.RegistrationStatus,
           sameError: ValidationError === cjs.ValidationError,
           crossError: (() => { try { o.assertEVSE({}); } catch (e) { return e instanceof cjs.ValidationError; } })(),
           esmNamespace: ocpp === o,
           esmNames: Object.keys(o).sort(),
           cjsNames: Object.keys(cjs.ocpp).sort(),
           valid: validate("/ocpp#/EVSE", { id: 1 }).valid,
           ajv: Object.keys(require.cache).some((f) => f.includes("ajv")),
         }));`,
      );
      const m = node(["main.mjs"], outside);
      expect(m.stderr).toBe("");
      const esm = JSON.parse(m.stdout) as Record<string, unknown>;
      expect(esm).toMatchObject({ sameEnum: true, sameError: true, crossError: true, esmNamespace: true, valid: true, ajv: false });
      expect(esm["esmNames"]).toEqual(esm["cjsNames"]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("what loads when", () => {
  test("isX loads the root, the file modules, runtime.js and the guards only; ajv's code and the interfaces load on first use, and then work", () => {
    const script = `
      const pkg = require(process.argv[1]);
      const loaded = () => Object.keys(require.cache).map((k) => require("node:path").relative(process.argv[1], k)).sort();
      const out = {};
      out.is = pkg.ocpp.isBootNotificationResponse({ status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 });
      out.afterIs = loaded();
      out.raw = pkg.ocpp.validateBootNotificationResponse({ status: "Nope", current_time: "x", interval: 1.5 });
      out.rawErrors = pkg.ocpp.validateBootNotificationResponse.errors.map((e) => e.instancePath + " " + e.keyword);
      out.rawAgain = pkg.ocpp.validateBootNotificationResponse({ status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 });
      out.rawErrorsAgain = pkg.ocpp.validateBootNotificationResponse.errors;
      out.afterRaw = loaded();
      out.iface = pkg.validate("interfaces/ocpp/vars/is_connected", "yes");
      out.afterIface = loaded();
      process.stdout.write(JSON.stringify(out));
    `;
    // The repository's package: it has interfaces too (and the drift check keeps it current).
    const dir = path.join(ROOT, "generated");
    const r = node(["-e", script, dir], dir);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out["is"]).toBe(true);
    expect(out["afterIs"]).toEqual([
      "display_message.js",
      "index.js",
      "internal/guards/display_message.js",
      "internal/guards/ocpp.js",
      "ocpp.js",
      "runtime.js",
    ]);
    expect(out["raw"]).toBe(false);
    expect(out["rawErrors"]).toEqual(["/status enum", "/current_time format", "/interval type"]);
    expect([out["rawAgain"], out["rawErrorsAgain"]]).toEqual([true, null]);
    // ocpp's validators refer to display_message's, so those come along.
    expect(out["afterRaw"]).toEqual([
      "display_message.js",
      "index.js",
      "internal/guards/display_message.js",
      "internal/guards/ocpp.js",
      "internal/validators/display_message.js",
      "internal/validators/ocpp.js",
      "ocpp.js",
      "runtime.js",
    ]);
    expect(out["iface"]).toEqual({ valid: false, errors: [{ path: "", message: "must be boolean", keyword: "type" }] });
    expect(out["afterIface"]).toEqual(
      expect.arrayContaining(["interfaces/index.js", "interfaces/ocpp.js", "internal/interface-validators/ocpp.js"]),
    );
  });
});

describe("module shape", () => {
  test("each file module exports exactly the enum objects and the three helpers per type, named by names.ts", () => {
    for (const f of gen.model.files) {
      const mod = gen.module(f.name);
      expect(Object.keys(mod)).toEqual(exportedNames(f));
      for (const d of f.items) {
        const h = helperNames(d.tsName);
        for (const n of [h.validate, h.is, h.assert]) expect([n, typeof mod[n]]).toEqual([n, "function"]);
      }
    }
    const ocpp = gen.module("ocpp");
    expect(ocpp["RegistrationStatus"]).toEqual({ Accepted: "Accepted", Pending: "Pending", Rejected: "Rejected" });
    expect(Object.isFrozen(ocpp["RegistrationStatus"])).toBe(true);
    expect(gen.module("display_message")["MessageFormat"]).toEqual({ ASCII: "ASCII", HTML: "HTML", URI: "URI", UTF8: "UTF8" });
  });

  test("the ES modules are native: they import only .mjs files, never CommonJS, and export every name of their CommonJS twin", () => {
    for (const f of gen.model.files) {
      const text = gen.files.get(layout.esm(f))!;
      expect(text).not.toMatch(/\brequire\(|module\.exports|\bexports\./);
      for (const m of text.matchAll(/^import .* from "([^"]+)";$/gm)) expect(m[1]).toMatch(/^\.\.?\/.*\.mjs$/);
      const names = /^export \{\n([^}]*)\};$/m.exec(text)![1]!.split(",").map((s) => s.trim().split(" as ").pop()!).filter(Boolean);
      expect(names).toEqual(exportedNames(f));
    }
  });

  test("the root exports each file module, ValidationError and validate", () => {
    expect(Object.keys(pkg)).toEqual([...gen.model.files.map((f) => f.moduleName), "ValidationError", "validate"]);
    expect(pkg["ocpp"]).toBe(gen.module("ocpp"));
    expect(pkg.ValidationError).toBe(require(path.join(gen.dir, "runtime.js")).ValidationError);
  });

  test("internal/validators/<file>.js exports one function per type of its file, named validateX, each after the types of its file it refers to (at the ends of their alias chains)", () => {
    for (const file of gen.model.files) {
      const v = require(path.join(gen.dir, layout.validatorsCjs(file))) as Record<string, unknown>;
      const names = file.items.map(validatorExportName);
      expect([...Object.keys(v)].sort()).toEqual([...names].sort());
      for (const n of names) expect(typeof v[n]).toBe("function");
      const code = gen.files.get(layout.validatorsCjs(file))!;
      // Where each function's code starts: its export names it (validate<n>).
      const fnAt = (item: (typeof file.items)[number]) => code.indexOf(`function ${new RegExp(`^exports\\.${validatorExportName(item)} = (validate\\d+);$`, "m").exec(code)![1]}(`);
      const { calls } = compilePlan(file);
      for (const decl of file.items) {
        for (const s of walkSchema(decl.schema)) {
          if (s.kind !== "ref" || calls.has(s)) continue;
          const target = aliasEnd(s.target);
          if (target.module !== file || target === decl) continue;
          expect([decl.ref, fnAt(target) < fnAt(decl)]).toEqual([decl.ref, true]);
        }
      }
    }
  });

  test("internal/guards/<file>.js exports one guard per type of its file, under its isX name, in ref order", () => {
    for (const file of gen.model.files) {
      const g = require(path.join(gen.dir, layout.guardsOf(file))) as Record<string, unknown>;
      const sorted = [...file.items].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
      expect(Object.keys(g)).toEqual(sorted.map((t) => helperNames(t.tsName).is));
      for (const n of Object.keys(g)) expect(typeof g[n]).toBe("function");
    }
  });

  test("every JS file starts with the banner, CommonJS with \"use strict\", and has readable line breaks", () => {
    for (const [p, text] of jsFiles(gen.files)) {
      // The runtime is made from no input, so its banner names none (adding a file leaves it unchanged).
      const banner = p === layout.runtimeCjs || p === "runtime.mjs" ? /^\/\/ generated by everest-typegen; do not edit$/ : /^\/\/ generated by everest-typegen from defs\/.*; do not edit$/;
      expect([p, text.split("\n")[0]]).toEqual([p, expect.stringMatching(banner)]);
      expect([p, text.split("\n").slice(1, 3).includes('"use strict";')]).toEqual([p, p.endsWith(".js")]);
      expect([p, text.endsWith("\n")]).toEqual([p, true]);
    }
    const v = gen.files.get(layout.validatorsCjs(gen.model.files.find((f) => f.name === "ocpp")!))!;
    expect(v.split("\n").length).toBeGreaterThan(36 * 20);
  });
});

describe("deterministic output", () => {
  test("the same input gives byte-identical JS and schemas, in any input order and across runs in one process", async () => {
    const pick = (files: readonly { path: string; content: string }[]) =>
      files.filter((f) => /\.(m?js|json)$/.test(f.path)).map((f) => [f.path, f.content]);
    const inputs = readDefs(DEFS);
    const a = pick((await generate(inputs)).files);
    const b = pick((await generate([...inputs].reverse())).files);
    const c = pick((await generate(inputs)).files);
    expect(a.length).toBeGreaterThan(8);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });
});

describe("validate()", () => {
  const sched = { evse: 1, charging_rate_unit: "A", charging_schedule_period: [{ start_period: 0, limit: "16" }] };

  test("valid: no errors; invalid: every problem, as JSON Pointer paths into the value", () => {
    expect(pkg.validate("ocpp/EVSE", { id: 1 })).toEqual({ valid: true, errors: [] });
    expect(pkg.validate("ocpp/ChargingSchedule", { ...sched, evse: -1, extra: true })).toEqual({
      valid: false,
      errors: [
        { path: "/evse", message: "must be >= 0", keyword: "minimum" },
        { path: "/charging_schedule_period/0/limit", message: "must be number", keyword: "type" },
      ],
    });
  });

  test("accepts EVerest's ref spelling", () => {
    expect(pkg.validate("/ocpp#/ChargingSchedule", sched)).toEqual(pkg.validate("ocpp/ChargingSchedule", sched));
    expect(pkg.validate("/display_message#/MessageContent", { content: "x" }).valid).toBe(true);
  });

  test("an unknown ref throws an error naming it, with code ERR_UNKNOWN_TYPE", () => {
    for (const ref of ["ocpp/Nope", "/ocpp#/Nope", "nope/EVSE", "ocpp", "", "ocpp/__proto__", "/ocpp#EVSE"]) {
      let err: (Error & { code?: string }) | undefined;
      try {
        pkg.validate(ref, {});
      } catch (e) {
        err = e as Error & { code?: string };
      }
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toContain(`unknown type ${JSON.stringify(ref)}`);
      expect(err!.code).toBe("ERR_UNKNOWN_TYPE");
    }
    // Not a string: named by its type, never turned into text that could throw or read as a ref.
    const notStrings: [unknown, string][] = [
      [undefined, "undefined"],
      [null, "null"],
      [5, "number"],
      [Object.create(null), "object"],
      [new String("ocpp/EVSE"), "object"],
      [["ocpp/EVSE"], "object"],
      [{ toString: () => { throw new Error("boom"); } }, "object"],
    ];
    for (const [ref, type] of notStrings) {
      let err: (Error & { code?: string }) | undefined;
      try {
        pkg.validate(ref as string, {});
      } catch (e) {
        err = e as Error & { code?: string };
      }
      expect([err?.code, err?.message.startsWith(`unknown type (${type}, not a string)`)]).toEqual(["ERR_UNKNOWN_TYPE", true]);
    }
    // A long ref is shown cut to 200 characters.
    expect(() => pkg.validate("x".repeat(100_000), {})).toThrow(new RegExp(`^unknown type "${"x".repeat(200)}\\.\\.\\."`));
  });

  test("each call returns its own result; a later call does not change an earlier one", () => {
    const first = pkg.validate("ocpp/EVSE", { id: 0 });
    pkg.validate("ocpp/EVSE", { id: "x" });
    expect(first.errors).toEqual([{ path: "/id", message: "must be >= 1", keyword: "minimum" }]);
  });
});

describe("ValidationError and assertX", () => {
  test("the message lists the issues as path: message", () => {
    const ocpp = pkg["ocpp"] as Record<string, (v: unknown) => void>;
    expect(() => ocpp["assertChargingSchedule"]!({ evse: 1, charging_rate_unit: "A", charging_schedule_period: [{ start_period: 0, limit: "16" }] })).toThrow(
      "not a valid ocpp/ChargingSchedule: /charging_schedule_period/0/limit: must be number",
    );
    expect(() => ocpp["assertBootNotificationResponse"]!({ status: "Nope", current_time: "2024-01-01T00:00:00Z", interval: 1 })).toThrow(
      "/status: must be one of Accepted, Pending, Rejected",
    );
    expect(() => ocpp["assertKeyValue"]!({ key: "k", read_only: true, extra: 1 })).toThrow("/extra: property is not allowed");
    expect(() => ocpp["assertEVSE"]!({})).toThrow("not a valid ocpp/EVSE: must have required property 'id'");
  });

  test("can be constructed directly; issues are frozen copies; long lists are shortened in the message", () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `/${i}`, message: "must be number", keyword: "type" }));
    const err = new pkg.ValidationError("ocpp/Thing", issues);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ValidationError");
    expect(err.typeRef).toBe("ocpp/Thing");
    expect(err.issues).toEqual(issues);
    expect(err.issues).not.toBe(issues);
    expect(Object.isFrozen(err.issues)).toBe(true);
    expect(Object.isFrozen(err.issues[0])).toBe(true);
    expect(err.message).toMatch(/^not a valid ocpp\/Thing: \/0: must be number; .*\/9: must be number; and 2 more$/);
  });

  test("assertX returns nothing for a valid value", () => {
    const ocpp = pkg["ocpp"] as Record<string, (v: unknown) => unknown>;
    expect(ocpp["assertEVSE"]!({ id: 1 })).toBeUndefined();
  });
});
