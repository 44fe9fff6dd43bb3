"use strict";
/**
 * Strict RFC 3339 `date-time`, as EVerest's runtime checks it
 * (shared/reference/everest-semantics.md §2): `T` or `t` between date and
 * time, offset `Z` (or `z`) or `±hh:mm` with a colon, real calendar ranges,
 * second 60 only for a leap second at 23:59 UTC.
 *
 * The peers (ajv at run time, ajv standalone, TypeBox) and the hand-written
 * guard all use this one function, so every contender judges dates alike.
 * Written as a format module: `module.exports["date-time"]` is the check.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDateTime(s) {
  if (typeof s !== "string") return true; // formats only constrain strings
  const m = DATE_TIME.exec(s);
  if (m === null) return false;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = +m[6];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month])) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  let offset = 0;
  if (m[7] === undefined) {
    const oh = +m[9];
    const om = +m[10];
    if (oh > 23 || om > 59) return false;
    offset = (m[8] === "+" ? 1 : -1) * (oh * 60 + om);
  }
  if (second === 60) {
    const utc = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
    if (utc !== 23 * 60 + 59) return false;
  }
  return true;
}

module.exports = { "date-time": isDateTime, isDateTime };
