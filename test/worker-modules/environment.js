// The test environment: jest's node environment, plus one function on the sandbox's global that gives typescript and
// ts-morph as this worker loaded them, once, outside the test files' sandboxes (test/worker-modules/typescript.js says
// why); and the worker's V8 optimizing later (below).
const { TestEnvironment } = require("jest-environment-node");

// TurboFan optimizes only functions that have run 16 times as long as V8's default asks, as in the CLI
// (generator/cli/v8-flags.ts; the flag from its build, which global setup has made by now). Each test file loads the
// generator and its libraries into a sandbox of its own, so V8 optimized the same hot functions again for every file,
// and most of those optimizations never paid for themselves. Full runs of the suite, alternating: 210.1 and 189.7 s
// (403 and 364 CPU-seconds) against 219.8 and 221.7 s (425 and 429) with V8's default. This worker's process only:
// the processes the tests start are unaffected.
require("node:v8").setFlagsFromString(require("../../dist/generator/cli/v8-flags.js").LATE_TURBOFAN_FLAG);

/** Each shared module, as the sandbox gets it. */
const shared = {
  typescript: () => require("typescript"),
  // ts-morph's printer tells a structure's parts by `instanceof Array` and `instanceof Function`, which are false for
  // the sandbox's arrays and functions (another realm's): what the sandbox passes it is copied into this realm first.
  "ts-morph": () => {
    const tsMorph = require("ts-morph");
    // Frozen: every test file of the worker gets this object, so none may change it (a spy on it fails loudly instead).
    return Object.freeze({ ...tsMorph, printStructure: (structure, options) => tsMorph.printStructure(intoThisRealm(structure), options) });
  },
};

/** `value` with its arrays, plain objects and functions made again in this realm (a function as a call of the original). */
function intoThisRealm(value) {
  if (typeof value === "function") return (...args) => value(...args);
  if (typeof value !== "object" || value === null) return value;
  // Not value.map(): the sandbox's map would make the sandbox's array.
  if (Array.isArray(value)) return Array.from(value, intoThisRealm);
  const out = {};
  for (const [key, part] of Object.entries(value)) out[key] = intoThisRealm(part);
  return out;
}

const loaded = new Map();

/** Loads one of the shared modules outside the sandbox; kept for the worker's next test files. */
function loadShared(name) {
  if (!Object.hasOwn(shared, name)) throw new Error(`not a module shared between test files: ${name}`);
  if (!loaded.has(name)) loaded.set(name, shared[name]());
  return loaded.get(name);
}

class EverestTypegenEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // Set after jest's own setup, so jest clears it when the test file ends; never enumerable.
    Object.defineProperty(this.global, "__everestTypegenSharedModule", { value: (name) => loadShared(name), configurable: true, writable: false, enumerable: false });
  }
}

module.exports = EverestTypegenEnvironment;
