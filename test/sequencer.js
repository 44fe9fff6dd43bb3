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
  "cli-package.test.ts": 31,
  "kill-during-write.test.ts": 30,
  "hostile-output.test.ts": 27,
  "session.test.ts": 21,
  "hostile-bounds.test.ts": 20,
  "hostile-cli.test.ts": 20,
  "cache.test.ts": 19,
  "api-clients.test.ts": 17,
  "api-specs.test.ts": 15,
  "module-store.test.ts": 15,
  "property-validators.test.ts": 15,
  "compile-cache.test.ts": 14,
  "consumer.test.ts": 13,
  "typecheck.test.ts": 13,
  "cli.test.ts": 12,
  "everest-tree.test.ts": 11,
  "parallel.test.ts": 10,
  "check-stat-index.test.ts": 10,
  "property-diagnostics.test.ts": 9,
  "cli-interfaces.test.ts": 9,
  "check-input-index.test.ts": 9,
  "check-fast-path.test.ts": 8,
  "cli-watch.test.ts": 8,
  "property-compile.test.ts": 7,
  "hostile-files.test.ts": 7,
  "ts-enums.test.ts": 6,
  "hostile-depth.test.ts": 5,
  "browser.test.ts": 5,
  "api.test.ts": 5,
};

class SlowFilesFirst extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const known = KNOWN_SECONDS[path.basename(test.path)];
    if (known !== undefined) return known * 1000;
    // Under 5 s (the least listed) for any file under 100 kB.
    let size = 0;
    try {
      size = fs.statSync(test.path).size;
    } catch {
      // Gone since jest listed it: jest reports that itself.
    }
    return Math.min(size / 20, 4_999);
  }
}

module.exports = SlowFilesFirst;
