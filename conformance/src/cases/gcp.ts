import { RAW_MARKER } from "../app-raw.ts";
import { jsonResponse, loggedError, logLine } from "./_expect.ts";
import { fixtureJson } from "./_fixtures.ts";
import { BUCKET, eventarcHeaders, NOT_AN_OBJECT, PUBLISHED, PUSH_AGENT, storageView, TOPIC, UPDATED } from "./_gcp.ts";
import type { CaseStep, ConformanceCase, Expected, FixtureInput } from "./types.ts";

const FIRESTORE = "//firestore.googleapis.com/projects/project-id/databases/(default)";
const firestore = fixtureJson<{ data: unknown }>("gcp/firestore-document-written-cloudevent.json");
/** A malformed delivery: answered 400 before the handler runs, with the reason, and logged once as a warning. */
const malformed = (kind: string, reason: Expected) => ({
  response: jsonResponse(400, { error: reason }),
  logs: [logLine("warn", `rejected a malformed ${kind} delivery`, { status: 400, reason })],
});

/** Eventarc's binary-mode headers for an event of `type` from `source` (Cloud Run receives them on `/`). */
const eventarc = (type: string, source: string, extra: Record<string, string> = {}): Record<string, string> =>
  eventarcHeaders(type, source, PUBLISHED, extra);
const structured = { "content-type": "application/cloudevents+json; charset=utf-8", "user-agent": PUSH_AGENT };
const push = { "content-type": "application/json", "user-agent": PUSH_AGENT };

const delivery = (fixture: string, headers: Record<string, string>, patch?: Record<string, unknown>): FixtureInput =>
  patch === undefined
    ? { kind: "fixture", fixture: `gcp/${fixture}`, http: { headers } }
    : { kind: "fixture", fixture: `gcp/${fixture}`, http: { headers }, patch };

/** A Pub/Sub push of one message whose data is `base64` (the conformance app fails `fail`, throws on `throw-batch`). */
const pushOf = (base64: string): CaseStep["input"] =>
  delivery("pubsub-push-envelope.json", push, { message: { data: base64, messageId: "message-id", publishTime: PUBLISHED } });

/** The event of a push made by `pushOf`. */
const pushed = (text: string) => ({
  kind: "messages",
  source: "gcp.pubsub",
  ordered: false,
  messages: [{ kind: "message", id: "message-id", text, attributes: {}, attempt: 1, publishedAt: PUBLISHED }],
});

const pubsubMessage = {
  kind: "message",
  id: "message-id",
  text: "test message 3",
  attributes: { attr1: "attr1-value" },
  attempt: 1,
  publishedAt: PUBLISHED,
};

/**
 * Google's HTTP deliveries (Eventarc, Pub/Sub push) from the real payloads in `conformance/fixtures/gcp`,
 * sent with the headers a delivery carries, mapped as Google maps them; one message per delivery.
 */
