"use strict";
/**
 * For measuring only: preloaded (`node -r`), it makes the CLI's
 * `--heap-growing-percent=30` (generator/cli/v8-flags.ts) the value of
 * $HEAP_GROWING_PERCENT instead, without changing the generator:
 *
 *   HEAP_GROWING_PERCENT=15 node -r ./bench/lib/heap-growing.js bin/everest-typegen generate ...
 */
const v8 = require("node:v8");

const pct = process.env.HEAP_GROWING_PERCENT;
if (pct !== undefined && /^\d+$/.test(pct)) {
  const set = v8.setFlagsFromString.bind(v8);
  v8.setFlagsFromString = (flags) => set(String(flags).replace(/^--heap-growing-percent=\d+$/, `--heap-growing-percent=${pct}`));
}
