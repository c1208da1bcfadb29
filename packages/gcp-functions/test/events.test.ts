// Event triggers of both generations through the real Functions Framework: 2nd gen's Eventarc
// CloudEvents, 1st gen's background events, and the push/task/job deliveries an HTTP function takes.
import { readFileSync } from "node:fs";
import { type EventView, eventView } from "@fnport/conformance";
import { defineHandler, forEachMessage } from "@fnport/core";
import { afterEach, describe, expect, test } from "vitest";
import type { CloudFunctionOptions } from "../src/index.ts";
import { closeAll, logCollector, ownHeaderLines, type ReceivedResponse, send, serveFunction } from "./_framework.ts";

afterEach(closeAll);

const fixture = (name: string): string => readFileSync(new URL(`../../../conformance/fixtures/gcp/${name}`, import.meta.url), "utf8");
const EXECUTION_ID = "4pr3mb3d7v1g";
const TRACE = "105445aa7843bc8bf206b12000100000/1;o=1";
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

type Behaviour = "ok" | "fail" | "throw";

/** A function whose app records each event's portable view; messages fail or the handler throws as `behaviour` says. */
async function start(options: CloudFunctionOptions, behaviour: Behaviour = "ok") {
  const views: EventView[] = [];
  const requestIds: string[] = [];
  const fn = await serveFunction(
    defineHandler(async (event, ctx) => {
      views.push(await eventView(event));
      requestIds.push(ctx.requestId);
      if (behaviour === "throw") throw new Error("handler threw");
      if (event.kind === "messages" && behaviour === "fail") {
        return forEachMessage(event, () => Promise.reject(new Error("no")), { onError: () => {} });
      }
      return event.kind === "http" ? { status: 200, body: "plain http" } : undefined;
    }),
    options,
  );
  return { port: fn.port, views, requestIds };
}

function post(port: number, headers: Record<string, string>, body: string | Uint8Array): Promise<ReceivedResponse> {
  return send(port, { method: "POST", path: "/", headers: Object.entries(headers), body });
}

const answered = (response: ReceivedResponse): [number, Array<[string, string]>, string] => [
  response.status,
  ownHeaderLines(response),
  response.text,
];

/** What 1st gen POSTs to an event function: the background event as JSON, with the execution id and the trace. */
const BACKGROUND = { "Content-Type": "application/json", "Function-Execution-Id": EXECUTION_ID, "X-Cloud-Trace-Context": TRACE };

/** Eventarc's headers for a binary-mode delivery of a `type` event from `source` (2nd gen). */
const binary = (type: string, source: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "Content-Type": "application/json",
  "User-Agent": PUSH_AGENT,
  "X-Cloud-Trace-Context": TRACE,
  "ce-id": "3103425958877813",
  "ce-source": source,
  "ce-specversion": "1.0",
  "ce-type": type,
  "ce-time": "2021-02-05T04:06:14.109Z",
  ...extra,
});

const PUBSUB_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
const TOPIC = "//pubsub.googleapis.com/projects/test-project/topics/my-topic";

describe("2nd gen: Eventarc CloudEvents (signature type cloudevent)", () => {
  test("Pub/Sub messagePublished, binary mode → one message, 204; the request id is the trace", async () => {
    const { port, views, requestIds } = await start({ signatureType: "cloudevent" });
    const response = await post(port, binary(PUBSUB_TYPE, TOPIC), fixture("pubsub-push-envelope.json"));
    expect(answered(response)).toEqual([204, [], ""]);
    expect(views).toEqual([
      {
        kind: "messages",
        source: "gcp.pubsub",
        ordered: true,
        messages: [
          {
            kind: "message",
            id: "message-id",
            text: "test message 3",
            attributes: { attr1: "attr1-value" },
            attempt: 1,
            publishedAt: "2021-02-05T04:06:14.109Z",
          },
        ],
      },
    ]);
    expect(requestIds).toEqual(["105445aa7843bc8bf206b12000100000/1"]);
  });

  test("Cloud Storage finalized (binary) and structured mode → storage/created", async () => {
    const { port, views } = await start({ signatureType: "cloudevent" });
    await post(
      port,
      binary("google.cloud.storage.object.v1.finalized", "//storage.googleapis.com/projects/_/buckets/sample-bucket", {
        "ce-subject": "objects/folder/Test.cs",
      }),
      fixture("storage-object-data.json"),
    );
    await post(port, { "Content-Type": "application/cloudevents+json" }, fixture("storage-finalized-cloudevent.json"));
    expect(views.map((view) => [view.kind, view.action, view.bucket, view.key, view.size, view.time])).toEqual([
      ["storage", "created", "sample-bucket", "folder/Test.cs", 352, "2021-02-05T04:06:14.109Z"],
      ["storage", "created", "some-bucket", "folder/Test.cs", 352, "2020-09-29T11:32:00.123Z"],
    ]);
  });

  test("Firestore as Eventarc delivers it (application/protobuf) → a cloudevent whose data is the exact bytes", async () => {
    const { port, views } = await start({ signatureType: "cloudevent" });
    const protobuf = new Uint8Array([0x0a, 0x05, 0x08, 0x96, 0x01, 0x12, 0x00, 0xff]);
    const response = await post(
      port,
      binary("google.cloud.firestore.document.v1.written", "//firestore.googleapis.com/projects/p/databases/(default)", {
        "Content-Type": "application/protobuf",
        "ce-subject": "documents/users/alice",
        "ce-dataschema": "https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/firestore/v1/data.proto",
      }),
      protobuf,
    );
    expect(response.status).toBe(204);
    expect(views).toEqual([
      {
        kind: "cloudevent",
        id: "3103425958877813",
        source: "//firestore.googleapis.com/projects/p/databases/(default)",
        type: "google.cloud.firestore.document.v1.written",
        subject: "documents/users/alice",
        time: "2021-02-05T04:06:14.109Z",
        dataContentType: "application/protobuf",
        data: Buffer.from(protobuf), // bytes, exactly as sent
        extensions: {
          dataschema: "https://github.com/googleapis/google-cloudevents/blob/main/proto/google/events/cloud/firestore/v1/data.proto",
        },
      },
    ]);
  });
});

