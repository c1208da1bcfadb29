import type { ConformanceCase } from "./types.ts";

const contextRequest = { kind: "http" as const, request: { method: "GET", path: "/context", headers: { host: "example.test" } } };

/** What the handler learns about its invocation. */
export const contextCases: ConformanceCase[] = [
  {
    id: "context.request-id",
    title: "ctx.requestId is the provider's request id",
    needs: ["http"],
    steps: [
      {
        input: contextRequest,
        behaviour: "context",
        expect: { response: { status: 200, bodyJson: { requestId: { $fromDelivery: "requestId" } } } },
      },
    ],
  },
  {
    id: "context.cold-start",
    title: "ctx.coldStart is true on an instance's first invocation, then false",
    needs: ["http"],
    steps: [
      { input: contextRequest, behaviour: "context", expect: { response: { status: 200, bodyJson: { coldStart: true } } } },
      { input: contextRequest, behaviour: "context", expect: { response: { status: 200, bodyJson: { coldStart: false } } } },
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
        expect: {
          response: {
            status: 200,
            bodyJson: { deadline: { $near: "deadline", within: 250 }, remainingPositive: true, signalAborted: false },
          },
        },
      },
    ],
  },
];
