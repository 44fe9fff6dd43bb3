// @ts-check
// The generated package's runtime.js: ../runtime-js.ts emits this file after
// the banner, without these leading `//` lines and without the lines that hold
// only a one-line `/** @... */` comment: those are types for tsc, which checks
// this file against the declarations in ./runtime-declarations.ts
// (./tsconfig.json). Plain JavaScript with JSDoc types rather than TypeScript
// compiled to JavaScript: the file is emitted as written, comments and blank
// lines included, and tsc's output would not keep them. MAX_DEPTH below is
// MAX_VALUE_DEPTH of generator/emit/validators/depth.ts, written out
// (test/runtime-assets.test.ts holds the two equal).
/** @typedef {import("./runtime-declarations").ValidationIssue} ValidationIssue */
/** @typedef {import("./runtime-declarations").ValidationResult} ValidationResult */
/** @typedef {import("./runtime-declarations").RawValidationError} RawValidationError */
/** @typedef {import("./runtime-declarations").ValidationError} DeclaredValidationError */
/** @typedef {import("./runtime-declarations").ValidateFunction<unknown>} Validate */
/** @typedef {(value: unknown) => boolean} Guard A type's fast guard; throws EXOTIC for what it leaves to the full validator. */
/** @typedef {readonly [ref: string, validate: Validate, guard: Guard | null, deep?: boolean]} Row A row of createValidate's table. */
/** @typedef {{ guard: Guard | null, fn: Validate, deep: boolean }} Check */
/** @typedef {any} Json A value as JSON.parse builds it: `any`, since the code indexes it by the keys it finds. */
/** @typedef {Readonly<Record<string, any>>} Params ajv's `params`: which keys it holds depends on the keyword. */
/*
 * The formats EVerest's runtime checks, each judged as it judges them: its own
 * format checker (lib/everest/framework) for uri and uri-reference, pboettch's
 * json-schema-validator for the rest. Both judge the whole value, with std::regex
 * or (email, idn-email) a state machine over its UTF-8 bytes. The classes below
 * are ASCII, so bytes and characters agree, but for idn-email's characters above
 * U+007F, each of which stands for its whole UTF-8 sequence there. Strings only:
 * the generated code calls a checker for strings alone.
 *
 * date-time, date and time as strict RFC 3339: "T" or "t" between date and time,
 * optional fractional seconds, offset "Z", "z" or +hh:mm / -hh:mm with a colon;
 * real calendar dates (leap years included), hour 0-23, minute 0-59, second
 * 0-59, or 60 for a leap second when the time is 23:59 in UTC.
 */
const DATE_TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))$/;
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** @param {number} year */
function isLeapYear(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Year, month and day of a matched date, as strings: whether the day exists. */
/** @param {string} y @param {string} m @param {string} d @returns {boolean} */
function realDate(y, m, d) {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month]);
}

/** A matched time of day and its offset (sign undefined for Z): whether it is a real time, leap seconds at 23:59 UTC only. */
/** @param {string} h @param {string} mi @param {string} s @param {string | undefined} sign @param {string | undefined} oh @param {string | undefined} om @returns {boolean} */
function realTime(h, mi, s, sign, oh, om) {
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (hour > 23 || minute > 59 || second > 60) return false;
  let offset = 0;
  if (sign !== undefined) {
    const offsetHour = Number(oh);
    const offsetMinute = Number(om);
    if (offsetHour > 23 || offsetMinute > 59) return false;
    offset = (sign === "-" ? -1 : 1) * (offsetHour * 60 + offsetMinute);
  }
  if (second === 60) {
    const utcMinute = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
    return utcMinute === 23 * 60 + 59;
  }
  return true;
}

/** @param {unknown} text @returns {boolean} */
function isDateTime(text) {
  if (typeof text !== "string") return false;
  const m = DATE_TIME.exec(text);
  return m !== null && realDate(m[1], m[2], m[3]) && realTime(m[4], m[5], m[6], m[7], m[8], m[9]);
}

/** @param {string} text @returns {boolean} */
function isDate(text) {
  const m = DATE.exec(text);
  return m !== null && realDate(m[1], m[2], m[3]);
}

/** @param {string} text @returns {boolean} */
function isTime(text) {
  const m = TIME.exec(text);
  return m !== null && realTime(m[1], m[2], m[3], m[4], m[5], m[6]);
}

