// Cloud Functions 1st gen background events ("GCF HTTP" events: `{ context, data }`, or the older flat
// form with the context at the top level) as the CloudEvents Google maps them to, following Google's
// mapping (functions-framework-conformance, docs/mapping.md), so they reach the same portable kinds as
// 2nd gen's Eventarc deliveries through @fnport/cloud-run's mapping.
import { type CloudEventEvent, InvalidBodyError } from "@fnport/core";
import { emptyRecord } from "@fnport/core/adapter";

/** A background event's context, as 1st gen sends it in `context` (or at the top level, in the flat form). */
export interface BackgroundEventContext {
  eventId?: string;
  timestamp?: string;
  eventType?: string;
  /** `projects/_/buckets/B/objects/O` in the flat form; `{ service, name, type }` in the `context` form. */
  resource?: string | { service?: string; name?: string; type?: string };
}

/** The JSON body of a 1st gen background event delivery. */
export interface BackgroundEvent extends BackgroundEventContext {
  context?: BackgroundEventContext;
  data?: unknown;
  /** Firebase Realtime Database events only: the database's domain (its location). */
  domain?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Background event types and the CloudEvent types Google maps them to. */
const CLOUDEVENT_TYPES: ReadonlyMap<string, string> = new Map([
  ["google.pubsub.topic.publish", "google.cloud.pubsub.topic.v1.messagePublished"],
  ["providers/cloud.pubsub/eventTypes/topic.publish", "google.cloud.pubsub.topic.v1.messagePublished"],
  ["google.storage.object.finalize", "google.cloud.storage.object.v1.finalized"],
  ["google.storage.object.delete", "google.cloud.storage.object.v1.deleted"],
  ["google.storage.object.archive", "google.cloud.storage.object.v1.archived"],
  ["google.storage.object.metadataUpdate", "google.cloud.storage.object.v1.metadataUpdated"],
  ["providers/cloud.firestore/eventTypes/document.write", "google.cloud.firestore.document.v1.written"],
  ["providers/cloud.firestore/eventTypes/document.create", "google.cloud.firestore.document.v1.created"],
  ["providers/cloud.firestore/eventTypes/document.update", "google.cloud.firestore.document.v1.updated"],
  ["providers/cloud.firestore/eventTypes/document.delete", "google.cloud.firestore.document.v1.deleted"],
  ["providers/firebase.auth/eventTypes/user.create", "google.firebase.auth.user.v1.created"],
  ["providers/firebase.auth/eventTypes/user.delete", "google.firebase.auth.user.v1.deleted"],
  ["providers/firebase.remoteConfig/remoteconfig.update", "google.firebase.remoteconfig.remoteConfig.v1.updated"],
  // What Remote Config actually sends (its trigger's event type; functions-framework-dotnet maps it so).
  ["google.firebase.remoteconfig.update", "google.firebase.remoteconfig.remoteConfig.v1.updated"],
  ["providers/google.firebase.analytics/eventTypes/event.log", "google.firebase.analytics.log.v1.written"],
  ["providers/google.firebase.database/eventTypes/ref.create", "google.firebase.database.ref.v1.created"],
  ["providers/google.firebase.database/eventTypes/ref.write", "google.firebase.database.ref.v1.written"],
  ["providers/google.firebase.database/eventTypes/ref.update", "google.firebase.database.ref.v1.updated"],
  ["providers/google.firebase.database/eventTypes/ref.delete", "google.firebase.database.ref.v1.deleted"],
]);

const PUBSUB = "pubsub.googleapis.com";
const STORAGE = "storage.googleapis.com";
const FIRESTORE = "firestore.googleapis.com";
const FIREBASE_AUTH = "firebaseauth.googleapis.com";
const FIREBASE_DATABASE = "firebasedatabase.googleapis.com";
const FIREBASE_ANALYTICS = "firebaseanalytics.googleapis.com";

/** The service of an event without `context.resource.service`, by the prefix of its type. */
const SERVICE_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ["providers/cloud.firestore/", FIRESTORE],
  ["providers/google.firebase.analytics/", FIREBASE_ANALYTICS],
  ["providers/firebase.auth/", FIREBASE_AUTH],
  ["providers/google.firebase.database/", FIREBASE_DATABASE],
  ["providers/cloud.pubsub/", PUBSUB],
  ["providers/cloud.storage/", STORAGE],
  // Flat events of the google.* types name no service either (the Functions Framework maps these too).
  ["google.pubsub.", PUBSUB],
  ["google.storage.", STORAGE],
];

