/**
 * Every type in defs/ against its instance file (test/instances/<file>/<Type>.json):
 * the exact verdict, and for invalid values the exact issues (path and keyword,
 * and the message where the file gives one). `isX`, `assertX` and `validate`
 * must agree on every instance.
 */
import { helperNames } from "../generator/names";
import {} from "../generator/model/model";
import { DEFS, type Generated, type Package, allInstances, generateInto, readInstances } from "./instances/harness";

let gen: Generated;
let pkg: Package;
const instances = readInstances();

beforeAll(async () => {
  gen = await generateInto(DEFS);
  pkg = gen.load();
});
afterAll(() => gen.remove());

const byIssue = (a: { path: string; keyword: string }, b: { path: string; keyword: string }): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0;

describe("instance coverage", () => {
  test("every type in defs/ has an instance file with at least one valid and two invalid values", () => {
    const refs = gen.model.files.flatMap((f) => f.items.map((t) => t.ref));
    expect(refs).toHaveLength(38);
    for (const ref of refs) {
      const inst = instances.get(ref);
      expect({ ref, hasFile: inst !== undefined }).toEqual({ ref, hasFile: true });
      expect({ ref, valid: inst!.valid.length >= 1, invalid: inst!.invalid.length >= 2 }).toEqual({ ref, valid: true, invalid: true });
      for (const i of inst!.invalid) expect({ ref, value: i.value, expectsIssues: i.errors.length > 0 }).toMatchObject({ expectsIssues: true });
    }
  });

  test("no instance file names a type that does not exist", () => {
    const refs = new Set(gen.model.files.flatMap((f) => f.items.map((t) => t.ref)));
    expect([...instances.keys()].filter((r) => !refs.has(r))).toEqual([]);
  });

  test("the bounds the issue names are exercised", () => {
    const issues = (ref: string) => instances.get(ref)!.invalid.flatMap((i) => i.errors.map((e) => `${e.path} ${e.keyword}`));
    expect(issues("ocpp/EVSE")).toContain("/id minimum");
    expect(issues("ocpp/Variable")).toContain("/name maxLength");
    expect(instances.get("ocpp/Variable")!.invalid.some((i) => (i.value as { name?: string }).name?.length === 51)).toBe(true);
    expect(issues("ocpp/KeyValue")).toContain("/extra additionalProperties");
    expect(issues("ocpp/BootNotificationResponse")).toContain("/status enum");
  });
});

describe.each([...instances.keys()])("%s", (ref) => {
  const inst = instances.get(ref)!;

  test.each(inst.valid.map((v, i) => [i, v]))("valid #%i is accepted", (_i, value) => {
    expect(pkg.validate(ref, value)).toEqual({ valid: true, errors: [] });
  });

  test.each(inst.invalid.map((c, i) => [i, c]))("invalid #%i is rejected with exactly the expected issues", (_i, c) => {
    const r = pkg.validate(ref, c.value);
    expect(r.valid).toBe(false);
    const got = r.errors.map((e) => ({ path: e.path, keyword: e.keyword })).sort(byIssue);
    const want = c.errors.map((e) => ({ path: e.path, keyword: e.keyword })).sort(byIssue);
    expect(got).toEqual(want);
    for (const e of c.errors) {
      if (e.message === undefined) continue;
      expect(r.errors).toContainEqual({ path: e.path, keyword: e.keyword, message: e.message });
    }
    for (const e of r.errors) {
      expect(typeof e.message).toBe("string");
      expect(e.message.length).toBeGreaterThan(0);
    }
  });
});

describe("isX, assertX and validate agree", () => {
  const cases = allInstances(instances).map(([ref, value, expected], i) => [ref, i, expected ? "valid" : "invalid", value, expected] as const);
  test.each(cases)("%s #%i (%s)", (ref, _i, _label, value, expected) => {
    const [fileName, typeName] = ref.split("/") as [string, string];
    const file = gen.model.files.find((f) => f.name === fileName)!;
    const decl = file.items.find((d) => d.name === typeName)!;
    const mod = pkg[file.moduleName] as Record<string, unknown>;
    const h = helperNames(decl.tsName);
    const is = mod[h.is] as (v: unknown) => boolean;
    const assert = mod[h.assert] as (v: unknown) => void;
    const raw = mod[h.validate] as (v: unknown) => boolean;

    const result = pkg.validate(ref, value);
    expect(result.valid).toBe(expected);
    expect(is(value)).toBe(expected);
    expect(raw(value)).toBe(expected);
    // the EVerest spelling of the same ref
    expect(pkg.validate(`/${fileName}#/${typeName}`, value)).toEqual(result);

    let thrown: unknown;
    try {
      assert(value);
    } catch (err) {
      thrown = err;
    }
    if (expected) {
      expect(thrown).toBeUndefined();
    } else {
      expect(thrown).toBeInstanceOf(pkg.ValidationError);
      const err = thrown as InstanceType<Package["ValidationError"]>;
      expect(err.typeRef).toBe(ref);
      expect(err.issues).toEqual(result.errors);
      expect(err.name).toBe("ValidationError");
    }
  });
});
