import { defineHandler } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { lambda } from "./index.ts";
import { deliver, fixture, lambdaContext, messagesView } from "./test-helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const notification = fixture("sns.json");

describe("SNS", () => {
  test("reads a real notification: the Message is the body, every MessageAttribute value an attribute", async () => {
    const { events, output } = await deliver(notification);
    expect([await messagesView(events[0]), output]).toEqual([
      {
        source: "aws.sns",
        ordered: false,
        messages: [
          {
            id: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
            text: "Hello from SNS!",
            attributes: { Test: "TestString", TestBinary: "TestBinary" },
            attempt: 1,
            publishedAt: "2015-06-03T17:43:27.123Z",
          },
        ],
      },
      undefined,
    ]);
  });

  test("a failed message fails the invocation so that Lambda retries it", async () => {
    await expect(deliver(notification, {}, { failed: ["95df01b4-ee98-5cb9-9903-4c221d41eb5e"] })).rejects.toThrow(
      new Error("SNS message 95df01b4-ee98-5cb9-9903-4c221d41eb5e failed; the invocation fails so that Lambda retries it"),
    );
  });

  test("a handler throw fails the invocation with that error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = new Error("boom");
    const handler = lambda(
      defineHandler(() => {
        throw boom;
      }),
    );
    await expect(handler(notification, lambdaContext())).rejects.toBe(boom);
  });
});
