/**
 * Property (b): on random definitions and random instances (often valid,
 * sometimes off by one thing; test/helpers/arbitrary-defs.ts), every way the
 * generated package judges a value agrees with two independent judges of the
 * emitted schemas/*.json:
 *
 *   the package: `validate(ref, value)`, `isX(value)`, `assertX(value)` (throws
 *   a ValidationError with issues exactly when the value is invalid), `validateX`;
 *   ajv compiling the emitted documents at run time (harness.ts `runtimeAjv`);
 *   @cfworker/json-schema (draft-07) over the same documents, with the
 *   package's date-time checker as its only format (harness.ts explains why).
 *
 * Besides the random instances, every type also meets a few values built to
 * trip prototype handling: own `__proto__`, `constructor` and `toString` keys,
 * a null-prototype object, and inherited-only members.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as fc from "fast-check";
import { randomDefs, randomInstance, type Json, type RandomDefs } from "./helpers/arbitrary-defs";
import { propertyParams, propertyRuns, scratchDir, writeFiles } from "./helpers/property";
import { type FormatTable, type Generated, cfworker, formatsIn, generateInto, runtimeAjv, withEverestFormats } from "./instances/harness";
import { helperNames } from "../generator/names";
import { isRefCycle, walkSchema, type Model, type NamedSchema } from "../generator/model/model";

/**
 * Types the independent judges cannot always answer for: a type that is only a
 * `$ref` into a cycle of such types (W107) describes no value, and ajv and
 * cfworker, run on the emitted schemas, recurse until the stack overflows when
 * they reach one. The package's validators say false there (the compiled
 * schema is `not: {}`, the guard returns false). For these types and every
 * type that reaches one, a judge that overflows is left out of that
 * comparison; where it answers, it must agree.
 */
function unjudgeable(model: Model): Set<NamedSchema> {
  const decls = model.files.flatMap((f) => f.items);
  const cyclic = new Set<NamedSchema>();
  for (const d of decls) {
    const seen = new Set<NamedSchema>();
    let cur: NamedSchema | undefined = d;
    while (cur !== undefined && cur.schema.kind === "ref" && !seen.has(cur)) {
      seen.add(cur);
      cur = cur.schema.target;
    }
    if (cur !== undefined && seen.has(cur)) cyclic.add(d);
  }
  const out = new Set<NamedSchema>();
  for (const d of decls) {
    const seen = new Set<NamedSchema>([d]);
    const todo = [d];
    while (todo.length > 0) {
      const cur = todo.pop()!;
      if (cyclic.has(cur)) {
        out.add(d);
        break;
      }
      for (const s of walkSchema(cur.schema)) {
        if (s.kind === "ref" && s.target !== undefined && !seen.has(s.target)) {
          seen.add(s.target);
          todo.push(s.target);
        }
      }
    }
  }
  return out;
}

// `npm test` size; PROPERTY_RUNS runs it at full size (see helpers/property.ts).
const RUNS = propertyRuns(20);
/** Random instances per type and case. */
const INSTANCES = 12;

/** Values that only a careful validator judges right: own keys that look like inherited members, and the reverse. */
function trickyValues(): unknown[] {
  const nullProto = Object.create(null) as Record<string, unknown>;
  nullProto["a"] = 1;
  return [
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": "x", "toString": 1, "hasOwnProperty": null}'),
    JSON.parse('{"__proto__": []}'),
    nullProto,
    {},
    [],
    "",
    0,
    -0,
    1e21,
    null,
    true,
  ];
}

interface Verdicts {
  readonly validate: boolean;
  readonly is: boolean;
  readonly assert: boolean;
  readonly raw: boolean;
  /** undefined: overflowed on a $ref cycle (see `unjudgeable`). */
  readonly ajv: boolean | undefined;
  readonly cfworker: boolean | undefined;
}

function unlessOverflow(judge: () => boolean): boolean | undefined {
  try {
    return judge();
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

let scratch: ReturnType<typeof scratchDir>;
beforeAll(() => {
  scratch = scratchDir("etg-prop-validators-");
});
afterAll(() => scratch.remove());

let caseNo = 0;

/** Generates the package of `defs` into a folder of its own and loads it with both independent judges. */
function build(defs: RandomDefs): Promise<Generated> {
  const dir = path.join(scratch.dir, `defs-${caseNo++}`);
  // harness.ts reads a defs folder: write the random files to one, named as randomDefs names them.
  writeFiles(dir, defs.files.map((f) => ({ path: path.basename(f.path), content: f.content })));
  return generateInto(dir);
}

test(`${RUNS} random definitions: the package's validators agree with ajv and cfworker on random instances`, async () => {
  let checked = 0;
  let skipped = 0;
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const defs = randomDefs(g);
      const gen = await build(defs);
      try {
        const pkg = gen.load();
        const { formats } = require(path.join(gen.dir, "runtime.js")) as { formats: FormatTable };
        const formatNames = formatsIn(gen.schemas());
        const ajv = runtimeAjv(gen, formats);
        const cf = cfworker(gen);
        const skip = unjudgeable(gen.model);
        for (const file of gen.model.files) {
          const mod = gen.module(file.name);
          for (const decl of file.items) {
            const partial = skip.has(decl);
            if (partial) skipped++;
            const ref = `${file.name}/${decl.name}`;
            const h = helperNames(decl.tsName);
            const is = mod[h.is] as (v: unknown) => boolean;
            const assert = mod[h.assert] as (v: unknown) => void;
            const raw = mod[h.validate] as (v: unknown) => boolean;
            const schema = defs.types.get(`/${file.name}#/${decl.name}`) as Json;
            const values: unknown[] = [...trickyValues()];
            for (let i = 0; i < INSTANCES; i++) values.push(randomInstance(g, schema, defs.types));
            for (const value of values) {
              const result = pkg.validate(ref, value);
              let threw: unknown;
              try {
                assert(value);
              } catch (err) {
                threw = err;
              }
              const v: Verdicts = {
                validate: result.valid,
                is: is(value),
                assert: threw === undefined,
                raw: raw(value),
                ajv: partial ? unlessOverflow(() => ajv(ref, value)) : ajv(ref, value),
                cfworker: withEverestFormats(formats, formatNames, () => (partial ? unlessOverflow(() => cf(ref, value)) : cf(ref, value))),
              };
              if (isRefCycle(decl)) expect(v.validate).toBe(false);
              const all = Object.values(v).filter((x) => x !== undefined);
              if (!all.every((x) => x === v.validate)) {
                throw new Error(`${ref}: verdicts differ on ${JSON.stringify(value)}: ${JSON.stringify(v)}`);
              }
              // An invalid value comes with its issues; assertX throws the package's ValidationError.
              if (!v.validate) {
                expect(result.errors.length).toBeGreaterThan(0);
                expect(threw).toBeInstanceOf(pkg.ValidationError);
                expect((threw as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
              } else {
                expect(result.errors).toEqual([]);
              }
              checked++;
            }
          }
        }
      } finally {
        gen.remove();
        fs.rmSync(path.join(scratch.dir, `defs-${caseNo - 1}`), { recursive: true, force: true });
      }
    }),
    propertyParams(RUNS, { shrink: false, label: "validators" }),
  );
  console.log(`property (b): ${RUNS} cases, ${checked} values judged six ways (${skipped} types reaching a pure $ref cycle judged where ajv and cfworker terminate), ${Date.now() - started} ms`);
  expect(Object.prototype).not.toHaveProperty("polluted");
});
