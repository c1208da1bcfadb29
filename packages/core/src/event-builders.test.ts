import { describe, expect, test } from "vitest";
import { createMessagesEvent, createScheduleEvent, createStorageEvent, MessagesFailedError, requireAllDone } from "./adapter.ts";

describe("createMessagesEvent", () => {
  test("builds the batch with readable messages, unordered by default", async () => {
    const raw = { native: true };
    const event = createMessagesEvent({
      source: "acme.queue",
      messages: [
        { id: "a", body: "one", attributes: { k: "v" }, raw: "ra" },
        { id: "b", body: { base64: "AAE=" }, attempt: 3, publishedAt: new Date(0), raw: "rb" },
      ],
      raw,
    });
    expect([event.kind, event.source, event.ordered, event.raw]).toEqual(["messages", "acme.queue", false, raw]);
    const [first, second] = event.messages;
    expect([first?.id, await first?.text(), first?.attributes, first?.attempt, first?.raw]).toEqual(["a", "one", { k: "v" }, 1, "ra"]);
    expect([second?.id, [...((await second?.bytes()) ?? [])], second?.attempt, second?.publishedAt]).toEqual(["b", [0, 1], 3, new Date(0)]);
    expect(createMessagesEvent({ source: "s", ordered: true, messages: [{ id: "x", body: "", raw: null }], raw: null }).ordered).toBe(true);
  });

  test("refuses an empty batch and a repeated id", () => {
    expect(() => createMessagesEvent({ source: "acme.queue", messages: [], raw: null })).toThrow(
      new TypeError("createMessagesEvent(): a acme.queue batch without messages"),
    );
    const twice = [
      { id: "a", body: "1", raw: null },
      { id: "a", body: "2", raw: null },
    ];
    expect(() => createMessagesEvent({ source: "acme.queue", messages: twice, raw: null })).toThrow(
      new TypeError('createMessagesEvent(): two messages of a acme.queue batch have the id "a"'),
    );
  });
});

describe("createScheduleEvent", () => {
  test("reads the time from a Date, epoch ms or an ISO string", () => {
    const expected = new Date("2026-03-04T05:06:07.000Z");
    for (const scheduledTime of [expected, expected.getTime(), "2026-03-04T05:06:07Z"]) {
      expect(createScheduleEvent({ scheduledTime, cron: "*/5 * * * *", name: "tick", raw: 1 })).toEqual({
        kind: "schedule",
        scheduledTime: expected,
        cron: "*/5 * * * *",
        name: "tick",
        raw: 1,
      });
    }
  });

  test("refuses a time it cannot read, naming it", () => {
    expect(() => createScheduleEvent({ scheduledTime: "yesterday", raw: null })).toThrow(
      new TypeError('createScheduleEvent(): scheduledTime is not a valid time: "yesterday"'),
    );
  });
});

describe("createStorageEvent", () => {
  test("builds the event and refuses an unknown action or time", () => {
    expect(createStorageEvent({ action: "deleted", bucket: "b", key: "a b.txt", time: 0, raw: null })).toEqual({
      kind: "storage",
      action: "deleted",
      bucket: "b",
      key: "a b.txt",
      size: undefined,
      etag: undefined,
      time: new Date(0),
      raw: null,
    });
    const modified = { action: "modified", bucket: "b", key: "k", time: 0, raw: null } as unknown as Parameters<
      typeof createStorageEvent
    >[0];
    expect(() => createStorageEvent(modified)).toThrow(
      new TypeError('createStorageEvent(): action must be "created" or "deleted", got "modified"'),
    );
    expect(() => createStorageEvent({ action: "created", bucket: "b", key: "k", time: Number.NaN, raw: null })).toThrow(
      new TypeError('createStorageEvent(): time is not a valid time: "NaN"'),
    );
  });
});

describe("requireAllDone", () => {
  test("returns when nothing failed and throws naming the failed ids otherwise", () => {
    expect(requireAllDone([])).toBeUndefined();
    expect(() => requireAllDone(["m2"])).toThrow(new MessagesFailedError(["m2"]));
    expect(() => requireAllDone(["m2"])).toThrow("Message m2 failed: the delivery fails so that the provider delivers it again");
    try {
      requireAllDone(["m1", "m3"]);
    } catch (error) {
      expect([(error as MessagesFailedError).name, (error as MessagesFailedError).message, (error as MessagesFailedError).failed]).toEqual([
        "MessagesFailedError",
        "Messages m1, m3 failed: the delivery fails so that the provider delivers it again",
        ["m1", "m3"],
      ]);
    }
    expect.assertions(4);
  });
});
