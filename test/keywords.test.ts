/**
 * Every draft-07 construct EVerest uses or may use (everest-semantics.md §3
 * and issue 6), one golden fixture per family (test/fixtures/kw-*), each in
 * all four outputs: TypeScript, JSON Schema, validators, reference page.
 * Every type of every fixture has valid and invalid instances
 * (test/kw-instances/<fixture>/<file>/<Type>.json), judged by the generated
 * package (validate, isX, assertX) and by two independent validators over
 * the emitted JSON Schema documents (ajv at run time, @cfworker/json-schema).
 *
 * `UPDATE_GOLDEN=1 npx jest test/keywords` rewrites the expected trees.
 */
import * as path from "node:path";
import {} from "../generator/model/model";
import { helperNames } from "../generator/names";
import { ROOT, expectGolden } from "./helpers/golden";
import {
  cfworker,
  formatsIn,
  generateInto,
  loadRuntime,
  readInstances,
  runtimeAjv,
  withEverestFormats,
  type ExpectedIssue,
  type Generated,
  type InstanceFile } from "./instances/harness";

const FIXTURES = ["kw-scalars", "kw-objects", "kw-arrays", "kw-recursion"] as const;
const fixtureDir = (name: string): string => path.join(ROOT, "test", "fixtures", name);

describe.each(FIXTURES)("%s", (name) => {
  let gen: Generated;
  let instances: Map<string, InstanceFile>;

  beforeAll(async () => {
    gen = await generateInto(path.join(fixtureDir(name), "defs"));
    instances = readInstances(path.join(ROOT, "test", "kw-instances", name));
  });
  afterAll(() => gen?.remove());

  test("golden: every output (declarations, schemas, validators, both reference pages, package)", async () => {
    await expectGolden(fixtureDir(name));
  });

  test("every type has valid and invalid instances", () => {
    const refs = gen.model.files.flatMap((f) => f.items.map((t) => t.ref)).sort();
    expect([...instances.keys()].sort()).toEqual(refs);
    for (const ref of refs) {
      expect([ref, instances.get(ref)!.valid.length > 0, instances.get(ref)!.invalid.length > 0]).toEqual([ref, true, true]);
    }
  });

  test("the package's validators: verdicts, issues (path and keyword), isX and assertX", () => {
    const pkg = gen.load();
    const key = (i: ExpectedIssue): string => `${i.path} ${i.keyword}`;
    for (const [ref, inst] of instances) {
      const [file, type] = ref.split("/") as [string, string];
      const decl = gen.model.files.find((f) => f.name === file)!.items.find((t) => t.name === type)!;
      const mod = gen.module(file);
      const h = helperNames(decl.tsName);
      const is = mod[h.is] as (v: unknown) => boolean;
      const assert = mod[h.assert] as (v: unknown) => void;
      for (const value of inst.valid) {
        expect([ref, value, pkg.validate(ref, value)]).toEqual([ref, value, { valid: true, errors: [] }]);
        expect([ref, value, is(value)]).toEqual([ref, value, true]);
        expect(() => assert(value)).not.toThrow();
      }
      for (const { value, errors } of inst.invalid) {
        const r = pkg.validate(ref, value);
        expect([ref, value, r.valid, r.errors.map(key).sort()]).toEqual([ref, value, false, errors.map(key).sort()]);
        expect([ref, value, is(value)]).toEqual([ref, value, false]);
        expect(() => assert(value)).toThrow(pkg.ValidationError);
      }
    }
  });

  test("the emitted JSON Schema documents agree (ajv compiling them at run time, and @cfworker/json-schema)", () => {
    const { formats } = loadRuntime(gen);
    const ajv = runtimeAjv(gen, formats);
    const cf = cfworker(gen);
    withEverestFormats(formats, formatsIn(gen.schemas()), () => {
      for (const [ref, inst] of instances) {
        for (const value of inst.valid) expect([ref, value, ajv(ref, value), cf(ref, value)]).toEqual([ref, value, true, true]);
        for (const { value } of inst.invalid) expect([ref, value, ajv(ref, value), cf(ref, value)]).toEqual([ref, value, false, false]);
      }
    });
  });
});

