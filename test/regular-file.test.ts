/**
 * Reading files the tool keeps beside its output (generator/regular-file.ts):
 * only regular files, bounded; and the reads into reused memory give each
 * caller exactly its file's bytes, whatever was read before, inside another
 * such read, or above the reused memory's size.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./helpers/cli";
import { openRegular, readRegular, readRegularWith, withAll } from "../generator/regular-file";

const sha = (b: Buffer): string => crypto.createHash("sha256").update(b).digest("hex");

describe("readRegularWith", () => {
  test("each read sees its own file's bytes: bigger, then smaller, then nested in another", () => {
    const dir = tempDir("etg-regular-");
    const big = crypto.randomBytes(300_000);
    const small = Buffer.from("small file\n");
    const other = crypto.randomBytes(70_000);
    fs.writeFileSync(path.join(dir, "big"), big);
    fs.writeFileSync(path.join(dir, "small"), small);
    fs.writeFileSync(path.join(dir, "other"), other);
    expect(readRegularWith(path.join(dir, "big"), 1 << 20, sha)).toBe(sha(big));
    expect(readRegularWith(path.join(dir, "small"), 1 << 20, (b) => b.toString("utf8"))).toBe("small file\n");
    const nested = readRegularWith(path.join(dir, "big"), 1 << 20, (outer) => {
      const inner = readRegularWith(path.join(dir, "other"), 1 << 20, sha);
      // The outer bytes are untouched by the read inside.
      return [sha(outer), inner];
    });
    expect(nested).toEqual([sha(big), sha(other)]);
    expect(readRegular(path.join(dir, "small"), 1 << 20)).toEqual(small);
  });

  test("above the reused memory's size a file gets memory of its own, and reads whole", () => {
    const dir = tempDir("etg-regular-big-");
    const huge = crypto.randomBytes(9 * 1024 * 1024);
    fs.writeFileSync(path.join(dir, "huge"), huge);
    expect(readRegularWith(path.join(dir, "huge"), 16 * 1024 * 1024, sha)).toBe(sha(huge));
  });

  test("a link, a folder, a missing file or one above the bound reads as nothing; what `use` throws is thrown", () => {
    const dir = tempDir("etg-regular-bad-");
    fs.writeFileSync(path.join(dir, "file"), "12345");
    fs.symlinkSync(path.join(dir, "file"), path.join(dir, "link"));
    fs.mkdirSync(path.join(dir, "folder"));
    const read = (name: string, max = 100): string | undefined => readRegularWith(path.join(dir, name), max, (b) => b.toString("utf8"));
    expect(read("file")).toBe("12345");
    expect(read("link")).toBeUndefined();
    expect(read("folder")).toBeUndefined();
    expect(read("missing")).toBeUndefined();
    expect(read("file", 4)).toBeUndefined();
    expect(() =>
      readRegularWith(path.join(dir, "file"), 100, () => {
        throw new Error("from use");
      }),
    ).toThrow("from use");
    // The reused memory is free again after a throw.
    expect(read("file")).toBe("12345");
  });

  test("a file that reads shorter than its size reads as nothing", () => {
    const dir = tempDir("etg-regular-short-");
    fs.writeFileSync(path.join(dir, "file"), "0123456789");
    const opened = openRegular(path.join(dir, "file"))!;
    try {
      expect(withAll(opened.fd, 20, (b) => b.length)).toBeUndefined();
      expect(withAll(opened.fd, 10, (b) => b.toString("utf8"))).toBe("0123456789");
    } finally {
      fs.closeSync(opened.fd);
    }
  });
});
