import { readFileSync } from "node:fs";
import { type EventView, eventView } from "@fnport/conformance";
import { defineHandler, forEachMessage, HttpError } from "@fnport/core";
import { afterEach, describe, expect, test } from "vitest";
import type { CloudRunServer } from "../src/index.ts";
import { logCollector, ownHeaderLines, type ReceivedResponse, send, serve } from "./_client.ts";

const fixture = (name: string): string => readFileSync(new URL(`../../../conformance/fixtures/gcp/${name}`, import.meta.url), "utf8");
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";
const TRACE = "105445aa7843bc8bf206b12000100000/1;o=1";

type Behaviour = "ok" | "fail" | "throw" | "busy";
const running: CloudRunServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** A server whose app records each event's portable view; messages fail or throw as `behaviour` says. */
async function start(behaviour: Behaviour = "ok", write?: (line: string) => void) {
  const views: Array<EventView | { kind: "unreadable"; error: string }> = [];
  const app = defineHandler(async (event) => {
    views.push(await eventView(event).catch((error: unknown) => ({ kind: "unreadable" as const, error: String(error) })));
    if (behaviour === "throw") throw new Error("handler threw");
    if (behaviour === "busy") throw new HttpError(503, "busy", { headers: { "retry-after": "30" } });
    if (event.kind === "messages" && behaviour === "fail")
      return forEachMessage(event, () => Promise.reject(new Error("no")), { onError: () => {} });
    if (event.kind === "http") return { status: 200, body: "plain http" };
    return undefined;
  });
  const server = await serve(app, write === undefined ? {} : { write });
  running.push(server);
  return { port: server.port, views };
}

function post(port: number, headers: Record<string, string>, body: string | Uint8Array): Promise<ReceivedResponse> {
  return send(port, {
    method: "POST",
    headers: [...Object.entries(headers), ["X-Cloud-Trace-Context", TRACE]],
    body,
  });
}

/** Eventarc's headers for a binary-mode delivery of a `type` event from `source`. */
const binary = (type: string, source: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "Content-Type": "application/json",
  "User-Agent": PUSH_AGENT,
  "ce-id": "3103425958877813",
  "ce-source": source,
  "ce-specversion": "1.0",
  "ce-type": type,
  "ce-time": "2021-02-05T04:06:14.109Z",
  ...extra,
});

const PUBSUB_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
const TOPIC = "//pubsub.googleapis.com/projects/test-project/topics/my-topic";
const pubsubMessage = {
  kind: "message",
  id: "message-id",
  text: "test message 3",
  attributes: { attr1: "attr1-value" },
  attempt: 1,
  publishedAt: "2021-02-05T04:06:14.109Z",
};

function answered(response: ReceivedResponse): [number, Array<[string, string]>, string] {
  return [response.status, ownHeaderLines(response), response.text];
}

