/**
 * isX runs a generated fast guard; objects that are not plain (class instances,
 * null-prototype objects, an own `constructor`) go to the full ajv validator.
 * Either way isX, assertX and validate() give the same verdict.
 */
import * as path from "node:path";
import { generateInto, type Generated } from "./instances/harness";
import { ROOT } from "./helpers/cli";

type Pkg = {
  validate(ref: string, v: unknown): { valid: boolean };
  ocpp: Record<string, (v: unknown) => boolean>;
};

let gen: Generated;
let pkg: Pkg;
beforeAll(async () => {
  gen = await generateInto(path.join(ROOT, "defs"));
  pkg = gen.load() as unknown as Pkg;
});
afterAll(() => gen.remove());

function verdicts(type: string, value: unknown): { is: boolean; validate: boolean; assert: boolean } {
  let assert = true;
  try {
    pkg.ocpp[`assert${type}`]!(value);
  } catch {
    assert = false;
  }
  return { is: pkg.ocpp[`is${type}`]!(value), validate: pkg.validate(`ocpp/${type}`, value).valid, assert };
}

const all = (v: boolean) => ({ is: v, validate: v, assert: v });

test("plain objects take the fast path", () => {
  expect(verdicts("EVSE", { id: 1 })).toEqual(all(true));
  expect(verdicts("EVSE", { id: 0 })).toEqual(all(false));
  expect(verdicts("EVSE", JSON.parse('{"id": 2, "connector_id": 1}'))).toEqual(all(true));
});

test("a null-prototype object is judged by its own properties", () => {
  expect(verdicts("EVSE", Object.assign(Object.create(null), { id: 1 }))).toEqual(all(true));
  expect(verdicts("EVSE", Object.assign(Object.create(null), { id: -1 }))).toEqual(all(false));
});

test("a property inherited from a class prototype does not count", () => {
  class Evse {
    get id(): number {
      return 1;
    }
  }
  expect(verdicts("EVSE", new Evse())).toEqual(all(false));
  const own = Object.assign(new Evse() as object, {});
  Object.defineProperty(own, "id", { value: 3, enumerable: true });
  expect(verdicts("EVSE", own)).toEqual(all(true));
});

test("a property inherited from a plain object's prototype does not count (Object.create)", () => {
  // Its `constructor` is Object's, inherited: the guard tests the prototype itself.
  expect(verdicts("EVSE", Object.create({ id: 1 }))).toEqual(all(false));
  const ownValid = Object.assign(Object.create({ id: 1, connector_id: "x" }) as object, { id: 2 });
  expect(verdicts("EVSE", ownValid)).toEqual(all(true));
  const schedule = { evse: 0, charging_rate_unit: "W", charging_schedule_period: [Object.create({ start_period: 0, limit: 1 })] };
  expect(verdicts("ChargingSchedule", schedule)).toEqual(all(false));
});

test("an own `constructor` key is just data", () => {
  expect(verdicts("EVSE", { id: 1, constructor: "x" })).toEqual(all(true));
  expect(verdicts("KeyValue", { key: "k", read_only: true, constructor: "x" })).toEqual(all(false)); // closed object
});

test("nested exotic objects are handed over too", () => {
  const period = Object.assign(Object.create(null), { start_period: 0, limit: 6 });
  const schedule = { evse: 1, charging_rate_unit: "A", charging_schedule_period: [period] };
  expect(verdicts("ChargingSchedule", schedule)).toEqual(all(true));
  delete period.limit;
  expect(verdicts("ChargingSchedule", schedule)).toEqual(all(false));
});