/** What each construct looks like in each output: the golden trees hold all of it; these lines say what matters. */
describe("each construct in each output", () => {
  const outputs = new Map<string, ReadonlyMap<string, string>>();
  beforeAll(async () => {
    for (const fixture of FIXTURES) {
      const gen = await generateInto(path.join(fixtureDir(fixture), "defs"));
      outputs.set(fixture, gen.files);
      gen.remove();
    }
  });
  const file = (fixture: string, p: string): string => {
    const text = outputs.get(fixture)!.get(p);
    if (text === undefined) throw new Error(`${fixture}: no ${p}`);
    return text;
  };
  const lines = (text: string): string[] => text.split("\n");

  test.each<[string, string, string[]]>([
    // type lists show every member's keywords; const and default when they are strings or lists
    ["kw-scalars", "docs/scalars.txt", ["NumberOrText:integer,string", "pattern:^x", "MaybeTime:null,string", "format:date-time", "Version:string", "const:2.0.1", "default:L1", "default:hello", "default:", "- 1", "- 2"]],
    // nested inline objects under their path, array items and map values
    ["kw-objects", "docs/objects.txt", ["outer.middle.inner.mode:string <required>", "outer.kind:string <optional>", "rows[].unit:string <optional>", "additionalProperties:number", "additionalProperties:object (objects-Closed)", "*.v:string <required>"]],
    // top-level arrays and arrays of arrays show every level's items; a type list's array member too
    ["kw-arrays", "docs/arrays.txt", ["Names:array", "array_item:string", "Points:array", "array_item:object (arrays-Point)", "nullable_list:array,null <optional>"]],
    // a top-level alias of a ref names its target
    ["kw-recursion", "docs/graph.txt", ["NodeAlias:object (graph-Node)", "There is an extended definition for this object here."]],
  ])("%s %s", (fixture, p, expected) => {
    const got = lines(file(fixture, p));
    for (const l of expected) expect([l, got.includes(l)]).toEqual([l, true]);
  });

  test("arrays of arrays: one array_item line per level, in order", () => {
    const txt = lines(file("kw-arrays", "docs/arrays.txt"));
    const at = txt.indexOf("Grid:array");
    expect(txt.slice(at, at + 5)).toEqual(["Grid:array", "Arrays of arrays of arrays, bounded at every level", "array_item:array", "array_item:array", "array_item:integer"]);
  });

  test.each<[string, string, RegExp[]]>([
    ["kw-scalars", "scalars.d.ts", [/export type OptionalText = string \| null;/, /export type Level = 0 \| 1 \| 2 \| 5;/, /export type Version = "2\.0\.1";/, /any_of\?: "on" \| 1 \| true \| null;/, /@exclusiveMinimum 0/, /@default \[1,2\]/]],
    ["kw-objects", "objects.d.ts", [/export interface EmptyClosed \{\n {2}\[key: string\]: never;\n\}/, /export interface Map_ \{\n {2}\/\*\* @minimum 0 \*\/\n {2}\[key: string\]: number;\n\}/, /mode: DeepOuterMiddleInnerMode;/, /size\?: 1 \| 2;/, /tags\?: DeepTagsItem\[\];/]],
    ["kw-arrays", "arrays.d.ts", [/export type Grid = number\[\]\[\]\[\];/, /export type Anything = unknown\[\];/, /maybe\?: \(number \| null\)\[\];/, /nullable_list\?: string\[\] \| null;/]],
    ["kw-recursion", "tree.d.ts", [/children\?: Tree\[\];/, /export type Forest = Forest\[\];/, /export interface Dict \{\n {2}\[key: string\]: Dict;\n\}/, /parent\?: Node;/]],
  ])("TypeScript: %s %s", (fixture, p, patterns) => {
    const text = file(fixture, p);
    for (const re of patterns) expect([re.source, re.test(text)]).toEqual([re.source, true]);
  });

  test.each<[string, string, string, unknown]>([
    ["kw-scalars", "scalars", "NumberOrText", { description: "A type list with keywords for each member", type: ["integer", "string"], minimum: 10, pattern: "^x" }],
    ["kw-scalars", "scalars", "Ratio", { description: "A number with exclusive bounds", type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 }],
    ["kw-objects", "objects", "MapOfRefs", { description: "A map whose values are another type", type: "object", additionalProperties: { $ref: "#/definitions/Closed" } }],
    ["kw-arrays", "arrays", "Names", { description: "A top-level alias of an array of strings, with bounds on both", type: "array", items: { description: "A name", type: "string", minLength: 1 }, minItems: 1, maxItems: 3 }],
    ["kw-recursion", "tree", "Leaf", { description: "Refers to graph.yaml, which refers back", type: "object", properties: { parent: { description: "The node above", $ref: "graph.json#/definitions/Node" } } }],
  ])("JSON Schema: %s %s/%s", (fixture, f, type, expected) => {
    const doc = JSON.parse(file(fixture, `schemas/${f}.json`)) as { definitions: Record<string, unknown> };
    expect(doc.definitions[type]).toEqual(expected);
  });
});
