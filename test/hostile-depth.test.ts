/**
 * How deep a value is checked: one rule for every entry point (README, "How
 * deep a value is checked"; generator/emit/validators/depth.ts). A type that
 * could follow a value deeper than MAX_VALUE_DEPTH levels (a recursive type,
 * or one that uses one) judges values up to that depth, and refuses a deeper
 * one, counted anywhere in the value: isX false, assertX and validate() the one
 * issue "is nested too deeply to be checked" at the root, and the CLI the same
 * line (exit 1). The five entry points tested at the edge: isX, assertX,
 * validate(), an interface item's isX/assertX (ajv's function behind the
 * runtime), and the real CLI binary. Other types never look deeper than their
 * definition, so depth does not matter to them.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MAX_VALUE_DEPTH } from "../generator/emit/validators/depth";
import { helperNames, safeIdentifier } from "../generator/names";
import { runCli } from "./helpers/cli";
import { scratchDir } from "./helpers/property";

const N = MAX_VALUE_DEPTH;
const TOO_DEEP = [{ path: "", message: "is nested too deeply to be checked", keyword: "depth" }];
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

const TREE = `description: Recursive types
types:
  Node:
    description: A tree node
    type: object
    properties:
      name:
        description: Its name
        type: string
      data:
        description: Anything (not checked, but counted)
      children:
        description: Its subtrees
        type: array
        items:
          description: A subtree
          type: object
          $ref: /tree#/Node
  Nested:
    description: An array of itself
    type: array
    items:
      type: array
      $ref: /tree#/Nested
  MaybeNested:
    description: An integer, or an array of these (a type list on the way down)
    type: [integer, array]
    items:
      description: One
      type: array
      $ref: /tree#/MaybeNested
  Map:
    description: A map of maps
    type: object
    additionalProperties:
      type: object
      $ref: /tree#/Map
  Holder:
    description: Not recursive itself, but holds a tree
    type: object
    required: [tree]
    properties:
      tree:
        description: The tree
        type: object
        $ref: /tree#/Node
  Open:
    description: Not recursive, and open
    type: object
    properties:
      id:
        description: An id
        type: integer
  Grid:
    description: Not recursive, three levels of arrays
    type: array
    items:
      description: A row
      type: array
      items:
        description: A cell list
        type: array
        items:
          description: A cell
          type: integer
`;

const FOREST = `description: An interface that takes trees
cmds:
  plant:
    description: Plants a tree
    arguments:
      tree:
        description: The tree
        type: object
        $ref: /tree#/Node
    result:
      description: Whether it grew
      type: boolean
`;

type Result = { valid: boolean; errors: { path: string; message: string; keyword: string }[] };
type Mod = Record<string, (v: unknown) => unknown>;
interface Pkg {
  validate(ref: string, v: unknown): Result;
  tree: Mod;
  interfaces: { forest: Mod };
}

let scratch: ReturnType<typeof scratchDir>;
let out: string;
let pkg: Pkg;

beforeAll(() => {
  scratch = scratchDir("etg-depth-");
  const defs = path.join(scratch.dir, "defs");
  fs.mkdirSync(path.join(defs, "interfaces"), { recursive: true });
  fs.writeFileSync(path.join(defs, "tree.yaml"), TREE);
  fs.writeFileSync(path.join(defs, "interfaces", "forest.yaml"), FOREST);
  out = path.join(scratch.dir, "out");
  const r = runCli(["generate", "--defs", defs, "--out", out, "--quiet"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  pkg = require(path.join(out, "index.js")) as Pkg;
});
afterAll(() => scratch.remove());

/** The value `[[...[leaf]...]]`: `levels` arrays. */
function arrays(levels: number, leaf?: unknown): unknown {
  let v: unknown = leaf === undefined ? [] : [leaf];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
}

/** A Node exactly `levels` deep (an object and its children array are two levels; an even count ends in `children: []`). */
function tree(levels: number, data?: unknown): unknown {
  let v: Record<string, unknown> = levels % 2 === 0 ? { name: "leaf", children: [] } : { name: "leaf" };
  if (data !== undefined) v["data"] = data;
  for (let at = levels % 2 === 0 ? 2 : 1; at < levels; at += 2) v = { name: "n", children: [v] };
  return v;
}

