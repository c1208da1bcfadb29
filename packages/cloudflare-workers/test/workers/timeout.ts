// A test worker with `timeoutMs`: each path or message ignores or honours `ctx.signal` in its own way.
import { defineHandler, json } from "@fnport/core";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const never = (): Promise<never> => new Promise<never>(() => {});
const signalFired = (signal: AbortSignal): Promise<unknown> =>
  signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener("abort", resolve));

const app = defineHandler(async (event, ctx) => {
  switch (event.kind) {
    case "http":
      switch (event.path) {
        case "/context":
          return json({ remainingMs: ctx.remainingMs(), hasDeadline: typeof ctx.deadline === "number", signalAborted: ctx.signal.aborted });
        case "/ignore-signal":
          return never();
        case "/honour-signal":
          await signalFired(ctx.signal);
          throw ctx.signal.reason;
        case "/signal-fired":
          await signalFired(ctx.signal);
          return json({ aborted: ctx.signal.aborted, reason: (ctx.signal.reason as DOMException).name });
        default:
          return json("fast");
      }
    case "messages":
    case "schedule":
      return never();
    default:
      return undefined;
  }
});

// A short limit so the tests reach it quickly; the signal fires at 100 ms (500 ms before the deadline).
const handlers: WorkerHandlers<unknown> = worker(app, { timeoutMs: 600 });
export default handlers;
