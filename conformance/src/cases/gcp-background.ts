import { jsonResponse, logLine } from "./_expect.ts";
import { fixtureJson } from "./_fixtures.ts";
import type { ConformanceCase, Expected } from "./types.ts";

const PUBSUB = "gcp/pubsub-legacy-background.json";
const EVENT_ID = "aaaaaa-1111-bbbb-2222-cccccccccccc";
const TIMESTAMP = "2020-09-29T11:32:00.123Z";
const pubSubData = (base64: string) => ({ "@type": "type.googleapis.com/google.pubsub.v1.PubsubMessage", data: base64 });
const firestore = fixtureJson<{ data: Record<string, unknown> }>("gcp/firestore-legacy-background.json");
const firebaseAuth = fixtureJson<{ data: Record<string, unknown> }>("gcp/firebase-auth-legacy-background.json");
/** A malformed background event: answered 400 before the handler runs, with the reason, and logged once as a warning. */
const malformed = (reason: Expected) => ({
  events: [],
  response: jsonResponse(400, { error: reason }),
  logs: [logLine("warn", "rejected a malformed event delivery", { status: 400, reason })],
});

/**
 * Cloud Functions 1st gen background events (the real `{ context, data }` and flat-form fixtures) reach
 * the same portable kinds as 2nd gen's CloudEvents, by Google's own mapping: Pub/Sub → messages (the
 * event id is the message id), Cloud Storage → storage, Firestore and Firebase → cloudevent.
 */
export const gcpBackgroundCases: ConformanceCase[] = [
  {
    id: "messages.fixture.gcp-background-pubsub",
    title: "a 1st gen Pub/Sub background event is one message: eventId its id, timestamp its publish time",
    needs: ["messages", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: PUBSUB },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: EVENT_ID,
                text: "test message 3",
                attributes: { attr1: "attr1-value" },
                attempt: 1,
                publishedAt: TIMESTAMP,
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.gcp-background-pubsub-flat",
    title: "the older flat form (providers/cloud.pubsub) is the same kind of message",
    needs: ["messages", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/pubsub-legacy-background-beta.json" },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [
              {
                kind: "message",
                id: EVENT_ID,
                text: "This is a sample message",
                attributes: { attribute1: "value1" },
                attempt: 1,
                publishedAt: TIMESTAMP,
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "messages.fixture.gcp-background-pubsub-fails",
    title: "a 1st gen Pub/Sub message the handler fails is delivered again (with retries on)",
    needs: ["messages", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: PUBSUB, patch: { data: pubSubData("ZmFpbA==") } },
        expect: {
          messages: { redelivered: [EVENT_ID] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: EVENT_ID, text: "fail", attributes: {}, attempt: 1, publishedAt: TIMESTAMP }],
          },
        },
      },
    ],
  },
  {
    id: "storage.fixture.gcp-background-finalize",
    title: "a 1st gen Cloud Storage finalize is storage/created",
    needs: ["storage", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/storage-legacy-background.json" },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "storage",
            action: "created",
            bucket: "some-bucket",
            key: "folder/Test.cs",
            size: 352,
            etag: "CNHZkbuF/ugCEAE=",
            time: TIMESTAMP,
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.gcp-background-firestore",
    title: "a 1st gen Firestore document.write is the CloudEvent Google maps it to",
    needs: ["cloudevent", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/firestore-legacy-background.json" },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: EVENT_ID,
            source: "//firestore.googleapis.com/projects/project-id/databases/(default)",
            type: "google.cloud.firestore.document.v1.written",
            subject: "documents/gcf-test/2Vm2mI1d0wIaK2Waj5to",
            time: TIMESTAMP,
            dataContentType: "application/json",
            // Google's mapping passes a Firestore event's data on as it is (value, oldValue, updateMask).
            data: firestore.data,
            extensions: {},
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.gcp-background-firebase-auth",
    title: "a 1st gen Firebase Auth user.create: subject users/UID, metadata named as in its CloudEvent",
    needs: ["cloudevent", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/firebase-auth-legacy-background.json" },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: EVENT_ID,
            source: "//firebaseauth.googleapis.com/projects/my-project-id",
            type: "google.firebase.auth.user.v1.created",
            subject: "users/UUpby3s4spZre6kHsgVSPetzQ8l2",
            time: TIMESTAMP,
            dataContentType: "application/json",
            data: { ...firebaseAuth.data, metadata: { createTime: "2020-05-26T10:42:27Z", lastSignInTime: "2020-10-24T11:00:00Z" } },
            extensions: {},
          },
        },
      },
    ],
  },
  {
    id: "malformed.gcp-background-bad-base64",
    title: "a 1st gen Pub/Sub event whose data is not base64 answers 400 before the handler, with a warning line",
    needs: ["native:gcp-background", "logs"],
    steps: [
      {
        input: { kind: "fixture", fixture: PUBSUB, patch: { data: pubSubData("not*base64!") } },
        expect: malformed("Pub/Sub message data is not valid base64"),
      },
    ],
  },
  {
    id: "malformed.gcp-background-not-an-event",
    title: "a JSON body that is no background event answers 400 naming its keys (an event function has no plain HTTP callers)",
    needs: ["native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: PUBSUB, patch: { context: "not a context" } },
        expect: malformed({
          $contains: ['"context"', '"data"'],
          because: "the sentence is the adapter's own; it must name the keys the body has",
        }),
      },
    ],
  },
];