/** `{k: {k: ... {}}}`: `levels` objects. */
function maps(levels: number): unknown {
  let v: unknown = {};
  for (let i = 1; i < levels; i++) v = { k: v };
  return v;
}

/** The deepest nesting of arrays and objects in `v` (iteratively). */
function depthOf(v: unknown): number {
  let most = 0;
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x !== "object" || x === null) continue;
    most = Math.max(most, d + 1);
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return most;
}

interface Verdicts {
  is: boolean;
  assert: true | Result["errors"];
  validate: Result;
}

/** isX, assertX and validate() of a type (`file` module `mod`, `Type`) or an interface item. */
function verdicts(mod: Mod, name: string, ref: string, value: unknown): Verdicts {
  let assert: Verdicts["assert"] = true;
  try {
    mod[`assert${name}`]!(value);
  } catch (e) {
    expect(e).not.toBeInstanceOf(RangeError);
    assert = (e as { issues: Result["errors"] }).issues.map((i) => ({ ...i }));
  }
  return { is: mod[`is${name}`]!(value) as boolean, assert, validate: pkg.validate(ref, value) };
}

const accepted: Verdicts = { is: true, assert: true, validate: { valid: true, errors: [] } };
const refused: Verdicts = { is: false, assert: TOO_DEEP, validate: { valid: false, errors: TOO_DEEP } };

/** The CLI's verdict on each of `texts` (one run, one file each): its exit code and stdout lines per file. */
function cli(ref: string, texts: readonly string[]): { code: number | null; lines: string[]; stderr: string } {
  const files = texts.map((t, i) => {
    const f = path.join(scratch.dir, `doc-${i}.json`);
    fs.writeFileSync(f, t);
    return f;
  });
  const r = runCli(["validate", ref, ...files, "--out", out]);
  return { code: r.code, lines: r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split(scratch.dir).join("")), stderr: r.stderr };
}

describe(`the edge: exactly ${N} levels are judged, ${N + 1} are refused, by every entry point alike`, () => {
  const cases: [string, string, (levels: number) => unknown][] = [
    ["Nested", "tree/Nested", (l) => arrays(l)],
    ["Node", "tree/Node", (l) => tree(l)],
    ["MaybeNested", "tree/MaybeNested", (l) => arrays(l, 7)],
    ["Map_", "tree/Map", (l) => maps(l)],
    ["Holder", "tree/Holder", (l) => ({ tree: tree(l - 1) })],
  ];

  test.each(cases)("%s: isX, assertX and validate()", (name, ref, build) => {
    const edge = build(N);
    const over = build(N + 1);
    expect([depthOf(edge), depthOf(over)]).toEqual([N, N + 1]);
    expect(verdicts(pkg.tree, name, ref, edge)).toEqual(accepted);
    expect(verdicts(pkg.tree, name, ref, over)).toEqual(refused);
    // The message of assertX, as an application sees it.
    expect(() => pkg.tree[`assert${name}`]!(over)).toThrow(`not a valid ${ref}: is nested too deeply to be checked`);
  });

  test("an interface item (ajv's function behind the runtime, no fast guard): isX, assertX and validate()", () => {
    const ref = "interfaces/forest/cmds/plant/arguments";
    const edge = { tree: tree(N - 1) };
    const over = { tree: tree(N) };
    expect([depthOf(edge), depthOf(over)]).toEqual([N, N + 1]);
    expect(verdicts(pkg.interfaces.forest, "PlantArguments", ref, edge)).toEqual(accepted);
    expect(verdicts(pkg.interfaces.forest, "PlantArguments", ref, over)).toEqual(refused);
  });

  test("the CLI (the real binary) says the same, for a type and an interface item", () => {
    for (const [ref, edge, over] of [
      ["tree/Nested", arrays(N), arrays(N + 1)],
      ["tree/Node", tree(N), tree(N + 1)],
      ["tree/MaybeNested", arrays(N, 7), arrays(N + 1, 7)],
      ["interfaces/forest/cmds/plant/arguments", { tree: tree(N - 1) }, { tree: tree(N) }],
    ] as const) {
      const r = cli(ref, [JSON.stringify(edge), JSON.stringify(over)]);
      expect([ref, r.code, r.lines, r.stderr]).toEqual([ref, 1, [`/doc-0.json: valid ${ref}`, `/doc-1.json: invalid ${ref}`, "  (root): is nested too deeply to be checked"], ""]);
    }
  });

  test("below the edge, an invalid value gets its ordinary issues from every entry point", () => {
    const bad = tree(N - 1, undefined) as Record<string, unknown>;
    // The innermost node's name is a number.
    let at = bad;
    while (Array.isArray(at["children"]) && at["children"].length > 0) at = (at["children"] as Record<string, unknown>[])[0]!;
    at["name"] = 5;
    const where = `${"/children/0".repeat((N - 2) / 2)}/name`;
    const issues = [{ path: where, message: "must be string", keyword: "type" }];
    expect(verdicts(pkg.tree, "Node", "tree/Node", bad)).toEqual({ is: false, assert: issues, validate: { valid: false, errors: issues } });
    const r = cli("tree/Node", [JSON.stringify(bad)]);
    expect([r.code, r.lines]).toEqual([1, ["/doc-0.json: invalid tree/Node", `  ${where}: must be string`]]);
  });
});

