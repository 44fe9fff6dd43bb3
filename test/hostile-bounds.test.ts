/**
 * Hostile input, resource bounds: alias bombs, nesting thousands of levels
 * deep, huge files (and a 5 GB one on disk), huge enums, very long strings,
 * thousands of types and files, and the run-wide totals each end within
 * seconds, with a clean error or a correct result: never an out-of-memory
 * crash, a stack overflow or a hang. The bounds are generator/limits.ts (the
 * README's "Limits on input"). Every case asserts its exact outcome and a time
 * bound generous enough for a slow CI machine (CPU time for runs in this
 * process, so a busy machine cannot fail it; wall time for CLI runs, see
 * `timed`); the measured times are printed at the end.
 *
 * Three cases cost seconds of CPU at full size (4 million YAML nodes, 5,000
 * types, a chain of 14,000 aliases). `npm test` runs them at a fraction of
 * it, with the same assertions; PROPERTY_RUNS (test/helpers/property.ts), and
 * so `.ci/run`, runs them at full size.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic, generate, loadModel, type GenerateResult, type InputFile } from "../generator/index";
import { LIMITS } from "../generator/limits";
import { compilePlan } from "../generator/emit/validators/compile";
import { enumMemberNames } from "../generator/names";
import { runCli } from "./helpers/cli";
import { fullSize, scratchDir, writeFiles } from "./helpers/property";

const HEAD = "description: Test types\ntypes:\n";
/** Generous for CI: the measured times are far below (printed at the end); 5,000 types get 40 s. */
const BOUND_MS = 20_000;
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

const timings: [string, number, number][] = [];

/**
 * Runs `run` and holds it to `bound` ms. A run of the generator in this process
 * is held to the CPU time it takes (user + system, all its threads): the work
 * the input costs, which a super-linear regression still blows up, whatever
 * else shares the machine (jest runs two test files at once, and CI machines
 * are shared). Wall time is printed beside it; a run that hangs without
 * working is ended by jest's test timeout. A CLI run (`clock: "wall"`) works
 * in a child process, so it is held to wall time.
 */
async function timed<T>(label: string, run: () => T | Promise<T>, bound = BOUND_MS, clock: "cpu" | "wall" = "cpu"): Promise<T> {
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const ms = Date.now() - started;
  timings.push([label, ms, cpuMs]);
  expect(clock === "cpu" ? cpuMs : ms).toBeLessThan(bound);
  return result;
}

function errors(r: { diagnostics: GenerateResult["diagnostics"] }): string[] {
  return r.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic);
}

function one(content: string | Uint8Array, name = "defs/x.yaml"): InputFile[] {
  return [{ path: name, content }];
}

let scratch: ReturnType<typeof scratchDir>;
beforeAll(() => {
  scratch = scratchDir("etg-bounds-");
});
afterAll(() => {
  scratch.remove();
  console.log(`resource-bound timings (bound ${BOUND_MS} ms; CPU time, wall time for the CLI):\n${timings.map(([l, ms, cpuMs]) => `  ${String(ms).padStart(6)} ms wall ${String(cpuMs).padStart(6)} ms CPU  ${l}`).join("\n")}`);
});