describe("Eventarc CloudEvents (real Google payloads with the ce-* headers a delivery carries)", () => {
  test("Pub/Sub messagePublished, binary mode → one message: data decoded, attributes, ordered by its key; 204", async () => {
    const { port, views } = await start();
    const response = await post(port, binary(PUBSUB_TYPE, TOPIC), fixture("pubsub-push-envelope.json"));
    expect(answered(response)).toEqual([204, [], ""]);
    expect(views).toEqual([{ kind: "messages", source: "gcp.pubsub", ordered: true, messages: [pubsubMessage] }]);
  });

  test("Pub/Sub messagePublished, structured mode; binary data stays bytes", async () => {
    const { port, views } = await start();
    await post(port, { "Content-Type": "application/cloudevents+json; charset=utf-8" }, fixture("pubsub-cloudevent-structured.json"));
    await post(port, { "Content-Type": "application/cloudevents+json" }, fixture("pubsub-cloudevent-binary-data.json"));
    expect(views).toEqual([
      { kind: "messages", source: "gcp.pubsub", ordered: true, messages: [pubsubMessage] },
      {
        kind: "messages",
        source: "gcp.pubsub",
        ordered: false,
        messages: [
          {
            kind: "message",
            id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
            text: "\u0001\u0002\u0003\u0004",
            attributes: {},
            attempt: 1,
            publishedAt: "2020-09-29T11:32:00.123Z",
          },
        ],
      },
    ]);
  });

  test("Cloud Storage finalized, binary and structured → storage/created with bucket, key, size and etag", async () => {
    const { port, views } = await start();
    const storage = binary("google.cloud.storage.object.v1.finalized", "//storage.googleapis.com/projects/_/buckets/sample-bucket", {
      "ce-subject": "objects/folder/Test.cs",
      "ce-bucket": "sample-bucket",
    });
    const first = await post(port, storage, fixture("storage-object-data.json"));
    await post(port, { "Content-Type": "application/cloudevents+json" }, fixture("storage-finalized-cloudevent.json"));
    expect(first.status).toBe(204);
    expect(views).toEqual([
      {
        kind: "storage",
        action: "created",
        bucket: "sample-bucket",
        key: "folder/Test.cs",
        size: 352,
        etag: "CNHZkbuF/ugCEAE=",
        time: "2021-02-05T04:06:14.109Z",
      },
      {
        kind: "storage",
        action: "created",
        bucket: "some-bucket",
        key: "folder/Test.cs",
        size: 352,
        etag: "CNHZkbuF/ugCEAE=",
        time: "2020-09-29T11:32:00.123Z",
      },
    ]);
  });

  test("Cloud Storage deleted and archived → storage/deleted; metadataUpdated stays a cloudevent", async () => {
    const { port, views } = await start();
    const source = "//storage.googleapis.com/projects/_/buckets/sample-bucket";
    for (const type of ["deleted", "archived", "metadataUpdated"]) {
      await post(
        port,
        binary(`google.cloud.storage.object.v1.${type}`, source, { "ce-subject": "objects/folder/Test.cs" }),
        fixture("storage-object-data.json"),
      );
    }
    expect(views.map((view) => [view.kind, (view as { action?: string }).action ?? (view as { type?: string }).type])).toEqual([
      ["storage", "deleted"],
      ["storage", "deleted"],
      ["cloudevent", "google.cloud.storage.object.v1.metadataUpdated"],
    ]);
  });

  test("a Cloud Scheduler executed event → schedule named after the job", async () => {
    const { port, views } = await start();
    const source = "//cloudscheduler.googleapis.com/projects/test-project/locations/us-central1/jobs/nightly-report";
    await post(port, binary("google.cloud.scheduler.job.v1.executed", source), fixture("scheduler-job-data.json"));
    expect(views).toEqual([{ kind: "schedule", scheduledTime: "2021-02-05T04:06:14.109Z", cron: undefined, name: "nightly-report" }]);
  });

  test("any other event (Firestore) → cloudevent with its attributes, extensions and data", async () => {
    const { port, views } = await start();
    const source = "//firestore.googleapis.com/projects/project-id/databases/(default)";
    await post(
      port,
      binary("google.cloud.firestore.document.v1.written", source, {
        "ce-subject": "documents/gcf-test/2Vm2mI1d0wIaK2Waj5to",
        "ce-dataschema": "x",
      }),
      fixture("firestore-document-event-data.json"),
    );
    await post(port, { "Content-Type": "application/cloudevents+json" }, fixture("firestore-document-written-cloudevent.json"));
    const data = JSON.parse(fixture("firestore-document-event-data.json"));
    expect(views).toEqual([
      {
        kind: "cloudevent",
        id: "3103425958877813",
        source,
        type: "google.cloud.firestore.document.v1.written",
        subject: "documents/gcf-test/2Vm2mI1d0wIaK2Waj5to",
        time: "2021-02-05T04:06:14.109Z",
        dataContentType: "application/json",
        data,
        extensions: { dataschema: "x" },
      },
      {
        kind: "cloudevent",
        id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
        source,
        type: "google.cloud.firestore.document.v1.written",
        subject: "documents/gcf-test/2Vm2mI1d0wIaK2Waj5to",
        time: "2020-09-29T11:32:00.123Z",
        dataContentType: "application/json",
        data,
        extensions: {},
      },
    ]);
  });

  test("a CloudEvent from a Knative broker (any source, any type) → cloudevent; batched mode → 415", async () => {
    const { port, views } = await start();
    const knative = await post(
      port,
      {
        "ce-id": "k-1",
        "ce-source": "/apis/v1/namespaces/default/pingsources/ping",
        "ce-specversion": "1.0",
        "ce-type": "dev.knative.sources.ping",
        "Content-Type": "application/json",
      },
      '{"message":"hello"}',
    );
    const batch = await post(port, { "Content-Type": "application/cloudevents-batch+json" }, "[]");
    expect([knative.status, views[0]?.kind, (views[0] as { data?: unknown }).data]).toEqual([204, "cloudevent", { message: "hello" }]);
    expect(answered(batch)).toEqual([
      415,
      [
        ["content-type", "application/json; charset=utf-8"],
        ["content-length", "117"],
      ],
      '{"error":"Batched CloudEvents (application/cloudevents-batch+json) are not supported: deliver one event per request"}',
    ]);
  });
});