export const gcpCases: ConformanceCase[] = [
  {
    id: "messages.fixture.gcp-pubsub-eventarc",
    title: "an Eventarc Pub/Sub event (binary mode) is one message: data decoded, attributes, ordering key",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: delivery("pubsub-push-envelope.json", eventarc("google.cloud.pubsub.topic.v1.messagePublished", TOPIC)),
        expect: {
          messages: { redelivered: [] },
          event: { kind: "messages", source: "gcp.pubsub", ordered: true, messages: [pubsubMessage] },
        },
      },
    ],
  },
  {
    id: "messages.fixture.gcp-pubsub-structured",
    title: "a structured-mode Pub/Sub CloudEvent is the same message",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: delivery("pubsub-cloudevent-structured.json", structured),
        expect: {
          messages: { redelivered: [] },
          event: { kind: "messages", source: "gcp.pubsub", ordered: true, messages: [pubsubMessage] },
        },
      },
    ],
  },
  {
    id: "messages.fixture.gcp-pubsub-push",
    title: "a Pub/Sub push subscription's envelope is one message; binary data stays bytes",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: delivery("pubsub-push-envelope.json", push),
        expect: {
          messages: { redelivered: [] },
          event: { kind: "messages", source: "gcp.pubsub", ordered: true, messages: [pubsubMessage] },
        },
      },
      {
        input: delivery("pubsub-push-envelope-minimal.json", push),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [
              { kind: "message", id: "message-id", text: "\u0001\u0002\u0003\u0004", attributes: {}, attempt: 1, publishedAt: PUBLISHED },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.gcp-push-failed",
    title: "a pushed message that fails, or whose handler throws, is delivered again; one that succeeds is not",
    needs: ["messages", "native:gcp-http"],
    steps: [
      { input: pushOf("ZmFpbA==" /* fail */), expect: { messages: { redelivered: ["message-id"] }, event: pushed("fail") } },
      {
        input: pushOf("dGhyb3ctYmF0Y2g=" /* throw-batch */),
        expect: {
          messages: { redelivered: ["message-id"] },
          event: pushed("throw-batch"),
          logs: [logLine("error", "messages handler threw", { error: loggedError("Error", "batch handler threw") })],
        },
      },
      { input: pushOf("ZmluZQ==" /* fine */), expect: { messages: { redelivered: [] }, event: pushed("fine") } },
    ],
  },
  {
    id: "storage.fixture.gcs-finalized",
    title: "a Cloud Storage finalized event (binary and structured) is storage/created with the object name as key",
    needs: ["storage", "native:gcp-http"],
    steps: [
      {
        input: delivery(
          "storage-object-data.json",
          eventarc("google.cloud.storage.object.v1.finalized", BUCKET, {
            "ce-subject": "objects/folder/Test.cs",
            "ce-bucket": "sample-bucket",
          }),
        ),
        expect: {
          outcome: { ok: true },
          event: {
            kind: "storage",
            action: "created",
            bucket: "sample-bucket",
            key: "folder/Test.cs",
            size: 352,
            etag: "CNHZkbuF/ugCEAE=",
            time: PUBLISHED,
          },
        },
      },
      {
        input: delivery("storage-finalized-cloudevent-structured.json", structured),
        expect: {
          outcome: { ok: true },
          event: {
            kind: "storage",
            action: "created",
            bucket: "sample-bucket",
            key: "MyFile",
            size: 0,
            etag: "COu8mb3Dn+kCEAE=",
            time: "2021-11-25T21:04:32.279Z",
          },
        },
      },
    ],
  },
  {
    id: "storage.fixture.gcs-deleted",
    title: "a Cloud Storage deleted event is storage/deleted",
    needs: ["storage", "native:gcp-http"],
    steps: [
      {
        input: delivery(
          "storage-object-data.json",
          eventarc("google.cloud.storage.object.v1.deleted", BUCKET, { "ce-subject": "objects/folder/Test.cs" }),
        ),
        expect: {
          outcome: { ok: true },
          // The deleted object's last metadata comes with the event.
          event: {
            kind: "storage",
            action: "deleted",
            bucket: "sample-bucket",
            key: "folder/Test.cs",
            size: 352,
            etag: "CNHZkbuF/ugCEAE=",
            time: PUBLISHED,
          },
        },
      },
    ],
  },
  {
    id: "schedule.fixture.gcp-scheduler-executed",
    title: "a Cloud Scheduler executed event is a schedule named after the job",
    needs: ["schedule", "native:gcp-http"],
    steps: [
      {
        input: delivery(
          "scheduler-job-data.json",
          eventarc(
            "google.cloud.scheduler.job.v1.executed",
            "//cloudscheduler.googleapis.com/projects/test-project/locations/us-central1/jobs/nightly",
          ),
        ),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: PUBLISHED, name: "nightly" } },
      },
    ],
  },
  {
    id: "cloudevent.fixture.gcp-firestore",
    title: "any other Google event (Firestore) is a cloudevent with its attributes and data",
    needs: ["cloudevent", "native:gcp-http"],
    steps: [
      {
        input: delivery("firestore-document-written-cloudevent.json", structured),
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: "aaaaaa-1111-bbbb-2222-cccccccccccc",
            source: FIRESTORE,
            type: "google.cloud.firestore.document.v1.written",
            subject: "documents/gcf-test/2Vm2mI1d0wIaK2Waj5to",
            time: "2020-09-29T11:32:00.123Z",
            dataContentType: "application/json",
            data: firestore.data,
            extensions: {},
          },
        },
      },
    ],
  },
  {
    id: "malformed.gcp-bad-base64",
    title: "a push message whose data is not base64 answers 400 before the handler runs",
    needs: ["native:gcp-http"],
    steps: [
      {
        input: delivery("pubsub-push-envelope.json", push, { message: { data: "not*base64!", messageId: "m1" } }),
        expect: { events: [], ...malformed("pubsub-push", "Pub/Sub message data is not valid base64") },
      },
    ],
  },
  {
    id: "malformed.gcp-cloudevent-without-id",
    title: "a CloudEvent without an id answers 400 naming the attribute",
    needs: ["native:gcp-http"],
    steps: [
      {
        input: delivery("pubsub-cloudevent-structured.json", structured, { id: null }),
        expect: { events: [], ...malformed("cloudevent", 'CloudEvent is missing required attribute "id"') },
      },
    ],
  },
  {
    id: "malformed.gcp-invalid-json",
    title: "a push body that is not JSON answers 400",
    needs: ["native:gcp-http", "http:body-as-sent"],
    steps: [
      {
        input: { kind: "native", event: { method: "POST", path: "/", headers: push, body: '{"message": {oops' } },
        expect: {
          events: [],
          ...malformed("pubsub-push", {
            $startsWith: "Pub/Sub push body is not valid JSON: ",
            because: "the JSON parser's own reason follows, and each JavaScript engine words it its way",
          }),
        },
      },
    ],
  },
];

