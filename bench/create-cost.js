#!/usr/bin/env node
"use strict";
/**
 * What making a new file costs on a filesystem: a cold generate of EVerest's
 * tree makes 1,063 of them. On ext4 without a journal the cost depends on how
 * many files were deleted on the whole filesystem in the last minutes (the
 * inode allocator skips recently freed inodes one by one), so run it right
 * after what you want to know about, e.g. a few bench rounds.
 *
 * In a scratch folder under each DIR (default: os.tmpdir()), `--rounds`
 * times: make N files of 10 kB in a new folder, timed, then delete them.
 * Prints the median cost of one file and the filesystem's statfs type.
 * Nothing is left behind.
 *
 *   node bench/create-cost.js [--files N] [--rounds R] [DIR...]
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { arg } = require("./lib/everest-tree");
const { median } = require("./lib/stats");

const FILES = Number(arg("--files", "1000"));
const ROUNDS = Number(arg("--rounds", "5"));
const BODY = "x".repeat(10_000);
const dirs = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !(all[i - 1] ?? "").startsWith("--"));

/** Milliseconds per file to make FILES files in the new folder `dir`. */
function make(dir) {
  fs.mkdirSync(dir);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dir, `f${i}.js`), BODY);
  return Number(process.hrtime.bigint() - t0) / 1e6 / FILES;
}

const TYPES = { 0x01021994: "tmpfs", 0xef53: "ext2/3/4", 0x58465342: "xfs", 0x9123683e: "btrfs", 0x794c7630: "overlayfs" };

for (const base of dirs.length > 0 ? dirs : [os.tmpdir()]) {
  const scratch = fs.mkdtempSync(path.join(base, "everest-typegen-bench-create-"));
  try {
    const costs = [];
    for (let r = 0; r < ROUNDS; r++) {
      const dir = path.join(scratch, String(r));
      costs.push(make(dir));
      fs.rmSync(dir, { recursive: true });
    }
    const type = fs.statfsSync(base).type;
    const range = `${Math.min(...costs).toFixed(3)}-${Math.max(...costs).toFixed(3)}`;
    console.log(`${base} (${TYPES[type] ?? `statfs type 0x${type.toString(16)}`}): one new file of 10 kB, ${median(costs).toFixed(3)} ms (median of ${ROUNDS} rounds of ${FILES}; ${range})`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
