import { describe, expect, test, vi } from "vitest";
import { cloudEvent, httpEvent, messagesEvent, scheduleEvent, storageEvent } from "../testing.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("httpEvent", () => {
  test("defaults to GET / from 127.0.0.1 with no headers, query or body", async () => {
    const event = httpEvent();
    expect([event.kind, event.method, event.path, event.rawQuery, { ...event.headers }, event.ip, await event.text()]).toEqual([
      "http",
      "GET",
      "/",
      "",
      {},
      "127.0.0.1",
      "",
    ]);
  });

  test("splits the query off the path and appends the query option, repeating arrays", () => {
    const event = httpEvent({ path: "/search?q=a&q=b", query: { page: "2", tag: ["x y", "z&"] } });
    expect([event.path, event.rawQuery]).toEqual(["/search", "q=a&q=b&page=2&tag=x+y&tag=z%26"]);
    expect(event.queryAll("tag")).toEqual(["x y", "z&"]);
  });

  test("keeps a second ? in the query", () => {
    expect(httpEvent({ path: "/a?b=c?d" }).rawQuery).toBe("b=c?d");
  });

  test("sends headers (arrays repeated) and cookies as the cookie header", () => {
    const event = httpEvent({ headers: { "X-A": ["1", "2"], cookie: "pre=0" }, cookies: { sid: "abc", theme: "dark" } });
    expect({ ...event.headers }).toEqual({ "x-a": "1, 2", cookie: "pre=0; sid=abc; theme=dark" });
    expect({ ...event.cookies }).toEqual({ pre: "0", sid: "abc", theme: "dark" });
  });

  test("sends a JSON body with content-type application/json unless one is given", async () => {
    const event = httpEvent({ method: "post", body: { a: [1] } });
    expect([event.method, event.headers["content-type"], await event.text()]).toEqual(["POST", "application/json", '{"a":[1]}']);
    const typed = httpEvent({ body: [1], headers: { "Content-Type": "application/vnd.x+json" } });
    expect(typed.headers["content-type"]).toBe("application/vnd.x+json");
    expect(await httpEvent({ body: null }).text()).toBe("null");
    expect(await httpEvent({ body: false }).text()).toBe("false");
  });

  test("sends a string or bytes body as it is, without a content type", async () => {
    const text = httpEvent({ body: "raw" });
    const bytes = httpEvent({ body: new Uint8Array([1, 2]) });
    expect([await text.text(), text.headers["content-type"], await bytes.bytes(), bytes.headers["content-type"]]).toEqual([
      "raw",
      undefined,
      new Uint8Array([1, 2]),
      undefined,
    ]);
  });

  test("keeps the options as raw and takes an ip", () => {
    const options = { ip: "203.0.113.9" };
    const event = httpEvent(options);
    expect([event.ip, event.raw]).toEqual(["203.0.113.9", options]);
  });
});

describe("messagesEvent", () => {
  test("numbers ids m1, m2, ... and defaults source, ordered, attempt and attributes", async () => {
    const event = messagesEvent({ messages: [{ body: "a" }, { id: "own", body: { n: 1 } }] });
    expect([
      event.kind,
      event.source,
      event.ordered,
      event.messages.map((m) => [m.id, m.attempt, { ...m.attributes }, m.publishedAt]),
    ]).toEqual([
      "messages",
      "test",
      false,
      [
        ["m1", 1, {}, undefined],
        ["own", 1, {}, undefined],
      ],
    ]);
    expect([await event.messages[0]?.text(), await event.messages[1]?.json()]).toEqual(["a", { n: 1 }]);
  });

  test("takes source, ordered, attributes, attempt and publishedAt", () => {
    const publishedAt = new Date("2024-05-01T00:00:00Z");
    const options = { source: "aws.sqs", ordered: true, messages: [{ body: "x", attributes: { k: "v" }, attempt: 4, publishedAt }] };
    const event = messagesEvent(options);
    const [message] = event.messages;
    expect([event.source, event.ordered, event.raw, message?.attributes, message?.attempt, message?.publishedAt, message?.raw]).toEqual([
      "aws.sqs",
      true,
      options,
      { k: "v" },
      4,
      publishedAt,
      options.messages[0],
    ]);
  });
});

describe("storageEvent, scheduleEvent, cloudEvent", () => {
  test("storageEvent defaults to created now", () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 1) });
    try {
      expect(storageEvent({ bucket: "b", key: "a/b.txt" })).toEqual({
        kind: "storage",
        action: "created",
        bucket: "b",
        key: "a/b.txt",
        size: undefined,
        etag: undefined,
        time: new Date(Date.UTC(2024, 0, 1)),
        raw: { bucket: "b", key: "a/b.txt" },
      });
    } finally {
      vi.useRealTimers();
    }
  });

  test("storageEvent takes every field", () => {
    const time = new Date("2024-02-02T00:00:00Z");
    expect(storageEvent({ action: "deleted", bucket: "b", key: "k", size: 12, etag: "e", time })).toMatchObject({
      action: "deleted",
      size: 12,
      etag: "e",
      time,
    });
  });

  test("scheduleEvent defaults to now and takes cron and name", () => {
    vi.useFakeTimers({ now: 5000 });
    try {
      expect(scheduleEvent()).toEqual({ kind: "schedule", scheduledTime: new Date(5000), cron: undefined, name: undefined, raw: {} });
    } finally {
      vi.useRealTimers();
    }
    const scheduledTime = new Date(0);
    expect(scheduleEvent({ scheduledTime, cron: "*/5 * * * *", name: "tick" })).toMatchObject({
      scheduledTime,
      cron: "*/5 * * * *",
      name: "tick",
    });
  });

  test("cloudEvent gives a random UUID id and empty extensions by default", () => {
    const event = cloudEvent({ source: "//storage", type: "com.example.created" });
    expect(event).toEqual({
      kind: "cloudevent",
      id: expect.stringMatching(UUID),
      source: "//storage",
      type: "com.example.created",
      subject: undefined,
      time: undefined,
      dataContentType: undefined,
      data: undefined,
      extensions: {},
      raw: { source: "//storage", type: "com.example.created" },
    });
  });

  test("cloudEvent takes every attribute", () => {
    const time = new Date(1);
    const init = {
      id: "1",
      source: "s",
      type: "t",
      subject: "sub",
      time,
      dataContentType: "application/json",
      data: { a: 1 },
      extensions: { traceparent: "00-x" },
    };
    expect(cloudEvent(init)).toEqual({ kind: "cloudevent", ...init, raw: init });
  });
});