describe("Pub/Sub push subscriptions", () => {
  test("a wrapped push → one message; deliveryAttempt becomes attempt", async () => {
    const { port, views } = await start();
    const envelope = JSON.parse(fixture("pubsub-push-envelope.json"));
    const first = await post(port, { "Content-Type": "application/json", "User-Agent": PUSH_AGENT }, fixture("pubsub-push-envelope.json"));
    await post(port, { "Content-Type": "application/json", "User-Agent": PUSH_AGENT }, JSON.stringify({ ...envelope, deliveryAttempt: 3 }));
    await post(port, { "Content-Type": "application/json", "User-Agent": PUSH_AGENT }, fixture("pubsub-push-envelope-minimal.json"));
    expect(answered(first)).toEqual([204, [], ""]);
    expect(views).toEqual([
      { kind: "messages", source: "gcp.pubsub", ordered: true, messages: [pubsubMessage] },
      { kind: "messages", source: "gcp.pubsub", ordered: true, messages: [{ ...pubsubMessage, attempt: 3 }] },
      {
        kind: "messages",
        source: "gcp.pubsub",
        ordered: false,
        messages: [
          {
            kind: "message",
            id: "message-id",
            text: "\u0001\u0002\u0003\u0004",
            attributes: {},
            attempt: 1,
            publishedAt: "2021-02-05T04:06:14.109Z",
          },
        ],
      },
    ]);
  });

  test("an unwrapped push with metadata → the body as published, id, time and ordering from x-goog-pubsub-* headers", async () => {
    const { port, views } = await start();
    await post(
      port,
      {
        "Content-Type": "application/json",
        "User-Agent": PUSH_AGENT,
        "x-goog-pubsub-subscription-name": "projects/test-project/subscriptions/my-subscription",
        "x-goog-pubsub-message-id": "unwrapped-1",
        "x-goog-pubsub-publish-time": "2021-02-05T04:06:14.109Z",
        "x-goog-pubsub-ordering-key": "some-key",
        attr1: "attr1-value",
      },
      '{"status": "Hello there"}',
    );
    expect(views).toEqual([
      {
        kind: "messages",
        source: "gcp.pubsub",
        ordered: true,
        messages: [
          {
            kind: "message",
            id: "unwrapped-1",
            text: '{"status": "Hello there"}',
            attributes: {},
            attempt: 1,
            publishedAt: "2021-02-05T04:06:14.109Z",
          },
        ],
      },
    ]);
  });

  test("another Google API's push (not an envelope) stays plain HTTP", async () => {
    const { port, views } = await start();
    const response = await post(
      port,
      { "Content-Type": "application/json", "User-Agent": PUSH_AGENT, "X-Goog-Channel-ID": "c1" },
      '{"kind":"drive#change"}',
    );
    expect([response.status, response.text, views[0]?.kind]).toEqual([200, "plain http", "http"]);
  });
});

