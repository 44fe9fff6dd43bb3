"use strict";
/**
 * The messages the throughput and cold-start benchmarks validate, the
 * hand-labelled verdict cases every contender must get right before it is
 * timed, and mutations of a full-featured message (every property replaced by
 * a wrong-typed value, or removed) that every contender must judge as ajv does.
 */

/** A valid BootNotificationResponse. */
function bootNotificationResponse() {
  return { status: "Accepted", current_time: "2024-05-01T12:00:00Z", interval: 300 };
}

/** A valid ChargingSchedules: `schedules` schedules of `periods` periods each. */
function chargingSchedules(schedules = 3, periods = 24) {
  return {
    schedules: Array.from({ length: schedules }, (_, s) => ({
      evse: s + 1,
      charging_rate_unit: "W",
      charging_schedule_period: Array.from({ length: periods }, (_, p) => ({
        start_period: p * 3600,
        limit: 11000 + p * 0.5,
        number_phases: 3,
      })),
      duration: 86400,
      start_schedule: "2024-05-01T00:00:00Z",
      min_charging_rate: 1380.5,
    })),
  };
}

/** Per type: [label, value, expected verdict]. */
const VERDICTS = {
  BootNotificationResponse: [
    ["minimal", bootNotificationResponse(), true],
    ["with status_info", { ...bootNotificationResponse(), status_info: { reason_code: "OK", additional_info: "x" } }, true],
    ["extra property (open object)", { ...bootNotificationResponse(), extra: 1 }, true],
    ["offset and fraction", { ...bootNotificationResponse(), current_time: "2024-05-01T12:00:00.250+02:00" }, true],
    ["leap day", { ...bootNotificationResponse(), current_time: "2024-02-29T00:00:00Z" }, true],
    ["null", null, false],
    ["array", [], false],
    ["string", "Accepted", false],
    ["missing interval", { status: "Accepted", current_time: "2024-05-01T12:00:00Z" }, false],
    ["missing status", { current_time: "2024-05-01T12:00:00Z", interval: 300 }, false],
    ["status not in enum", { ...bootNotificationResponse(), status: "Unknown" }, false],
    ["status wrong case", { ...bootNotificationResponse(), status: "accepted" }, false],
    ["interval not integer", { ...bootNotificationResponse(), interval: 1.5 }, false],
    ["interval as string", { ...bootNotificationResponse(), interval: "300" }, false],
    ["current_time with a space", { ...bootNotificationResponse(), current_time: "2024-05-01 12:00:00Z" }, false],
    ["current_time offset without colon", { ...bootNotificationResponse(), current_time: "2024-05-01T12:00:00+0100" }, false],
    ["current_time without offset", { ...bootNotificationResponse(), current_time: "2024-05-01T12:00:00" }, false],
    ["current_time 29 Feb of a common year", { ...bootNotificationResponse(), current_time: "2023-02-29T00:00:00Z" }, false],
    ["current_time month 13", { ...bootNotificationResponse(), current_time: "2024-13-01T00:00:00Z" }, false],
    ["current_time hour 24", { ...bootNotificationResponse(), current_time: "2024-05-01T24:00:00Z" }, false],
    ["status_info null", { ...bootNotificationResponse(), status_info: null }, false],
    ["status_info without reason_code", { ...bootNotificationResponse(), status_info: { additional_info: "x" } }, false],
    ["status_info.additional_info number", { ...bootNotificationResponse(), status_info: { reason_code: "OK", additional_info: 1 } }, false],
  ],
  ChargingSchedules: [
    ["3 x 24", chargingSchedules(), true],
    ["no schedules", { schedules: [] }, true],
    ["minimal schedule", { schedules: [{ evse: 0, charging_rate_unit: "A", charging_schedule_period: [] }] }, true],
    ["extra properties (open objects)", { x: 1, schedules: [{ evse: 0, charging_rate_unit: "A", charging_schedule_period: [{ start_period: 0, limit: 1, y: 2 }], z: 3 }] }, true],
    ["null", null, false],
    ["missing schedules", {}, false],
    ["schedules not an array", { schedules: {} }, false],
    ["schedule null", { schedules: [null] }, false],
    ["evse negative", { schedules: [{ evse: -1, charging_rate_unit: "A", charging_schedule_period: [] }] }, false],
    ["evse fractional", { schedules: [{ evse: 1.5, charging_rate_unit: "A", charging_schedule_period: [] }] }, false],
    ["missing charging_rate_unit", { schedules: [{ evse: 1, charging_schedule_period: [] }] }, false],
    ["missing charging_schedule_period", { schedules: [{ evse: 1, charging_rate_unit: "A" }] }, false],
    ["period limit as string", { schedules: [{ evse: 1, charging_rate_unit: "A", charging_schedule_period: [{ start_period: 0, limit: "1" }] }] }, false],
    ["period missing start_period", { schedules: [{ evse: 1, charging_rate_unit: "A", charging_schedule_period: [{ limit: 1 }] }] }, false],
    ["last period of the large message broken", breakLast(chargingSchedules()), false],
    ["number_phases fractional", { schedules: [{ evse: 1, charging_rate_unit: "A", charging_schedule_period: [{ start_period: 0, limit: 1, number_phases: 2.5 }] }] }, false],
    ["duration as string", { schedules: [{ evse: 1, charging_rate_unit: "A", charging_schedule_period: [], duration: "1" }] }, false],
    ["min_charging_rate null", { schedules: [{ evse: 1, charging_rate_unit: "A", charging_schedule_period: [], min_charging_rate: null }] }, false],
  ],
};

