/**
 * Reading files the tool keeps beside its output (cache entries, the stat
 * index, the cache's secret) where anyone may have put anything: only a
 * regular file, opened without following a link (O_NOFOLLOW: a link in its
 * place fails to open), of a bounded size, read whole. Anything else reads
 * as nothing, never as an error.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";

/** Opens `file` when it is a regular file (not a link, not a FIFO: O_NONBLOCK); undefined otherwise. The caller closes `fd`. */
export function openRegular(file: string): { fd: number; stat: fs.BigIntStats } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    if (stat.isFile()) return { fd, stat };
  } catch {
    // closed below
  }
  fs.closeSync(fd);
  return undefined;
}

/** The whole of an open file of `size` bytes, or undefined when it reads shorter. */
function readAll(fd: number, size: number): Buffer | undefined {
  const buf = Buffer.allocUnsafe(size);
  return fill(fd, buf) ? buf : undefined;
}

/** Reads `buf.length` bytes from the start of the open file into `buf`; false when it reads shorter. Throws what reading throws. */
export function fill(fd: number, buf: Buffer): boolean {
  let read = 0;
  while (read < buf.length) {
    const n = fs.readSync(fd, buf, read, buf.length - read, read);
    if (n === 0) return false;
    read += n;
  }
  return true;
}

/** `fill`, reading a failed read (an I/O error, a file gone) as nothing. */
function filled(fd: number, buf: Buffer): boolean {
  try {
    return fill(fd, buf);
  } catch {
    return false;
  }
}

/**
 * Memory reused by the reads whose bytes are looked at once and dropped
 * (hashed, or decoded into a string): reading a file into fresh memory pays
 * for touching that memory the first time, about 3 ms per MB on the
 * project's VM, and the 1,063 files of EVerest's tree (12.5 MB) read into
 * one reused buffer took half the time. One per thread (module state); a
 * read made while it is in use, or of a file above SCRATCH_MAX_BYTES, gets
 * memory of its own.
 */
let scratch: Buffer | undefined;
let scratchInUse = false;
const SCRATCH_MAX_BYTES = 8 * 1024 * 1024;

/**
 * `use(bytes)` with the whole open file of `size` bytes; undefined when it
 * reads shorter or fails to read. `bytes` may be reused memory: valid only
 * while `use` runs. What `use` throws is thrown.
 */
export function withAll<T>(fd: number, size: number, use: (bytes: Buffer) => T): T | undefined {
  if (scratchInUse || size > SCRATCH_MAX_BYTES) {
    const own = Buffer.allocUnsafe(size);
    return filled(fd, own) ? use(own) : undefined;
  }
  if (scratch === undefined || scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX_BYTES, Math.max(size, 64 * 1024, 2 * (scratch?.length ?? 0))));
  const bytes = scratch.subarray(0, size);
  if (!filled(fd, bytes)) return undefined;
  scratchInUse = true;
  try {
    return use(bytes);
  } finally {
    scratchInUse = false;
  }
}

/** The bytes of `file` when it is a regular file of at most `maxBytes`; undefined otherwise. */
export function readRegular(file: string, maxBytes: number): Buffer | undefined {
  const opened = openRegular(file);
  if (opened === undefined) return undefined;
  try {
    return opened.stat.size > BigInt(maxBytes) ? undefined : readAll(opened.fd, Number(opened.stat.size));
  } catch {
    return undefined;
  } finally {
    fs.closeSync(opened.fd);
  }
}

/**
 * `use(bytes)` with the bytes of `file` when it is a regular file of at most
 * `maxBytes`; undefined otherwise. For bytes looked at once: `bytes` is valid
 * only while `use` runs (withAll).
 */
export function readRegularWith<T>(file: string, maxBytes: number, use: (bytes: Buffer) => T): T | undefined {
  const opened = openRegular(file);
  if (opened === undefined) return undefined;
  try {
    return opened.stat.size > BigInt(maxBytes) ? undefined : withAll(opened.fd, Number(opened.stat.size), use);
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** Two hex digests compared in constant time. */
export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
