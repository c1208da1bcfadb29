import { jsonResponse, logLine } from "./_expect.ts";
import { BUCKET, eventarcHeaders, NOT_AN_OBJECT, PUBLISHED, storageView, TOPIC, UPDATED } from "./_gcp.ts";
import type { CaseStep, ConformanceCase } from "./types.ts";

// Google CloudEvents whose data has a form its type does not allow, or a form Google never sends but JSON can
// carry: each answered as a malformed delivery, or read the one way the type's documentation allows.

const PUBSUB_TYPE = "google.cloud.pubsub.topic.v1.messagePublished";
const NOT_AN_ENVELOPE = `A ${PUBSUB_TYPE} event's data must be a JSON Pub/Sub envelope`;

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
  event: { method: "POST", path: "/", headers: eventarcHeaders(type, source, time), body },
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
        expect: { outcome: { ok: true }, event: storageView("created", { $during: "step" }) },
      },
      {
        input: send("google.cloud.storage.object.v1.deleted", BUCKET, objectData({ timeDeleted: 1_600_000_000_000 })),
        expect: { outcome: { ok: true }, event: storageView("deleted", UPDATED) },
      },
    ],
  },
];
