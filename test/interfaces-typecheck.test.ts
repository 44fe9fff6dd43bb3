/**
 * The emitted interface declarations compile under the strictest settings
 * (nodenext and bundler resolution, plus a default-strict consumer) and are
 * exact: wrong values carry `@ts-expect-error`, whose being unused is itself
 * an error, so a type that is too loose fails the test (as in ts-typecheck.test.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { ROOT, generateCase } from "./helpers/golden";

const PACKAGES: Record<string, { caseDir: string; defs?: string }> = {
  defs: { caseDir: path.join(ROOT, "test", "fixtures", "defs-golden"), defs: path.join(ROOT, "defs") },
  shapes: { caseDir: path.join(ROOT, "test", "fixtures", "interfaces-shapes") },
};

const CONSUMER = String.raw`
import { interfaces, validate, ocpp, type InterfaceRef } from "PKG/defs/index";
import type { Commands, Vars, GetVariablesArguments } from "PKG/defs/interfaces/ocpp";
import * as ocppInterface from "PKG/defs/interfaces/ocpp";
import { interfaces as shapesInterfaces, types, more } from "PKG/shapes/index";

declare const u: unknown;

// ---- ocpp: commands and vars by name
export const args: Commands["get_variables"]["arguments"] = {
  requests: [{ component_variable: { component: { name: "EVSE" }, variable: { name: "Power" } } }],
};
export const sameArgs: GetVariablesArguments = args;
export const result: Commands["get_variables"]["result"] = [];
export const noArgs: Commands["stop"]["arguments"] = {};
export const stopped: Commands["stop"]["result"] = true;
export const nothing: Commands["security_event"]["result"] = null;
export const connected: Vars["is_connected"] = false;
export const lastMessage: Vars["last_message"] = null;
export const schedules: Vars["charging_schedules"] = { schedules: [] };
export const transfer: interfaces.ocpp.DataTransferArguments = { request: { vendor_id: "v" } };
export const boot: ocppInterface.BootNotificationResponseVar = {
  status: ocpp.RegistrationStatus.Accepted,
  current_time: "2024-01-01T00:00:00Z",
  interval: 300,
};

// ---- ocpp: exactness
// @ts-expect-error every argument is required
export const missingArg: Commands["set_variables"]["arguments"] = { requests: [] };
// @ts-expect-error an arguments object takes no other key
export const extraArg: Commands["stop"]["arguments"] = { now: true };
// @ts-expect-error the result of get_variables is an array
export const wrongResult: Commands["get_variables"]["result"] = {};
// @ts-expect-error a command without result returns null
export const notNull: Commands["security_event"]["result"] = undefined;
// @ts-expect-error is_connected is a boolean
export const wrongVar: Vars["is_connected"] = "yes";
// @ts-expect-error there is no such command
export type NoCommand = Commands["nope"];

// ---- guards narrow, validate() takes interface refs (and only known ones)
export function count(): number {
  return interfaces.ocpp.isGetVariablesArguments(u) ? u.requests.length : 0;
}
export function assertArgs(x: unknown): GetVariablesArguments {
  ocppInterface.assertGetVariablesArguments(x);
  return x;
}
export const checked: boolean = validate("interfaces/ocpp/cmds/get_variables/arguments", u).valid;
export const ref: InterfaceRef = "interfaces/ocpp/vars/is_connected";
// @ts-expect-error not an item of the interface
export const badRef: InterfaceRef = "interfaces/ocpp/vars/nope";
// @ts-expect-error validate() rejects unknown refs at compile time too
validate("interfaces/ocpp/cmds/nope/result", u);
export const raw: boolean = interfaces.ocpp.validateStopResult(u);

// ---- shapes: enums, inline objects, refs under aliases, two files' Color
export const paint: shapesInterfaces.shapes.PaintArguments = {
  mode: shapesInterfaces.shapes.PaintArgumentsMode.fill,
  color: types.Color.red,
  code: 255,
  priority: 2,
};
// @ts-expect-error code is more's Color (a number), not types' Color
export const badCode: shapesInterfaces.shapes.PaintArguments = { mode: shapesInterfaces.shapes.PaintArgumentsMode.fill, color: types.Color.red, code: types.Color.red, priority: 2 };
// @ts-expect-error 4 is not one of the integer enum's values
export const badPriority: shapesInterfaces.shapes.PaintArguments = { mode: shapesInterfaces.shapes.PaintArgumentsMode.fill, color: types.Color.red, code: 1, priority: 4 };
export const code: more.Color = paint.code;
export const fooResult: shapesInterfaces.shapes.FooResult = { ok: true };
export const sameFoo: types.FooResult = fooResult;
export const schedule: shapesInterfaces.shapes.ScheduleArguments = {
  at: "2024-01-01T00:00:00Z",
  id: "AB1",
  window: { start: 0, repeat: { every: shapesInterfaces.shapes.ScheduleArgumentsWindowRepeatEvery.day } },
  tags: { a: "b" },
  grid: [[{ x: 1 }]],
  note: null,
};
// @ts-expect-error window is closed: no other key
export const badWindow: shapesInterfaces.shapes.ScheduleArguments = { ...schedule, window: { start: 0, end: 1 } };
// @ts-expect-error grid is two levels deep
export const flatGrid: shapesInterfaces.shapes.ScheduleArguments = { ...schedule, grid: [{ x: 1 }] };
export const color: shapesInterfaces.shapes.Vars["color"] = shapesInterfaces.shapes.ColorVar._3d;
export const done: shapesInterfaces.shapes.Commands["a.b-c"]["result"] = "done";
// @ts-expect-error a const admits its value only
export const notDone: shapesInterfaces.shapes.ABCResult = "Done";
export const dflt: shapesInterfaces.shapes.Commands["default"] = { arguments: {}, result: null };
export const tree: shapesInterfaces.shapes.TreeVar = { children: [{ children: [] }] };
export const anything: shapesInterfaces.shapes.AnythingVar = [1, "x"];
export const session: shapesInterfaces.evse_manager.SessionEventVar = { event: shapesInterfaces.evse_manager.SessionEventVarEvent.Started };
`;

const STRICT: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  skipLibCheck: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  types: [],
};

let tmp: string;
const declarationFiles: string[] = [];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "etg-ts-if-"));
  for (const [name, c] of Object.entries(PACKAGES)) {
    const result = await generateCase(c.caseDir, c.defs === undefined ? {} : { defs: c.defs });
    for (const f of result.files) {
      const target = path.join(tmp, name, ...f.path.split("/"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
      if (/\.d\.m?ts$/.test(f.path)) declarationFiles.push(target);
    }
  }
  fs.writeFileSync(path.join(tmp, "consumer.mts"), CONSUMER.replace(/"PKG\/([\w/]+)"/g, '"./$1.mjs"'));
  fs.writeFileSync(path.join(tmp, "consumer-bundler.ts"), CONSUMER.replace(/"PKG\/([\w/]+)"/g, '"./$1.js"'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function diagnostics(rootNames: readonly string[], options: ts.CompilerOptions): string {
  const program = ts.createProgram({ rootNames, options });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => tmp,
    getNewLine: () => "\n",
  });
}

describe("interface declarations under the strictest settings", () => {
  test("they include every interface module (sanity)", () => {
    for (const p of ["defs/interfaces/ocpp.d.ts", "defs/interfaces/ocpp.d.mts", "defs/interfaces/index.d.ts", "shapes/interfaces/shapes.d.ts", "shapes/interfaces/evse-manager.d.ts"]) {
      expect(declarationFiles).toContain(path.join(tmp, ...p.split("/")));
    }
  });

  test("nodenext: declarations and an ES module consumer", () => {
    const files = [...declarationFiles, path.join(tmp, "consumer.mts")];
    expect(diagnostics(files, { ...STRICT, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toBe("");
  });

  test("bundler resolution: declarations and a consumer", () => {
    const files = [...declarationFiles, path.join(tmp, "consumer-bundler.ts")];
    expect(diagnostics(files, { ...STRICT, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler })).toBe("");
  });

  test("default strict settings compile the declarations too", () => {
    const loose: ts.CompilerOptions = { strict: true, skipLibCheck: false, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] };
    expect(diagnostics(declarationFiles, { ...loose, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toBe("");
  });

  test("an unused @ts-expect-error is reported, so the exactness checks can fail", () => {
    const probe = path.join(tmp, "probe.mts");
    fs.writeFileSync(probe, 'import type { Commands } from "./defs/interfaces/ocpp.mjs";\n// @ts-expect-error correct, so unused\nexport const ok: Commands["stop"]["arguments"] = {};\n');
    const out = diagnostics([...declarationFiles, probe], { ...STRICT, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    expect(out).toContain("TS2578");
  });
});
