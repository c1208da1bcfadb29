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
        expect: { outcome: { ok: false, error: { $contains: ["mystery", "payload"] } } },
      },
    ],
  },
  {
    id: "malformed.bad-base64",
    title: "a body flagged base64 that is not base64 answers 400",
    needs: ["http", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "fixture", fixture: "aws/function-url-request-base64-body.json", patch: { body: "not*base64!" } },
        expect: { response: { status: 400, bodyJson: { error: "Body is not valid base64" } } },
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
              { id: "good", body: '{"n":1}' },
              { id: "bad", body: '{"n": not json' },
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