describe("depth is counted over the whole value, for a type that can recurse", () => {
  test("a part no keyword checks (Node's `data`, any value) still counts", () => {
    const edge = tree(1, arrays(N - 1));
    const over = tree(1, arrays(N));
    expect([depthOf(edge), depthOf(over)]).toEqual([N, N + 1]);
    expect(verdicts(pkg.tree, "Node", "tree/Node", edge)).toEqual(accepted);
    expect(verdicts(pkg.tree, "Node", "tree/Node", over)).toEqual(refused);
  });

  test("an invalid value nested too deeply is reported as too deep, not with its other issues", () => {
    const over = { name: 5, children: [tree(N)] };
    expect(verdicts(pkg.tree, "Node", "tree/Node", over)).toEqual(refused);
  });

  test("class instances and null-prototype objects (judged by ajv, not the fast guard) follow the same rule", () => {
    class Box {
      constructor(readonly tree: unknown) {}
    }
    expect(verdicts(pkg.tree, "Holder", "tree/Holder", new Box(tree(N - 1)))).toEqual(accepted);
    expect(verdicts(pkg.tree, "Holder", "tree/Holder", new Box(tree(N)))).toEqual(refused);
    const bare = (v: unknown): unknown => Object.assign(Object.create(null) as object, { tree: v });
    expect(verdicts(pkg.tree, "Holder", "tree/Holder", bare(tree(N - 1)))).toEqual(accepted);
    expect(verdicts(pkg.tree, "Holder", "tree/Holder", bare(tree(N)))).toEqual(refused);
  });
});

describe("a type that cannot recurse never looks deeper than its definition", () => {
  test("a deep value in a part it leaves open is accepted by every entry point; one where it looks fails as usual", () => {
    const deep = JSON.parse(`{"id": 1, "extra": ${"[".repeat(300_000)}${"]".repeat(300_000)}}`) as unknown;
    expect(verdicts(pkg.tree, "Open", "tree/Open", deep)).toEqual(accepted);
    const cells = [{ path: "/0/0/0", message: "must be integer", keyword: "type" }];
    expect(verdicts(pkg.tree, "Grid", "tree/Grid", arrays(N + 1))).toEqual({ is: false, assert: cells, validate: { valid: false, errors: cells } });
    const r = cli("tree/Open", [`{"id": 1, "extra": ${"[".repeat(300_000)}${"]".repeat(300_000)}}`]);
    expect([r.code, r.lines]).toEqual([0, ["/doc-0.json: valid tree/Open"]]);
  });
});

