/**
 * format: date-time is strict RFC 3339 exactly as everest-semantics.md §2
 * describes, checked by the generated runtime.js (not ajv-formats), and the
 * precompiled validators use that checker. Cases: test/instances/date-time.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFS, INSTANCES, type Generated, type Package, type Runtime, generateInto, loadRuntime } from "./instances/harness";

const cases = JSON.parse(fs.readFileSync(path.join(INSTANCES, "date-time.json"), "utf8")) as { valid: string[]; invalid: string[] };

let gen: Generated;
let runtime: Runtime;
let pkg: Package;
beforeAll(async () => {
  gen = await generateInto(DEFS);
  runtime = loadRuntime(gen);
  pkg = gen.load();
});
afterAll(() => gen.remove());

test("the cases named in the issue are in the case list", () => {
  expect(cases.invalid).toEqual(
    expect.arrayContaining(["2024-01-01 00:00:00Z", "2024-01-01T00:00:00+0100", "2024-02-30T00:00:00Z", "2024-01-01"]),
  );
  expect(cases.valid).toEqual(expect.arrayContaining(["2024-11-07T10:00:00.123+01:00", "2024-11-07T10:00:00Z", "2024-11-07t10:00:00z", "2024-02-29T00:00:00Z"]));
});

describe("runtime.js date-time checker", () => {
  test.each(cases.valid)("accepts %j", (t) => {
    expect(runtime.isDateTime(t)).toBe(true);
    expect(runtime.formats["date-time"]!(t)).toBe(true);
  });
  test.each(cases.invalid)("rejects %j", (t) => {
    expect(runtime.isDateTime(t)).toBe(false);
  });
  test("non-strings are not date-times", () => {
    for (const v of [null, undefined, 20240101, new Date(0), ["2024-01-01T00:00:00Z"]]) expect(runtime.isDateTime(v)).toBe(false);
  });
});

describe("leap years and leap seconds", () => {
  test("February 29 exactly in leap years (divisible by 4, centuries only by 400)", () => {
    const leap = (y: number) => runtime.isDateTime(`${String(y).padStart(4, "0")}-02-29T00:00:00Z`);
    expect([1996, 2000, 2024, 2400, 0].map(leap)).toEqual([true, true, true, true, true]);
    expect([1900, 2023, 2100, 2200, 1].map(leap)).toEqual([false, false, false, false, false]);
  });

  test("every month's last day, and the day after it", () => {
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    days.forEach((d, i) => {
      const m = String(i + 1).padStart(2, "0");
      expect([m, runtime.isDateTime(`2023-${m}-${d}T12:00:00Z`)]).toEqual([m, true]);
      expect([m, runtime.isDateTime(`2023-${m}-${d + 1}T12:00:00Z`)]).toEqual([m, false]);
    });
  });

  test("second 60 only when the time is 23:59 in UTC, whatever the offset", () => {
    expect(runtime.isDateTime("2016-12-31T23:59:60Z")).toBe(true);
    expect(runtime.isDateTime("2016-12-31T23:59:60+00:00")).toBe(true);
    expect(runtime.isDateTime("2017-01-01T05:29:60+05:30")).toBe(true);
    expect(runtime.isDateTime("2016-12-31T15:59:60-08:00")).toBe(true);
    expect(runtime.isDateTime("2016-12-31T23:59:60-08:00")).toBe(false);
    expect(runtime.isDateTime("2017-01-01T00:00:60Z")).toBe(false);
    expect(runtime.isDateTime("2016-12-31T23:59:59Z")).toBe(true);
  });
});

describe("the precompiled validators use it", () => {
  const msg = (current_time: unknown) => ({ status: "Accepted", current_time, interval: 60 });
  test.each(cases.valid)("BootNotificationResponse accepts current_time %j", (t) => {
    expect((pkg["ocpp"] as Record<string, (v: unknown) => boolean>)["isBootNotificationResponse"]!(msg(t))).toBe(true);
  });
  test.each(cases.invalid)("BootNotificationResponse rejects current_time %j", (t) => {
    expect(pkg.validate("ocpp/BootNotificationResponse", msg(t)).errors).toEqual([
      { path: "/current_time", keyword: "format", message: "must be an RFC 3339 date-time such as 2024-11-07T10:00:00Z" },
    ]);
  });
  test("a non-string is a type error, not a format error", () => {
    expect(pkg.validate("ocpp/BootNotificationResponse", msg(1)).errors.map((e) => e.keyword)).toEqual(["type"]);
  });
});
