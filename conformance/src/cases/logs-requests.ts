import { logLine } from "./_expect.ts";
import type { CaseStep, ConformanceCase } from "./types.ts";

/** Requests in turn to one instance: enough that a harness varying what each arrives with (trace headers) meets every form. */
const REQUESTS = 20;

/** One logging request: its own path and query, so each is a request of its own. */
function loggingStep(n: number): CaseStep {
  return {
    input: { kind: "http", request: { method: "GET", path: `/logs/${n}`, rawQuery: `n=${n}`, headers: { host: "example.test" } } },
    behaviour: "log",
    expect: { response: { status: 204 }, logs: [logLine("info", "hello from the handler", { n: 1 })] },
  };
}

/** The request id of log lines across the requests of one warm instance. */
export const requestLogCases: ConformanceCase[] = [
  {
    id: "logs.request-after-request",
    title: "request after request on one instance, each ctx.log line carries the id of its own request (nothing kept from an earlier one)",
    needs: ["http", "logs"],
    steps: Array.from({ length: REQUESTS }, (_, i) => loggingStep(i + 1)),
  },
];
