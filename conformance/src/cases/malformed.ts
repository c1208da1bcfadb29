import { jsonResponse } from "./_expect.ts";
import type { ConformanceCase } from "./types.ts";

/** A native event no processor accepts: the invocation fails, naming what it saw (Lambda's own wording, exactly). */
function unrecognised(event: unknown, saw: string): ConformanceCase["steps"][number] {
  return {
    input: { kind: "native", event },
    expect: {
      events: [],
      outcome: {
        ok: false,
        error: { $contains: [saw], because: "each adapter words its refusal its own way; it names what it saw" },
      },
      native: { "aws-lambda:event": { error: `Error: Unrecognised Lambda event: no processor matches ${saw}` } },
    },
  };
}

/** Native input that no adapter may crash or hang on. */
export const malformedCases: ConformanceCase[] = [
  {
    id: "malformed.unknown-shape",
    title: "an event no processor recognises fails with an error naming what it saw",
    needs: ["native:aws-lambda"],
    steps: [
      unrecognised({ mystery: true, payload: "?" }, "an event with keys [mystery, payload]"),
      unrecognised(null, "null"),
      unrecognised(["a"], "an array"),
      unrecognised("text", "a string"),
      unrecognised(
        Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
        `an event with keys [${Array.from({ length: 20 }, (_, i) => `k${i}`).join(", ")}, ...]`,
      ),
      unrecognised(
        Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])),
        `an event with keys [${Array.from({ length: 20 }, (_, i) => `k${i}`).join(", ")}]`,
      ),
      unrecognised(
        { Records: [{ eventSource: "aws:codecommit" }] },
        'an event with keys [Records] (Records[0] has eventSource "aws:codecommit")',
      ),
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
          events: [{ kind: "unreadable", error: "InvalidBodyError: Body is not valid base64", issues: [] }],
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