/** Writes `files` (name -> content) to a fresh defs folder and returns its path. */
function defsFolder(name: string, files: Record<string, string | Uint8Array>): string {
  const dir = path.join(scratch.dir, name, "defs");
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

/** Runs `run` with one of the generator's limits set to `value` (in this test file's copy of the module), then puts it back. */
async function withLimit<T>(key: keyof typeof LIMITS, value: number, run: () => Promise<T>): Promise<T> {
  const limits = LIMITS as Record<keyof typeof LIMITS, number>;
  const was = limits[key];
  limits[key] = value;
  try {
    return await run();
  } finally {
    limits[key] = was;
  }
}

/** A CLI run that must end in one clean line group: exit 2, the expected first diagnostic, no stack trace. */
async function cliRefuses(label: string, defs: string, expected: string): Promise<void> {
  const out = path.join(path.dirname(defs), "out");
  const r = await timed(`CLI: ${label}`, () => runCli(["generate", "--defs", defs, "--out", out], { cwd: path.dirname(defs) }), BOUND_MS, "wall");
  expect(r.code).toBe(2);
  expect(r.stderr.split("\n")[0]).toBe(expected);
  expect(r.stderr).toMatch(/^everest-typegen: 1 error, 0 warnings; nothing written$/m);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(fs.existsSync(out)).toBe(false);
}

describe("alias bombs and deep nesting", () => {
  const bomb = (() => {
    let text = `${HEAD}  A:\n    type: string\n    description: a\n    default: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
    for (let i = 1; i <= 9; i++) text += `  B${i}:\n    type: string\n    description: b\n    default: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    return text; // 10^10 nodes if expanded
  })();

  test("a billion-laughs alias bomb: E004 where it crosses the node limit", async () => {
    expect(await timed("alias bomb (10^10 nodes expanded)", async () => errors(await generate(one(bomb))))).toEqual([
      "defs/x.yaml:26:19: error E004: aliases expand to more than 200000 nodes; refusing to expand (alias bomb?)",
    ]);
    await cliRefuses("alias bomb", defsFolder("bomb", { "x.yaml": bomb }), "defs/x.yaml:26:19: error E004: aliases expand to more than 200000 nodes; refusing to expand (alias bomb?)");
  });

  test("aliases that nest deeper than the depth limit: E004 at the alias", async () => {
    let text = `${HEAD}  A:\n    type: string\n    description: a\n    default: [&n0 [1]`;
    for (let i = 1; i < 200; i++) text += `, &n${i} [*n${i - 1}]`;
    text += "]\n";
    const out = await timed("alias depth chain (200 levels)", async () => errors(await generate(one(text))));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^defs\/x\.yaml:6:\d+: error E004: alias \*n123 nests the document more than 128 levels deep$/);
  });

  test.each([
    ["flow sequences", `[`.repeat(5000) + `]`.repeat(5000), "5:146"],
    ["flow mappings", `{a: `.repeat(5000) + "1" + `}`.repeat(5000), "5:527"],
    ["compact block sequences", `\n      ${"- ".repeat(5000)}x`, "6:263"],
  ])("5,000 levels of %s in a description: E001, no stack overflow", async (kind, nest, at) => {
    const text = `${HEAD}  X:\n    type: string\n    description:${nest.startsWith("\n") ? "" : " "}${nest}\n`;
    const expected = `defs/x.yaml:${at}: error E001: YAML syntax error: nested more than 128 levels deep`;
    expect(await timed(`5,000-level nesting: ${kind}`, async () => errors(await generate(one(text))))).toEqual([expected]);
    if (kind === "flow sequences") await cliRefuses("5,000-level nesting", defsFolder("nest", { "x.yaml": text }), expected);
  });

  /** A type `D` of `n` nested arrays of strings: `n - 1` levels of `items` below D, each one YAML level deeper. */
  function deepArrays(n: number): string {
    let text = `${HEAD}  D:\n    description: deep\n    type: array\n`;
    let indent = "    ";
    for (let i = 1; i < n; i++) {
      text += `${indent}items:\n`;
      indent += " ";
      text += `${indent}type: array\n`;
    }
    return `${text}${indent}items:\n${indent} type: string\n`;
  }

  test("a schema nested to the YAML depth limit (125 arrays) generates, and its validator judges 125-deep values", async () => {
    const r = await timed("schema nested 125 arrays deep", () => generate(one(deepArrays(125))));
    expect(errors(r)).toEqual([]);
    const dir = path.join(scratch.dir, "deep");
    writeFiles(dir, r.files);
    const pkg = require(path.join(dir, "index.js")) as { validate(ref: string, v: unknown): { valid: boolean } };
    const nest = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : [nest(depth - 1, leaf)]);
    expect(pkg.validate("x/D", nest(125, "s")).valid).toBe(true);
    expect(pkg.validate("x/D", nest(125, 1)).valid).toBe(false);
    expect(pkg.validate("x/D", nest(124, "s")).valid).toBe(false);
    // One level more is over the limit (the file, `types` and `D` are three of the 128 levels): the
    // innermost `type: string` mapping (line 257, after 129 columns of indentation) is level 129.
    expect(errors(await generate(one(deepArrays(126))))).toEqual(["defs/x.yaml:257:131: error E001: YAML syntax error: nested more than 128 levels deep"]);
  });
});

