/**
 * The sha256 of an emitted file's content, computed once per file object: a
 * session hands the same file objects to run after run, and the writer and
 * the module store (./module-store.ts) both need it.
 */
import type { EmittedFile } from "./emit/emitted-file";
import { sha256 } from "./write/manifest";

const hashes = new WeakMap<EmittedFile, string>();

/** Records the hash of a file whose bytes were just hashed on reading (./module-store.ts), so that it is not hashed again. */
export function knownHash(file: EmittedFile, sha256: string): EmittedFile {
  hashes.set(file, sha256);
  return file;
}

export function contentHash(file: EmittedFile): string {
  let hash = hashes.get(file);
  if (hash === undefined) hashes.set(file, (hash = sha256(file.content)));
  return hash;
}
