/** A disk that fills up half-way through a run, to prove a failed write leaves nothing behind. */
import type * as fs from "node:fs";

/**
 * Runs `run` with the `n`th file write into a staging folder (`<out>.tmp-<pid>`)
 * on this thread failing as on a full disk (ENOSPC); resolves or rejects as
 * `run` does. Writes by the worker thread are untouched: the main thread's
 * failure must stop them.
 */
export async function withDiskFullAt<T>(n: number, run: () => Promise<T>): Promise<T> {
  // The module object itself, whose functions every `import * as fs` reads at call time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeFs = require("node:fs") as typeof fs;
  const real = nodeFs.writeFileSync;
  let staged = 0;
  const spy = jest.spyOn(nodeFs, "writeFileSync").mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(file).includes(".tmp-") && ++staged === n) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    return (real as (...args: unknown[]) => void)(file, ...rest);
  }) as typeof fs.writeFileSync);
  try {
    return await run();
  } finally {
    spy.mockRestore();
  }
}
