// CPU time of a child process from Linux's /proc: on a machine shared with other work, load stretches
// a cold start's wall time (waiting for a core), not the CPU the process spends loading and answering.
import { readdirSync, readFileSync } from "node:fs";

/** Milliseconds on CPU of every thread of `pid` so far (each thread's schedstat), or `undefined` without /proc. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const task of tasks) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1e6;
}
