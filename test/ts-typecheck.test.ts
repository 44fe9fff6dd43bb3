/**
 * The generated declarations compile under the strictest settings, with
 * `nodenext` and with `bundler` resolution, and they are exact: consumer
 * snippets whose wrong values carry `@ts-expect-error` must compile with zero
 * diagnostics (an unused `@ts-expect-error` is itself an error, so a type that
 * is too loose fails the test), and the correct values must compile too.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import { ROOT, generateCase } from "./helpers/golden";

const FIXTURES = path.join(ROOT, "test", "fixtures");

/** Each generated package, in its own folder of the temporary tree. */
const PACKAGES: Record<string, { caseDir: string; defs?: string }> = {
  defs: { caseDir: path.join(FIXTURES, "defs-golden"), defs: path.join(ROOT, "defs") },
  names: { caseDir: path.join(FIXTURES, "ts-names") },
  docs: { caseDir: path.join(FIXTURES, "ts-docs") },
  shapes: { caseDir: path.join(FIXTURES, "ts-shapes") },
  crossfile: { caseDir: path.join(FIXTURES, "ts-crossfile") },
};

/**
 * Consumer code, written once and imported as `PKG/<name>` (replaced per
 * module mode by the right specifier). Every `@ts-expect-error` line says why.
 */