describe("300,000 levels (600 kB of JSON): refused, no RangeError escapes, in well under a second", () => {
  const text = `${"[".repeat(300_000)}${"]".repeat(300_000)}`;

  test("isX, assertX, validate(), an interface item", () => {
    const deep = JSON.parse(text) as unknown;
    const started = Date.now();
    expect(verdicts(pkg.tree, "Nested", "tree/Nested", deep)).toEqual(refused);
    expect(verdicts(pkg.tree, "Holder", "tree/Holder", { tree: { children: [{ data: deep }] } })).toEqual(refused);
    expect(verdicts(pkg.tree, "Map_", "tree/Map", { a: { b: deep } })).toEqual(refused);
    expect(verdicts(pkg.interfaces.forest, "PlantArguments", "interfaces/forest/cmds/plant/arguments", { tree: { data: deep } })).toEqual(refused);
    expect(Date.now() - started).toBeLessThan(1000);
    // The raw validateX is ajv's function as it is: outside the rule, it follows the value until the stack ends.
    expect(() => pkg.tree["validateNested"]!(deep)).toThrow(RangeError);
  });

  test("the CLI", () => {
    const started = Date.now();
    const r = cli("tree/Nested", [text]);
    expect([r.code, r.lines, r.stderr]).toEqual([1, ["/doc-0.json: invalid tree/Nested", "  (root): is nested too deeply to be checked"], ""]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe("the margin", () => {
  /**
   * Every entry point judges a value exactly N levels deep in well under half
   * of node's default stack (984 KiB), with no more than a fresh process on it:
   * run with --stack-size=400, each still reaches its real verdict. Measured:
   * about 46 KiB for the process itself, and at most 250 KiB more at 1,000
   * levels, where ajv lists the issues of an invalid value.
   */
  test(`${N} levels fit in 400 KiB of stack on every path`, () => {
    const script = `
      const pkg = require(${JSON.stringify(path.join(out, "index.js"))});
      const N = ${N};
      const arrays = ${arrays.toString()};
      const tree = ${tree.toString()};
      const maps = ${maps.toString()};
      const deep = (r) => r.errors.some((e) => e.keyword === "depth");
      const badTree = () => { const t = tree(N - 1); let at = t; while (at.children && at.children.length) at = at.children[0]; at.name = 5; return t; };
      const badMap = () => { const v = maps(N); let at = v; while (Object.keys(at.k).length) at = at.k; at.k = 1; return v; };
      const checks = {
        "isX Node": pkg.tree.isNode(tree(N)),
        "isX MaybeNested": pkg.tree.isMaybeNested(arrays(N, 7)),
        "isX Map": pkg.tree.isMap_(maps(N)),
        "validate() invalid Node (ajv's issues)": !deep(pkg.validate("tree/Node", badTree())),
        "validate() invalid MaybeNested": !deep(pkg.validate("tree/MaybeNested", arrays(N, "x"))),
        "validate() invalid Map": !deep(pkg.validate("tree/Map", badMap())),
        "item isX (ajv)": pkg.interfaces.forest.isPlantArguments({ tree: tree(N - 1) }),
        "item validate() invalid (ajv)": !deep(pkg.validate("interfaces/forest/cmds/plant/arguments", { tree: badTree() })),
      };
      process.stdout.write(JSON.stringify(checks));
    `;
    const r = spawnSync(process.execPath, ["--stack-size=400", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    const checks = JSON.parse(r.stdout) as Record<string, boolean>;
    expect(Object.values(checks).every((ok) => ok)).toBe(true);
    expect(Object.keys(checks).length).toBe(8);
  });

  test("the fast guards and ajv's functions of these types go on for twice N levels and more with the default stack", () => {
    const script = `
      const guards = require(${JSON.stringify(path.join(out, "internal", "guards", "tree.js"))});
      const ajv = require(${JSON.stringify(path.join(out, "internal", "validators", "tree.js"))});
      const arrays = ${arrays.toString()};
      const tree = ${tree.toString()};
      const maps = ${maps.toString()};
      const L = ${2 * N};
      const values = { "tree/Nested": arrays(L), "tree/Node": tree(L), "tree/MaybeNested": arrays(L, 7), "tree/Map": maps(L) };
      const ok = {};
      // Each type's guard and ajv function are exported under its isX and validateX names.
      const names = ${JSON.stringify(Object.fromEntries(["Nested", "Node", "MaybeNested", "Map"].map((n) => [`tree/${n}`, helperNames(safeIdentifier(n))])))};
      for (const [ref, v] of Object.entries(values)) ok[ref] = [guards[names[ref].is](v), ajv[names[ref].validate](v)];
      process.stdout.write(JSON.stringify(ok));
    `;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ "tree/Nested": [true, true], "tree/Node": [true, true], "tree/MaybeNested": [true, true], "tree/Map": [true, true] });
  });
});
