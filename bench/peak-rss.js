"use strict";
/**
 * Preload for measuring a node process's peak RSS where /usr/bin/time is not
 * available: `node -r bench/peak-rss.js script.js`, with BENCH_PEAK_RSS_FILE
 * naming the file that receives process.resourceUsage().maxRSS (KiB) at exit.
 * Without the variable it prints `peak-rss-kib: N` on stderr.
 */
const fs = require("node:fs");

process.on("exit", () => {
  const kib = process.resourceUsage().maxRSS;
  const file = process.env.BENCH_PEAK_RSS_FILE;
  if (file) fs.writeFileSync(file, `${kib}\n`);
  else process.stderr.write(`peak-rss-kib: ${kib}\n`);
});
