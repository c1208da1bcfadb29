import { defineHandler, type FnEvent } from "@fnport/core";
import { afterEach, describe, expect, test, vi } from "vitest";
import { lambda } from "./index.ts";
import { deliver, fixture, lambdaContext } from "./test-helpers.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

const put = fixture("s3-put.json");
const removed = fixture("s3-delete.json");
const putRecord = (put.Records as unknown[])[0] as Record<string, unknown>;
const deleteRecord = (removed.Records as unknown[])[0] as Record<string, unknown>;

function withKey(record: Record<string, unknown>, key: string, eventName?: string): Record<string, unknown> {
  const s3 = record.s3 as { object: object };
  return { ...record, eventName: eventName ?? record.eventName, s3: { ...s3, object: { ...s3.object, key } } };
}

describe("S3", () => {
  test("an S3 put becomes storage/created with the key decoded", async () => {
    const { events, output } = await deliver(put);
    expect([events, output]).toEqual([
      [
        {
          kind: "storage",
          action: "created",
          bucket: "sourcebucket",
          key: "Happy Face.jpg",
          size: 1024,
          etag: "d41d8cd98f00b204e9800998ecf8427e",
          time: new Date("1970-01-01T00:00:00.123Z"),
          raw: putRecord,
        },
      ],
      undefined,
    ]);
  });

  test("an S3 delete becomes storage/deleted without size or etag", async () => {
    const { events } = await deliver(removed);
    expect(events).toEqual([
      {
        kind: "storage",
        action: "deleted",
        bucket: "lambda-artifacts-deafc19498e3f2df",
        key: "b21b84d653bb07b05b1e6b33684dc11b",
        size: undefined,
        etag: undefined,
        time: new Date("2019-09-03T19:37:27.192Z"),
        raw: deleteRecord,
      },
    ]);
  });

  test("decodes + as a space and percent-escapes in keys, and keeps a malformed escape as sent", async () => {
    const event = { Records: [withKey(putRecord, "photos/summer+2024/caf%C3%A9%2B1.jpg"), withKey(putRecord, "100%+sure")] };
    const { events } = await deliver(event);
    expect(events.map((one) => (one.kind === "storage" ? one.key : one.kind))).toEqual(["photos/summer 2024/café+1.jpg", "100% sure"]);
  });

  test("counts a lifecycle expiration as deleted", async () => {
    const { events } = await deliver({ Records: [withKey(deleteRecord, "old.log", "LifecycleExpiration:Delete")] });
    expect(events.map((one) => (one.kind === "storage" ? one.action : one.kind))).toEqual(["deleted"]);
  });

  test("runs one storage event per record, in sequence", async () => {
    const steps: string[] = [];
    const handler = lambda(
      defineHandler(async (event) => {
        if (event.kind !== "storage") return;
        steps.push(`start ${event.action}`);
        await new Promise((resolve) => setTimeout(resolve, event.action === "created" ? 20 : 0));
        steps.push(`end ${event.action}`);
      }),
    );
    await handler({ Records: [putRecord, deleteRecord] }, lambdaContext());
    expect(steps).toEqual(["start created", "end created", "start deleted", "end deleted"]);
  });

  test("a throw stops at that record and fails the invocation", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const seen: string[] = [];
    const boom = new Error("boom");
    const handler = lambda(
      defineHandler((event) => {
        seen.push(event.kind === "storage" ? event.action : event.kind);
        throw boom;
      }),
    );
    await expect(handler({ Records: [putRecord, deleteRecord] }, lambdaContext())).rejects.toBe(boom);
    expect(seen).toEqual(["created"]);
  });

  test("delivers any other notification (a restore) as a cloudevent of type eventName", async () => {
    const record = withKey(putRecord, "archive/a+b.bin", "ObjectRestore:Completed");
    const { events } = await deliver({ Records: [record] });
    expect(events).toEqual<FnEvent[]>([
      {
        kind: "cloudevent",
        id: "Happy Sequencer",
        source: "aws.s3",
        type: "ObjectRestore:Completed",
        subject: "archive/a b.bin",
        time: new Date("1970-01-01T00:00:00.123Z"),
        dataContentType: "application/json",
        data: record.s3,
        extensions: { bucket: "sourcebucket", region: "us-east-1" },
        raw: record,
      },
    ]);
  });
});
