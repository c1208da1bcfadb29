// An instance told to stop (`http:drain`): how long it waits for what runs (`http:drain-timeout`), what it logs
// meanwhile (`logs:drain`) and how it ends (`instance-exit`).
import { BODY_LIMIT_BYTES } from "../types.ts";
import { SERVER_KEEP_ALIVE, serverLogLine, TEXT_TYPE } from "./_expect.ts";
import { bodyStep, continued, TOO_LARGE } from "./http-bodies.ts";
import type { ConformanceCase, Expected } from "./types.ts";

const get = { kind: "http" as const, request: { method: "GET", path: "/result", headers: { host: "example.test" } } };

/** How long the `drain-cut` case's instance waits: well within the `slow-text` behaviour's run (1.5 s). */
const DRAIN_TIMEOUT_MS = 300;

/**
 * The `idle-after-drain` case's drain timeout: longer than the `slow-stream` body's rest (1.5 s), shorter than the
 * while a server keeps an idle connection (Node's 5 s), so only closing it once it falls idle ends the drain in time.
 */
const IDLE_DRAIN_TIMEOUT_MS = 3000;

/** The line of an instance told to stop (SIGTERM, what container platforms send) while one request runs. */
export const DRAINING: Expected = serverLogLine("info", "SIGTERM: draining in-flight requests", {
  connections: {
    $oneOf: [1, 2],
    because: "the harness's own request for what the app recorded (just answered) may not have closed yet",
  },
});

export const drainTimeoutCases: ConformanceCase[] = [
  {
    id: "http.drain.cut-after-timeout",
    title: `an instance told to stop waits ${DRAIN_TIMEOUT_MS} ms (its drain timeout) for a handler still running, then cuts its connection with no answer, logs it, and exits 1`,
    needs: ["http", "http:drain", "http:drain-timeout"],
    deploy: { drainTimeoutMs: DRAIN_TIMEOUT_MS },
    steps: [
      {
        input: get,
        behaviour: "slow-text",
        expect: {
          keepAlive: "drain",
          response: { status: 0, cutOff: true },
          logs: [
            DRAINING,
            serverLogLine("error", "in-flight requests did not finish in time: cutting them", { drainTimeoutMs: DRAIN_TIMEOUT_MS }),
          ],
          exitCode: 1,
        },
      },
    ],
  },
  {
    id: "http.drain.idle-after-drain",
    title: `an answer whose head went out (keep-alive) before the instance was told to stop streams its rest while it drains; its connection, idle then, is closed at once, so the instance exits 0 within its ${IDLE_DRAIN_TIMEOUT_MS} ms drain timeout`,
    needs: ["http", "http:drain", "http:drain-timeout"],
    deploy: { drainTimeoutMs: IDLE_DRAIN_TIMEOUT_MS },
    steps: [
      {
        input: get,
        behaviour: "slow-stream",
        expect: {
          keepAlive: "drain",
          response: {
            status: 200,
            headers: { "content-type": TEXT_TYPE, connection: "keep-alive", "keep-alive": SERVER_KEEP_ALIVE },
            bodyText: "first;answered while draining",
          },
          logs: [DRAINING],
          exitCode: 0,
        },
      },
    ],
  },
  {
    id: "http.drain.expect-continue-over-limit-closes",
    title:
      "a request that asks to continue with a body declared over the limit is refused (413) on a connection the client means to keep: the server closes it (the body it never sent would be read as the next request)",
    needs: ["http", "http:body-limit", "http:expect-continue", "http:drain"],
    steps: [
      // Two fills: the harness may frame one with content-length and the other chunked (read whole, then refused).
      ...["a", "bc"].map((fill) => ({
        input: continued(bodyStep(BODY_LIMIT_BYTES + 1, fill)),
        expect: {
          keepAlive: "open" as const,
          events: [],
          response: { ...TOO_LARGE, headers: { ...TOO_LARGE.headers, connection: "close" } },
        },
      })),
    ],
  },
];