/** A Pub/Sub push whose `message` is `message` (a whole replacement: a malformed one, or legacy spellings). */
const pushWith = (message: unknown, envelope: Record<string, unknown> = {}): CaseStep["input"] =>
  delivery("pubsub-push-envelope.json", push, { message, ...envelope });

/** A pushed message that is not one: 400 before the handler runs, nothing recorded. */
const malformedPush = (message: unknown, reason: string, envelope: Record<string, unknown> = {}): CaseStep => ({
  input: pushWith(message, envelope),
  expect: { events: [], ...malformed("pubsub-push", reason) },
});

const TASK = "projects/test-project/locations/us-central1/queues/orders/tasks/task-7";
/** The headers of a Cloud Tasks HTTP-target task (Google-Cloud-Tasks sends them; names lower-cased as they reach the handler). */
const taskHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
  "content-type": "application/json",
  "user-agent": "Google-Cloud-Tasks",
  "x-cloudtasks-queuename": "orders",
  "x-cloudtasks-taskname": TASK,
  "x-cloudtasks-taskretrycount": "2",
  "x-cloudtasks-taskexecutioncount": "1",
  "x-cloudtasks-tasketa": "1612497974.109",
  ...extra,
});
const task = (headers: Record<string, string>, body = '{"order":7}') => ({
  kind: "native" as const,
  event: { method: "POST", path: "/", headers, body },
});

/** A Cloud Scheduler HTTP-target job's request (unix-cron schedules send the schedule time). */
const schedulerHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
  "user-agent": "Google-Cloud-Scheduler",
  "x-cloudscheduler": "true",
  "x-cloudscheduler-jobname": "nightly",
  "x-cloudscheduler-scheduletime": PUBLISHED,
  ...extra,
});

/** A push envelope any Pub/Sub push would be read from. */
const ENVELOPE = '{"message":{"data":"aGk=","messageId":"m-1"},"subscription":"projects/test-project/subscriptions/s"}';
/** A request from Google's push agent that is no Pub/Sub push: the handler gets it as plain HTTP, as sent. */
const pushAgentRequest = (method: string, contentType: string, body: string): CaseStep => ({
  input: {
    kind: "http",
    request: { method, path: "/", headers: { host: "example.test", "user-agent": PUSH_AGENT, "content-type": contentType }, body },
  },
  expect: {},
});

