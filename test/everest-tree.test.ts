/**
 * EVerest's own tree (../shared/everest/aa8113f, or $EVEREST_DIR): every type,
 * interface and error file generates, the output compiles under strict tsc,
 * a second run is byte-identical, and the package judges data as EVerest's
 * runtime does. The tree is EVerest's: it is read where it lies, never copied.
 * Without it the suite says so in one line and skips; under CI it must be there.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { generate, readDefs, formatDiagnostic, type GenerateResult } from "../generator";
import { ROOT, runCli, tempDir } from "./helpers/cli";
import { copyOfEverestTree } from "./helpers/shared-trees";

const TREE = process.env["EVEREST_DIR"] ?? path.resolve(ROOT, "..", "shared", "everest", "aa8113f");
const present = fs.existsSync(path.join(TREE, "types"));
if (!present) {
  if (process.env["CI"]) throw new Error(`EVerest tree not found at ${TREE}: CI runs the real-tree test unconditionally`);
  console.log(`everest-tree: skipped, no EVerest tree at ${TREE} (set EVEREST_DIR)`);
}
const suite = present ? describe : describe.skip;

const RPC_TYPES = path.join(TREE, "modules", "API", "RpcApi", "types");

function generateTree(): Promise<GenerateResult> {
  return generate(readDefs(path.join(TREE, "types")), {
    interfaces: readDefs(path.join(TREE, "interfaces")),
    errors: readDefs(path.join(TREE, "errors")),
  });
}

const errorsOf = (r: GenerateResult): string[] => r.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);

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
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
};

function writeTree(dir: string, r: GenerateResult): string[] {
  const declarations: string[] = [];
  for (const f of r.files) {
    const target = path.join(dir, ...f.path.split("/"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
    if (/\.d\.m?ts$/.test(f.path)) declarations.push(target);
  }
  return declarations;
}

function tscErrors(rootNames: readonly string[], cwd: string): string {
  const program = ts.createProgram({ rootNames, options: STRICT });
  return ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => cwd,
    getNewLine: () => "\n",
  });
}

suite("EVerest's own tree", () => {
  let first: GenerateResult;
  let out: string;
  let declarations: string[];
  // The generated package, loaded as an application would.
  let pkg: {
    validate(ref: string, v: unknown): { valid: boolean; errors: readonly { path: string; message: string }[] };
    interfaces: Record<string, Record<string, unknown>>;
  };

  beforeAll(async () => {
    first = await generateTree();
    out = tempDir("etg-everest-");
    declarations = writeTree(out, first);
    pkg = require(path.join(out, "index.js"));
  });

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  test("every type, interface and error file generates without an error", () => {
    expect(errorsOf(first)).toEqual([]);
    const m = first.model!;
    const types = m.files.reduce((n, f) => n + f.items.length, 0);
    const errors = m.errorFiles.reduce((n, f) => n + f.errors.length, 0);
    // The counts CI's log shows; every file of each folder is in the model.
    console.log(`everest-tree: ${types} types in ${m.files.length} type files, ${m.interfaces.length} interfaces, ${errors} errors in ${m.errorFiles.length} error files`);
    const yamlCount = (dir: string): number => fs.readdirSync(path.join(TREE, dir)).filter((n) => n.endsWith(".yaml")).length;
    expect([m.files.length, m.interfaces.length, m.errorFiles.length]).toEqual([yamlCount("types"), yamlCount("interfaces"), yamlCount("errors")]);
    // Every interface's error references resolve: one that lists errors raises at least one.
    for (const i of m.interfaces) if (i.interface.errors.length > 0) expect([i.name, (i.interface.raises ?? []).length > 0]).toEqual([i.name, true]);
  });

  test("the output compiles under strict tsc (exactOptionalPropertyTypes, noUncheckedIndexedAccess)", () => {
    expect(declarations.length).toBeGreaterThan(100);
    expect(tscErrors(declarations, out)).toBe("");
  });

  test("a second run is byte-identical", async () => {
    const again = await generateTree();
    expect(again.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
    const differing = again.files.filter((f, i) => f.content !== first.files[i]!.content).map((f) => f.path);
    expect(differing).toEqual([]);
  });

  test("constraints beside an enum all apply: money's CurrencyCode is an enum of 3-letter codes", () => {
    expect(pkg.validate("money/CurrencyCode", "EUR").valid).toBe(true);
    expect(pkg.validate("money/CurrencyCode", "EURO").valid).toBe(false);
    const dts = fs.readFileSync(path.join(out, "money.d.ts"), "utf8");
    // The TypeScript type stays the enum: its object and the union of its values.
    expect(dts).toMatch(/^export declare const CurrencyCode: \{\n  readonly AED: "AED";$/m);
    expect(dts).toMatch(/^export type CurrencyCode = "AED"\n  \| "AFN"$/m);
    expect((pkg as unknown as Record<string, Record<string, Record<string, string>>>)["money"]!["CurrencyCode"]!["EUR"]).toBe("EUR");
  });

  test("error types and objects: union, list and validator per interface, as the runtime names and sends them", () => {
    const ebs = pkg.interfaces["evse_board_support"]!;
    const list = ebs["ERROR_TYPES"] as readonly string[];
    expect(list).toContain("evse_board_support/DiodeFault");
    expect(Object.isFrozen(list)).toBe(true);
    const error = {
      type: "evse_board_support/DiodeFault",
      sub_type: "",
      message: "diode fault",
      description: "The diode of the control pilot is broken",
      severity: "High",
      origin: { module_id: "bsp", implementation_id: "board_support" },
      state: "Active",
      timestamp: "2026-12-05T08:00:00Z",
      uuid: "0d8a6c3e-0000-4000-8000-000000000000",
      vendor_id: "",
    };
    expect(pkg.validate("interfaces/evse_board_support/errors/object", error)).toEqual({ valid: true, errors: [] });
    expect(pkg.validate("interfaces/evse_board_support/errors/object", { ...error, type: "powermeter/CommunicationFault" }).valid).toBe(false);
    expect(pkg.validate("interfaces/evse_board_support/errors/object", { ...error, state: "Cleared" }).valid).toBe(false);
    const { uuid: _omitted, ...withoutUuid } = error;
    expect(pkg.validate("interfaces/evse_board_support/errors/object", withoutUuid).valid).toBe(false);
    const dts = fs.readFileSync(path.join(out, "interfaces", "evse_board_support.d.ts"), "utf8");
    expect(dts).toContain('export type ErrorType = "evse_board_support/DiodeFault" | ');
    expect(dts).toContain("export declare const ERROR_TYPES: readonly ErrorType[];");
    const docs = fs.readFileSync(path.join(out, "docs", "errors.md"), "utf8");
    expect(docs).toMatch(/`evse_board_support\/DiodeFault` \| [^|]+ \| .*\[evse\\_board\\_support\]\(interfaces\/evse_board_support\.md\)/);
  });

  test("a command without arguments takes {}, null and [], as the runtime's call does", () => {
    const m = first.model!;
    const found = m.interfaces.flatMap((i) => i.interface.commands.filter((c) => c.arguments.properties.length === 0).map((c) => ({ i, c })))[0];
    expect(found).toBeDefined();
    const ref = `interfaces/${found!.i.name}/cmds/${found!.c.name}/arguments`;
    for (const v of [{}, null, []]) expect([v, pkg.validate(ref, v).valid]).toEqual([v, true]);
    for (const v of [{ x: 1 }, [1], "", 0]) expect([v, pkg.validate(ref, v).valid]).toEqual([v, false]);
  });

  test("the RpcApi module's type file generates on its own; its undeclared required key is typed and judged", async () => {
    const r = await generate(readDefs(RPC_TYPES));
    expect(errorsOf(r)).toEqual([]);
    expect(r.diagnostics.some((d) => d.code === "W108")).toBe(true);
    const dir = tempDir("etg-rpc-");
    try {
      const decls = writeTree(dir, r);
      expect(tscErrors(decls, dir)).toBe("");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the CLI reads the tree with --everest and names files by a path that opens from here", () => {
    const o = tempDir("etg-cli-everest-");
    try {
      // `generate --everest <tree> --out <out> -q`, run once for the whole suite (test/helpers/shared-trees.ts).
      const r = copyOfEverestTree(TREE, path.join(o, "out"));
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\d+ types from \d+ files, \d+ interfaces with \d+ commands and \d+ vars, \d+ error files with \d+ errors, 23 API specs with \d+ messages and \d+ schemas\) .*; \d+ warnings/);
      const check = runCli(["check", "--everest", TREE, "--out", path.join(o, "out")]);
      expect([check.code, check.stdout]).toEqual([0, expect.stringContaining("is up to date")]);
      // --strict fails on the warnings, and lists them: each names its file by a path that opens from the current folder.
      const strict = runCli(["check", "--everest", TREE, "--out", path.join(o, "out"), "--strict"]);
      expect(strict.code).toBe(2);
      const first = strict.stderr.split("\n").find((l) => l.includes(" warning "))!;
      const file = first.slice(0, first.indexOf(":"));
      expect(fs.existsSync(path.resolve(ROOT, file))).toBe(true);
      expect(strict.stderr).toMatch(/^everest-typegen: 0 errors, [1-9]\d* warnings$/m);
    } finally {
      fs.rmSync(o, { recursive: true, force: true });
    }
  });

});
