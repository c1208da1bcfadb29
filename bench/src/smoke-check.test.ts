// The checks the smoke test relies on must reject a wrong answer, or the smoke test proves nothing.
import { describe, expect, it } from "vitest";
import { checkHelloResult, checkSqsResult } from "./aws-lambda/check.ts";
import { FAILING_MESSAGE_ID } from "./aws-lambda/events.ts";
import { checkAnswer } from "./cloud-run/servers.ts";

describe("answer checks", () => {
  const hello = { statusCode: 200, headers: { "Content-Type": "application/json" }, body: '{"message":"hello, bench"}' };

  it("accept the hello, in any header case and base64-encoded", () => {
    expect(() => checkHelloResult("s", hello)).not.toThrow();
    expect(() =>
      checkHelloResult("s", {
        statusCode: 200,
        multiValueHeaders: { "content-type": ["application/json; charset=utf-8"] },
        body: Buffer.from(hello.body).toString("base64"),
        isBase64Encoded: true,
      }),
    ).not.toThrow();
  });

  it("reject a wrong status, content type or body", () => {
    expect(() => checkHelloResult("s", { ...hello, statusCode: 500 })).toThrow("s answered 500 (application/json)");
    expect(() => checkHelloResult("s", { ...hello, headers: { "content-type": "text/plain" } })).toThrow("s answered 200 (text/plain)");
    expect(() => checkHelloResult("s", { ...hello, body: '{"message":"hello, world"}' })).toThrow('s answered {"message":"hello, world"}');
  });

  it("want exactly the failing message from an SQS subject", () => {
    expect(() => checkSqsResult("s", { batchItemFailures: [{ itemIdentifier: FAILING_MESSAGE_ID }] })).not.toThrow();
    expect(() => checkSqsResult("s", { batchItemFailures: [] })).toThrow('s answered {"batchItemFailures":[]}');
  });

  it("want the hello from a server", () => {
    expect(() =>
      checkAnswer("s", { status: 200, contentType: "application/json; charset=utf-8", text: '{"message":"hello, bench"}' }),
    ).not.toThrow();
    expect(() => checkAnswer("s", { status: 200, contentType: "text/html", text: '{"message":"hello, bench"}' })).toThrow(
      "s answered 200 (text/html)",
    );
  });
});
