"use strict";
/**
 * Throughput on one type, every contender in this one process (spawned by
 * bench/run.js). First each contender must give the expected verdict on
 * every hand-labelled case and ajv's verdict on every mutation of a full
 * message; one that does not is reported and not timed. Then each is
 * calibrated to batches of about --batch-ms and warmed up, and the batches
 * are interleaved: each round times one batch of every contender, in an
 * order rotated from round to round, so a burst of load on the machine hits
 * all of them alike. Every contender is called from its own compiled loop,
 * so no call site sees two validators. Prints one JSON line.
 *
 *   node bench/throughput.js --contenders ours,ajv,typebox,hand --type ChargingSchedules \
 *     --pkg DIR --schemas DIR [--rounds 9] [--batch-ms 200] [--warmup-ms 300]
 */
const path = require("node:path");
const { VERDICTS, MESSAGES, mutations } = require("./lib/samples");
const { loadDocs, typeUri, ajvFor, bundle } = require("./lib/schemas");

function arg(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
}

async function contenderFn(name, type, pkgDir, docs) {
  switch (name) {
    case "ours": {
      const pkg = require(path.resolve(pkgDir));
      const fn = pkg.ocpp?.[`is${type}`];
      if (typeof fn !== "function") throw new Error(`the generated package has no ocpp.is${type} (validators not emitted yet)`);
      return { fn, info: {} };
    }
    case "ajv": {
      const validate = ajvFor(docs).getSchema(typeUri(docs, "ocpp", type));
      return { fn: validate, info: {} };
    }
    case "typebox": {
      const Schema = (await import("typebox/schema")).default;
      const Format = (await import("typebox/format")).default;
      Format.Set("date-time", require("./peers/date-time.js").isDateTime);
      const validator = Schema.Compile(bundle(docs, "ocpp", type));
      const version = JSON.parse(require("node:fs").readFileSync(path.join(__dirname, "..", "node_modules", "typebox", "package.json"), "utf8")).version;
      return { fn: (v) => validator.Check(v), info: { accelerated: validator.IsAccelerated(), version } };
    }
    case "hand": {
      const fn = require("./peers/hand-guards.js")[`is${type}`];
      if (typeof fn !== "function") throw new Error(`no hand-written guard for ${type}`);
      return { fn, info: {} };
    }
    default:
      throw new Error(`unknown contender ${name}`);
  }
}

function verify(fn, type, reference) {
  const wrong = [];
  for (const [label, value, expected] of VERDICTS[type]) {
    let got;
    try {
      got = fn(structuredClone(value));
    } catch (e) {
      got = `threw ${e.message}`;
    }
    if (got !== expected) wrong.push(`${label}: expected ${expected}, got ${got}`);
  }
  for (const [label, value] of mutations(type)) {
    const expected = reference(structuredClone(value));
    let got;
    try {
      got = fn(structuredClone(value));
    } catch (e) {
      got = `threw ${e.message}`;
    }
    if (got !== expected) wrong.push(`mutation ${label}: ajv says ${expected}, got ${got}`);
  }
  return wrong;
}

/** A loop compiled for one contender alone (the comment keeps V8 from sharing one compiled loop). */
function makeLoop(name) {
  // eslint-disable-next-line no-new-func
  return new Function("fn", "msg", "n", `// throughput loop of ${name.replace(/\W/g, "_")}
    let ok = 0;
    for (let i = 0; i < n; i++) if (fn(msg) === true) ok++;
    return ok;`);
}

function timeBatch(c, msg) {
  const t0 = process.hrtime.bigint();
  const ok = c.loop(c.fn, msg, c.n);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (ok !== c.n) throw new Error(`${c.name}: the benchmark message was judged invalid ${c.n - ok} times`);
  return c.n / s;
}

async function main(argv) {
  const names = String(arg(argv, "contenders", "")).split(",").filter(Boolean);
  const type = arg(argv, "type");
  const rounds = Number(arg(argv, "rounds", "9"));
  const batchMs = Number(arg(argv, "batch-ms", "200"));
  const warmupMs = Number(arg(argv, "warmup-ms", "300"));
  const result = { type, contenders: {}, rounds: [] };
  try {
    if (!MESSAGES[type]) throw new Error(`unknown type ${type}`);
    const docs = loadDocs(arg(argv, "schemas"));
    const reference = ajvFor(docs).getSchema(typeUri(docs, "ocpp", type));
    const msg = MESSAGES[type]();
    const ready = [];
    for (const name of names) {
      const entry = (result.contenders[name] = { ok: false });
      try {
        const { fn, info } = await contenderFn(name, type, arg(argv, "pkg"), docs);
        Object.assign(entry, info);
        const wrong = verify(fn, type, reference);
        if (wrong.length > 0) {
          entry.error = `wrong verdicts (${wrong.length}): ${wrong.slice(0, 4).join("; ")}`;
          continue;
        }
        ready.push({ name, fn, loop: makeLoop(name), n: 1000, entry });
      } catch (e) {
        entry.error = e.message;
      }
    }
    // Warm every contender up (its first calls may compile code), then size its batches to about batchMs.
    for (const c of ready) {
      const end = Date.now() + warmupMs;
      while (Date.now() < end) c.loop(c.fn, msg, 1000);
    }
    for (const c of ready) {
      for (let pass = 0; pass < 2; pass++) {
        for (;;) {
          const t0 = process.hrtime.bigint();
          c.loop(c.fn, msg, c.n);
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          if (ms >= (pass === 0 ? 20 : batchMs / 2)) {
            c.n = Math.max(1, Math.round((c.n * batchMs) / ms));
            break;
          }
          c.n *= 2;
        }
      }
    }
    for (const c of ready) {
      c.entry.ok = true;
      c.entry.callsPerBatch = c.n;
      c.entry.opsPerSec = [];
    }
    for (let r = 0; r < rounds; r++) {
      const round = {};
      for (let i = 0; i < ready.length; i++) {
        const c = ready[(i + r) % ready.length];
        round[c.name] = timeBatch(c, msg);
        c.entry.opsPerSec.push(round[c.name]);
      }
      result.rounds.push(round);
    }
  } catch (e) {
    result.error = e.message;
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2));