describe("huge files", () => {
  test("a valid 3 MB file (30 types with descriptions near the string limit) generates, text intact", async () => {
    let text = HEAD;
    const letter = (i: number): string => String.fromCharCode(97 + (i % 26));
    for (let i = 0; i < 30; i++) text += `  T${i}:\n    type: string\n    description: ${letter(i).repeat(99_990)}\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3_000_000);
    const r = await timed("valid 3 MB file", () => generate(one(text)));
    expect(errors(r)).toEqual([]);
    const schema = JSON.parse(r.files.find((f) => f.path === "schemas/x.json")!.content) as { definitions: Record<string, { description: string }> };
    expect(schema.definitions["T29"]!.description).toBe(letter(29).repeat(99_990));
  });

  test("3 MB of tiny nodes: E008 at the node where the document crosses its node limit", async () => {
    const text = `${HEAD}  X:\n    type: string\n    description: x\n    default: [${Array(1_500_000).fill("1").join(",")}]\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3_000_000);
    expect(await timed("3 MB of tiny nodes", async () => errors(await generate(one(text))))).toEqual([
      // 13 nodes come before the list (file, keys, maps, scalars); then one per "1," from column 15.
      `defs/x.yaml:6:${15 + 2 * (LIMITS.maxExpandedNodes - 13)}: error E008: the document has more than 200000 YAML nodes; definition files are limited to 200000 nodes`,
    ]);
  });

  test("a 5 GB file on disk is refused after reading no more than the limit (E008), quickly", async () => {
    const defs = defsFolder("huge", { "a.yaml": `${HEAD}  A:\n    type: string\n    description: a\n` });
    const huge = path.join(defs, "huge.yaml");
    fs.writeFileSync(huge, HEAD);
    fs.truncateSync(huge, 5 * 1024 ** 3); // sparse: costs no disk
    await cliRefuses("5 GB sparse file", defs, "defs/huge.yaml:1:1: error E008: file is larger than 4194304 bytes (4 MiB), the limit for a definition file");
  });

  test("more files than allowed are refused without reading them", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= LIMITS.maxFiles; i++) files[`f${String(i).padStart(4, "0")}.yaml`] = HEAD;
    await cliRefuses(`${LIMITS.maxFiles + 1} files`, defsFolder("many-files", files), `defs/f0000.yaml:1:1: error E008: ${LIMITS.maxFiles + 1} definition files; at most 2000 are read`);
  });

  test("run-wide bytes: files that add up to more than 64 MiB are refused at the one that crosses it", async () => {
    let four = HEAD;
    for (let k = 0; Buffer.byteLength(four) < 4 * 1024 * 1024 - 100_100; k++) four += `  T${k}:\n    type: string\n    description: ${"e".repeat(99_990)}\n`;
    const files = Array.from({ length: 17 }, (_, i) => ({ path: `defs/f${String(i).padStart(2, "0")}.yaml`, content: four }));
    expect(await timed("run-wide bytes (17 files of 4 MB)", () => errors(loadModel(files)))).toEqual([
      "defs/f16.yaml:1:1: error E008: the definition files add up to more than 67108864 bytes (64 MiB), the limit for one run; this file and the ones after it are not read",
    ]);
  });

  // At full size 21 files of 200,000 nodes cross the limit itself. `npm test` lowers the run-wide limit to a
  // tenth for this case: the same counting and the same message, three files instead of 21.
  const limit = fullSize() ? LIMITS.maxTotalNodes : LIMITS.maxTotalNodes / 10;
  const crossing = Math.floor(limit / 199_990);
  test(`run-wide nodes: files that add up to more than ${limit.toLocaleString("en-US")} nodes are refused at the node that crosses it`, async () => {
    const body = `${HEAD}  X:\n    type: string\n    description: x\n    default: [${Array(199_980).fill("1").join(",")}]\n`;
    const files = Array.from({ length: crossing + 1 }, (_, i) => ({ path: `defs/f${String(i).padStart(2, "0")}.yaml`, content: body }));
    const out = await withLimit("maxTotalNodes", limit, () => timed(`run-wide nodes (${files.length} files of 200,000 nodes)`, () => errors(loadModel(files))));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(new RegExp(`^defs/f${String(crossing).padStart(2, "0")}\\.yaml:6:\\d+: error E008: the definition files add up to more than ${limit} YAML nodes, the limit for one run; this file and the ones after it are not read$`));
  });
});

