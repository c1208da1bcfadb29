import { jsonResponse, loggedError, logLine } from "./_expect.ts";
import { fixtureJson } from "./_fixtures.ts";
import type { CaseStep, ConformanceCase, Expected, FixtureInput } from "./types.ts";

// The headers a delivery carries. Eventarc and Pub/Sub push both send as Pub/Sub's push agent.
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";
const TOPIC = "//pubsub.googleapis.com/projects/test-project/topics/my-topic";
const BUCKET = "//storage.googleapis.com/projects/_/buckets/sample-bucket";
const FIRESTORE = "//firestore.googleapis.com/projects/project-id/databases/(default)";
const PUBLISHED = "2021-02-05T04:06:14.109Z";
const firestore = fixtureJson<{ data: unknown }>("gcp/firestore-document-written-cloudevent.json");
/** A malformed delivery: answered 400 before the handler runs, with the reason, and logged once as a warning. */
const malformed = (kind: string, reason: Expected) => ({
  response: jsonResponse(400, { error: reason }),
  logs: [logLine("warn", `rejected a malformed ${kind} delivery`, { status: 400, reason })],
});

/** Eventarc's binary-mode headers for an event of `type` from `source` (Cloud Run receives them on `/`). */
const eventarc = (type: string, source: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "content-type": "application/json",
  "user-agent": PUSH_AGENT,
  "ce-id": "3103425958877813",
  "ce-source": source,
  "ce-specversion": "1.0",
  "ce-type": type,
  "ce-time": PUBLISHED,
  ...extra,
});
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
