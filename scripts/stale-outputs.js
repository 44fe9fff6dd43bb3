"use strict";
/**
 * The compiled files tsc left in its output folder for sources that are gone.
 * tsc writes a `.js` and a `.d.ts` for every source it compiles and never
 * removes what an earlier build wrote, so a generator source deleted or
 * renamed would leave its old compiled file in dist/generator. Every `.js`
 * there counts in the generator's hash (generator/write/manifest.ts
 * `generatorFiles`): a stale one would make a developer's build hash apart
 * from a clean one, so the manifests it writes would name another generator
 * than CI's, and the caches keyed by that hash would miss.
 *
 * Only tsc's kinds of output are judged (`.js`, `.d.ts` and their `.map`s),
 * each against the `.ts` source it is compiled from; anything else in the
 * folder is not ours to remove. `skip` names subfolders (relative to
 * `outDir`) that the build fills by other means.
 */
const fs = require("node:fs");
const path = require("node:path");

const OUTPUT = /^(.*?)(\.d\.ts|\.js)(\.map)?$/;

/** The paths (relative to `outDir`) of the compiled files whose source under `sourceDir` no longer exists. */
function staleOutputs(sourceDir, outDir, skip = []) {
  const stale = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(outDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = rel === "" ? e.name : path.join(rel, e.name);
      if (e.isDirectory()) {
        if (!skip.includes(p)) walk(p);
        continue;
      }
      const m = OUTPUT.exec(e.name);
      if (m === null || !e.isFile()) continue;
      if (!fs.existsSync(path.join(sourceDir, rel, `${m[1]}.ts`))) stale.push(p);
    }
  };
  walk("");
  return stale.sort();
}

module.exports = { staleOutputs };