describe("huge enums and long strings", () => {
  const bigEnum = (n: number): string => `${HEAD}  E:\n    type: string\n    description: big enum\n    enum:\n${Array.from({ length: n }, (_, k) => `      - v${k}\n`).join("")}`;

  test("a 10,000-value enum loads and checks in seconds", async () => {
    const r = await timed("10,000-value enum: load", () => loadModel(one(bigEnum(10_000))));
    expect(errors(r)).toEqual([]);
    const decl = r.model!.files[0]!.items[0]!;
    expect(decl.schema.kind === "enum" && decl.schema.values.length).toBe(10_000);
  });

  test("a 10,000-value enum generates a package whose validators know every value", async () => {
    const r = await timed("10,000-value enum: generate", () => generate(one(bigEnum(10_000))));
    expect(errors(r)).toEqual([]);
    expect(r.files.some((f) => f.path.startsWith("internal/validators/"))).toBe(true);
  });

  test("meanwhile the CLI ends such a run with one clean line, never a stack trace", async () => {
    const defs = defsFolder("enum", { "x.yaml": bigEnum(10_000) });
    const r = await timed("CLI: 10,000-value enum", () => runCli(["generate", "--defs", defs, "--out", path.join(path.dirname(defs), "out")], { cwd: path.dirname(defs) }), BOUND_MS, "wall");
    expect(r.stderr).not.toMatch(STACK_TRACE);
    if (r.code !== 0) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^everest-typegen: internal error: .* \(run with --debug for details\)\n$/);
    }
  });

  test("50,000 values that all sanitize to one identifier get unique member names in linear time", async () => {
    // "a" and two CJK characters: 50,000 different values, each of which sanitizes to "a__".
    const values = Array.from({ length: 50_000 }, (_, i) => `a${String.fromCharCode(0x4e00 + (i % 250), 0x4e00 + Math.floor(i / 250))}`);
    expect(new Set(values).size).toBe(50_000);
    const names = await timed("50,000 colliding enum member names", () => enumMemberNames(values));
    expect(names.slice(0, 3)).toEqual(["a__", "a___2", "a___3"]);
    expect(names[49_999]).toBe("a___50000");
    expect(new Set(names).size).toBe(50_000);
  });

  test("10,001 values: E022 at the enum", async () => {
    expect(await timed("10,001-value enum", async () => errors(await generate(one(bigEnum(10_001)))))).toEqual([
      "defs/x.yaml:7:7: error E022: `enum` has 10001 values; at most 10000 are allowed",
    ]);
  });

  test("100,000-character strings everywhere (description, key, enum value, pattern, default) generate, verbatim", async () => {
    const long = (c: string): string => c.repeat(LIMITS.maxStringLength);
    const text = [
      HEAD.trimEnd(),
      "  O:",
      `    description: ${long("d")}`,
      "    type: object",
      "    properties:",
      `      ${long("k")}:`,
      `        description: ${long("p")}`,
      "        type: string",
      `        pattern: ${long("a")}`,
      `        default: ${long("f")}`,
      "      e:",
      "        type: string",
      `        enum: [${long("v")}, short]`,
      "",
    ].join("\n");
    const r = await timed("100,000-character strings", () => generate(one(text)));
    expect(errors(r)).toEqual([]);
    const o = (JSON.parse(r.files.find((f) => f.path === "schemas/x.json")!.content) as { definitions: { O: { description: string; properties: Record<string, { pattern?: string; default?: string; enum?: string[] }> } } }).definitions.O;
    expect(o.description).toBe(long("d"));
    expect(o.properties[long("k")]!.pattern).toBe(long("a"));
    expect(o.properties[long("k")]!.default).toBe(long("f"));
    expect(o.properties["e"]!.enum).toEqual([long("v"), "short"]);
  });

  test.each([
    ["a description", (s: string) => `  A:\n    type: string\n    description: ${s}\n`, "5:18"],
    ["a key", (s: string) => `  A:\n    type: object\n    description: a\n    properties:\n      ${s}:\n        type: string\n`, "7:7"],
    ["a default", (s: string) => `  A:\n    type: string\n    description: a\n    default: ${s}\n`, "6:14"],
    ["a type name", (s: string) => `  ${s}:\n    type: string\n    description: a\n`, "3:3"],
  ])("100,001 characters in %s: E022 at the string", async (_what, make, at) => {
    const text = HEAD + make("z".repeat(LIMITS.maxStringLength + 1));
    expect(await timed(`100,001-character string in ${_what}`, async () => errors(await generate(one(text))))).toEqual([
      `defs/x.yaml:${at}: error E022: string of 100001 characters is longer than the limit of 100000`,
    ]);
  });
});