describe("1st gen: background events (signature type event)", () => {
  test("Pub/Sub ({ context, data }) → one message: eventId is its id, timestamp its publish time; the request id is the execution id", async () => {
    const { port, views, requestIds } = await start({ signatureType: "event" });
    const response = await post(port, BACKGROUND, fixture("pubsub-legacy-background.json"));
    expect(answered(response)).toEqual([204, [], ""]);
    expect(views).toEqual([
      {
        kind: "messages",
        source: "gcp.pubsub",
        ordered: false,
        messages: [
          {
            kind: "message",
            id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
            text: "test message 3",
            attributes: { attr1: "attr1-value" },
            attempt: 1,
            publishedAt: "2020-09-29T11:32:00.123Z",
          },
        ],
      },
    ]);
    expect(requestIds).toEqual([EXECUTION_ID]);
  });

  test("the older flat form (providers/cloud.pubsub) → the same kind of message", async () => {
    const { port, views } = await start({ signatureType: "event" });
    await post(port, BACKGROUND, fixture("pubsub-legacy-background-beta.json"));
    expect(views).toEqual([
      {
        kind: "messages",
        source: "gcp.pubsub",
        ordered: false,
        messages: [
          {
            kind: "message",
            id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
            text: "This is a sample message",
            attributes: { attribute1: "value1" },
            attempt: 1,
            publishedAt: "2020-09-29T11:32:00.123Z",
          },
        ],
      },
    ]);
  });

  test("Cloud Storage finalize → storage/created; Firestore document.write → the cloudevent Google maps it to", async () => {
    const { port, views } = await start({ signatureType: "event" });
    await post(port, BACKGROUND, fixture("storage-legacy-background.json"));
    await post(port, BACKGROUND, fixture("firestore-legacy-background.json"));
    const firestore = JSON.parse(fixture("firestore-legacy-background.json")) as { data: unknown };
    expect(views).toEqual([
      {
        kind: "storage",
        action: "created",
        bucket: "some-bucket",
        key: "folder/Test.cs",
        size: 352,
        etag: "CNHZkbuF/ugCEAE=",
        time: "2020-09-29T11:32:00.123Z",
      },
      {
        kind: "cloudevent",
        id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
        source: "//firestore.googleapis.com/projects/project-id/databases/(default)",
        type: "google.cloud.firestore.document.v1.written",
        subject: "documents/gcf-test/2Vm2mI1d0wIaK2Waj5to",
        time: "2020-09-29T11:32:00.123Z",
        dataContentType: "application/json",
        data: firestore.data,
        extensions: {},
      },
    ]);
  });

  test("a CloudEvent and a bare Pub/Sub push envelope (the emulator pushing straight to the function) are taken too", async () => {
    const { port, views } = await start({ signatureType: "event" });
    await post(port, binary(PUBSUB_TYPE, TOPIC), fixture("pubsub-push-envelope.json"));
    await post(port, { "Content-Type": "application/json" }, fixture("pubsub-push-envelope-minimal.json"));
    expect(views.map((view) => [view.kind, (view.messages as Array<{ id: string; text: string }>)[0]?.text])).toEqual([
      ["messages", "test message 3"],
      ["messages", "\u0001\u0002\u0003\u0004"],
    ]);
  });

  test.each([
    [
      "a JSON body that is no event",
      { "Content-Type": "application/json" },
      '{"hello":"world"}',
      'An event-triggered function (signature type event) takes background events ({ context, data }) or CloudEvents; this body is an object with "hello"',
    ],
    [
      "a body that is not JSON",
      { "Content-Type": "text/plain" },
      "hello",
      "An event-triggered function (signature type event) takes background events or CloudEvents; this request has a text/plain body and no ce-* headers",
    ],
    [
      "no body",
      {},
      "",
      "An event-triggered function (signature type event) takes background events or CloudEvents; this request has no body and no ce-* headers",
    ],
    [
      "bad base64 in a Pub/Sub event",
      { "Content-Type": "application/json" },
      JSON.stringify({
        context: {
          eventId: "1",
          eventType: "google.pubsub.topic.publish",
          resource: { service: "pubsub.googleapis.com", name: "projects/p/topics/t" },
        },
        data: { data: "not*base64!" },
      }),
      "Pub/Sub message data is not valid base64",
    ],
    [
      "a timestamp that is no time",
      { "Content-Type": "application/json" },
      JSON.stringify({
        eventId: "1",
        eventType: "google.storage.object.finalize",
        timestamp: "later",
        resource: "projects/_/buckets/b/objects/o",
        data: {},
      }),
      'A background event\'s timestamp is not a time: "later"',
    ],
  ])("malformed: %s → 400 with the reason and a warning line, before the handler", async (_name, headers, body, reason) => {
    const logs = logCollector();
    const { port, views } = await start({ signatureType: "event", write: logs.write });
    const response = await post(port, { ...headers, "Function-Execution-Id": EXECUTION_ID }, body);
    expect([response.status, response.json(), views.length]).toEqual([400, { error: reason }, 0]);
    expect(logs.lines.map((line) => [line.severity, line.message, line.requestId, line.reason, line.status])).toEqual([
      ["WARNING", "rejected a malformed event delivery", EXECUTION_ID, reason, 400],
    ]);
  });
});

