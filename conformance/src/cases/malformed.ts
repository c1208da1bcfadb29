import { jsonResponse } from "./_expect.ts";
import type { ConformanceCase } from "./types.ts";

/** Native input that no adapter may crash or hang on. */
export const malformedCases: ConformanceCase[] = [
  {
    id: "malformed.unknown-shape",
    title: "an event no processor recognises fails with an error naming its keys",
    needs: ["native:aws-lambda"],
    steps: [
      {
        input: { kind: "native", event: { mystery: true, payload: "?" } },
        expect: {
          events: [],
          outcome: {
            ok: false,
            error: { $contains: ["mystery", "payload"], because: "each adapter words its refusal its own way; it names what it saw" },
          },
        },
      },
    ],
  },
  {
    id: "malformed.bad-base64",
    title: "a body flagged base64 that is not base64 answers 400",
    needs: ["http", "native:aws-function-url"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/function-url-request-base64-body.json", patch: { body: "not*base64!" } },
        expect: {
          // The app records what it could not read, then answers as its handler would: the body error is a 400.
          events: [{ kind: "unreadable", error: "InvalidBodyError: Body is not valid base64" }],
          response: jsonResponse(400, { error: "Body is not valid base64" }),
        },
      },
    ],
  },
  {
    id: "malformed.invalid-json-message",
    title: "a message that is not JSON fails (alone, where the provider can split the batch) when the handler wants JSON",
    needs: ["messages"],
    steps: [
      {
        input: {
          kind: "messages",
          batch: {
            messages: [
              { id: "good", body: '{"n":1}', publishedAt: "2026-01-01T00:00:01.000Z" },
              { id: "bad", body: '{"n": not json', publishedAt: "2026-01-01T00:00:02.000Z" },
            ],
          },
        },
        expect: {
          messages: {
            "per-message": { redelivered: ["bad"] },
            single: { redelivered: ["bad"] },
            "all-or-nothing": { redelivered: ["good", "bad"] },
          },
        },
      },
    ],
  },
];