const CONSUMER = String.raw`
import { ocpp, display_message, validate, ValidationError, type TypeRef, type EverestRef, type ValidationResult } from "PKG/defs";
import { names } from "PKG/names";
import { shapes, cycles } from "PKG/shapes";
import { alpha, beta, gamma_delta } from "PKG/crossfile";
import { docs } from "PKG/docs";

declare const u: unknown;

// ---- defs/: correct values compile
export const boot: ocpp.BootNotificationResponse = {
  status: ocpp.RegistrationStatus.Accepted,
  current_time: "2024-01-01T00:00:00Z",
  interval: 300,
  status_info: { reason_code: "ok" },
};
export const schedule: ocpp.ChargingSchedule = {
  evse: 1,
  charging_rate_unit: "W",
  charging_schedule_period: [{ start_period: 0, limit: 11000 }, { start_period: 60, limit: 7400, number_phases: 3 }],
};
export const response: ocpp.OcppTransactionEventResponse = {
  original_transaction_event: { transaction_event: ocpp.TransactionEvent.Started, session_id: "s" },
  personal_message: { content: "hi", format: display_message.MessageFormat.UTF8 },
};
export const keyValue: ocpp.KeyValue = { key: "k", read_only: true };

// ---- defs/: exactness
// @ts-expect-error a required property (current_time) is missing
export const missing: ocpp.BootNotificationResponse = { status: ocpp.RegistrationStatus.Accepted, interval: 300 };
// @ts-expect-error "Bogus" is not a RegistrationStatus
export const wrongEnum: ocpp.BootNotificationResponse = { status: "Bogus", current_time: "t", interval: 300 };
// a string enum's type is the union of its values: the plain string of a value is one
export const plainString: ocpp.BootNotificationResponse = { status: "Accepted", current_time: "t", interval: 300 };
// @ts-expect-error interval is a number
export const wrongType: ocpp.BootNotificationResponse = { status: ocpp.RegistrationStatus.Accepted, current_time: "t", interval: "300" };
// @ts-expect-error an optional property must be absent, not undefined (exactOptionalPropertyTypes)
export const undefinedOptional: ocpp.BootNotificationResponse = { status: ocpp.RegistrationStatus.Accepted, current_time: "t", interval: 1, status_info: undefined };
// @ts-expect-error a closed type takes no other properties
export const extraKey: ocpp.KeyValue = { key: "k", read_only: true, extra: 1 };
// @ts-expect-error items of a $ref'd array are checked too
export const badItem: ocpp.ChargingSchedule = { evse: 1, charging_rate_unit: "W", charging_schedule_period: [{ start_period: 0 }] };
// @ts-expect-error a type from the other file is checked too (MessageContent needs content)
export const badForeign: ocpp.OcppTransactionEventResponse = { original_transaction_event: { transaction_event: ocpp.TransactionEvent.Ended, session_id: "s" }, personal_message: {} };

// noUncheckedIndexedAccess: items may be missing
export const first: ocpp.ChargingSchedulePeriod | undefined = schedule.charging_schedule_period[0];
// @ts-expect-error an indexed item may be undefined
export const firstUnchecked: ocpp.ChargingSchedulePeriod = schedule.charging_schedule_period[0];

// ---- validators and validate()
export function narrow(): number {
  if (ocpp.isEVSE(u)) return u.id;
  ocpp.assertChargingSchedule(u);
  return u.evse;
}
export const raw: boolean = ocpp.validateEVSE(u) && ocpp.validateEVSE.errors == null;
export const r1: ValidationResult = validate("ocpp/ChargingSchedule", u);
export const r2: ValidationResult = validate("/display_message#/MessageContent", u);
// @ts-expect-error not a type of the package
export const r3: ValidationResult = validate("ocpp/NoSuchType", u);
export const refs: readonly (TypeRef | EverestRef)[] = ["ocpp/EVSE", "/ocpp#/EVSE"];
export const isError = (e: unknown): boolean => e instanceof ValidationError && e.issues.length > 0;

// ---- names: odd names become predictable identifiers; values are verbatim
export const phase: names.Phase = names.Phase._3phase;
export const phases: names.Phase[] = [names.Phase.a_b, names.Phase._, names.Phase.__proto___, names.Phase.sep_arator, names.Phase.$_x__];
export const keys: names.Keys = { "limit-L2": 1, "3d": "x", toString: "p", "": "empty", "*/": "c", "sep\u2028arator": "s", constructor: "k" };
// @ts-expect-error "3d" is required
export const keysMissing: names.Keys = { "limit-L2": 1, toString: "p" };
export const dflt: names.default_ = { class: "c", default: true };
export const date: names.Date_ = "2024-01-01T00:00:00Z";
export const obj: names.Object_ = { date: "2024-01-01T00:00:00Z" };
// @ts-expect-error names.Date_ is the YAML type (a string), not the global Date
export const notGlobalDate: names.Object_ = { date: new Date() };
export const promise: names.Promise_ = [obj];
export const array: names.Array_ = ["a"];
export const nul: names.never_ = null;
export const three: [names.my_type, names.my_type_2, names.my_type_3] = ["a", "b", 3];
export const vf: names.ValidateFunction_ = "a string";

// ---- shapes
export const charger: shapes.Charger = { mode: shapes.ChargerModeEnum_2.Fast, phases: [shapes.ChargerPhasesItem.L1], level: 2, mixed: null, fixed: "fixed" };
// @ts-expect-error 4 is not one of the integer enum's values
export const badLevel: shapes.Charger = { mode: shapes.ChargerModeEnum_2.Slow, level: 4 };
// @ts-expect-error a const admits its value only
export const badConst: shapes.Charger = { mode: shapes.ChargerModeEnum_2.Slow, fixed: "other" };
export const chargerMode: shapes.ChargerMode = "any string";
export const chargerModeEnum: shapes.ChargerModeEnum = true;
export const lists: shapes.Lists = { grid: [[[1, 2]], []], nullable: null, maybe_list: null, list_of_maybe: ["a", null], anything: { any: "thing" }, any_list: [1, "a"] };
// @ts-expect-error grid is three levels deep
export const shallowGrid: shapes.Lists = { grid: [[1]] };
export const maps: shapes.Maps = { name: "n", count: 1, extra: 2.5 };
// @ts-expect-error other keys hold numbers (or the declared properties' types), not booleans
export const badMap: shapes.Maps = { name: "n", extra: true };
export const mapValue: number | string | undefined = maps["anything"];
export const pureMap: shapes.PureMap = { a: { grid: [] } };
export const enumMap: shapes.EnumMap = { a: shapes.EnumMapValue.x };
export const open: shapes.Open = { anything: 1 };
export const closed: shapes.Closed = {};
// @ts-expect-error a closed empty object takes no properties
export const notClosed: shapes.Closed = { a: 1 };
export const inline: shapes.Inline = { plain: { a: "a" }, documented: { x: 1, inner: { deep: shapes.InlineDocumentedInnerDeep.up } }, empty_closed: {}, map: { k: "k", other: true } };
// @ts-expect-error inline object members are exact too (x is required)
export const badInline: shapes.Inline = { documented: {} };
export const tree: shapes.Tree = { value: 1, children: [{ value: 2, children: [] }] };
export const forest: shapes.Forest = [[], [[]]];
export const json: shapes.Json = { a: [1, "x", null, { b: true }] };
export const alias: shapes.Alias = tree;
export const level: shapes.Level = -1;
export const version: shapes.Version = "1.0";
export const intoCycle = (x: cycles.IntoCycle): cycles.A => x;
// @ts-expect-error a type that is only a $ref back to itself describes no value
export const cyclic: cycles.A = 1;

// ---- crossfile: same names in several files, imports under aliases, mutual recursion
export const shared: alpha.Shared = { theirs: { n: 1 }, mine: { mine: {} } };
// @ts-expect-error theirs is beta's Shared, which has no "mine"
export const wrongShared: alpha.Shared = { theirs: { mine: {} } };
export const node: alpha.Node = { leaf: { parent: { leaf: {} } }, status: beta.Status.ok, other: true };
// @ts-expect-error other is gamma-delta's Shared, a boolean
export const badOther: alpha.Node = { other: "x" };
export const leaf: beta.Leaf = { parent: node };
export const gd: gamma_delta.Shared = false;
export const betaShared: alpha.beta_Shared = "the local type, not beta's";

// ---- docs: hostile descriptions left the declarations intact
export const hostile: docs.Hostile = { field: "f", count: 1, items: ["a"], nested: [[1]] };
export const star: docs.TrailingStar = "t";
`;

