import { jsonResponse, logLine } from "./_expect.ts";
import type { CaseStep, ConformanceCase, Expected } from "./types.ts";

// Google CloudEvents whose data has a form its type does not allow, or a form Google never sends but JSON can
// carry: each answered as a malformed delivery, or read the one way the type's documentation allows.

const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";
const PUBLISHED = "2021-02-05T04:06:14.109Z";
const UPDATED = "2020-04-23T07:38:57.230Z";
const BUCKET = "//storage.googleapis.com/projects/_/buckets/sample-bucket";
const TOPIC = "//pubsub.googleapis.com/projects/test-project/topics/my-topic";
const PUBSUB_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
const NOT_AN_OBJECT = "A Cloud Storage event's data must be an object with a bucket and a name";
const NOT_AN_ENVELOPE = `A ${PUBSUB_TYPE} event's data must be a JSON Pub/Sub envelope`;

/** Eventarc's binary-mode headers (`ce-time` left out unless given). */
const eventarc = (type: string, source: string, time?: string): Record<string, string> => ({
  "content-type": "application/json",
  "user-agent": PUSH_AGENT,
  "ce-id": "3103425958877813",
  "ce-source": source,
  "ce-specversion": "1.0",
  "ce-type": type,
  ...(time === undefined ? {} : { "ce-time": time }),
});

/** A Cloud Storage object as Eventarc's data carries it, with `patch` applied (`undefined` drops a key). */
function objectData(patch: Record<string, unknown>): string {
  const object: Record<string, unknown> = {
    bucket: "sample-bucket",
    name: "folder/Test.cs",
    size: "352",
    etag: "CNHZkbuF/ugCEAE=",
    updated: UPDATED,
    timeCreated: UPDATED,
  };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete object[key];
    else object[key] = value;
  }
  return JSON.stringify(object);
}

const send = (type: string, source: string, body: string, time?: string): CaseStep["input"] => ({
  kind: "native",
  event: { method: "POST", path: "/", headers: eventarc(type, source, time), body },
});

/** Answered 400 before the handler runs, with the reason, and logged once as a warning. */
const malformed = (input: CaseStep["input"], reason: string): CaseStep => ({
  input,
  expect: {
    events: [],
    response: jsonResponse(400, { error: reason }),
    logs: [logLine("warn", "rejected a malformed cloudevent delivery", { status: 400, reason })],
  },
});

const finalized = (body: string, time: string | undefined) => send("google.cloud.storage.object.v1.finalized", BUCKET, body, time);

const badSize = (size: string): CaseStep =>
  malformed(finalized(objectData({ size }), PUBLISHED), `Cloud Storage object size is not a byte count: ${JSON.stringify(size)}`);

const storageEvent = (action: string, time: Expected) => ({
  kind: "storage",
  action,
  bucket: "sample-bucket",
  key: "folder/Test.cs",
  size: 352,
  etag: "CNHZkbuF/ugCEAE=",
  time,
});

export const gcpDataFormCases: ConformanceCase[] = [
  {
    id: "malformed.gcp-event-data-forms",
    title: "a Cloud Storage or Pub/Sub CloudEvent whose JSON data is null, a number or a string answers 400 naming it",
    // A framework whose body parser refuses JSON that is not an object or an array answers before the adapter.
    needs: ["native:gcp-http", "http:body-as-sent"],
    steps: [
      malformed(finalized("null", PUBLISHED), NOT_AN_OBJECT),
      malformed(finalized("5", PUBLISHED), NOT_AN_OBJECT),
      malformed(send(PUBSUB_TYPE, TOPIC, "null", PUBLISHED), NOT_AN_ENVELOPE),
      malformed(send(PUBSUB_TYPE, TOPIC, "5", PUBLISHED), NOT_AN_ENVELOPE),
      malformed(send(PUBSUB_TYPE, TOPIC, '"text"', PUBLISHED), NOT_AN_ENVELOPE),
    ],
  },
  {
    id: "malformed.gcs-object-size-forms",
    title: "a Cloud Storage object size in any form but decimal digits (signed, spaced, exponent, hex) answers 400 naming it",
    needs: ["native:gcp-http"],
    steps: [badSize(" 5"), badSize("+5"), badSize("5 "), badSize("5e3"), badSize("0x10")],
  },
  {
    id: "storage.gcs-object-times-not-strings",
    title: "without ce-time, an object's updated or timeDeleted that is not a string is no time: the next one applies",
    needs: ["storage", "native:gcp-http"],
    steps: [
      {
        input: finalized(objectData({ updated: 1_700_000_000_000 }), undefined),
        expect: { outcome: { ok: true }, event: storageEvent("created", { $during: "step" }) },
      },
      {
        input: send("google.cloud.storage.object.v1.deleted", BUCKET, objectData({ timeDeleted: 1_600_000_000_000 })),
        expect: { outcome: { ok: true }, event: storageEvent("deleted", UPDATED) },
      },
    ],
  },
];