// Addresses and names after RFC 2673 (IPv4: no leading zeros), RFC 3986 (IPv6, as in a URI's host) and RFC 1123
// (host names: labels of 1-63 letters, digits and inner hyphens; no length limit on the whole). Built by functions
// called through pure calls, so a bundle that checks none of these formats drops them.
function ipv4Source() {
  const octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  return "(?:" + octet + "\\.){3}" + octet;
}

function ipv6Source() {
  const h16 = "[0-9A-Fa-f]{1,4}";
  const h16c = "(?:" + h16 + ":)";
  const ls32 = "(?:" + h16c + h16 + "|" + ipv4Source() + ")";
  return [
    h16c + "{6}" + ls32,
    "::" + h16c + "{5}" + ls32,
    "(?:" + h16 + ")?::" + h16c + "{4}" + ls32,
    "(?:" + h16c + "{0,1}" + h16 + ")?::" + h16c + "{3}" + ls32,
    "(?:" + h16c + "{0,2}" + h16 + ")?::" + h16c + "{2}" + ls32,
    "(?:" + h16c + "{0,3}" + h16 + ")?::" + h16c + ls32,
    "(?:" + h16c + "{0,4}" + h16 + ")?::" + ls32,
    "(?:" + h16c + "{0,5}" + h16 + ")?::" + h16,
    "(?:" + h16c + "{0,6}" + h16 + ")?::",
  ].join("|");
}

function hostnameSource() {
  const label = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?";
  return label + "(?:\\." + label + ")*";
}

/** @param {string} source @param {string} [flags] */
function whole(source, flags) {
  return new RegExp("^(?:" + source + ")$", flags);
}

const IPV4_WHOLE = /*#__PURE__*/ whole(/*#__PURE__*/ ipv4Source());
const IPV6_WHOLE = /*#__PURE__*/ whole(/*#__PURE__*/ ipv6Source());
const HOSTNAME_WHOLE = /*#__PURE__*/ whole(/*#__PURE__*/ hostnameSource());
const UUID_WHOLE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** EVerest's own rule for uri-reference: a type reference such as /file#/Type. */
const TYPE_URI_WHOLE = /^(?:\/[a-zA-Z0-9_-]+)+#\/[a-zA-Z0-9_-]+$/;

/** EVerest's own rule for uri: "://" somewhere in the value. */
/** @param {string} text @returns {boolean} */
function isUri(text) {
  return text.includes("://");
}

/** @param {string} text @returns {boolean} */
function isUriReference(text) {
  return TYPE_URI_WHOLE.test(text);
}

/** @param {string} text @returns {boolean} */
function isIpv4(text) {
  return IPV4_WHOLE.test(text);
}

/** @param {string} text @returns {boolean} */
function isIpv6(text) {
  return IPV6_WHOLE.test(text);
}

/** @param {string} text @returns {boolean} */
function isUuid(text) {
  return UUID_WHOLE.test(text);
}

/** @param {string} text @returns {boolean} */
function isHostname(text) {
  return HOSTNAME_WHOLE.test(text);
}

/*
 * email and idn-email as pboettch's json-schema-validator judges them: a whole
 * RFC 5321 Mailbox (its address parser, a state machine over the UTF-8 bytes).
 * - Local part: dot-separated atoms, or a quoted string (printable ASCII, any
 *   character after a backslash).
 * - Domain: dot-separated labels of letters, digits and inner hyphens, with no
 *   length limit; or a bracketed literal (IPv4 without leading zeros, IPv6
 *   after "IPv6:", or a tag, a colon and exactly one character).
 * - idn-email also takes any character above U+007F where a letter may stand,
 *   and inside quotes. email takes ASCII only.
 * A lone surrogate has no UTF-8 form and passes neither: EVerest's JSON parser
 * refuses one before any check.
 */
/** @param {boolean} idn */
function mailboxSource(idn) {
  const wide = idn ? "\\u0080-\\uD7FF\\uE000-\\u{10FFFF}" : "";
  const atom = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~" + wide + "]+";
  const quoted = '"(?:[ !#-\\[\\]-~' + wide + "]|\\\\[ -~])*\"";
  const letDig = "[A-Za-z0-9" + wide + "]";
  const label = letDig + "(?:[A-Za-z0-9\\-" + wide + "]*" + letDig + ")?";
  const snum = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
  const ipv4 = snum + "(?:\\." + snum + "){3}";
  const hex = "[0-9A-Fa-f]{1,4}";
  /** @param {number} max */
  const hexes = (max) => "(?:" + hex + "(?::" + hex + "){0," + max + "})?";
  const ipv6 = [
    hex + "(?::" + hex + "){7}",
    hexes(5) + "::" + hexes(5),
    hex + "(?::" + hex + "){5}:" + ipv4,
    hexes(3) + "::(?:" + hex + "(?::" + hex + "){0,3}:)?" + ipv4,
  ].join("|");
  const general = "[A-Za-z0-9\\-]*[A-Za-z0-9]:[!-Z^-~]";
  const literal = "\\[(?:" + ipv4 + "|IPv6:(?:" + ipv6 + ")|" + general + ")\\]";
  return "(?:" + atom + "(?:\\." + atom + ")*|" + quoted + ")@(?:" + label + "(?:\\." + label + ")*|" + literal + ")";
}

