/**
 * Differential test: every value gets the same verdict from
 *   (a) the generated, precompiled validators (the package's `validate`),
 *   (b) ajv compiling the emitted schemas/*.json at run time, and
 *   (c) @cfworker/json-schema (draft-07) over the same documents.
 * Values: every instance file, the date-time boundary cases, and a few
 * thousand deterministic mutations of the valid instances (a property
 * removed, replaced by a value of another type or just past a bound, an
 * extra key added). Any disagreement fails.
 *
 * cfworker's own date-time accepts a space instead of "T", which EVerest
 * rejects, and cfworker checks formats EVerest ignores; (c) runs with the
 * package's date-time checker as its only format (the last test shows the
 * difference is real), so (c) judges everything else independently.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { format as cfworkerFormats } from "@cfworker/json-schema";
import {
  DEFS,
  INSTANCES,
  type Generated,
  type Package,
  type Runtime,
  allInstances,
  cfworker,
  generateInto,
  loadRuntime,
  prng,
  readInstances,
  runtimeAjv,
  formatsIn,
  withEverestFormats,
} from "./instances/harness";

let gen: Generated;
let pkg: Package;
let runtime: Runtime;
let ajvAtRunTime: (ref: string, value: unknown) => boolean;
let cf: (ref: string, value: unknown) => boolean;

const instances = readInstances();
const dateTimes = JSON.parse(fs.readFileSync(path.join(INSTANCES, "date-time.json"), "utf8")) as { valid: string[]; invalid: string[] };

beforeAll(async () => {
  gen = await generateInto(DEFS);
  pkg = gen.load();
  runtime = loadRuntime(gen);
  ajvAtRunTime = runtimeAjv(gen, runtime.formats);
  cf = cfworker(gen);
});
afterAll(() => gen.remove());

interface Case {
  readonly ref: string;
  readonly value: unknown;
  /** Known verdict, when the case comes from a file. */
  readonly expected?: boolean;
  readonly label: string;
}

function verdicts(c: Case): { a: boolean; b: boolean; c: boolean } {
  return {
    a: pkg.validate(c.ref, c.value).valid,
    b: ajvAtRunTime(c.ref, c.value),
    c: withEverestFormats(runtime.formats, formatsIn(gen.schemas()), () => cf(c.ref, c.value)),
  };
}

function disagreements(cases: readonly Case[]): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const v = verdicts(c);
    const agree = v.a === v.b && v.b === v.c && (c.expected === undefined || v.a === c.expected);
    if (!agree) out.push(`${c.label} ${c.ref} ${JSON.stringify(c.value)?.slice(0, 200)}: generated=${v.a} ajv=${v.b} cfworker=${v.c} expected=${c.expected}`);
  }
  return out;
}

test("every instance file value: same verdict from all three, and the expected one", () => {
  const cases = allInstances(instances).map(([ref, value, expected], i) => ({ ref, value, expected, label: `instance #${i}` }));
  expect(cases.length).toBeGreaterThan(38 * 3);
  expect(disagreements(cases)).toEqual([]);
});

test("date-time boundary values inside real messages: same verdict from all three", () => {
  const base = { status: "Accepted", current_time: "", interval: 60 };
  const cases: Case[] = [
    ...dateTimes.valid.map((t) => ({ ref: "ocpp/BootNotificationResponse", value: { ...base, current_time: t }, expected: true, label: "date-time" })),
    ...dateTimes.invalid.map((t) => ({ ref: "ocpp/BootNotificationResponse", value: { ...base, current_time: t }, expected: false, label: "date-time" })),
    ...dateTimes.invalid.map((t) => ({ ref: "ocpp/SecurityEvent", value: { type: "x", timestamp: t }, expected: false, label: "date-time" })),
  ];
  expect(disagreements(cases)).toEqual([]);
});

/** Values that are of another type than most properties, or just past the bounds in defs/. */
const REPLACEMENTS: readonly unknown[] = [null, true, 0, -1, 1.5, "", "x", "a".repeat(37), "a".repeat(51), "a".repeat(2501), [], {}, [1], { id: 0 }, "Accepted", "2024-02-30T00:00:00Z", "2024-02-29T00:00:00Z"];

function pointers(value: unknown, at = ""): string[] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pointers(v, `${at}/${i}`)));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pointers(v, `${at}/${k}`));
  return out;
}

function at(value: unknown, pointer: string): unknown {
  let node = value;
  for (const k of pointer.split("/").slice(1)) node = (node as Record<string, unknown>)[k];
  return node;
}

/** A copy of `value` with the node at `pointer` replaced (or removed when `replacement` is `REMOVE`). */
const REMOVE = Symbol("remove");
function mutate(value: unknown, pointer: string, replacement: unknown): unknown {
  if (pointer === "") return replacement;
  const copy = structuredClone(value) as Record<string, unknown> | unknown[];
  const keys = pointer.slice(1).split("/");
  let node: Record<string, unknown> | unknown[] = copy;
  for (const k of keys.slice(0, -1)) node = (node as Record<string, unknown>)[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (replacement === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else (node as Record<string, unknown>)[last] = replacement;
  return copy;
}

test("mutations of every valid instance: same verdict from all three", () => {
  const random = prng(20241107);
  const cases: Case[] = [];
  for (const [ref, inst] of instances) {
    for (const valid of inst.valid) {
      for (const p of pointers(valid)) {
        if (p !== "") cases.push({ ref, value: mutate(valid, p, REMOVE), label: `remove ${p}` });
        // a sample of replacements per node keeps the run short; the seed makes it the same every run
        for (const r of REPLACEMENTS) if (random() < 0.35) cases.push({ ref, value: mutate(valid, p, r), label: `replace ${p}` });
        const node = at(valid, p);
        if (node !== null && typeof node === "object" && !Array.isArray(node)) cases.push({ ref, value: mutate(valid, `${p}/zz_extra`, 1), label: `extra key in ${p}` });
      }
    }
  }
  expect(cases.length).toBeGreaterThan(2000);
  const verdictsSeen = new Set(cases.map((c) => pkg.validate(c.ref, c.value).valid));
  expect(verdictsSeen).toEqual(new Set([true, false])); // the mutations reach both verdicts
  expect(disagreements(cases)).toEqual([]);
});

test("cfworker's own date-time is more lenient than EVerest's (why (c) uses the package's checker)", () => {
  const own = cfworkerFormats["date-time"]!;
  expect(own("2024-01-01 00:00:00Z")).toBe(true);
  expect(runtime.formats["date-time"]!("2024-01-01 00:00:00Z")).toBe(false);
  // and where EVerest's rule is clear they agree, so the override changes only what it must
  for (const t of dateTimes.valid) expect([t, own(t)]).toEqual([t, true]);
});