/**
 * The edges of Google's HTTP deliveries: Pub/Sub push envelopes in every form push sends (legacy
 * spellings, a dead-letter delivery attempt, unwrapped with metadata headers) and malformed ones; Cloud
 * Tasks and Cloud Scheduler HTTP targets, known by their headers; CloudEvents whose data does not fit.
 */
export const gcpDeliveryCases: ConformanceCase[] = [
  {
    id: "messages.gcp-push-legacy-spellings",
    title: "a push message named only by message_id and publish_time (the legacy spellings push also sends) is the same message",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: pushWith({ data: "ZmluZQ==", message_id: "legacy-id", publish_time: PUBLISHED, attributes: { a: "1", b: "" } }),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [
              { kind: "message", id: "legacy-id", text: "fine", attributes: { a: "1", b: "" }, attempt: 1, publishedAt: PUBLISHED },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.gcp-push-delivery-attempt",
    title: "a push from a subscription with a dead-letter policy: deliveryAttempt is the message's attempt; no data is an empty body",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: pushWith({ messageId: "m-3", publishTime: PUBLISHED, orderingKey: "" }, { deliveryAttempt: 3 }),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "m-3", text: "", attributes: {}, attempt: 3, publishedAt: PUBLISHED }],
          },
        },
      },
      {
        input: pushWith({ data: "ZmluZQ==", messageId: "m-5" }, { deliveryAttempt: 1 }),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "m-5", text: "fine", attributes: {}, attempt: 1 }],
          },
        },
      },
      {
        input: pushWith({ data: null, messageId: "m-4", attributes: null }, { deliveryAttempt: null }),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "m-4", text: "", attributes: {}, attempt: 1 }],
          },
        },
      },
    ],
  },
  {
    id: "messages.gcp-push-unwrapped",
    title: "an unwrapped push (no envelope, metadata in x-goog-pubsub-* headers) is one message: the body as published",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: {
          kind: "native",
          event: {
            method: "POST",
            path: "/",
            headers: {
              "content-type": "application/json",
              "user-agent": PUSH_AGENT,
              "x-goog-pubsub-subscription-name": "projects/test-project/subscriptions/my-subscription",
              "x-goog-pubsub-message-id": "unwrapped-1",
              "x-goog-pubsub-publish-time": PUBLISHED,
              "x-goog-pubsub-ordering-key": "some-key",
              "x-goog-pubsub-delivery-attempt": "2",
              attr1: "attr1-value",
            },
            body: '{"status": "Hello there"}',
          },
        },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: true,
            messages: [
              { kind: "message", id: "unwrapped-1", text: '{"status": "Hello there"}', attributes: {}, attempt: 2, publishedAt: PUBLISHED },
            ],
          },
        },
      },
      {
        input: {
          kind: "native",
          event: {
            method: "POST",
            path: "/",
            headers: {
              "content-type": "text/plain",
              "user-agent": PUSH_AGENT,
              "x-goog-pubsub-message-id": "unwrapped-2",
              "x-goog-pubsub-ordering-key": "",
            },
            body: "fail",
          },
        },
        expect: {
          messages: { redelivered: ["unwrapped-2"] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "unwrapped-2", text: "fail", attributes: {}, attempt: 1 }],
          },
        },
      },
      // Known by its message id header alone: a push relayed by a proxy that sends its own user agent.
      {
        input: {
          kind: "native",
          event: {
            method: "POST",
            path: "/",
            headers: {
              "content-type": "text/plain",
              "user-agent": "curl/8.0",
              "x-goog-pubsub-message-id": "unwrapped-3",
              "x-goog-pubsub-publish-time": PUBLISHED,
            },
            body: "relayed",
          },
        },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "unwrapped-3", text: "relayed", attributes: {}, attempt: 1, publishedAt: PUBLISHED }],
          },
        },
      },
    ],
  },
  {
    id: "malformed.gcp-push-message",
    title: "a push whose message is malformed (no id, bad data, attributes or times) answers 400 naming what is wrong",
    needs: ["native:gcp-http"],
    steps: [
      malformedPush("not a message", 'A Pub/Sub push body has a "message" object'),
      malformedPush(null, 'A Pub/Sub push body has a "message" object'),
      malformedPush({ data: "aGk=", publishTime: PUBLISHED }, "Pub/Sub message has no messageId"),
      malformedPush({ data: "aGk=", messageId: "" }, "Pub/Sub message has no messageId"),
      malformedPush({ data: 42, messageId: "m1" }, "Pub/Sub message data must be a base64 string"),
      malformedPush({ data: "aGk=", messageId: "m1", attributes: ["a"] }, "Pub/Sub message attributes must be an object of strings"),
      malformedPush({ data: "aGk=", messageId: "m1", attributes: { n: 1 } }, 'Pub/Sub message attribute "n" must be a string'),
      malformedPush(
        { data: "aGk=", messageId: "m1", publishTime: "yesterday" },
        'Pub/Sub message publishTime is not a timestamp: "yesterday"',
      ),
      malformedPush(
        { data: "aGk=", messageId: "m1", publish_time: 1612497974 },
        "Pub/Sub message publishTime is not a timestamp: 1612497974",
      ),
      malformedPush({ data: "aGk=", messageId: "m1" }, "Pub/Sub deliveryAttempt must be a positive integer, got 0", { deliveryAttempt: 0 }),
      malformedPush({ data: "aGk=", messageId: "m1" }, "Pub/Sub deliveryAttempt must be a positive integer, got 1.5", {
        deliveryAttempt: 1.5,
      }),
      malformedPush({ data: "aGk=", messageId: "m1" }, 'Pub/Sub deliveryAttempt must be a positive integer, got "2"', {
        deliveryAttempt: "2",
      }),
    ],
  },
  {
    id: "malformed.gcp-push-unwrapped",
    title: "an unwrapped push with an empty message id or a bad delivery attempt or publish time answers 400",
    needs: ["native:gcp-http"],
    steps: [
      ...[
        [{ "x-goog-pubsub-message-id": "" }, "An unwrapped Pub/Sub push has no x-goog-pubsub-message-id header"],
        [
          { "x-goog-pubsub-message-id": "u1", "x-goog-pubsub-delivery-attempt": "first" },
          "Pub/Sub deliveryAttempt must be a positive integer, got null",
        ],
        [
          { "x-goog-pubsub-message-id": "u1", "x-goog-pubsub-publish-time": "soon" },
          'x-goog-pubsub-publish-time is not a timestamp: "soon"',
        ],
      ].map(([headers, reason]) => ({
        input: {
          kind: "native" as const,
          event: {
            method: "POST",
            path: "/",
            headers: { "content-type": "text/plain", "user-agent": PUSH_AGENT, ...(headers as object) },
            body: "hi",
          },
        },
        expect: { events: [], ...malformed("pubsub-push", reason as string) },
      })),
    ],
  },
  {
    id: "messages.gcp-cloud-tasks",
    title:
      "a Cloud Tasks task is one message: the task name its id, retry count + 1 its attempt, the ETA its time, every X-CloudTasks-* header",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: task(taskHeaders()),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.cloudtasks",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: TASK,
                text: '{"order":7}',
                attributes: {
                  "x-cloudtasks-queuename": "orders",
                  "x-cloudtasks-taskname": TASK,
                  "x-cloudtasks-taskretrycount": "2",
                  "x-cloudtasks-taskexecutioncount": "1",
                  "x-cloudtasks-tasketa": "1612497974.109",
                },
                attempt: 3,
                publishedAt: PUBLISHED,
              },
            ],
          },
        },
      },
      {
        input: task({ "content-type": "text/plain", "x-cloudtasks-taskname": "t2", "x-cloudtasks-tasketa": "1612497974" }, "fail"),
        expect: {
          messages: { redelivered: ["t2"] },
          event: {
            kind: "messages",
            source: "gcp.cloudtasks",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: "t2",
                text: "fail",
                attributes: { "x-cloudtasks-taskname": "t2", "x-cloudtasks-tasketa": "1612497974" },
                attempt: 1,
                publishedAt: "2021-02-05T04:06:14.000Z",
              },
            ],
          },
        },
      },
      // Without an ETA the task has no time; a retry count of several digits.
      {
        input: task({ "content-type": "text/plain", "x-cloudtasks-taskname": "t3", "x-cloudtasks-taskretrycount": "12" }, "ok"),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.cloudtasks",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: "t3",
                text: "ok",
                attributes: { "x-cloudtasks-taskname": "t3", "x-cloudtasks-taskretrycount": "12" },
                attempt: 13,
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "malformed.gcp-cloud-tasks",
    title: "a Cloud Tasks request with an empty task name, a retry count or an ETA that is not a number answers 400",
    needs: ["native:gcp-http"],
    steps: [
      ...[
        [{ "x-cloudtasks-taskname": "" }, "A Cloud Tasks request has no X-CloudTasks-TaskName header"],
        [{ "x-cloudtasks-taskretrycount": "-1" }, 'X-CloudTasks-TaskRetryCount is not a count: "-1"'],
        [{ "x-cloudtasks-taskretrycount": "1x" }, 'X-CloudTasks-TaskRetryCount is not a count: "1x"'],
        [{ "x-cloudtasks-tasketa": "2021-02-05" }, 'X-CloudTasks-TaskETA is not a time in seconds: "2021-02-05"'],
        [{ "x-cloudtasks-tasketa": "1612497974." }, 'X-CloudTasks-TaskETA is not a time in seconds: "1612497974."'],
      ].map(([headers, reason]) => ({
        input: task(taskHeaders(headers as Record<string, string>)),
        expect: { events: [], ...malformed("cloud-tasks", reason as string) },
      })),
    ],
  },
  {
    id: "schedule.gcp-cloud-scheduler-headers",
    title: "a Cloud Scheduler HTTP target is known by any of its headers; the schedule time is the time, else the arrival",
    needs: ["schedule", "native:gcp-http"],
    steps: [
      {
        input: task(schedulerHeaders({ "user-agent": "curl/8.0" }), ""),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: PUBLISHED, name: "nightly" } },
      },
      {
        input: task({ "user-agent": "Google-Cloud-Scheduler", "x-cloudscheduler-scheduletime": PUBLISHED }, ""),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: PUBLISHED } },
      },
      // The agent's name may be followed by a version or a comment, as Google's other agents' names are.
      {
        input: task(
          { "user-agent": "Google-Cloud-Scheduler/1.0 (+https://cloud.google.com/scheduler)", "x-cloudscheduler-scheduletime": PUBLISHED },
          "",
        ),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: PUBLISHED } },
      },
      {
        input: task({ "x-cloudscheduler-jobname": "manual" }, ""),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: { $during: "step" }, name: "manual" } },
      },
      {
        input: task({ "x-cloudscheduler": "true", "x-cloudscheduler-scheduletime": PUBLISHED }, ""),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: PUBLISHED } },
      },
    ],
  },
  {
    id: "http.gcp-push-agent-not-a-push",
    title:
      "a request from Google's push agent is a Pub/Sub push only as a POST of a JSON push envelope: a GET, another JSON type, other JSON is plain HTTP",
    // A GET with a body, and bare JSON literals, reach the handler as sent on Cloud Run only (the Functions Framework parses JSON itself).
    needs: ["http", "native:gcp-http", "http:body-as-sent"],
    steps: [
      // The media type must be JSON itself: `application/json-seq` (RFC 7464) is not, nor a parameter naming it.
      ...["application/json-seq", "text/plain;format=application/json"].map((type) => pushAgentRequest("POST", type, ENVELOPE)),
      // JSON that holds no `message` object: another Google API's notification, or a bare literal.
      pushAgentRequest("POST", "application/json", '{"kind":"api#channel","resourceId":"r-1"}'),
      pushAgentRequest("POST", "application/json", "null"),
      pushAgentRequest("POST", "application/json", "7"),
      // Pub/Sub pushes with POST: a GET is plain HTTP even with an envelope for a body.
      pushAgentRequest("GET", "application/json", ENVELOPE),
    ],
  },
  {
    id: "messages.gcp-raw-shape",
    title:
      "an unwrapped push's message.raw holds its headers and the x-goog-pubsub-* ones as metadata, a Cloud Tasks task's the headers and body",
    needs: ["messages", "native:gcp-http"],
    steps: [
      {
        input: task(
          {
            "content-type": "text/plain",
            "user-agent": PUSH_AGENT,
            "x-goog-pubsub-subscription-name": "projects/test-project/subscriptions/my-subscription",
            "x-goog-pubsub-message-id": "raw-1",
            "x-goog-pubsub-publish-time": PUBLISHED,
            attr1: "attr1-value",
          },
          RAW_MARKER,
        ),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "raw-1", text: RAW_MARKER, attributes: {}, attempt: 1, publishedAt: PUBLISHED }],
            raw: {
              keys: ["headers", "body"],
              messages: [
                {
                  keys: ["headers", "metadata"],
                  metadata: ["x-goog-pubsub-subscription-name", "x-goog-pubsub-message-id", "x-goog-pubsub-publish-time"],
                },
              ],
            },
          },
        },
      },
      {
        input: task({ "content-type": "text/plain", "x-cloudtasks-taskname": "raw-task" }, RAW_MARKER),
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.cloudtasks",
            ordered: false,
            messages: [
              { kind: "message", id: "raw-task", text: RAW_MARKER, attributes: { "x-cloudtasks-taskname": "raw-task" }, attempt: 1 },
            ],
            raw: { keys: ["headers", "body"], messages: [{ keys: ["headers", "body"] }] },
          },
        },
      },
    ],
  },
  {
    id: "schedule.gcp-raw-shape",
    title: "a Cloud Scheduler request's event.raw holds its headers and body",
    needs: ["schedule", "native:gcp-http"],
    steps: [
      {
        input: task(schedulerHeaders({ "x-cloudscheduler-jobname": RAW_MARKER }), ""),
        expect: {
          outcome: { ok: true },
          event: { kind: "schedule", scheduledTime: PUBLISHED, name: RAW_MARKER, raw: { keys: ["headers", "body"] } },
        },
      },
    ],
  },
  {
    id: "malformed.gcp-cloud-scheduler",
    title: "a Cloud Scheduler request whose schedule time is not a time answers 400",
    needs: ["native:gcp-http"],
    steps: [
      {
        input: task(schedulerHeaders({ "x-cloudscheduler-scheduletime": "tonight" }), ""),
        expect: { events: [], ...malformed("cloud-scheduler", 'X-CloudScheduler-ScheduleTime is not a timestamp: "tonight"') },
      },
    ],
  },
];