describe("Cloud Tasks and Cloud Scheduler HTTP targets", () => {
  test("a Cloud Tasks task → one message: the task name, the body, attempt = retry count + 1, every X-CloudTasks-* header", async () => {
    const { port, views } = await start();
    const response = await post(
      port,
      {
        "Content-Type": "application/json",
        "User-Agent": "Google-Cloud-Tasks",
        "X-CloudTasks-QueueName": "orders",
        "X-CloudTasks-TaskName": "task-7",
        "X-CloudTasks-TaskRetryCount": "2",
        "X-CloudTasks-TaskExecutionCount": "1",
        "X-CloudTasks-TaskETA": "1767225600.25",
      },
      '{"order":7}',
    );
    expect(answered(response)).toEqual([204, [], ""]);
    expect(views).toEqual([
      {
        kind: "messages",
        source: "gcp.cloudtasks",
        ordered: false,
        messages: [
          {
            kind: "message",
            id: "task-7",
            text: '{"order":7}',
            attributes: {
              "x-cloudtasks-queuename": "orders",
              "x-cloudtasks-taskname": "task-7",
              "x-cloudtasks-taskretrycount": "2",
              "x-cloudtasks-taskexecutioncount": "1",
              "x-cloudtasks-tasketa": "1767225600.25",
            },
            attempt: 3,
            publishedAt: "2026-01-01T00:00:00.250Z",
          },
        ],
      },
    ]);
  });

  test("a Cloud Scheduler job → schedule with its name and schedule time", async () => {
    const { port, views } = await start();
    await post(
      port,
      {
        "User-Agent": "Google-Cloud-Scheduler",
        "X-CloudScheduler": "true",
        "X-CloudScheduler-JobName": "nightly",
        "X-CloudScheduler-ScheduleTime": "2026-03-04T05:06:07Z",
        "Content-Type": "application/octet-stream",
      },
      "job body",
    );
    expect(views).toEqual([{ kind: "schedule", scheduledTime: "2026-03-04T05:06:07.000Z", cron: undefined, name: "nightly" }]);
  });
});

describe("delivery model 'single': only a finished message is acknowledged", () => {
  const push = { "Content-Type": "application/json", "User-Agent": PUSH_AGENT };

  test("a failed message answers 500 so Pub/Sub delivers it again", async () => {
    const { port } = await start("fail");
    const response = await post(port, push, fixture("pubsub-push-envelope.json"));
    expect([response.status, response.text]).toEqual([500, '{"error":"Message message-id failed: it will be delivered again"}']);
  });

  test("a throw answers a generic 500, for a message and for any other event", async () => {
    const { port } = await start("throw");
    const message = await post(port, push, fixture("pubsub-push-envelope.json"));
    const storage = await post(port, { "Content-Type": "application/cloudevents+json" }, fixture("storage-finalized-cloudevent.json"));
    expect([message.status, message.text, storage.status, storage.text]).toEqual([
      500,
      '{"error":"Internal Server Error"}',
      500,
      '{"error":"Internal Server Error"}',
    ]);
  });

  test("a delivery still running at the request timeout answers 504, so the sender retries", async () => {
    const server = await serve(
      defineHandler(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }),
      { timeoutMs: 700 },
    );
    running.push(server);
    const response = await post(server.port, push, fixture("pubsub-push-envelope.json"));
    expect([response.status, response.text]).toEqual([504, '{"error":"Gateway Timeout"}']);
  });

  test("a handler that throws a value that is not an Error (null, a string) answers a generic 500 too", async () => {
    const thrown: unknown[] = [null, "just a string"];
    const server = await serve(
      defineHandler(() => {
        throw thrown.shift();
      }),
    );
    running.push(server);
    const storage = () =>
      post(server.port, { "Content-Type": "application/cloudevents+json" }, fixture("storage-finalized-cloudevent.json"));
    const answers = [await storage(), await storage()].map((response) => [response.status, response.text]);
    expect(answers).toEqual([
      [500, '{"error":"Internal Server Error"}'],
      [500, '{"error":"Internal Server Error"}'],
    ]);
  });

  test("an HttpError keeps its status and headers (a 503 with retry-after makes Cloud Tasks back off)", async () => {
    const { port } = await start("busy");
    const response = await post(port, { "X-CloudTasks-TaskName": "t1", "X-CloudTasks-TaskRetryCount": "0" }, "x");
    expect([response.status, response.headers["retry-after"], response.text]).toEqual([503, "30", '{"error":"busy"}']);
  });
});

