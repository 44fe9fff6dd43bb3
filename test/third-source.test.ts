/**
 * A new kind of input needs one loader, one checker and one model builder,
 * and no new emitter. Here a module of a third source (`api`: the EVerest
 * API's AsyncAPI specs, whose messages are the next input), built by hand as
 * its model builder would build it, goes through the very emitters that type
 * files and interfaces go through, and comes out as a complete, working part
 * of the package: modules, declarations that compile under strict tsc,
 * validators that judge data, a JSON Schema, a docs page and package exports.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { loadModel, type EmittedFile, type Model } from "../generator/index";
import { EMITTERS, emitFiles } from "../generator/emit/emitters";
import type { Mutable } from "../generator/mutable";
import type { NamedSchema, ObjectSchema, Schema, SchemaModule } from "../generator/model/model";
import { readDefs } from "../generator/load/read-defs";
import { ROOT, tempDir } from "./helpers/cli";

const PATH = "api/powermeter_API.yaml";
const at = (line: number) => ({ file: PATH, line, col: 3 });

/** The model of defs/ plus one module of source `api`: three messages, one referring to a type of ocpp.yaml and one to another message. */
function modelWithApi(): { model: Model; api: SchemaModule } {
  const base = loadModel(readDefs(path.join(ROOT, "defs"))).model!;
  const evse = base.modules.find((m) => m.name === "ocpp")!.items.find((t) => t.name === "EVSE")!;
  const api: Mutable<SchemaModule> = {
    kind: "module",
    source: "api",
    name: "powermeter",
    path: PATH,
    moduleName: "powermeter",
    description: "A synthetic EVerest API, as a spec's model builder would make it.",
    items: [],
    pos: at(1),
  };
  const message = (name: string, schema: Schema, description: string): NamedSchema => ({
    kind: "named",
    origin: { kind: "message" },
    name,
    tsName: name,
    module: api,
    ref: `api/powermeter/${name}`,
    pointer: `/components/messages/${name}`,
    description,
    schema,
    pos: schema.pos,
  });
  const base4 = (line: number, pointer: string) => ({ pos: at(line), pointer, inert: [] });
  const meterValue: ObjectSchema = {
    kind: "object",
    ...base4(10, "/components/messages/MeterValue/payload"),
    properties: [
      { name: "energy_Wh", required: true, pos: at(12), schema: { kind: "number", ...base4(12, "/components/messages/MeterValue/payload/properties/energy_Wh"), minimum: 0 } },
      { name: "label", required: false, pos: at(14), schema: { kind: "string", ...base4(14, "/components/messages/MeterValue/payload/properties/label"), maxLength: 8 } },
      { name: "evse", required: false, pos: at(16), schema: { kind: "ref", ...base4(16, "/components/messages/MeterValue/payload/properties/evse"), ref: "/ocpp#/EVSE", target: evse } },
    ],
    undeclaredRequired: [],
  };
  const status: Schema = { kind: "enum", ...base4(20, "/components/messages/Status/payload"), type: "string", values: ["ok", "fault"], tsName: "Status", isStringEnum: true, topLevel: true };
  const items: NamedSchema[] = [message("MeterValue", meterValue, "One reading of the meter."), message("Status", status, "How the meter is.")];
  const meter = items[0]!;
  items.push(message("Latest", { kind: "ref", ...base4(30, "/components/messages/Latest/payload"), ref: "#/components/messages/MeterValue", target: meter }, "The last reading again."));
  api.items = items;
  return { model: Object.freeze({ ...base, modules: Object.freeze([...base.modules, api]) }), api };
}

/** Every emitter of the package over `model`, as generate() runs them (on one thread here). */
function emitAll(model: Model): Map<string, string> {
  const out: EmittedFile[] = [];
  for (const e of EMITTERS) {
    if (!("jobs" in e)) out.push(...emitFiles(e, model));
    else {
      e.warmUp();
      for (const job of e.jobs(model)) out.push(...e.runJob(job));
    }
  }
  return new Map(out.map((f) => [f.path, f.content]));
}