/** A CommonJS consumer (nodenext only): `import = require` of the same packages. */
const CJS_CONSUMER = String.raw`
import gen = require("./defs/index.js");
import names = require("./names/names.js");
const ok: gen.ocpp.EVSE = { id: 1 };
// @ts-expect-error id is required
const bad: gen.ocpp.EVSE = { connector_id: 1 };
const p: names.Phase = names.Phase.a_b;
const check = (u: unknown): boolean => gen.ocpp.isEVSE(u);
export = { ok, bad, p, check };
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
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "etg-ts-"));
  for (const [name, c] of Object.entries(PACKAGES)) {
    const result = await generateCase(c.caseDir, c.defs === undefined ? {} : { defs: c.defs });
    for (const f of result.files) {
      const target = path.join(tmp, name, ...f.path.split("/"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
      if (/\.d\.m?ts$/.test(f.path)) declarationFiles.push(target);
    }
  }
  // ESM consumers import the ES module entry (index.d.mts), the bundler consumer the plain one.
  fs.writeFileSync(path.join(tmp, "consumer.mts"), CONSUMER.replace(/"PKG\/(\w+)"/g, '"./$1/index.mjs"'));
  fs.writeFileSync(path.join(tmp, "consumer.cts"), CJS_CONSUMER);
  fs.writeFileSync(path.join(tmp, "consumer-bundler.ts"), CONSUMER.replace(/"PKG\/(\w+)"/g, '"./$1/index.js"'));
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function diagnostics(rootNames: readonly string[], options: ts.CompilerOptions): string {
  const program = ts.createProgram({ rootNames, options });
  const diags = ts.getPreEmitDiagnostics(program);
  return ts.formatDiagnostics(diags, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => tmp,
    getNewLine: () => "\n",
  });
}

describe("generated declarations under the strictest settings", () => {
  test("they cover every package (sanity)", () => {
    expect(declarationFiles.length).toBeGreaterThanOrEqual(5 * 4);
    expect(declarationFiles.some((f) => f.endsWith(path.join("defs", "ocpp.d.ts")))).toBe(true);
  });

  test("module/moduleResolution nodenext: declarations, an ES module consumer and a CommonJS consumer", () => {
    const files = [...declarationFiles, path.join(tmp, "consumer.mts"), path.join(tmp, "consumer.cts")];
    expect(diagnostics(files, { ...STRICT, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toBe("");
  });

  test("module esnext, moduleResolution bundler: declarations and a consumer", () => {
    const files = [...declarationFiles, path.join(tmp, "consumer-bundler.ts")];
    expect(diagnostics(files, { ...STRICT, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler })).toBe("");
  });

  test("default consumer settings (no exactOptionalPropertyTypes, no noUncheckedIndexedAccess) compile the declarations too", () => {
    const loose: ts.CompilerOptions = { strict: true, skipLibCheck: false, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] };
    expect(diagnostics(declarationFiles, { ...loose, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })).toBe("");
  });

  test("an unused @ts-expect-error is reported, so the exactness checks can fail", () => {
    const probe = path.join(tmp, "probe.mts");
    fs.writeFileSync(
      probe,
      'import { ocpp } from "./defs/index.mjs";\n// @ts-expect-error this value is correct, so the directive is unused\nexport const ok: ocpp.EVSE = { id: 1 };\n',
    );
    const out = diagnostics([...declarationFiles, probe], { ...STRICT, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
    expect(out).toContain("TS2578");
  });
});
