/** A process id no process has now: a leftover folder named after it is one the next run recovers (generator/write/tree.ts). */
export function deadPid(): number {
  for (let pid = 4_000_000; pid > 1_000; pid -= 7_919) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ESRCH") return pid;
    }
  }
  throw new Error("test setup: no free process id found");
}