describe("an HTTP deployment (signature type http)", () => {
  test("a JSON body shaped like a background event stays a plain request: only event deployments take them", async () => {
    const { port, views } = await start({ signatureType: "http" });
    const response = await post(port, { "Content-Type": "application/json" }, fixture("pubsub-legacy-background.json"));
    expect([response.status, response.text, views.map((view) => view.kind)]).toEqual([200, "plain http", ["http"]]);
  });

  test("Pub/Sub push, Cloud Tasks and Cloud Scheduler aimed at the function's URL become messages and a schedule", async () => {
    const { port, views } = await start({ signatureType: "http" });
    const push = await post(port, { "Content-Type": "application/json", "User-Agent": PUSH_AGENT }, fixture("pubsub-push-envelope.json"));
    const task = await post(
      port,
      { "Content-Type": "application/json", "X-CloudTasks-TaskName": "task-7", "X-CloudTasks-TaskRetryCount": "2" },
      '{"order":7}',
    );
    const job = await post(
      port,
      {
        "User-Agent": "Google-Cloud-Scheduler",
        "X-CloudScheduler-JobName": "nightly",
        "X-CloudScheduler-ScheduleTime": "2026-03-04T05:06:07Z",
      },
      "",
    );
    expect([push.status, task.status, job.status]).toEqual([204, 204, 204]);
    expect(
      views.map((view) => [
        view.kind,
        view.source ?? view.name,
        (view.messages as Array<{ id: string; attempt: number }> | undefined)?.map((m) => [m.id, m.attempt]),
      ]),
    ).toEqual([
      ["messages", "gcp.pubsub", [["message-id", 1]]],
      ["messages", "gcp.cloudtasks", [["task-7", 3]]],
      ["schedule", "nightly", undefined],
    ]);
  });
});

describe("delivery model 'single': only a finished message is acknowledged", () => {
  test("a failed message answers 500 so the trigger delivers it again (when retries are on)", async () => {
    const [second, first] = await Promise.all([start({ signatureType: "cloudevent" }, "fail"), start({ signatureType: "event" }, "fail")]);
    const eventarc = await post(second.port, binary(PUBSUB_TYPE, TOPIC), fixture("pubsub-push-envelope.json"));
    const background = await post(first.port, BACKGROUND, fixture("pubsub-legacy-background.json"));
    expect([answered(eventarc), answered(background)]).toEqual([
      [
        500,
        [
          ["content-type", "application/json; charset=utf-8"],
          ["content-length", "65"],
        ],
        '{"error":"Message message-id failed: it will be delivered again"}',
      ],
      [
        500,
        [
          ["content-type", "application/json; charset=utf-8"],
          ["content-length", "89"],
        ],
        '{"error":"Message aaaaaa-1111-bbbb-2222-cccccccccccc failed: it will be delivered again"}',
      ],
    ]);
  });

  test("a throw answers a generic 500 for a message and for any other event, with an error line", async () => {
    const logs = logCollector();
    const { port } = await start({ signatureType: "event", write: logs.write }, "throw");
    const message = await post(port, BACKGROUND, fixture("pubsub-legacy-background.json"));
    const storage = await post(port, BACKGROUND, fixture("storage-legacy-background.json"));
    expect([message.status, message.text, storage.status, storage.text]).toEqual([
      500,
      '{"error":"Internal Server Error"}',
      500,
      '{"error":"Internal Server Error"}',
    ]);
    expect(logs.lines.map((line) => [line.severity, line.requestId, (line.error as { message: string }).message])).toEqual([
      ["ERROR", EXECUTION_ID, "handler threw"],
      ["ERROR", EXECUTION_ID, "handler threw"],
    ]);
  });
});
