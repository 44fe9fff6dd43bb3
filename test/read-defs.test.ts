/**
 * readDefs's bytes: each file's bytes exactly, up to the loader's bound, read
 * into one buffer that is handed over as it is. A copy of every input (the
 * first buffer left to the allocator, which kept it) cost about 10 MiB of
 * peak RSS on 10 copies of EVerest's tree (BENCHMARKS.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readDefs } from "../generator/load/read-defs";
import { LIMITS } from "../generator/limits";
import { tempDir } from "./helpers/cli";

afterEach(() => jest.restoreAllMocks());

function bytesOf(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = 32 + ((i * 31 + seed) % 95);
  return b;
}

test("every file's bytes, read into one buffer each and never copied", () => {
  const dir = path.join(tempDir("etg-read-defs-"), "defs");
  fs.mkdirSync(dir);
  // Empty, in the allocator's shared pool (under 4 KiB), just over it, and large.
  const sizes = [0, 1, 4095, 4097, 300_000];
  sizes.forEach((size, i) => fs.writeFileSync(path.join(dir, `f${i}.yaml`), bytesOf(size, i)));
  const concat = jest.spyOn(Buffer, "concat");
  const files = readDefs(dir);
  expect(files.map((f) => f.path)).toEqual(sizes.map((_, i) => `defs/f${i}.yaml`));
  files.forEach((f, i) => expect(Buffer.from(f.content as Uint8Array).equals(bytesOf(sizes[i]!, i))).toBe(true));
  // Only the empty file, which no read returned bytes for, goes through concat.
  expect(concat).toHaveBeenCalledTimes(1);
  expect(concat.mock.calls[0]![0]).toHaveLength(0);
});

test("a file over the bound: its first maxFileBytes + 1 bytes, in one read", () => {
  const dir = path.join(tempDir("etg-read-defs-"), "defs");
  fs.mkdirSync(dir);
  const big = bytesOf(LIMITS.maxFileBytes + 100, 7);
  fs.writeFileSync(path.join(dir, "big.yaml"), big);
  const concat = jest.spyOn(Buffer, "concat");
  const [file] = readDefs(dir);
  expect(Buffer.from(file!.content as Uint8Array).equals(big.subarray(0, LIMITS.maxFileBytes + 1))).toBe(true);
  expect(concat).not.toHaveBeenCalled();
});

test("one file named as the input: its bytes, never copied", () => {
  const file = path.join(tempDir("etg-read-defs-"), "one.yaml");
  fs.writeFileSync(file, bytesOf(50_000, 3));
  const concat = jest.spyOn(Buffer, "concat");
  const [read] = readDefs(file);
  expect(read!.path).toBe("one.yaml");
  expect(Buffer.from(read!.content as Uint8Array).equals(bytesOf(50_000, 3))).toBe(true);
  expect(concat).not.toHaveBeenCalled();
});