describe("thousands of types", () => {
  // 5,000 types at full size, 1,000 under `npm test`: three blocks of exports (500 each) instead of eleven, refs across them alike.
  const types = fullSize() ? 5000 : 1000;
  test(`${types.toLocaleString("en-US")} types in one file (objects, enums, refs to shared types) generate in seconds, and their validators work`, async () => {
    let text = `${HEAD}  Shared:\n    type: string\n    description: shared\n    enum: [a, b, c]\n`;
    for (let i = 0; i < types; i++) {
      text += `  T${i}:\n    type: object\n    description: type ${i}\n    required: [id]\n    properties:\n      id:\n        description: id\n        type: integer\n        minimum: 0\n      mode:\n        description: mode\n        type: string\n        $ref: /x#/Shared\n`;
    }
    // The one case given more time: it measures several seconds at full size (most of it ajv compiling 5,000 validators), and the suite runs two workers on two cores.
    const r = await timed(`${types.toLocaleString("en-US")} types`, () => generate(one(text)), 40_000);
    expect(r.diagnostics).toEqual([]);
    expect(errors(r)).toEqual([]);
    expect(r.model!.files[0]!.items).toHaveLength(types + 1);
    expect(r.files.find((f) => f.path === "x.d.ts")!.content).toContain(`export interface T${types - 1} {`);
    // One module of blocks of 500 exports; refs from later blocks to Shared, in the first, are calls.
    const mod = load("types", r);
    for (const name of ["T0", `T${types / 2}`, `T${types - 1}`]) {
      expect(mod[`is${name}`]!({ id: 1, mode: "b" })).toBe(true);
      expect(mod[`validate${name}`]!({ id: 1, mode: "b" })).toBe(true);
      expect(mod[`is${name}`]!({ id: 1, mode: "d" })).toBe(false);
      expect(mod[`validate${name}`]!({ id: 1, mode: "d" })).toBe(false);
      expect((mod[`validate${name}`] as unknown as { errors: { instancePath: string; keyword: string }[] }).errors).toEqual([
        expect.objectContaining({ instancePath: "/mode", keyword: "enum" }),
      ]);
    }
  });

  type Mod = Record<string, (v: unknown) => unknown>;
  function load(name: string, r: GenerateResult): Mod {
    const dir = path.join(scratch.dir, name);
    writeFiles(dir, r.files);
    return require(path.join(dir, "x.js")) as Mod;
  }
  /** `{next: {next: ... end}}`, `depth` levels deep, built bottom-up. */
  function linked(depth: number, end: unknown): unknown {
    let v = end;
    for (let i = 0; i < depth; i++) v = { next: v };
    return v;
  }
  const link = (i: number, to: number): string => `  T${i}:\n    type: object\n    description: t${i}\n    properties:\n      next:\n        description: next\n        type: object\n        $ref: /x#/T${to}\n`;

  test("a chain of 1,000 types linked by $refs through properties generates, and its validators work", async () => {
    let text = HEAD;
    for (let i = 0; i < 1000; i++) text += link(i, i + 1).replace(i === 999 ? "type: object\n        $ref" : "\0", "type: string\n        $ref");
    text += "  T1000:\n    type: string\n    description: end\n";
    const r = await timed("chain of 1,000 refs", () => generate(one(text)));
    expect(r.diagnostics).toEqual([]);
    const mod = load("chain", r);
    expect(mod.isT0!(linked(1000, "end"))).toBe(true);
    expect(mod.isT0!(linked(1000, 7))).toBe(false);
    expect(mod.isT0!(linked(400, {}))).toBe(true); // T400's `next` is optional
    const bad = mod.validateT0!(linked(1000, 7));
    expect(bad).toBe(false);
    expect((mod.validateT0 as unknown as { errors: { instancePath: string }[] }).errors[0]!.instancePath).toBe("/next".repeat(1000));
    expect(mod.validateT998!(linked(2, "end"))).toBe(true);
  });

  test("a ring of 1,000 types (T999 refers back to T0) generates, and its validators work", async () => {
    let text = HEAD;
    for (let i = 0; i < 1000; i++) text += link(i, (i + 1) % 1000);
    const r = await timed("ring of 1,000 refs", () => generate(one(text)));
    expect(r.diagnostics).toEqual([]);
    // Compiled dependencies first, from T999 back to T0. T999's ref to T0 closes the ring and becomes a call;
    // so does T499's ref to T500, which crosses from the module's second block of 500 exports into its first.
    const plan = compilePlan(r.model!.files[0]!);
    expect(plan.order.map((d) => d.name)).toEqual(Array.from({ length: 1000 }, (_, i) => `T${999 - i}`));
    expect([...plan.calls].map((c) => c.ref).sort()).toEqual(["/x#/T0", "/x#/T500"]);
    const mod = load("ring", r);
    for (const start of ["T0", "T500", "T999"]) {
      // isX judges values up to 1,000 levels deep (the rule: test/hostile-depth.test.ts); the raw validateX follows any depth the stack allows.
      expect(mod[`is${start}`]!(linked(999, {}))).toBe(true);
      expect(mod[`validate${start}`]!(linked(2500, {}))).toBe(true);
      expect(mod[`is${start}`]!(linked(999, []))).toBe(false);
      expect(mod[`validate${start}`]!(linked(2500, []))).toBe(false);
    }
  });

  // 14,000 links at full size, 2,000 under `npm test`; at either size every link is checked to go straight to the end.
  const n = fullSize() ? 14000 : 2000;
  test(`a chain of ${n.toLocaleString("en-US")} types that are only a $ref, ending in a string: every validator answers with one call, not one per link`, async () => {
    let text = HEAD;
    for (let i = 0; i < n; i++) text += `  A${i}:\n    type: string\n    description: a${i}\n    $ref: /x#/A${i + 1}\n`;
    text += `  A${n}:\n    type: string\n    description: end\n    maxLength: 3\n`;
    const r = await timed(`chain of ${n.toLocaleString("en-US")} ref-only aliases`, () => generate(one(text)));
    expect(r.diagnostics).toEqual([]);
    // One call: each link's guard calls the end's, and each link's compiled schema names the end, never the next link.
    const guards = r.files.find((f) => f.path === "internal/guards/x.js")!.content;
    const endGuard = guards.match(new RegExp(`^// x/A${n}\\nfunction (g\\d+)\\(`, "m"))![1];
    const linkGuards = [...guards.matchAll(/^\/\/ x\/A(\d+)\nfunction g\d+\(v\) \{\n {2}if \(!(g\d+)\(v\)\) return false;\n {2}return true;\n\}$/gm)];
    expect(linkGuards).toHaveLength(n);
    expect(linkGuards.every((m) => m[2] === endGuard)).toBe(true);
    const validators = r.files.find((f) => f.path === "internal/validators/x.js")!.content;
    const linkSchemas = [...validators.matchAll(/\{"\$id":"https:\/\/everest-typegen\.local\/compiled\/x\/A(\d+)","(?:\$ref":"https:\/\/everest-typegen\.local\/compiled\/|x-everest-typegen-external-ref":")x\/A(\d+)"\}/g)];
    expect(linkSchemas).toHaveLength(n);
    expect(linkSchemas.every((m) => m[2] === String(n))).toBe(true);
    const mod = load("aliases", r);
    const root = require(path.join(scratch.dir, "aliases", "index.js")) as { validate(ref: string, v: unknown): { valid: boolean; errors: unknown[] } };
    for (const name of ["A0", `A${n / 2}`, `A${n - 1}`]) {
      expect(mod[`is${name}`]!("abc")).toBe(true);
      expect(mod[`is${name}`]!("abcd")).toBe(false);
      expect(mod[`validate${name}`]!("abc")).toBe(true);
      expect(mod[`validate${name}`]!(7)).toBe(false);
    }
    expect(root.validate("x/A0", "abcd")).toEqual({ valid: false, errors: [{ path: "", message: "must have at most 3 characters", keyword: "maxLength" }] });
  });

  test("a value nested deeper than the stack allows (a 300,000-level array of a recursive type) is not accepted: isX false, assertX and validate() say why, nothing else throws", async () => {
    const text =
      `${HEAD}  Nested:\n    type: array\n    description: an array of itself\n    items:\n      type: array\n      $ref: /x#/Nested\n` +
      `  Holder:\n    type: object\n    description: holds one\n    properties:\n      n:\n        description: the nested array\n        type: array\n        $ref: /x#/Nested\n`;
    const r = await generate(one(text));
    expect(r.diagnostics).toEqual([]);
    const mod = load("deep-values", r);
    const root = require(path.join(scratch.dir, "deep-values", "index.js")) as {
      validate(ref: string, v: unknown): { valid: boolean; errors: unknown[] };
      ValidationError: new (...args: unknown[]) => Error;
    };
    const depth = 300_000;
    const deep = JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown;
    const tooDeep = [{ path: "", message: "is nested too deeply to be checked", keyword: "depth" }];
    expect(mod.isNested!(deep)).toBe(false);
    expect(root.validate("x/Nested", deep)).toEqual({ valid: false, errors: tooDeep });
    expect(() => mod.assertNested!(deep)).toThrow("not a valid x/Nested: is nested too deeply to be checked");
    // Through a class instance, the fast guard hands over to the full validator: the same answer.
    const exotic = Object.assign(Object.create({ inherited: true }) as object, { n: deep });
    expect(mod.isHolder!(exotic)).toBe(false);
    expect(mod.isHolder!({ n: deep })).toBe(false);
    // The raw ajv function is exported as it is, and overflows.
    expect(() => mod.validateNested!(deep)).toThrow(RangeError);
    // Values up to the documented depth (1,000 levels; test/hostile-depth.test.ts tests its edge) are judged as usual.
    const fine = JSON.parse(`${"[".repeat(1000)}${"]".repeat(1000)}`) as unknown;
    expect(mod.isNested!(fine)).toBe(true);
    expect(root.validate("x/Nested", fine)).toEqual({ valid: true, errors: [] });
  });

  test("a type that is only a $ref cycle (W107) is valid for no value, and neither is what requires it", async () => {
    const text =
      `${HEAD}  Self:\n    type: object\n    description: itself\n    $ref: /x#/Self\n` +
      `  A:\n    type: object\n    description: a\n    $ref: /x#/B\n  B:\n    type: object\n    description: b\n    $ref: /x#/A\n` +
      `  ToA:\n    type: object\n    description: into the cycle\n    $ref: /x#/A\n` +
      `  Holder:\n    type: object\n    description: holds one\n    properties:\n      self:\n        description: one\n        type: object\n        $ref: /x#/Self\n`;
    const r = await generate(one(text));
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "defs/x.yaml:6:11: warning W107: $ref cycle /x#/Self -> /x#/Self: each of these types is only a $ref, so none of them describes a value and no data is valid",
      "defs/x.yaml:10:11: warning W107: $ref cycle /x#/A -> /x#/B -> /x#/A: each of these types is only a $ref, so none of them describes a value and no data is valid",
    ]);
    const mod = load("cycle", r);
    const root = require(path.join(scratch.dir, "cycle", "index.js")) as { validate(ref: string, v: unknown): { valid: boolean; errors: unknown[] } };
    for (const name of ["Self", "A", "B", "ToA"]) {
      for (const value of [1, "s", null, {}, [], { self: 1 }]) {
        expect(mod[`is${name}`]!(value)).toBe(false);
        expect(mod[`validate${name}`]!(value)).toBe(false);
        expect(() => mod[`assert${name}`]!(value)).toThrow("describes no value");
      }
    }
    expect(root.validate("x/Self", {})).toEqual({ valid: false, errors: [{ path: "", message: "matches no value: its type is a $ref cycle and describes no value", keyword: "not" }] });
    expect(mod.isHolder!({})).toBe(true);
    expect(mod.validateHolder!({})).toBe(true);
    expect(mod.isHolder!({ self: {} })).toBe(false);
    expect(mod.validateHolder!({ self: {} })).toBe(false);
  });
});
