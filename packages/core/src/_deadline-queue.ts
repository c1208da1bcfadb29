import { type LongTimer, startTimer, stopTimer } from "./_timer.ts";

/** One invocation waiting for its deadline; `expire` is dropped once the invocation finished. */
export interface DeadlineEntry {
  readonly deadline: number;
  expire: (() => void) | undefined;
}

// Finished entries kept in the array before it is compacted (amortised O(1) per invocation).
const COMPACT_AFTER = 1024;

/**
 * The invocations of one runner waiting for their deadlines, earliest first, behind a single timer. An
 * adapter with a fixed timeout (Cloud Run's `timeoutMs`, Workers' `timeoutMs`) adds deadlines in order,
 * so adding is an append and finishing only drops a callback: no timer per invocation, which cost about
 * 20 000 instructions each on Node (a `Timeout`, the timer list, `clearTimeout`) — a tenth of what a node
 * server spends on a small request. The timer is armed for the earliest deadline; when nothing waits it
 * stays armed, fires once and stops. It never holds a Node process open, as an invocation's own deadline
 * timer does not either: what an invocation waits on does (the socket of a request in flight, an event
 * loop the provider runs). Referencing it while an invocation waits cost two calls into Node's timer
 * binding per request (≈ 450 instructions).
 */
export class DeadlineQueue {
  #entries: DeadlineEntry[] = [];
  /** Index of the first entry still in the queue. */
  #head = 0;
  /** Finished entries still in the array (behind a live one). */
  #finished = 0;
  #timer: LongTimer | undefined;
  /** The deadline the timer fires at (`Infinity`: not armed). */
  #armedFor = Number.POSITIVE_INFINITY;

  /** The length of the array of entries: what the queue keeps in memory, finished and dropped ones included (for tests). */
  get held(): number {
    return this.#entries.length;
  }

  /** Calls `expire` at `deadline` unless `finish(entry)` comes first. */
  add(deadline: number, expire: () => void): DeadlineEntry {
    const entry: DeadlineEntry = { deadline, expire };
    const entries = this.#entries;
    // Nothing before #head waits, and a queue where nothing waits is emptied: the last entry is the latest deadline's.
    const last = entries.at(-1);
    if (last === undefined || last.deadline <= deadline) entries.push(entry);
    else entries.splice(this.#insertionIndex(deadline), 0, entry);
    if (deadline < this.#armedFor) this.#arm(deadline);
    return entry;
  }

  /** The invocation finished: its `expire` will not be called. */
  finish(entry: DeadlineEntry): void {
    if (entry.expire === undefined) return;
    entry.expire = undefined;
    this.#finished++;
    this.#dropFinished();
  }

  #insertionIndex(deadline: number): number {
    let low = this.#head;
    let high = this.#entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#entries[mid] as DeadlineEntry).deadline <= deadline) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  #dropFinished(): void {
    const entries = this.#entries;
    while (this.#head < entries.length && (entries[this.#head] as DeadlineEntry).expire === undefined) {
      this.#head++;
      this.#finished--;
    }
    if (this.#head === entries.length) {
      // Nothing waits. A server that answers as fast as requests come empties the queue after every one:
      // the timer stays armed (it fires once, finds nothing and stops).
      entries.length = 0;
      this.#head = 0;
      this.#finished = 0;
      return;
    }
    if (this.#finished > COMPACT_AFTER && this.#finished * 2 > entries.length - this.#head) {
      // What is before #head finished or expired too.
      this.#entries = entries.filter((entry) => entry.expire !== undefined);
      this.#head = 0;
      this.#finished = 0;
    } else if (this.#head > COMPACT_AFTER && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  #arm(deadline: number): void {
    stopTimer(this.#timer);
    this.#armedFor = deadline;
    this.#timer = startTimer(() => this.#fire(), deadline - Date.now(), true);
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const entries = this.#entries;
    const due: Array<() => void> = [];
    while (this.#head < entries.length) {
      const entry = entries[this.#head] as DeadlineEntry;
      const expire = entry.expire;
      if (expire !== undefined && entry.deadline > now) break;
      this.#head++;
      if (expire === undefined) this.#finished--;
      else {
        entry.expire = undefined;
        due.push(expire);
      }
    }
    if (this.#head === entries.length) {
      entries.length = 0;
      this.#head = 0;
      this.#finished = 0;
    } else this.#arm((entries[this.#head] as DeadlineEntry).deadline);
    // Called once the queue is consistent: an expiry may start or finish other invocations.
    for (const expire of due) expire();
  }
}
