import type { Expected } from "./types.ts";

// What Google's deliveries share across the gcp case files: the sender, the sample resources of the
// fixtures, and Eventarc's binary-mode headers.

/** Eventarc and Pub/Sub push both send as Pub/Sub's push agent. */
export const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";
export const TOPIC = "//pubsub.googleapis.com/projects/test-project/topics/my-topic";
export const BUCKET = "//storage.googleapis.com/projects/_/buckets/sample-bucket";
/** The `ce-time` of the fixtures' deliveries. */
export const PUBLISHED = "2021-02-05T04:06:14.109Z";
/** The `updated` time of the fixtures' Cloud Storage object. */
export const UPDATED = "2020-04-23T07:38:57.230Z";
export const NOT_AN_OBJECT = "A Cloud Storage event's data must be an object with a bucket and a name";

/** Eventarc's binary-mode headers for an event of `type` from `source` (`ce-time` only when `time` is given). */
export const eventarcHeaders = (
  type: string,
  source: string,
  time: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> => ({
  "content-type": "application/json",
  "user-agent": PUSH_AGENT,
  "ce-id": "3103425958877813",
  "ce-source": source,
  "ce-specversion": "1.0",
  "ce-type": type,
  ...(time === undefined ? {} : { "ce-time": time }),
  ...extra,
});

/** The portable storage event of the fixtures' Cloud Storage object. */
export const storageView = (action: string, time: Expected, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: "storage",
  action,
  bucket: "sample-bucket",
  key: "folder/Test.cs",
  size: 352,
  etag: "CNHZkbuF/ugCEAE=",
  time,
  ...more,
});