/** How a resource name splits into the CloudEvent's source part and subject, for the services that split it. */
const RESOURCE_SPLITS: ReadonlyMap<string, RegExp> = new Map([
  // `projects/_/buckets/B/objects/O#GENERATION`: the generation is not part of the subject.
  [STORAGE, /^(projects\/[^/]+\/buckets\/[^/]+)\/(objects\/[^#]+)(?:#\d+)?$/],
  [FIRESTORE, /^(projects\/[^/]+\/databases\/[^/]+)\/(documents\/.+)$/],
  [FIREBASE_DATABASE, /^(projects\/[^/]+\/instances\/[^/]+)\/(refs\/.+)$/],
  [FIREBASE_ANALYTICS, /^(projects\/[^/]+)\/(events\/[^/]+)$/],
]);

/**
 * True for the JSON body of a background event: an object with `data` and an `eventId` and `eventType`
 * (strings) in its `context` or, in the flat form, at its top level.
 */
export function isBackgroundEvent(value: unknown): value is BackgroundEvent {
  if (!isRecord(value) || !("data" in value)) return false;
  const context = isRecord(value.context) ? value.context : value;
  return typeof context.eventId === "string" && typeof context.eventType === "string";
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw new InvalidBodyError(`A background event's ${what} must be a non-empty string`);
  return value;
}

function serviceOf(eventType: string, resource: BackgroundEventContext["resource"]): string | undefined {
  if (isRecord(resource) && typeof resource.service === "string" && resource.service !== "") return resource.service;
  for (const [prefix, service] of SERVICE_PREFIXES) if (eventType.startsWith(prefix)) return service;
  return undefined;
}

/** The Realtime Database location of a `domain`: `firebaseio.com` is us-central1, `L.firebasedatabase.app` is L. */
function databaseLocation(domain: unknown): string {
  if (domain === "firebaseio.com") return "us-central1";
  const match = typeof domain === "string" ? /^([\w-]+)\.firebasedatabase\.app$/.exec(domain) : null;
  if (match === null) throw new InvalidBodyError(`A Realtime Database event's domain is not one Google uses: ${JSON.stringify(domain)}`);
  return match[1] as string;
}

/** Firebase Auth's background events name two metadata timestamps differently from their CloudEvents. */
function authData(data: unknown): unknown {
  if (!isRecord(data) || !isRecord(data.metadata)) return data;
  const metadata = emptyRecord<unknown>();
  for (const name in data.metadata) {
    const renamed = name === "createdAt" ? "createTime" : name === "lastSignedInAt" ? "lastSignInTime" : name;
    metadata[renamed] = data.metadata[name];
  }
  return { ...data, metadata };
}

/**
 * The CloudEvent Google maps a background event (checked by `isBackgroundEvent`) to; see `backgroundCloudEvent`.
 * A context or resource Google would not send throws an `InvalidBodyError` (400).
 */
export function mapBackgroundEvent(body: BackgroundEvent): CloudEventEvent {
  const context: BackgroundEventContext = isRecord(body.context) ? body.context : body;
  const id = requireString(context.eventId, "eventId");
  const eventType = requireString(context.eventType, "eventType");
  let time: Date | undefined;
  if (context.timestamp !== undefined) {
    time = new Date(requireString(context.timestamp, "timestamp"));
    if (Number.isNaN(time.getTime()))
      throw new InvalidBodyError(`A background event's timestamp is not a time: ${JSON.stringify(context.timestamp)}`);
  }
  const { resource } = context;
  let name = typeof resource === "string" ? resource : isRecord(resource) && typeof resource.name === "string" ? resource.name : "";
  const service = serviceOf(eventType, resource);
  let subject: string | undefined;
  let data: unknown = body.data;
  const split = service === undefined ? undefined : RESOURCE_SPLITS.get(service);
  if (split !== undefined) {
    const match = split.exec(name);
    if (match === null)
      throw new InvalidBodyError(`A ${service} background event's resource is not in Google's form: ${JSON.stringify(name)}`);
    name = match[1] as string;
    subject = match[2] as string;
  }
  if (service === PUBSUB) {
    const message = isRecord(data) ? data : {};
    data = { message: { ...message, messageId: message.messageId ?? id, publishTime: message.publishTime ?? context.timestamp } };
  } else if (service === FIREBASE_AUTH) {
    data = authData(data);
    if (isRecord(data) && typeof data.uid === "string") subject = `users/${data.uid}`;
  } else if (service === FIREBASE_DATABASE) {
    name = name.replace(/^(projects\/[^/]+)\//, `$1/locations/${databaseLocation(body.domain)}/`);
  } else if (service === FIREBASE_ANALYTICS) {
    const appId = (data as { userDim?: { appInfo?: { appId?: unknown } } } | null)?.userDim?.appInfo?.appId;
    if (typeof appId === "string") name = `${name}/apps/${appId}`;
  }
  if (name === "" && service === undefined) throw new InvalidBodyError("A background event names no resource and no known service");
  return {
    kind: "cloudevent",
    id,
    source: service === undefined ? name : name === "" ? `//${service}` : `//${service}/${name}`,
    type: CLOUDEVENT_TYPES.get(eventType) ?? eventType,
    subject,
    time,
    dataContentType: "application/json",
    data,
    extensions: emptyRecord(),
    raw: body,
  };
}
