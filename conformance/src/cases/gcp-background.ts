import { jsonResponse, logLine } from "./_expect.ts";
import { fixtureJson } from "./_fixtures.ts";
import type { ConformanceCase, Expected } from "./types.ts";

const PUBSUB = "gcp/pubsub-legacy-background.json";
const EVENT_ID = "aaaaaa-1111-bbbb-2222-cccccccccccc";
const TIMESTAMP = "2020-09-29T11:32:00.123Z";
const pubSubData = (base64: string) => ({ "@type": "type.googleapis.com/google.pubsub.v1.PubsubMessage", data: base64 });
const firestore = fixtureJson<{ data: Record<string, unknown> }>("gcp/firestore-legacy-background.json");
const firebaseAuth = fixtureJson<{ data: Record<string, unknown> }>("gcp/firebase-auth-legacy-background.json");
/** A background event's CloudEvent as Google's mapping gives it (`background-as-cloudevent/NAME`), as the app views it. */
function asCloudEvent(name: string, replace: Record<string, unknown> = {}): Record<string, unknown> {
  const { specversion: _version, datacontenttype, ...attributes } = fixtureJson(`gcp/background-as-cloudevent/${name}`);
  return { kind: "cloudevent", ...attributes, dataContentType: datacontenttype, extensions: {}, ...replace };
}
const STORAGE = "gcp/storage-legacy-background.json";
const FIREBASE_DATABASE = "gcp/firebase-database-legacy-background.json";
const FIREBASE_AUTH = "gcp/firebase-auth-legacy-background.json";
const FIRESTORE = "gcp/firestore-legacy-background.json";
/** The storage event of the Cloud Storage fixture, with `action`. */
const storageEvent = (action: string) => ({
  kind: "storage",
  action,
  bucket: "some-bucket",
  key: "folder/Test.cs",
  size: 352,
  etag: "CNHZkbuF/ugCEAE=",
  time: TIMESTAMP,
});
/** A step: `fixture` patched, recorded as `event` and done. */
const mapped = (fixture: string, patch: Record<string, unknown>, event: Expected, messages = false) => ({
  input: { kind: "fixture" as const, fixture, patch },
  expect: messages ? { messages: { redelivered: [] }, event } : { outcome: { ok: true as const }, event },
});
const pubsubMessages = (text: string, attributes: Record<string, string>) => ({
  kind: "messages",
  source: "gcp.pubsub",
  ordered: false,
  messages: [{ kind: "message", id: EVENT_ID, text, attributes, attempt: 1, publishedAt: TIMESTAMP }],
});
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
        expect: malformed(
          'An event-triggered function (signature type event) takes background events ({ context, data }) or CloudEvents; this body is an object with "context", "data"',
        ),
      },
    ],
  },
  {
    id: "messages.fixture.gcp-background-pubsub-binary",
    title: "a 1st gen Pub/Sub message whose data is binary stays those bytes",
    needs: ["messages", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/pubsub-legacy-background-binary.json" },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [
              { kind: "message", id: EVENT_ID, text: "\u0001\u0002\u0003\u0004", attributes: {}, attempt: 1, publishedAt: TIMESTAMP },
            ],
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.gcp-background-firebase-database",
    title: "a 1st gen Realtime Database ref.write: the location from its domain in the source, the ref its subject",
    needs: ["cloudevent", "native:gcp-background"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/firebase-database-legacy-background.json" },
        expect: { outcome: { ok: true }, event: asCloudEvent("firebase-database-legacy-background.json") },
      },
      {
        input: { kind: "fixture", fixture: "gcp/firebase-database-legacy-background-regional.json" },
        expect: { outcome: { ok: true }, event: asCloudEvent("firebase-database-legacy-background-regional.json") },
      },
    ],
  },
  {
    id: "malformed.gcp-background-context",
    title: "a background event whose id, type or timestamp is not usable, or whose resource is not in Google's form, answers 400 naming it",
    needs: ["native:gcp-background"],
    steps: [
      [PUBSUB, { "/context/eventId": "" }, "A background event's eventId must be a non-empty string"],
      [PUBSUB, { "/context/eventType": "" }, "A background event's eventType must be a non-empty string"],
      [PUBSUB, { "/context/timestamp": 1601379120 }, "A background event's timestamp must be a non-empty string"],
      [PUBSUB, { "/context/timestamp": "yesterday" }, 'A background event\'s timestamp is not a time: "yesterday"'],
      [
        "gcp/storage-legacy-background.json",
        { "/context/resource/name": "buckets/some-bucket/objects/folder/Test.cs" },
        "A storage.googleapis.com background event's resource is not in Google's form: \"buckets/some-bucket/objects/folder/Test.cs\"",
      ],
      [
        "gcp/firebase-database-legacy-background.json",
        { domain: "example.com" },
        'A Realtime Database event\'s domain is not one Google uses: "example.com"',
      ],
      [
        "gcp/firebase-database-legacy-background.json",
        { domain: undefined },
        "A Realtime Database event's domain is not one Google uses: undefined",
      ],
      [
        PUBSUB,
        { "/context/eventType": "com.example.thing.happened", "/context/resource": undefined },
        "A background event names no resource and no known service",
      ],
      [
        STORAGE,
        { "/context/resource/name": undefined },
        "A storage.googleapis.com background event's resource is not in Google's form: \"\"",
      ],
      [
        STORAGE,
        { "/context/resource/name": "x/projects/_/buckets/some-bucket/objects/folder/Test.cs" },
        "A storage.googleapis.com background event's resource is not in Google's form: \"x/projects/_/buckets/some-bucket/objects/folder/Test.cs\"",
      ],
      [
        STORAGE,
        { "/context/resource/name": "projects/_/buckets/some-bucket/objects/folder/Test.cs#v2" },
        "A storage.googleapis.com background event's resource is not in Google's form: \"projects/_/buckets/some-bucket/objects/folder/Test.cs#v2\"",
      ],
      [
        FIRESTORE,
        { resource: "x/projects/project-id/databases/(default)/documents/gcf-test/2Vm2mI1d0wIaK2Waj5to" },
        "A firestore.googleapis.com background event's resource is not in Google's form: \"x/projects/project-id/databases/(default)/documents/gcf-test/2Vm2mI1d0wIaK2Waj5to\"",
      ],
      // A line break ends what a resource name may hold.
      [
        FIRESTORE,
        { resource: "projects/project-id/databases/(default)/documents/gcf-test/a\nb" },
        "A firestore.googleapis.com background event's resource is not in Google's form: \"projects/project-id/databases/(default)/documents/gcf-test/a\\nb\"",
      ],
      [
        FIREBASE_DATABASE,
        { resource: "projects/_/instances/my-project-id/refs/gcf-test/a\nb" },
        "A firebasedatabase.googleapis.com background event's resource is not in Google's form: \"projects/_/instances/my-project-id/refs/gcf-test/a\\nb\"",
      ],
      [
        FIREBASE_DATABASE,
        { resource: "x/projects/_/instances/my-project-id/refs/gcf-test/xyz" },
        "A firebasedatabase.googleapis.com background event's resource is not in Google's form: \"x/projects/_/instances/my-project-id/refs/gcf-test/xyz\"",
      ],
      [
        FIREBASE_DATABASE,
        { domain: "x/europe-west1.firebasedatabase.app" },
        'A Realtime Database event\'s domain is not one Google uses: "x/europe-west1.firebasedatabase.app"',
      ],
      [
        FIREBASE_DATABASE,
        { domain: "europe-west1.firebasedatabase.app.example" },
        'A Realtime Database event\'s domain is not one Google uses: "europe-west1.firebasedatabase.app.example"',
      ],
      [
        FIREBASE_DATABASE,
        { domain: ["europe-west1.firebasedatabase.app"] },
        'A Realtime Database event\'s domain is not one Google uses: ["europe-west1.firebasedatabase.app"]',
      ],
    ].map(([fixture, patch, reason]) => ({
      input: { kind: "fixture" as const, fixture: fixture as string, patch: patch as Record<string, unknown> },
      expect: malformed(reason as string),
    })),
  },
  {
    id: "cloudevent.gcp-background-unknown-type",
    title: "a background event of a type outside Google's table keeps its type, its resource as the source, and its data",
    needs: ["cloudevent", "native:gcp-background"],
    steps: [
      {
        input: {
          kind: "fixture",
          fixture: PUBSUB,
          patch: { "/context/eventType": "com.example.thing.happened", "/context/resource": "//example.com/things/1", data: { n: 1 } },
        },
        expect: {
          outcome: { ok: true },
          event: {
            kind: "cloudevent",
            id: EVENT_ID,
            source: "//example.com/things/1",
            type: "com.example.thing.happened",
            time: TIMESTAMP,
            dataContentType: "application/json",
            data: { n: 1 },
            extensions: {},
          },
        },
      },
    ],
  },
  {
    id: "cloudevent.fixture.gcp-background-types",
    title:
      "every 1st gen event type Google maps reaches the kind and CloudEvent type of its 2nd gen twin; services known by their type's prefix",
    needs: ["storage", "cloudevent", "messages", "native:gcp-background"],
    steps: [
      mapped(STORAGE, { "/context/eventType": "google.storage.object.delete" }, storageEvent("deleted")),
      mapped(STORAGE, { "/context/eventType": "google.storage.object.archive" }, storageEvent("deleted")),
      // A resource that names no service: the type's prefix does; a generation after # is not part of the subject.
      mapped(
        STORAGE,
        { "/context/resource": "projects/_/buckets/some-bucket/objects/folder/Test.cs#1587627537231057" },
        storageEvent("created"),
      ),
      mapped(STORAGE, { "/context/resource/service": "" }, storageEvent("created")),
      mapped(STORAGE, { "/context/resource/service": 5 }, storageEvent("created")),
      mapped(
        STORAGE,
        {
          "/context/eventType": "google.storage.object.metadataUpdate",
          "/context/resource": "projects/_/buckets/some-bucket/objects/folder/Test.cs",
        },
        asCloudEvent("storage-legacy-background.json", { type: "google.cloud.storage.object.v1.metadataUpdated" }),
      ),
      // Any project id (Google writes _ for buckets and database instances).
      mapped(
        STORAGE,
        {
          "/context/eventType": "google.storage.object.metadataUpdate",
          "/context/resource/name": "projects/my-project/buckets/some-bucket/objects/folder/Test.cs",
        },
        asCloudEvent("storage-legacy-background.json", {
          type: "google.cloud.storage.object.v1.metadataUpdated",
          source: "//storage.googleapis.com/projects/my-project/buckets/some-bucket",
        }),
      ),
      mapped(
        FIREBASE_DATABASE,
        { resource: "projects/my-project/instances/my-project-id/refs/gcf-test/xyz" },
        asCloudEvent("firebase-database-legacy-background.json", {
          source: "//firebasedatabase.googleapis.com/projects/my-project/locations/us-central1/instances/my-project-id",
        }),
      ),
      // An empty service names none: the type's prefix does.
      mapped(
        FIRESTORE,
        { resource: { service: "", name: "projects/project-id/databases/(default)/documents/gcf-test/2Vm2mI1d0wIaK2Waj5to" } },
        asCloudEvent("firestore-legacy-background.json"),
      ),
      mapped(
        STORAGE,
        { "/context/eventType": "google.storage.object.metadataUpdate" },
        asCloudEvent("storage-legacy-background.json", { type: "google.cloud.storage.object.v1.metadataUpdated" }),
      ),
      mapped(
        STORAGE,
        {
          "/context/eventType": "providers/cloud.storage/eventTypes/object.change",
          "/context/resource": "projects/_/buckets/some-bucket/objects/folder/Test.cs",
        },
        asCloudEvent("storage-legacy-background.json", { type: "providers/cloud.storage/eventTypes/object.change" }),
      ),
      mapped(
        PUBSUB,
        { "/context/resource": "projects/sample-project/topics/gcf-test" },
        pubsubMessages("test message 3", { attr1: "attr1-value" }),
        true,
      ),
      // The service a resource names wins over the type's prefix.
      mapped(
        PUBSUB,
        { "/context/eventType": "com.example.published" },
        asCloudEvent("pubsub-legacy-background.json", { type: "com.example.published" }),
      ),
      ...(["create", "update", "delete"] as const).map((verb) =>
        mapped(
          FIRESTORE,
          { eventType: `providers/cloud.firestore/eventTypes/document.${verb}` },
          asCloudEvent("firestore-legacy-background.json", { type: `google.cloud.firestore.document.v1.${verb}d` }),
        ),
      ),
      // Only the two metadata timestamps are renamed; any other key stays as sent.
      mapped(
        FIREBASE_AUTH,
        { "/data/metadata/lastRefreshAt": "2020-10-24T11:00:00Z" },
        asCloudEvent("firebase-auth-legacy-background.json", {
          data: {
            ...firebaseAuth.data,
            metadata: { createTime: "2020-05-26T10:42:27Z", lastSignInTime: "2020-10-24T11:00:00Z", lastRefreshAt: "2020-10-24T11:00:00Z" },
          },
        }),
      ),
      mapped(
        FIREBASE_AUTH,
        { eventType: "providers/firebase.auth/eventTypes/user.delete" },
        asCloudEvent("firebase-auth-legacy-background.json", { type: "google.firebase.auth.user.v1.deleted" }),
      ),
      // Without a resource the source is the service; without metadata or uid the data stays as sent, with no subject.
      mapped(
        FIREBASE_AUTH,
        { resource: undefined, timestamp: undefined, "/data/metadata": undefined, "/data/uid": undefined },
        asCloudEvent("firebase-auth-legacy-background.json", {
          source: "//firebaseauth.googleapis.com",
          subject: { $absent: true },
          time: { $absent: true },
          data: (({ metadata: _metadata, uid: _uid, ...rest }) => rest)(firebaseAuth.data),
        }),
      ),
      ...(["create", "update", "delete"] as const).map((verb) =>
        mapped(
          FIREBASE_DATABASE,
          { eventType: `providers/google.firebase.database/eventTypes/ref.${verb}` },
          asCloudEvent("firebase-database-legacy-background.json", { type: `google.firebase.database.ref.v1.${verb}d` }),
        ),
      ),
    ],
  },
  {
    id: "malformed.gcp-background-shape",
    title: "a JSON body without data, or whose id or type is not a string, is no background event: 400 naming what the body is",
    needs: ["native:gcp-background"],
    steps: [
      [{ data: undefined }, 'an object with "context"'],
      [{ context: null }, 'an object with "context", "data"'],
      [{ "/context/eventId": 5 }, 'an object with "context", "data"'],
      [{ "/context/eventType": 5 }, 'an object with "context", "data"'],
      [
        { context: undefined, data: undefined, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 },
        'an object with "a", "b", "c", "d", "e", "f", "g", "h"',
      ],
    ].map(([patch, what]) => ({
      input: { kind: "fixture" as const, fixture: PUBSUB, patch: patch as Record<string, unknown> },
      expect: malformed(
        `An event-triggered function (signature type event) takes background events ({ context, data }) or CloudEvents; this body is ${what as string}`,
      ),
    })),
  },
  {
    id: "malformed.gcp-background-not-an-object",
    title: "a JSON array or an empty object is no background event either: 400 saying what the body is",
    needs: ["native:gcp-background"],
    steps: [
      [[1], "an array"],
      [{}, "an empty object"],
    ].map(([event, what]) => ({
      input: { kind: "native" as const, event },
      expect: malformed(
        `An event-triggered function (signature type event) takes background events ({ context, data }) or CloudEvents; this body is ${what as string}`,
      ),
    })),
  },
  {
    id: "messages.gcp-background-bare-push",
    title: "a bare Pub/Sub push envelope (the emulator pushing to the function) is one message there too",
    needs: ["messages", "native:gcp-background"],
    steps: [
      {
        input: {
          kind: "native",
          event: {
            subscription: "projects/test-project/subscriptions/my-subscription",
            message: { data: "ZmluZQ==", messageId: "pushed-1", publishTime: TIMESTAMP, attributes: { a: "1" } },
          },
        },
        expect: {
          messages: { redelivered: [] },
          event: {
            kind: "messages",
            source: "gcp.pubsub",
            ordered: false,
            messages: [{ kind: "message", id: "pushed-1", text: "fine", attributes: { a: "1" }, attempt: 1, publishedAt: TIMESTAMP }],
          },
        },
      },
      // Without a subscription, or with a message that is no object, it is no push: 400 naming its keys.
      ...[
        { message: { data: "ZmluZQ==", messageId: "pushed-2" } },
        { subscription: "s", message: null },
        { subscription: "s", message: "pushed-3" },
        { subscription: "s", message: [1] },
      ].map((event) => ({
        input: { kind: "native" as const, event },
        expect: malformed(
          `An event-triggered function (signature type event) takes background events ({ context, data }) or CloudEvents; this body is an object with ${Object.keys(
            event,
          )
            .map((key) => JSON.stringify(key))
            .join(", ")}`,
        ),
      })),
    ],
  },
];
