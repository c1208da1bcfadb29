import { readFileSync } from "node:fs";
import { InvalidBodyError } from "@fnport/core";
import { describe, expect, test } from "vitest";
import { backgroundCloudEvent } from "./background-cloud-event.ts";
import { isBackgroundEvent } from "./background-events.ts";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../conformance/fixtures/gcp/${name}`, import.meta.url), "utf8"));

/** A portable cloudevent as the CloudEvents JSON format writes it, for comparison with Google's expected outputs. */
function asJsonFormat(event: ReturnType<typeof backgroundCloudEvent>): Record<string, unknown> {
  const json: Record<string, unknown> = { specversion: "1.0", type: event.type, source: event.source, id: event.id };
  if (event.subject !== undefined) json.subject = event.subject;
  if (event.time !== undefined) json.time = event.time.toISOString();
  json.datacontenttype = event.dataContentType;
  json.data = event.data;
  return json;
}

// Every 1st gen background event fixture beside the CloudEvent the Functions Framework conformance suite expects of it.
const BACKGROUND_EVENTS = [
  "pubsub-legacy-background.json",
  "pubsub-legacy-background-beta.json",
  "pubsub-legacy-background-binary.json",
  "storage-legacy-background.json",
  "firestore-legacy-background.json",
  "firebase-auth-legacy-background.json",
  "firebase-database-legacy-background.json",
  "firebase-database-legacy-background-regional.json",
];

describe("backgroundCloudEvent: Google's mapping of 1st gen background events", () => {
  test.each(BACKGROUND_EVENTS)("%s becomes exactly the CloudEvent Google's conformance suite expects", (name) => {
    const body = fixture(name);
    const event = backgroundCloudEvent(body);
    expect(asJsonFormat(event)).toEqual(fixture(`background-as-cloudevent/${name}`));
    expect([event.kind, event.raw, event.extensions]).toEqual(["cloudevent", body, {}]);
  });

  test("a Storage resource with a generation: the generation is not part of the subject", () => {
    const event = backgroundCloudEvent({
      context: {
        eventId: "1",
        eventType: "google.storage.object.delete",
        resource: { service: "storage.googleapis.com", name: "projects/_/buckets/b/objects/a/b.txt#1588778055917163" },
      },
      data: { bucket: "b", name: "a/b.txt" },
    });
    expect([event.type, event.source, event.subject, event.time]).toEqual([
      "google.cloud.storage.object.v1.deleted",
      "//storage.googleapis.com/projects/_/buckets/b",
      "objects/a/b.txt",
      undefined,
    ]);
  });

  test("Firebase Analytics: the app id from the data joins the source, the event name is the subject", () => {
    const event = backgroundCloudEvent({
      eventId: "1",
      eventType: "providers/google.firebase.analytics/eventTypes/event.log",
      resource: "projects/my-project/events/session_start",
      timestamp: "2020-09-29T11:32:00.123Z",
      data: { userDim: { appInfo: { appId: "com.example.app" } } },
    });
    expect([event.type, event.source, event.subject]).toEqual([
      "google.firebase.analytics.log.v1.written",
      "//firebaseanalytics.googleapis.com/projects/my-project/apps/com.example.app",
      "events/session_start",
    ]);
  });

  test("an event type outside Google's table keeps its name; a resource of an unknown service is the source", () => {
    const legacyStorage = backgroundCloudEvent({
      eventId: "7",
      eventType: "providers/cloud.storage/eventTypes/object.change",
      resource: "projects/_/buckets/b/objects/o",
      data: {},
    });
    const unknown = backgroundCloudEvent({ eventId: "8", eventType: "example.thing.happened", resource: "things/1", data: { n: 1 } });
    expect([legacyStorage.type, legacyStorage.source, legacyStorage.subject]).toEqual([
      "providers/cloud.storage/eventTypes/object.change",
      "//storage.googleapis.com/projects/_/buckets/b",
      "objects/o",
    ]);
    expect([unknown.type, unknown.source, unknown.subject, unknown.data]).toEqual([
      "example.thing.happened",
      "things/1",
      undefined,
      { n: 1 },
    ]);
  });

  test("isBackgroundEvent: data and a context with eventId and eventType, nested or flat; nothing else", () => {
    expect(
      [
        { context: { eventId: "1", eventType: "t" }, data: null },
        { eventId: "1", eventType: "t", data: {} },
        { eventId: "1", eventType: "t" },
        { context: { eventId: 1, eventType: "t" }, data: {} },
        { message: { data: "aGk=" }, subscription: "s" },
        [{ eventId: "1", eventType: "t", data: {} }],
        "event",
        null,
      ].map(isBackgroundEvent),
    ).toEqual([true, true, false, false, false, false, false, false]);
  });

  test.each([
    [{ data: {} }, 'A background event is a JSON object with "data" and a context ("eventId", "eventType")'],
    [{ eventId: "", eventType: "t", data: {} }, "A background event's eventId must be a non-empty string"],
    [
      { eventId: "1", eventType: "google.pubsub.topic.publish", timestamp: "yesterday", data: {} },
      'A background event\'s timestamp is not a time: "yesterday"',
    ],
    [
      { eventId: "1", eventType: "google.storage.object.finalize", resource: "buckets/b", data: {} },
      "A storage.googleapis.com background event's resource is not in Google's form: \"buckets/b\"",
    ],
    [
      {
        eventId: "1",
        eventType: "providers/google.firebase.database/eventTypes/ref.write",
        resource: "projects/_/instances/i/refs/r",
        domain: "example.com",
        data: {},
      },
      'A Realtime Database event\'s domain is not one Google uses: "example.com"',
    ],
    [{ eventId: "1", eventType: "example.thing", data: {} }, "A background event names no resource and no known service"],
  ])("malformed: %j is a 400 naming the problem", (body, message) => {
    let thrown: unknown;
    try {
      backgroundCloudEvent(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidBodyError);
    expect([(thrown as InvalidBodyError).status, (thrown as InvalidBodyError).message]).toEqual([400, message]);
  });
});
