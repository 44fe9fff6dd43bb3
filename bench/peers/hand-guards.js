"use strict";
/**
 * Hand-written type guards: the practical speed limit for a validator. Each is
 * exactly as strict as the draft-07 schema of defs/ocpp.yaml, with ajv's
 * reading of it: a property counts as present when it is not `undefined`;
 * objects are open unless the schema closes them (none of these is closed);
 * `integer` is a whole number; `number` any number; `format: date-time` is
 * the strict RFC 3339 check of EVerest's runtime (./date-time.js).
 * bench/throughput.js checks these guards against ajv on hand-labelled cases
 * and on mutations of a full message before timing them.
 */
const { isDateTime } = require("./date-time.js");

function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isInteger(v) {
  return typeof v === "number" && Number.isInteger(v);
}

// ocpp/StatusInfoType
function isStatusInfoType(v) {
  return (
    isObject(v) &&
    typeof v.reason_code === "string" &&
    (v.additional_info === undefined || typeof v.additional_info === "string")
  );
}

// ocpp/BootNotificationResponse
function isBootNotificationResponse(v) {
  if (!isObject(v)) return false;
  const status = v.status;
  if (status !== "Accepted" && status !== "Pending" && status !== "Rejected") return false;
  const t = v.current_time;
  if (typeof t !== "string" || !isDateTime(t)) return false;
  if (!isInteger(v.interval)) return false;
  return v.status_info === undefined || isStatusInfoType(v.status_info);
}

// ocpp/ChargingSchedulePeriod
function isChargingSchedulePeriod(v) {
  return (
    isObject(v) &&
    isInteger(v.start_period) &&
    typeof v.limit === "number" &&
    (v.number_phases === undefined || isInteger(v.number_phases)) &&
    (v.stack_level === undefined || isInteger(v.stack_level)) &&
    (v.phase_to_use === undefined || isInteger(v.phase_to_use))
  );
}

// ocpp/ChargingSchedule
function isChargingSchedule(v) {
  if (!isObject(v)) return false;
  const evse = v.evse;
  if (!isInteger(evse) || evse < 0) return false;
  if (typeof v.charging_rate_unit !== "string") return false;
  const periods = v.charging_schedule_period;
  if (!Array.isArray(periods)) return false;
  for (let i = 0; i < periods.length; i++) if (!isChargingSchedulePeriod(periods[i])) return false;
  return (
    (v.duration === undefined || isInteger(v.duration)) &&
    (v.start_schedule === undefined || typeof v.start_schedule === "string") &&
    (v.min_charging_rate === undefined || typeof v.min_charging_rate === "number")
  );
}

// ocpp/ChargingSchedules
function isChargingSchedules(v) {
  if (!isObject(v)) return false;
  const schedules = v.schedules;
  if (!Array.isArray(schedules)) return false;
  for (let i = 0; i < schedules.length; i++) if (!isChargingSchedule(schedules[i])) return false;
  return true;
}

module.exports = { isBootNotificationResponse, isChargingSchedules, isChargingSchedule, isChargingSchedulePeriod, isStatusInfoType };