function breakLast(msg) {
  const last = msg.schedules[msg.schedules.length - 1];
  last.charging_schedule_period[last.charging_schedule_period.length - 1].limit = "11000";
  return msg;
}

/** Messages with every optional property present: the base of the mutations. */
const FULL = {
  BootNotificationResponse: () => ({ ...bootNotificationResponse(), status_info: { reason_code: "OK", additional_info: "all good" } }),
  ChargingSchedules: () => ({
    schedules: [
      {
        evse: 1,
        charging_rate_unit: "W",
        charging_schedule_period: [
          { start_period: 0, limit: 11000, number_phases: 3, stack_level: 0, phase_to_use: 1 },
          { start_period: 3600, limit: 7400.5 },
        ],
        duration: 86400,
        start_schedule: "2024-05-01T00:00:00Z",
        min_charging_rate: 0,
      },
    ],
  }),
};

const REPLACEMENTS = [null, true, 0, -1, 1.5, "", "x", "Accepted", "2024-05-01 12:00:00Z", [], {}];

/** Every node replaced by each replacement value, and every object property removed. */
function mutations(typeName) {
  const base = FULL[typeName];
  const out = [];
  const paths = [];
  const walk = (v, p) => {
    paths.push(p);
    if (v !== null && typeof v === "object") for (const k of Object.keys(v)) walk(v[k], [...p, Array.isArray(v) ? Number(k) : k]);
  };
  walk(base(), []);
  const setAt = (root, p, fn) => {
    if (p.length === 0) return fn(root, true);
    let node = root;
    for (const k of p.slice(0, -1)) node = node[k];
    fn(node, false, p[p.length - 1]);
    return root;
  };
  for (const p of paths) {
    for (const r of REPLACEMENTS) {
      out.push([`${p.join(".") || "(root)"} = ${JSON.stringify(r)}`, setAt(base(), p, (node, isRoot, key) => (isRoot ? structuredClone(r) : (node[key] = structuredClone(r))))]);
    }
    if (p.length > 0 && typeof p[p.length - 1] === "string") {
      out.push([`${p.join(".")} removed`, setAt(base(), p, (node, _r, key) => delete node[key])]);
    }
  }
  return out;
}

/** The message each throughput benchmark validates. */
const MESSAGES = {
  ChargingSchedules: () => chargingSchedules(3, 24),
  BootNotificationResponse: () => bootNotificationResponse(),
};

module.exports = { VERDICTS, MESSAGES, mutations, bootNotificationResponse, chargingSchedules };
