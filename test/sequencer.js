// The order jest starts test files in. Jest runs the files that took longest last time first (from its
// cache), so that no long file starts late and leaves one worker busy while the other idles. Without
// that cache (a fresh checkout, a CI machine) it falls back to file size, which here puts several of
// the slowest files (short files that spawn the CLI many times) near the end. This sequencer keeps
// jest's order and gives a file jest has no time for the relative time below (seconds from one run
// of `npm test` on a busy 2-core machine; only their order matters), or, for a file not listed, a
// guess by size that ranks it after them.
const Sequencer = require("@jest/test-sequencer").default;
const fs = require("node:fs");
const path = require("node:path");

const KNOWN_SECONDS = {
  "kill-during-write.test.ts": 77,
  "cli-package.test.ts": 72,
  "hostile-output.test.ts": 63,
  "hostile-cli.test.ts": 54,
  "cache.test.ts": 53,
  "session.test.ts": 50,
  "hostile-bounds.test.ts": 50,
  "typecheck.test.ts": 40,
  "cli.test.ts": 48,
  "everest-tree.test.ts": 35,
  "compile-cache.test.ts": 35,
  "consumer.test.ts": 29,
  "api-clients.test.ts": 29,
  "hostile-files.test.ts": 27,
  "cli-interfaces.test.ts": 26,
  "api-specs.test.ts": 25,
  "parallel.test.ts": 20,
  "check-fast-path.test.ts": 19,
  "check-stat-index.test.ts": 18,
  "json-text.test.ts": 17,
  "property-diagnostics.test.ts": 17,
  "cli-runtime-parity.test.ts": 17,
  "ts-enums.test.ts": 15,
  "property-validators.test.ts": 14,
  "cli-validate-input.test.ts": 13,
  "property-compile.test.ts": 13,
  "api.test.ts": 12,
  "ts-typecheck.test.ts": 11,
  "cli-watch.test.ts": 10,
};

class SlowFilesFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const known = KNOWN_SECONDS[path.basename(test.path)];
    if (known !== undefined) return known * 1000;
    // Under 10 s (the least listed) for any file under 100 kB.
    let size = 0;
    try {
      size = fs.statSync(test.path).size;
    } catch {
      // Gone since jest listed it: jest reports that itself.
    }
    return Math.min(size / 10, 9_999);
  }
}

module.exports = SlowFilesFirst;
