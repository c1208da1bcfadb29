import { defineHandler, forEachMessage } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { lambda } from "./index.ts";
import { deliver, fixture, lambdaContext, messagesView } from "./test-helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const KINESIS_FIRST = "49568167373333333333333333333333333333333333333333333333";
const KINESIS_SECOND = "49568167373333333334444444444444444444444444444444444444";
const DYNAMODB_SEQUENCE = "1405400000000002063282832";

/** A handler that fails the messages whose text is in `failing`, in order. */
function failing(...texts: string[]) {
  return lambda(
    defineHandler(async (event) => {
      if (event.kind !== "messages") return undefined;
      return forEachMessage(
        event,
        async (message) => {
          if (texts.includes(await message.text())) throw new Error("fails");
        },
        { onError: () => {} },
      );
    }),
  );
}

describe("Kinesis", () => {
  test("reads a real batch: ordered, ids are sequence numbers, base64 data decoded", async () => {
    const { events, output } = await deliver(fixture("kinesis.json"));
    expect([await messagesView(events[0]), output]).toEqual([
      {
        source: "aws.kinesis",
        ordered: true,
        messages: [
          {
            id: KINESIS_FIRST,
            text: "Hello World",
            attributes: { partitionKey: "s1" },
            attempt: 1,
            publishedAt: "2016-12-02T01:18:43.477Z",
          },
          {
            id: KINESIS_SECOND,
            text: "Hello World",
            attributes: { partitionKey: "s1" },
            attempt: 1,
            publishedAt: "2016-12-04T08:52:03.477Z",
          },
        ],
      },
      { batchItemFailures: [] },
    ]);
  });

  test("reports failures by sequence number in batchItemFailures", async () => {
    const event = fixture("kinesis.json");
    const records = event.Records as Array<{ kinesis: { data: string } }>;
    (records[1] as { kinesis: { data: string } }).kinesis.data = Buffer.from("fail me").toString("base64");
    expect(await failing("fail me")(event, lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: KINESIS_SECOND }] });
  });

  test("a returned { failed: [first] } also fails every later record (the shard is ordered)", async () => {
    const { output } = await deliver(fixture("kinesis.json"), {}, { failed: [KINESIS_FIRST] });
    expect(output).toEqual({ batchItemFailures: [{ itemIdentifier: KINESIS_FIRST }, { itemIdentifier: KINESIS_SECOND }] });
  });

  test("a failing first record fails every later one (the shard is ordered), though the later one would succeed", async () => {
    // Distinct records: only the first fails in the handler; the second is reported for the order alone.
    const event = fixture("kinesis.json");
    const records = event.Records as Array<{ kinesis: { data: string } }>;
    (records[1] as { kinesis: { data: string } }).kinesis.data = Buffer.from("fine").toString("base64");
    const seen: string[] = [];
    const handler = lambda(
      defineHandler(async (native) => {
        if (native.kind !== "messages") return undefined;
        return forEachMessage(
          native,
          async (message) => {
            const text = await message.text();
            seen.push(text);
            if (text === "Hello World") throw new Error("fails");
          },
          { onError: () => {} },
        );
      }),
    );
    expect(await handler(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: KINESIS_FIRST }, { itemIdentifier: KINESIS_SECOND }],
    });
    // The later record is not run after the failure: it comes again, in order.
    expect(seen).toEqual(["Hello World"]);
  });

  test("a handler throw fails the whole invocation", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const boom = new Error("boom");
    const handler = lambda(
      defineHandler(() => {
        throw boom;
      }),
    );
    await expect(handler(fixture("kinesis.json"), lambdaContext())).rejects.toBe(boom);
  });
});

describe("DynamoDB Streams", () => {
  test("reads a real batch: ordered, ids are sequence numbers, bodies the stream record as JSON", async () => {
    const event = fixture("dynamodb-streams.json");
    const records = event.Records as Array<{ dynamodb: unknown }>;
    const { events, output } = await deliver(event);
    expect([await messagesView(events[0]), output]).toEqual([
      {
        source: "aws.dynamodb",
        ordered: true,
        messages: records.map((record) => ({
          id: DYNAMODB_SEQUENCE,
          text: JSON.stringify(record.dynamodb),
          attributes: { eventName: "INSERT" },
          attempt: 1,
          publishedAt: "2016-12-02T01:27:00.000Z",
        })),
      },
      { batchItemFailures: [] },
    ]);
  });

  test("keeps Keys and NewImage in DynamoDB's typed JSON", async () => {
    const { events } = await deliver(fixture("dynamodb-streams.json"));
    const first = events[0]?.kind === "messages" ? events[0].messages[0] : undefined;
    expect(await first?.json()).toMatchObject({
      Keys: { val: { S: "data" }, key: { S: "binary" } },
      NewImage: { asdf1: { B: "AAEqQQ==" }, asdf2: { BS: ["AAEqQQ==", "QSoBAA=="] } },
      StreamViewType: "NEW_AND_OLD_IMAGES",
    });
  });

  test("a failing first record fails every later one by its own sequence number (the shard is ordered)", async () => {
    // The fixture's records share a sequence number: give each its own, and fail only the first in the handler.
    const event = fixture("dynamodb-streams.json");
    const records = event.Records as Array<{ eventID: string; dynamodb: { SequenceNumber: string } }>;
    (records[1] as { dynamodb: { SequenceNumber: string } }).dynamodb.SequenceNumber = "1405400000000002063282999";
    const first = records[0]?.eventID;
    const handler = lambda(
      defineHandler(async (native) => {
        if (native.kind !== "messages") return undefined;
        return forEachMessage(
          native,
          async (message) => {
            if ((message.raw as { eventID: string }).eventID === first) throw new Error("fails");
          },
          { onError: () => {} },
        );
      }),
    );
    expect(await handler(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: DYNAMODB_SEQUENCE }, { itemIdentifier: "1405400000000002063282999" }],
    });
  });

  test("reports failures with dynamodb.SequenceNumber as itemIdentifier", async () => {
    const event = fixture("dynamodb-streams.json");
    const records = event.Records as Array<{ dynamodb: { SequenceNumber: string } }>;
    (records[1] as { dynamodb: { SequenceNumber: string } }).dynamodb.SequenceNumber = "1405400000000002063282999";
    const { output } = await deliver(event, {}, { failed: ["1405400000000002063282999"] });
    expect(output).toEqual({ batchItemFailures: [{ itemIdentifier: "1405400000000002063282999" }] });
  });
});
