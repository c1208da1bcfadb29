import { defineHandler, forEachMessage } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { lambda } from "./index.ts";
import { deliver, fixture, lambdaContext, messagesView } from "./test-helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const batch = fixture("sqs-batch.json");
const [FIRST, SECOND] = ["059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da"];

/** The SQS batch fixture as a FIFO queue's batch with a third message. */
function fifoBatch(): Record<string, unknown> {
  const records = (fixture("sqs-batch.json").Records as Array<Record<string, unknown>>).map((record) => ({
    ...record,
    eventSourceARN: "arn:aws:sqs:us-east-2:123456789012:my-queue.fifo",
  }));
  return { Records: [...records, { ...records[0], messageId: "third", body: "third" }] };
}

describe("SQS", () => {
  test("reads a real batch: ids, bodies, string attributes, attempts, sent time; all succeed", async () => {
    const { events, output } = await deliver(batch);
    expect([await messagesView(events[0]), output]).toEqual([
      {
        source: "aws.sqs",
        ordered: false,
        messages: [
          { id: FIRST, text: "Test message.", attributes: { testAttr: "100" }, attempt: 1, publishedAt: "2018-12-17T21:37:29.183Z" },
          { id: SECOND, text: '{"message": "foo1"}', attributes: {}, attempt: 1, publishedAt: "2018-12-17T21:37:30.636Z" },
        ],
      },
      { batchItemFailures: [] },
    ]);
  });

  test("attempt is ApproximateReceiveCount; binary attributes are left out", async () => {
    const { events } = await deliver(fixture("sqs-single.json"));
    expect(await messagesView(events[0])).toEqual({
      source: "aws.sqs",
      ordered: false,
      messages: [
        {
          id: "MessageID_1",
          text: "Message Body",
          attributes: { Attribute2: "123", Attribute1: "AttributeValue1" },
          attempt: 2,
          publishedAt: "2018-03-09T18:53:45.029Z",
        },
      ],
    });
  });

  test("reports failed SQS messages as batchItemFailures", async () => {
    const { output } = await deliver(batch, {}, { failed: [SECOND] });
    expect(output).toEqual({ batchItemFailures: [{ itemIdentifier: SECOND }] });
  });

  test("reports the messages forEachMessage saw fail", async () => {
    const handler = lambda(
      defineHandler(async (event) => {
        if (event.kind !== "messages") return undefined;
        return forEachMessage(event, async (message) => message.json(), { onError: () => {} });
      }),
    );
    expect(await handler(batch, lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: FIRST }] });
  });

  test("a handler throw fails the whole invocation with that error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = new Error("batch handler threw");
    const handler = lambda(
      defineHandler(() => {
        throw boom;
      }),
    );
    await expect(handler(batch, lambdaContext())).rejects.toBe(boom);
  });

  test("an id that is not in the batch fails the invocation", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(deliver(batch, {}, { failed: ["not-in-batch"] })).rejects.toThrow(
      'The handler reported message "not-in-batch" as failed, but it is not in this batch',
    );
  });

  test("a FIFO queue's batch is ordered: after the first failure every later message is reported", async () => {
    const seen: string[] = [];
    const handler = lambda(
      defineHandler(async (event) => {
        if (event.kind !== "messages") return undefined;
        return forEachMessage(
          event,
          (message) => {
            seen.push(message.id);
            if (message.id === SECOND) throw new Error("fails");
          },
          { onError: () => {} },
        );
      }),
    );
    const output = await handler(fifoBatch(), lambdaContext());
    expect([seen, output]).toEqual([[FIRST, SECOND], { batchItemFailures: [{ itemIdentifier: SECOND }, { itemIdentifier: "third" }] }]);
  });

  test("a FIFO batch whose handler returns { failed: [one] } reports that one and every later message", async () => {
    const { output } = await deliver(fifoBatch(), {}, { failed: [SECOND] });
    expect(output).toEqual({ batchItemFailures: [{ itemIdentifier: SECOND }, { itemIdentifier: "third" }] });
  });

  test("a standard queue's batch reports only the messages the handler named", async () => {
    const records = fifoBatch().Records as Array<Record<string, unknown>>;
    const standard = { Records: records.map((record) => ({ ...record, eventSourceARN: "arn:aws:sqs:us-east-2:123456789012:my-queue" })) };
    const { output } = await deliver(standard, {}, { failed: [SECOND] });
    expect(output).toEqual({ batchItemFailures: [{ itemIdentifier: SECOND }] });
  });

  test("marks a FIFO batch ordered", async () => {
    const { events } = await deliver(fifoBatch());
    expect((await messagesView(events[0])).ordered).toBe(true);
  });
});
