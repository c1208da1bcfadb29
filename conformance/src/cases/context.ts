import { jsonResponse } from "./_expect.ts";
import type { ConformanceCase, Expected } from "./types.ts";

/** What the `context` behaviour answers: the context of the invocation, every field (so each case needs `deadline`). */
export const contextBody = (fields: Record<string, Expected>): Record<string, Expected> => ({
  provider: { $fromDelivery: "provider" },
  requestId: { $fromDelivery: "requestId" },
  coldStart: true,
  deadline: {
    $near: "deadline",
    within: 50,
    because: "the adapter reads the clock at other moments than the harness: a few ms apart, never 200",
  },
  remainingPositive: true,
  signalAborted: false,
  ...fields,
});

export const contextRequest = { kind: "http" as const, request: { method: "GET", path: "/context", headers: { host: "example.test" } } };

/** What the handler learns about its invocation. */
export const contextCases: ConformanceCase[] = [
  {
    id: "context.request-id",
    title: "ctx.requestId is the provider's request id",
    needs: ["http", "deadline"],
    steps: [
      {
        input: contextRequest,
        behaviour: "context",
        expect: { response: jsonResponse(200, contextBody({})) },
      },
    ],
  },
  {
    id: "context.cold-start",
    title: "ctx.coldStart is true on an instance's first invocation, then false",
    needs: ["http", "deadline"],
    steps: [
      { input: contextRequest, behaviour: "context", expect: { response: jsonResponse(200, contextBody({ coldStart: true })) } },
      { input: contextRequest, behaviour: "context", expect: { response: jsonResponse(200, contextBody({ coldStart: false })) } },
    ],
  },
  {
    id: "context.deadline",
    title: "ctx.deadline is the provider's deadline; the signal has not fired",
    needs: ["http", "deadline"],
    steps: [
      {
        input: contextRequest,
        behaviour: "context",
        expect: { response: jsonResponse(200, contextBody({})) },
      },
    ],
  },
];
