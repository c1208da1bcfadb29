import { serialize } from "node:v8";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logLine, startWorker, type WorkerLogs } from "./_workerd.ts";

const entry = new URL("./workers/events.ts", import.meta.url);

type Recorded = Record<string, unknown> & { messages?: Array<Record<string, unknown>> };

const at = (iso: string) => new Date(iso);
const message = (id: string, body: unknown, attempts = 1) => ({ id, timestamp: at("2026-01-01T00:00:00.000Z"), attempts, body });
// Miniflare cannot pass a Node `Buffer` to workerd (its serialiser allows plain typed arrays only): copy to an ArrayBuffer.
const v8Body = (value: unknown): ArrayBuffer => new Uint8Array(serialize(value)).buffer;

describe("queue and scheduled in workerd", { timeout: 20_000 }, () => {
  let mf: Miniflare;
  let logs: WorkerLogs;
  const recorded = async (): Promise<Recorded[]> => (await (await mf.dispatchFetch("http://worker.test/recorded")).json()) as Recorded[];
  const last = async (): Promise<Recorded> => (await recorded()).at(-1) as Recorded;

  beforeAll(async () => {
    ({ mf, logs } = await startWorker(entry, {
      bindings: { GREETING: "howdy" },
      queueProducers: { QUEUE: "jobs" },
      queueConsumers: { jobs: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 0 } },
    }));
  }, 30_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it("acks a batch whose messages all succeed; init ran once with the bindings; coldStart true, then false", async () => {
    // Its own isolate: whatever order the tests run in, it has served nothing before.
    const fresh = await startWorker(entry, { bindings: { GREETING: "howdy" } });
    const last = async (): Promise<Recorded> =>
      ((await (await fresh.mf.dispatchFetch("http://worker.test/recorded")).json()) as Recorded[]).at(-1) as Recorded;
    const worker = await fresh.mf.getWorker();
    const result = await worker.queue("jobs", [
      { id: "m1", timestamp: at("2026-03-04T05:06:07.089Z"), attempts: 1, body: "one" },
      { id: "m2", timestamp: at("2026-03-04T05:06:08.000Z"), attempts: 3, body: "two" },
    ]);
    expect(result).toEqual({ outcome: "ok", ackAll: true, retryBatch: { retry: false }, explicitAcks: [], retryMessages: [] });
    expect(await last()).toMatchObject({
      kind: "messages",
      source: "cloudflare.queue",
      ordered: false,
      context: { provider: "cloudflare-workers", coldStart: true, deadline: null, greeting: "howdy", initCalls: 1 },
      messages: [
        { id: "m1", text: "one", attempt: 1, publishedAt: "2026-03-04T05:06:07.089Z" },
        { id: "m2", text: "two", attempt: 3, publishedAt: "2026-03-04T05:06:08.000Z" },
      ],
    });
    await worker.scheduled({ scheduledTime: at("2026-03-04T05:06:07.000Z"), cron: "*/5 * * * *" });
    expect(await last()).toMatchObject({ kind: "schedule", context: { coldStart: false, initCalls: 1 } });
    await fresh.mf.dispose();
  });

  it("retries the failed messages and acks the others", async () => {
    const result = await (await mf.getWorker()).queue("jobs", [message("m1", "fail"), message("m2", "ok"), message("m3", "fail")]);
    expect(result).toEqual({
      outcome: "ok",
      ackAll: false,
      retryBatch: { retry: false },
      explicitAcks: ["m2"],
      retryMessages: [{ msgId: "m1" }, { msgId: "m3" }],
    });
  });

  it("retries the whole batch when the handler throws, and fails the invocation", async () => {
    const result = await (await mf.getWorker()).queue("jobs", [message("m1", "ok"), message("m2", "throw-batch")]);
    expect(result).toEqual({ outcome: "exception", ackAll: false, retryBatch: { retry: true }, explicitAcks: [], retryMessages: [] });
  });

  it("retries the whole batch when the handler returns Lambda's { batchItemFailures } instead of { failed }", async () => {
    const result = await (await mf.getWorker()).queue("jobs", [message("m1", "lambda-shape"), message("m2", "ok")]);
    expect(result).toEqual({ outcome: "exception", ackAll: false, retryBatch: { retry: true }, explicitAcks: [], retryMessages: [] });
  });

  it("reads bodies of every kind: strings as they are, bytes as bytes, other values as JSON", async () => {
    const result = await (await mf.getWorker()).queue("jobs", [
      message("string", '{"n":1}'),
      message("object", { n: 2, nested: [true, null] }),
      message("number", 42),
      message("null", null),
      message("uint8array", new Uint8Array([0, 1, 2, 253, 254, 255])),
      message("arraybuffer", new Uint8Array([104, 105]).buffer),
      { id: "v8-map", timestamp: at("2026-01-01T00:00:00.000Z"), attempts: 1, serializedBody: v8Body(new Map([["a", new Date(0)]])) },
      { id: "v8-date", timestamp: at("2026-01-01T00:00:00.000Z"), attempts: 1, serializedBody: v8Body(new Date(Date.UTC(2026, 0, 2))) },
      {
        id: "v8-set-bigint",
        timestamp: at("2026-01-01T00:00:00.000Z"),
        attempts: 1,
        serializedBody: v8Body({ s: new Set([1, 2]), b: 10n }),
      },
    ]);
    expect(result).toMatchObject({ outcome: "ok", ackAll: true });
    const { messages } = await last();
    expect(messages).toEqual([
      {
        id: "string",
        text: '{"n":1}',
        bytesBase64: "eyJuIjoxfQ==",
        json: { n: 1 },
        attempt: 1,
        publishedAt: "2026-01-01T00:00:00.000Z",
        rawType: "[object String]",
      },
      expect.objectContaining({
        id: "object",
        text: '{"n":2,"nested":[true,null]}',
        json: { n: 2, nested: [true, null] },
        rawType: "[object Object]",
      }),
      expect.objectContaining({ id: "number", text: "42", json: 42 }),
      expect.objectContaining({ id: "null", text: "null", json: null }),
      expect.objectContaining({ id: "uint8array", bytesBase64: "AAEC/f7/", rawType: "[object Uint8Array]" }),
      expect.objectContaining({ id: "arraybuffer", text: "hi", bytesBase64: "aGk=", rawType: "[object ArrayBuffer]" }),
      expect.objectContaining({ id: "v8-map", text: '{"a":"1970-01-01T00:00:00.000Z"}', rawType: "[object Map]" }),
      expect.objectContaining({
        id: "v8-date",
        text: '"2026-01-02T00:00:00.000Z"',
        json: "2026-01-02T00:00:00.000Z",
        rawType: "[object Date]",
      }),
      expect.objectContaining({ id: "v8-set-bigint", json: { s: [1, 2], b: "10" } }),
    ]);
  });

  it("reads what a producer sent with each content type, through the runtime's queue", async () => {
    const before = (await recorded()).length;
    await mf.dispatchFetch("http://worker.test/send");
    // The queue may hand the four messages over in more than one batch: gather them from every batch after the send.
    let batches: Recorded[] = [];
    const received = () => batches.flatMap((batch) => batch.messages ?? []);
    for (let i = 0; i < 100 && received().length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      batches = (await recorded()).slice(before).filter((entry) => entry.kind === "messages");
    }
    const byType = Object.fromEntries(received().map((m) => [m.rawType, { text: m.text, json: m.json, bytes: m.bytesBase64 }]));
    expect(received()).toHaveLength(4);
    expect(byType).toEqual({
      "[object String]": { text: "plain text", json: expect.stringMatching(/^\(not JSON\)/), bytes: "cGxhaW4gdGV4dA==" },
      "[object Object]": { text: '{"n":1,"list":["a"]}', json: { n: 1, list: ["a"] }, bytes: expect.any(String) },
      "[object ArrayBuffer]": { text: expect.any(String), json: expect.any(String), bytes: "AAH+/w==" },
      "[object Map]": {
        text: '{"when":"2026-01-02T00:00:00.000Z","big":"12"}',
        json: { when: "2026-01-02T00:00:00.000Z", big: "12" },
        bytes: expect.any(String),
      },
    });
    expect(batches.map((batch) => batch.source)).toEqual(batches.map(() => "cloudflare.queue"));
  });

  it("runs a scheduled event with its time and cron", async () => {
    const result = await (await mf.getWorker()).scheduled({ scheduledTime: at("2026-03-04T05:06:07.000Z"), cron: "*/5 * * * *" });
    expect(result).toEqual({ outcome: "ok", noRetry: false });
    expect(await last()).toMatchObject({ kind: "schedule", scheduledTime: "2026-03-04T05:06:07.000Z", cron: "*/5 * * * *" });
  });

  it("has no cron when the trigger names none", async () => {
    await (await mf.getWorker()).scheduled({ scheduledTime: at("2026-03-04T05:06:07.000Z") });
    expect(await last()).toMatchObject({ kind: "schedule", cron: null });
  });

  it("a rejected waitUntil promise is logged and leaves the cron run ok (one policy on every provider)", async () => {
    const result = await (await mf.getWorker()).scheduled({ scheduledTime: at("2026-03-04T05:06:07.000Z"), cron: "1 1 1 1 1" });
    expect(result).toEqual({ outcome: "ok", noRetry: false });
    expect(JSON.parse((await logLine(logs, "background work failed")) ?? "{}")).toMatchObject({
      level: "error",
      message: "waitUntil promise rejected",
      provider: "cloudflare-workers",
      error: { name: "Error", message: "background work failed" },
    });
  });

  it("fails the scheduled invocation when the handler throws", async () => {
    const result = await (await mf.getWorker()).scheduled({ scheduledTime: at("2026-03-04T00:00:00.000Z"), cron: "0 0 * * *" });
    expect(result).toEqual({ outcome: "exception", noRetry: false });
  });
});
