// A test worker that watches ctx.signal while it answers: a body streamed until the signal aborts, and a
// handler that answers late; what each saw is read back from /seen.
import { defineHandler, json } from "@fnport/core";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Seen {
  aborted: boolean;
  reason?: [string, string];
  ticks: number;
  /** Set when the late handler answered. */
  ended?: "complete";
}
let seen: Seen = { aborted: false, ticks: 0 };

function watch(signal: AbortSignal): void {
  signal.addEventListener("abort", () => {
    const reason = signal.reason as DOMException;
    seen.aborted = true;
    seen.reason = [reason.name, reason.message];
  });
}

// Pulled one chunk at a time: once the client is gone workerd pulls no more, so `ticks` stops growing.
async function* ticks(): AsyncGenerator<string> {
  for (; seen.ticks < 500; seen.ticks++) {
    yield `tick ${seen.ticks};`;
    await pause(20);
  }
}

const app = defineHandler(async (event, ctx) => {
  if (event.kind !== "http") return undefined;
  if (event.path === "/seen") return json(seen);
  seen = { aborted: false, ticks: 0 };
  watch(ctx.signal);
  if (event.path === "/late") {
    await pause(600);
    seen.ended = "complete";
    return { body: "late" };
  }
  return { headers: { "content-type": "text/plain" }, body: ticks() };
});

const handlers: WorkerHandlers = worker(app);
export default handlers;