const EMAIL_WHOLE = /*#__PURE__*/ whole(/*#__PURE__*/ mailboxSource(false));
const IDN_EMAIL_WHOLE = /*#__PURE__*/ whole(/*#__PURE__*/ mailboxSource(true), "u");

/** @param {string} text @returns {boolean} */
function isEmail(text) {
  return EMAIL_WHOLE.test(text);
}

/** @param {string} text @returns {boolean} */
function isIdnEmail(text) {
  return IDN_EMAIL_WHOLE.test(text);
}

/**
 * Every checker by its format's name (generator/keywords.ts CHECKED_FORMATS names
 * the same checkers): for users and tests. The compiled code and the guards import
 * each checker by its own name, so that a bundle keeps only those it calls.
 */
/** @type {Readonly<Record<string, (text: string) => boolean>>} */
const formats = /*#__PURE__*/ Object.freeze({
  "date-time": isDateTime,
  date: isDate,
  time: isTime,
  uri: isUri,
  "uri-reference": isUriReference,
  ipv4: isIpv4,
  ipv6: isIpv6,
  uuid: isUuid,
  hostname: isHostname,
  email: isEmail,
  "idn-email": isIdnEmail,
});

/** Deep equality of JSON values, for ajv's enum loop (enum values are scalars; the rest is for completeness). */
/** @param {Json} a @param {Json} b @returns {boolean} */
function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !equal(a[k], b[k])) return false;
  return true;
}

/** The length of a string in code points (a surrogate pair counts once), as ajv's ucs2length. */
/** @param {string} str @returns {number} */
function ucs2length(str) {
  const len = str.length;
  let length = 0;
  let pos = 0;
  let value;
  while (pos < len) {
    length++;
    value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < len) {
      value = str.charCodeAt(pos);
      if ((value & 0xfc00) === 0xdc00) pos++;
    }
  }
  return length;
}