describe("a module of a third source goes through the shared emitters", () => {
  let files: Map<string, string>;
  let without: Map<string, string>;
  let dir: string;
  beforeAll(() => {
    const { model } = modelWithApi();
    files = emitAll(model);
    without = emitAll(loadModel(readDefs(path.join(ROOT, "defs"))).model!);
    dir = tempDir("etg-third-");
    for (const [p, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), content);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("every output kind has the module's file, in the source's own folders", () => {
    const added = [...files.keys()].filter((p) => !without.has(p)).sort();
    expect(added).toEqual([
      "api/index.d.ts",
      "api/index.js",
      "api/index.mjs",
      "api/powermeter.d.mts",
      "api/powermeter.d.ts",
      "api/powermeter.js",
      "api/powermeter.mjs",
      "docs/api/powermeter.md",
      "internal/api-validators/powermeter.js",
      "internal/api-validators/powermeter.mjs",
      "schemas/api/powermeter.json",
    ]);
    // The type files' own modules do not change because another module refers to them.
    for (const p of ["ocpp.d.ts", "ocpp.js", "internal/validators/ocpp.js", "schemas/ocpp.json"]) expect(files.get(p)).toBe(without.get(p));
    const pkg = JSON.parse(files.get("package.json")!) as { exports: Record<string, unknown>; files: string[] };
    expect(pkg.exports["./api/powermeter"]).toEqual({
      import: { types: "./api/powermeter.d.mts", default: "./api/powermeter.mjs" },
      require: { types: "./api/powermeter.d.ts", default: "./api/powermeter.js" },
    });
    expect(pkg.files).toContain("api/");
  });

  test("the validators judge the messages, through validate(), isX and the source's namespace", () => {
    const root = require(path.join(dir, "index.js")) as {
      validate(ref: string, value: unknown): { valid: boolean; errors: { path: string }[] };
      api: { powermeter: Record<string, unknown> };
    };
    const mod = require(path.join(dir, "api", "powermeter.js")) as Record<string, (v: unknown) => boolean> & { Status: Record<string, string> };
    expect(root.validate("api/powermeter/MeterValue", { energy_Wh: 5, label: "M1", evse: { id: 1 } })).toEqual({ valid: true, errors: [] });
    const bad = root.validate("api/powermeter/MeterValue", { energy_Wh: -1, label: "much too long", evse: { id: 0 } });
    expect(bad.valid).toBe(false);
    expect(bad.errors.map((i) => i.path).sort()).toEqual(["/energy_Wh", "/evse/id", "/label"]);
    expect(mod.isLatest!({ energy_Wh: 1 })).toBe(true);
    expect(mod.isLatest!({})).toBe(false);
    expect(mod.isStatus!("fault")).toBe(true);
    expect(mod.isStatus!("broken")).toBe(false);
    expect(Object.values(mod.Status)).toEqual(["ok", "fault"]);
    expect(root.api.powermeter).toBe(mod);
  });

  test("the declarations compile under strict tsc and are exact", () => {
    const consumer = path.join(dir, "consumer.ts");
    fs.writeFileSync(
      consumer,
      [
        'import { api, validate, type ApiRef } from "./index.js";',
        'import type { MeterValue } from "./api/powermeter.js";',
        "export const ok: api.powermeter.MeterValue = { energy_Wh: 1, evse: { id: 1 } };",
        "export const same: MeterValue = ok;",
        "export const latest: api.powermeter.Latest = ok;",
        'export const status: api.powermeter.Status = "fault" as api.powermeter.Status;',
        'export const ref: ApiRef = "api/powermeter/Latest";',
        'export const judged = validate("api/powermeter/Status", "ok");',
        "// @ts-expect-error energy_Wh is a number",
        'export const wrong: MeterValue = { energy_Wh: "1" };',
        "// @ts-expect-error there is no such message",
        'export const noRef: ApiRef = "api/powermeter/Nope";',
        "",
      ].join("\n"),
    );
    const program = ts.createProgram({
      rootNames: [consumer],
      options: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2022.d.ts"],
        types: [],
      },
    });
    const text = ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" });
    expect(text).toBe("");
  });

  test("the schema document and the docs page are the shared builders' own", () => {
    const schema = JSON.parse(files.get("schemas/api/powermeter.json")!) as { definitions: Record<string, { properties?: Record<string, { $ref?: string }>; $ref?: string }> };
    expect(Object.keys(schema.definitions)).toEqual(["MeterValue", "Status", "Latest"]);
    expect(schema.definitions.MeterValue!.properties!.evse!.$ref).toBe("../ocpp.json#/definitions/EVSE");
    expect(schema.definitions.Latest!.$ref).toBe("#/definitions/MeterValue");
    const page = files.get("docs/api/powermeter.md")!;
    expect(page).toContain("\n# powermeter (EVerest API)\n");
    expect(page).toContain("Messages from `api/powermeter_API.yaml`.");
    for (const name of ["MeterValue", "Status", "Latest"]) expect(page).toContain(`## ${name}\n`);
    const dts = files.get("api/powermeter.d.ts")!;
    expect(dts).toContain("The payload of a message of this EVerest API.");
    expect(dts).toContain(`@see ${PATH}#/components/messages/MeterValue\n`);
  });
});