describe("malformed deliveries answer 400 before the handler runs, with the reason (and a warning line)", () => {
  const push = { "Content-Type": "application/json", "User-Agent": PUSH_AGENT };
  const envelope = JSON.parse(fixture("pubsub-push-envelope.json"));
  const withMessage = (message: Record<string, unknown>) => JSON.stringify({ ...envelope, message: { ...envelope.message, ...message } });

  test.each([
    ["bad base64 in a push", push, withMessage({ data: "not*base64!" }), "Pub/Sub message data is not valid base64"],
    ["a push message without an id", push, withMessage({ messageId: undefined }), "Pub/Sub message has no messageId"],
    ["a push body that is not JSON", push, "{oops", `Pub/Sub push body is not valid JSON: ${syntaxError("{oops")}`],
    ["an attribute that is not a string", push, withMessage({ attributes: { n: 1 } }), 'Pub/Sub message attribute "n" must be a string'],
    [
      "a CloudEvent without ce-id",
      { ...binary(PUBSUB_TYPE, TOPIC), "ce-id": "" },
      fixture("pubsub-push-envelope.json"),
      'CloudEvent attribute "id" must be a non-empty string (the ce-id header)',
    ],
    [
      "a structured CloudEvent without a source",
      { "Content-Type": "application/cloudevents+json" },
      JSON.stringify({ specversion: "1.0", id: "1", type: "t" }),
      'CloudEvent is missing required attribute "source"',
    ],
    [
      "a messagePublished event whose data is not JSON",
      binary(PUBSUB_TYPE, TOPIC),
      "{oops",
      `Body is not valid JSON: ${syntaxError("{oops")}`,
    ],
    [
      "a storage event without a bucket",
      binary("google.cloud.storage.object.v1.finalized", "//storage.googleapis.com/projects/_/buckets/b"),
      '{"name":"a.txt"}',
      "A Cloud Storage event's data must be an object with a bucket and a name",
    ],
    [
      "a task with a retry count that is not a number",
      { "X-CloudTasks-TaskName": "t", "X-CloudTasks-TaskRetryCount": "x" },
      "",
      'X-CloudTasks-TaskRetryCount is not a count: "x"',
    ],
  ])("%s", async (_name, headers, body, reason) => {
    const logs = logCollector();
    const { port, views } = await start("ok", logs.write);
    const response = await post(port, headers as Record<string, string>, body);
    expect([response.status, response.json(), views.length]).toEqual([400, { error: reason }, 0]);
    expect(logs.lines.map((line) => [line.severity, line.requestId, line.reason, line.status])).toEqual([
      ["WARNING", "105445aa7843bc8bf206b12000100000/1", reason, 400],
    ]);
  });
});

describe("events: false", () => {
  test("every request is http, whatever its headers", async () => {
    const views: string[] = [];
    const server = await serve(
      defineHandler((event) => {
        views.push(event.kind);
        return { status: 204 };
      }),
      { events: false },
    );
    running.push(server);
    await post(server.port, binary(PUBSUB_TYPE, TOPIC), fixture("pubsub-push-envelope.json"));
    expect(views).toEqual(["http"]);
  });
});

function syntaxError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}
