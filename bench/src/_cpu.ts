// CPU time of other processes (a fresh cold-start process, workerd), read from Linux's /proc: on a
// shared machine other load stretches wall time, not the CPU a process uses. Elsewhere (no /proc) the
// suites fall back to wall time.
import { readdirSync, readFileSync } from "node:fs";

/** Ids of this process's child processes named `workerd` (Miniflare starts workerd directly). */
export function workerdChildren(): Set<number> {
  const found = new Set<number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const parent = Number(stat.slice(close + 2).split(" ")[1]);
      if (name === "workerd" && parent === process.pid) found.add(Number(entry));
    } catch {
      // it exited meanwhile
    }
  }
  return found;
}

/** True where /proc shows CPU time per thread (Linux). */
export const canReadCpu: boolean = (() => {
  try {
    readFileSync(`/proc/${process.pid}/schedstat`, "utf8");
    return true;
  } catch {
    return false;
  }
})();

/** Nanoseconds on CPU of every thread of `pid` so far (the first field of each thread's schedstat). */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}
