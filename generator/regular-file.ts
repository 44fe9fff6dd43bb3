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
export function readAll(fd: number, size: number): Buffer | undefined {
  const buf = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, buf, read, size - read, read);
    if (n === 0) return undefined;
    read += n;
  }
  return buf;
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

/** Two hex digests compared in constant time. */
export function sameHex(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