/** @param {unknown} key */
function escapePointer(key) {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Characters of definition text that would break a message's line, act on a
 * terminal, or make it read otherwise than it is: line breaks, controls, and
 * invisible bidirectional marks.
 */
const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNSEEN_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A listed value in a message: a plain string as written (`must be one of
 * Accepted, Pending`); anything else as JSON, with the characters above
 * escaped: a string that is empty, holds a comma or a quote, starts or ends
 * with a space, or holds one of them, would read as more or other than itself.
 */
/** @param {unknown} value */
function show(value) {
  if (typeof value === "string" && value !== "" && !/^ | $|[,"]/.test(value) && !UNSEEN.test(value)) return value;
  return visible(JSON.stringify(value));
}

/** Definition text at the end of a message (a pattern, a format, a property name): as written, or as JSON when it holds one of the characters above. */
/** @param {string} text */
function shownText(text) {
  return UNSEEN.test(text) ? visible(JSON.stringify(text)) : text;
}

/** @param {string} text */
function visible(text) {
  return text.replace(UNSEEN_ALL, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** @param {number} n @param {string} one @param {string} many */
function count(n, one, many) {
  return n + " " + (n === 1 ? one : many);
}

/** @type {Readonly<Record<string, string>>} */
const FORMAT_NAMES = /*#__PURE__*/ Object.freeze({
  "date-time": "an RFC 3339 date-time such as 2024-11-07T10:00:00Z",
  date: "an RFC 3339 date such as 2024-11-07",
  time: "an RFC 3339 time such as 10:00:00Z",
  uri: 'a URI with "://", such as https://example.com',
  "uri-reference": "a type reference such as /file#/Type",
  ipv4: "an IPv4 address such as 192.168.0.1",
  ipv6: "an IPv6 address such as 2001:db8::1",
  uuid: "a UUID such as 123e4567-e89b-12d3-a456-426614174000",
  hostname: "a host name such as charger.example.com",
  email: "an e-mail address in ASCII such as name@example.com",
  "idn-email": "an e-mail address such as name@example.com (letters beyond ASCII allowed)",
});

/** The words for one failed keyword; `p` is ajv's `params`. */
/** @param {string} keyword @param {Params} p @returns {string} */
function describe(keyword, p) {
  switch (keyword) {
    case "type":
      return "must be " + (Array.isArray(p.type) ? p.type.join(" or ") : String(p.type));
    case "enum":
      return "must be one of " + p.allowedValues.map(show).join(", ");
    case "const":
      return "must be " + show(p.allowedValue);
    case "required":
      return "must have required property '" + shownText(String(p.missingProperty)) + "'";
    case "additionalProperties":
      return "property is not allowed";
    case "minLength":
      return "must have at least " + count(p.limit, "character", "characters");
    case "maxLength":
      return "must have at most " + count(p.limit, "character", "characters");
    case "minItems":
      return "must have at least " + count(p.limit, "item", "items");
    case "maxItems":
      return "must have at most " + count(p.limit, "item", "items");
    case "minProperties":
      return "must have at least " + count(p.limit, "property", "properties");
    case "maxProperties":
      return "must have at most " + count(p.limit, "property", "properties");
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return "must be " + p.comparison + " " + p.limit;
    case "format":
      // A format no checker is known for fails every string, as in EVerest's runtime.
      return Object.prototype.hasOwnProperty.call(FORMAT_NAMES, p.format)
        ? "must be " + FORMAT_NAMES[p.format]
        : "cannot pass: EVerest's runtime knows no format " + show(String(p.format)) + " and refuses every string";
    case "pattern":
      return "must match the pattern " + shownText(String(p.pattern));
    case "false schema":
      return "is not allowed";
    case "not":
      // the only `not` in the compiled schemas: a type that is a $ref cycle
      return "matches no value: its type is a $ref cycle and describes no value";
    default:
      return "must pass the " + keyword + " check";
  }
}

/**
 * ajv's raw errors -> issues. `path` is a JSON Pointer into the value: where
 * the problem is (for an extra property, the property itself; for a missing
 * one, the object that lacks it).
 */
/** @param {readonly RawValidationError[] | null | undefined} errors @returns {ValidationIssue[]} */
function issuesOf(errors) {
  if (!errors) return [];
  // An `if` error only says that an `else` failed (a ref that allows null): that branch's own issues say how.
  return errors.filter((e) => e.keyword !== "if").map((e) => {
    const p = e.params || {};
    const path = e.keyword === "additionalProperties" ? e.instancePath + "/" + escapePointer(p.additionalProperty) : e.instancePath;
    return { path, message: describe(e.keyword, p), keyword: e.keyword };
  });
}

/**
 * Thrown by a fast guard that meets an object whose prototype is not
 * Object.prototype (a class instance, a null-prototype object, one made by
 * Object.create): such a value goes to the full validator, which judges own
 * properties however the object is built.
 */
const EXOTIC = /*#__PURE__*/ Object.freeze({ exotic: true });

/**
 * How deep a value is judged (README, "Limits on input"): up to
 * MAX_DEPTH levels of arrays and objects inside one another ([] and {} are one
 * level, [[1]] two). A type whose check could follow a value deeper than that
 * (a recursive type, or one using one) is generated with `deep` set, and
 * refuses a value nested deeper, wherever in the value, before any validator
 * runs. Other types never look deeper than their own definition, which is
 * less deep than that. isX, assertX, validate() and the interface items'
 * functions all decide through `judge` below, so they give one verdict.
 */
const MAX_DEPTH = 1000;

/**
 * Whether `value` nests arrays and objects more than MAX_DEPTH levels deep,
 * anywhere. Counts what the validators look at: array items by index, and
 * objects' own enumerable keys. It stops at the first container too deep, so
 * it never recurses more than MAX_DEPTH calls deep, whatever JSON.parse built
 * (a 300,000-level array costs 1,000 small calls); its frames are smaller
 * than the fast guards', which recurse that deep too on a valid value.
 */
/** @param {unknown} value @returns {boolean} */
function nestedTooDeeply(value) {
  return typeof value === "object" && value !== null && holdsTooDeep(value, 1);
}

/** Whether the array or object `v`, `level` levels deep, holds one deeper than MAX_DEPTH. */
/** @param {Json} v @param {number} level @returns {boolean} */
function holdsTooDeep(v, level) {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (typeof c === "object" && c !== null && (level === MAX_DEPTH || holdsTooDeep(c, level + 1))) return true;
    }
  } else {
    for (const k in v) {
      if (!hasOwnProperty.call(v, k)) continue;
      const c = v[k];
      if (typeof c === "object" && c !== null && (level === MAX_DEPTH || holdsTooDeep(c, level + 1))) return true;
    }
  }
  return false;
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

/**
 * A stack overflow in a validator. Within MAX_DEPTH levels there is room to
 * spare (README); this is the last resort for a caller that is itself near
 * the end of the stack, or a recursive type of thousands of properties, whose
 * precompiled ajv function takes kilobytes of stack per level.
 */
/** @param {unknown} e */
function overflowed(e) {
  return e instanceof RangeError;
}

/** @returns {ValidationIssue[]} */
function tooDeepIssues() {
  return [{ path: "", message: "is nested too deeply to be checked", keyword: "depth" }];
}

/** @type {readonly ValidationIssue[]} */
const NO_DETAILS = /*#__PURE__*/ Object.freeze([]);

/**
 * The one verdict behind every entry point: null when `value` is valid, else
 * its issues (with `details`; otherwise an empty list, found as fast as
 * possible). `guard` is the type's fast guard (null for interface items, which
 * have none), `validate` the precompiled ajv function, `deep` whether values
 * must be counted first (see MAX_DEPTH). The guard answers; ajv lists the
 * issues of what it rejects, and judges what it hands over (EXOTIC).
 */
/** @param {Guard | null} guard @param {Validate} validate @param {boolean} deep @param {unknown} value @param {boolean} details @returns {readonly ValidationIssue[] | null} */
function judge(guard, validate, deep, value, details) {
  let rejected = false;
  let valid;
  try {
    if (deep && nestedTooDeeply(value)) return tooDeepIssues();
    if (guard !== null) {
      try {
        if (guard(value)) return null;
        if (!details) return NO_DETAILS;
        rejected = true;
      } catch (e) {
        if (e !== EXOTIC) throw e;
      }
    }
    valid = validate(value);
  } catch (e) {
    if (overflowed(e)) return tooDeepIssues();
    throw e;
  }
  if (!valid) return details ? issuesOf(validate.errors) : NO_DETAILS;
  // The two are generated to agree (and tested to); should they not, say so rather than pass or throw with no issues.
  if (rejected) return [{ path: "", message: "rejected by the fast guard but accepted by the full validator: please report this", keyword: "internal" }];
  return null;
}

/** isX of a type: the fast guard, with the full validator for exotic objects. */
/** @param {Guard} guard @param {Validate} validate @param {boolean} deep @returns {(value: unknown) => boolean} */
function guarded(guard, validate, deep) {
  return function (value) {
    return judge(guard, validate, deep, value, false) === null;
  };
}

/** isX of an interface item: its ajv function alone. */
/** @param {Validate} validate @param {unknown} value @param {boolean} deep @returns {boolean} */
function safely(validate, value, deep) {
  return judge(null, validate, deep, value, false) === null;
}

/** The issues of a value isX rejected, for assertX (guard: null for an interface item). */
/** @param {Guard | null} guard @param {Validate} validate @param {unknown} value @param {boolean} deep @returns {readonly ValidationIssue[]} */
function issuesFor(guard, validate, value, deep) {
  return judge(guard, validate, deep, value, true) || [{ path: "", message: "rejected, then accepted when checked again: please report this", keyword: "internal" }];
}

/** "/id: must be >= 1", or the message alone for the value itself. */
/** @param {ValidationIssue} issue @returns {string} */
function formatIssue(issue) {
  // The path is the data's (its keys may hold anything): shown like definition text, on the message's one line.
  return issue.path === "" ? issue.message : shownText(issue.path) + ": " + issue.message;
}

const SHOWN_ISSUES = 10;

/**
 * One value per key for the whole JavaScript realm, made by the first copy of
 * this runtime that asks. The package's CommonJS and ES module files are two
 * copies of it, and an application can load both (ES module code beside a
 * CommonJS dependency, both importing the package): through this, both get the
 * same ValidationError class and the same enum objects, so `instanceof` and
 * `===` hold wherever the two meet. Where the realm cannot take the registry
 * (a frozen globalThis), each copy keeps its own values.
 */
const SHARED = Symbol.for("everest-typegen.shared");

/** @template T @param {string} key @param {() => T} make @returns {T} */
function shared(key, make) {
  /** @type {any} */
  const realm = globalThis;
  let registry = realm[SHARED];
  if (!(registry instanceof Map)) {
    registry = new Map();
    try {
      Object.defineProperty(realm, SHARED, { value: registry });
    } catch {
      return make();
    }
  }
  if (!registry.has(key)) registry.set(key, make());
  return registry.get(key);
}

/**
 * A string or number enum's object, frozen and shared (see `shared`): keyed by
 * its ref and its members, so two packages' enums are one object only when
 * they are the same enum.
 */
/** @template {Readonly<Record<string, string | number>>} T @param {string} ref @param {T} members @returns {Readonly<T>} */
function enumObject(ref, members) {
  return shared("enum " + ref + " " + JSON.stringify(members), () => Object.freeze(members));
}

/**
 * Thrown by the assertX functions; carries every issue found. Shared (see
 * `shared`) under a key with a number: change the number whenever the class
 * changes, so two versions of it are never taken for one.
 */
const ValidationError = /*#__PURE__*/ shared("ValidationError 1", () => {
  /** @implements {DeclaredValidationError} */
  class ValidationError extends Error {
    /** @param {string} typeRef @param {readonly ValidationIssue[]} issues */
    constructor(typeRef, issues) {
      const list = Object.freeze(Array.from(issues, (i) => Object.freeze({ path: i.path, message: i.message, keyword: i.keyword })));
      const shown = list.slice(0, SHOWN_ISSUES).map(formatIssue);
      if (list.length > SHOWN_ISSUES) shown.push("and " + (list.length - SHOWN_ISSUES) + " more");
      super("not a valid " + typeRef + (shown.length > 0 ? ": " + shown.join("; ") : ""));
      this.typeRef = typeRef;
      this.issues = list;
    }
  }
  Object.defineProperty(ValidationError.prototype, "name", { value: "ValidationError", writable: true, configurable: true });
  return ValidationError;
});

/**
 * The root module's validate(ref, value): `table` lists [ref, raw validate
 * function, fast guard (null for interface items, which have none), deep]
 * (deep: see MAX_DEPTH; absent is false); `more`, when given, returns further
 * rows, asked for the first time a ref is not in the table (the folders'
 * modules, which load only then).
 */
/** @param {readonly Row[]} table @param {() => readonly Row[]} [more] @returns {(ref: unknown, value: unknown) => ValidationResult} */
function createValidate(table, more) {
  /** @type {Map<string, Check>} */
  const byRef = new Map();
  /** @param {readonly Row[]} rows */
  const add = (rows) => {
    for (const [k, fn, guard, deep] of rows) byRef.set(k, { guard, fn, deep: deep === true });
  };
  add(table);
  let pending = more;
  /** @param {string} key @returns {Check | undefined} */
  const lookup = (key) => {
    if (!byRef.has(key) && pending !== undefined) {
      const rows = pending();
      pending = undefined;
      add(rows);
    }
    return byRef.get(key);
  };
  const EVEREST_REF = /^\/([^#]*)#\/(.*)$/s;
  return function validate(ref, value) {
    let check = typeof ref === "string" ? lookup(ref) : undefined;
    if (check === undefined && typeof ref === "string") {
      const m = EVEREST_REF.exec(ref);
      if (m !== null) check = lookup(m[1] + "/" + m[2]);
    }
    if (check === undefined) {
      // A string shown as JSON (at most 200 characters of it); anything else by its type alone: String() of a
      // null-prototype object throws, and of a String object or an array would read as a ref that is unknown.
      const shown = typeof ref === "string" ? JSON.stringify(ref.length > 200 ? ref.slice(0, 200) + "..." : ref) : "(" + (ref === null ? "null" : typeof ref) + ", not a string)";
      /** @type {Error & { code?: string }} */
      const err = new Error("unknown type " + shown + ": a ref is written \"file/Type\" or \"/file#/Type\"");
      err.code = "ERR_UNKNOWN_TYPE";
      throw err;
    }
    const issues = judge(check.guard, check.fn, check.deep, value, true);
    return issues === null ? { valid: true, errors: [] } : { valid: false, errors: issues };
  };
}

export {
  ValidationError,
  formats,
  isDate,
  isDateTime,
  isEmail,
  isHostname,
  isIdnEmail,
  isIpv4,
  isIpv6,
  isTime,
  isUri,
  isUriReference,
  isUuid,
  ucs2length,
  equal,
  issuesOf,
  issuesFor,
  EXOTIC,
  guarded,
  safely,
  formatIssue,
  createValidate,
  enumObject,
  shared,
};