const storageData = fixtureJson<Record<string, unknown>>("gcp/storage-object-data.json");
/** Eventarc's headers for a Cloud Storage event of `type` on the fixture's object (`ce-time` dropped when `timed` is false). */
const storageHeaders = (type: string, timed = true): Record<string, string> =>
  eventarcHeaders(`google.cloud.storage.object.v1.${type}`, BUCKET, timed ? PUBLISHED : undefined, {
    "ce-subject": "objects/folder/Test.cs",
  });
const storageStep = (type: string, timed: boolean, patch: Record<string, unknown> | undefined, event: Expected): CaseStep => ({
  input: delivery("storage-object-data.json", storageHeaders(type, timed), patch),
  expect: { outcome: { ok: true }, event },
});
const malformedStorage = (patch: Record<string, unknown>, reason: string): CaseStep => ({
  input: delivery("storage-object-data.json", storageHeaders("finalized"), patch),
  expect: { events: [], ...malformed("cloudevent", reason) },
});

/** Google's CloudEvents at their edges: every Cloud Storage type, the times an event may lack, data that does not fit its type. */
export const gcpEventEdgeCases: ConformanceCase[] = [
  {
    id: "storage.gcs-types-and-times",
    title:
      "archived is storage/deleted, metadataUpdated stays a cloudevent; without ce-time the object's own time (timeDeleted, updated) is the event's",
    needs: ["storage", "cloudevent", "native:gcp-http"],
    steps: [
      storageStep("archived", true, undefined, storageView("deleted", PUBLISHED)),
      storageStep("metadataUpdated", true, undefined, {
        kind: "cloudevent",
        id: "3103425958877813",
        source: BUCKET,
        type: "google.cloud.storage.object.v1.metadataUpdated",
        subject: "objects/folder/Test.cs",
        time: PUBLISHED,
        dataContentType: "application/json",
        data: storageData,
        extensions: {},
      }),
      storageStep("finalized", false, undefined, storageView("created", UPDATED)),
      storageStep("deleted", false, { timeDeleted: "2021-01-01T00:00:00.000Z" }, storageView("deleted", "2021-01-01T00:00:00.000Z")),
      storageStep("finalized", false, { timeDeleted: "2021-01-01T00:00:00.000Z" }, storageView("created", UPDATED)),
      storageStep("deleted", false, { timeDeleted: "not a time" }, storageView("deleted", UPDATED)),
      // Without any time, the event happened as it arrived; without size or etag, the event has neither.
      storageStep(
        "finalized",
        false,
        { updated: undefined, size: undefined, etag: 7 },
        storageView("created", { $during: "step" }, { size: { $absent: true }, etag: { $absent: true } }),
      ),
      storageStep("finalized", true, { size: 352 }, storageView("created", PUBLISHED)),
      storageStep("finalized", true, { size: null }, storageView("created", PUBLISHED, { size: { $absent: true } })),
    ],
  },
  {
    id: "malformed.gcs-object",
    title: "a Cloud Storage event whose data has no bucket or name, or a size that is no byte count, answers 400 naming it",
    needs: ["native:gcp-http"],
    steps: [
      malformedStorage({ bucket: undefined }, NOT_AN_OBJECT),
      malformedStorage({ bucket: 7 }, NOT_AN_OBJECT),
      malformedStorage({ name: "" }, NOT_AN_OBJECT),
      malformedStorage({ name: undefined }, NOT_AN_OBJECT),
      malformedStorage({ size: "35x" }, 'Cloud Storage object size is not a byte count: "35x"'),
      malformedStorage({ size: "-1" }, 'Cloud Storage object size is not a byte count: "-1"'),
      malformedStorage({ size: -1 }, "Cloud Storage object size is not a byte count: -1"),
      malformedStorage({ size: 1.5 }, "Cloud Storage object size is not a byte count: 1.5"),
      malformedStorage({ size: "9007199254740993" }, 'Cloud Storage object size is not a byte count: "9007199254740993"'),
      {
        input: { kind: "native", event: { method: "POST", path: "/", headers: storageHeaders("finalized"), body: "[1]" } },
        expect: { events: [], ...malformed("cloudevent", NOT_AN_OBJECT) },
      },
      {
        input: {
          kind: "native",
          event: { method: "POST", path: "/", headers: eventarc("google.cloud.pubsub.topic.v1.messagePublished", TOPIC), body: "[1]" },
        },
        expect: {
          events: [],
          ...malformed("cloudevent", "A google.cloud.pubsub.topic.v1.messagePublished event's data must be a JSON Pub/Sub envelope"),
        },
      },
    ],
  },
  {
    id: "schedule.gcp-scheduler-executed-edges",
    title: "a Cloud Scheduler executed event whose source names no job has no name; without ce-time it ran as it arrived",
    needs: ["schedule", "native:gcp-http"],
    steps: [
      {
        input: delivery(
          "scheduler-job-data.json",
          (({ "ce-time": _time, ...untimed }) => untimed)(
            eventarc(
              "google.cloud.scheduler.job.v1.executed",
              "//cloudscheduler.googleapis.com/projects/test-project/locations/us-central1",
            ),
          ),
        ),
        expect: { outcome: { ok: true }, event: { kind: "schedule", scheduledTime: { $during: "step" } } },
      },
    ],
  },
];
