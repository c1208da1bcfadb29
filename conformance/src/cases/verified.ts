// Deliveries to an app deployed with the suite's delivery verifier (`verified-deliveries`, `conformanceVerifier()`):
// a trusted one runs, a refused or unverifiable one is answered as core answers it and never reaches the handler,
// plain HTTP is not checked, and a delivery known only by its body is read first, then checked. Beside them, requests
// from Google's push agent that carry no delivery.
import { FAILING_TOKEN, FORBIDDEN_TOKEN, SINGLE_USE_PREFIX, TRUSTED_TOKEN, VERIFIER_FAILURE } from "../verifier.ts";
import { GENERIC_500, jsonResponse, loggedError, logLine } from "./_expect.ts";
import { BUCKET, eventarcHeaders, PUBLISHED, PUSH_AGENT } from "./_gcp.ts";
import { batch } from "./messages.ts";
import type { CaseStep, ConformanceCase, Expected, FixtureInput, StepExpectation } from "./types.ts";

const PUSH_ENVELOPE = "gcp/pubsub-push-envelope.json";
const STORAGE_BACKGROUND = "gcp/storage-legacy-background.json";
const PUBSUB_BACKGROUND = "gcp/pubsub-legacy-background.json";
const push = { "content-type": "application/json", "user-agent": PUSH_AGENT };
const finalized = eventarcHeaders("google.cloud.storage.object.v1.finalized", BUCKET, PUBLISHED, {
  "ce-subject": "objects/folder/Test.cs",
  "ce-bucket": "sample-bucket",
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sent = (fixture: string, headers: Record<string, string>, patch?: Record<string, unknown>): FixtureInput =>
  patch === undefined ? { kind: "fixture", fixture, http: { headers } } : { kind: "fixture", fixture, http: { headers }, patch };
const verified = { verifiedDeliveries: true } as const;

/** The message of `pubsub-push-envelope.json`. */
const pushedMessage = {
  kind: "messages",
  source: "gcp.pubsub",
  ordered: true,
  messages: [
    {
      kind: "message",
      id: "message-id",
      text: "test message 3",
      attributes: { attr1: "attr1-value" },
      attempt: 1,
      publishedAt: PUBLISHED,
    },
  ],
};
/** The storage event of the Eventarc `storage-object-data.json` delivery (`finalized` headers). */
const finalizedObject = {
  kind: "storage",
  action: "created",
  bucket: "sample-bucket",
  key: "folder/Test.cs",
  size: 352,
  etag: "CNHZkbuF/ugCEAE=",
  time: PUBLISHED,
};
/** The storage event of the 1st gen `storage-legacy-background.json`. */
const backgroundObject = {
  kind: "storage",
  action: "created",
  bucket: "some-bucket",
  key: "folder/Test.cs",
  size: 352,
  etag: "CNHZkbuF/ugCEAE=",
  time: "2020-09-29T11:32:00.123Z",
};

/** A delivery refused by the verifier: core's answer (`refusedDeliveryResponse`), nothing recorded, one warning naming the delivery and why. */
function refused(what: string, status: 401 | 403, reason: string, message: string): StepExpectation {
  const headers: Record<string, Expected> =
    status === 401 ? { "www-authenticate": reason === "missing-token" ? "Bearer" : 'Bearer error="invalid_token"' } : {};
  return {
    events: [],
    response: jsonResponse(status, { error: status === 401 ? "Unauthorized" : "Forbidden" }, headers),
    logs: [logLine("warn", `refused a ${what} delivery: ${message}`, { status, reason })],
  };
}
const NO_TOKEN = ["missing-token", "no Authorization header"] as const;
const UNTRUSTED = ["invalid-token", "the token is not trusted"] as const;
const REPLAYED = ["replayed-token", "the token was used before"] as const;

/** A verifier that throws: the delivery fails closed, a generic 500 and one error line; nothing recorded. */
const verifierFailed = (what: string): StepExpectation => ({
  events: [],
  response: GENERIC_500,
  logs: [logLine("error", `could not verify a ${what} delivery: the verifier failed`, { error: loggedError("Error", VERIFIER_FAILURE) })],
});

const plainRequest = (headers: Record<string, string>): CaseStep["input"] => ({
  kind: "http",
  request: {
    method: "POST",
    path: "/orders",
    headers: { host: "example.test", "content-type": "application/json", ...headers },
    body: '{"n":1}',
  },
});

/** A POST from Google's push agent (`APIs-Google`, what Pub/Sub push sends as) whose body is no push envelope. */
const pushAgentRequest = (contentType: string, body: string, headers: Record<string, string> = {}): CaseStep["input"] => ({
  kind: "http",
  request: {
    method: "POST",
    path: "/hook",
    headers: { host: "example.test", "content-type": contentType, "user-agent": PUSH_AGENT, ...headers },
    body,
  },
});

/** Requests from Google's push agent that carry no delivery: plain HTTP, wherever it comes from. */
export const pushAgentHttpCases: ConformanceCase[] = [
  {
    id: "http.push-agent-not-a-delivery",
    title: "a POST from Google's push agent whose body is no Pub/Sub envelope (text, JSON without a message) is plain HTTP",
    needs: ["http"],
    // echo: the event derived from the request, answered as JSON.
    steps: [
      { input: pushAgentRequest("text/plain", "not an envelope"), expect: {} },
      { input: pushAgentRequest("application/json", '{"subscription":"s"}'), expect: {} },
    ],
  },
];

export const verifiedDeliveryCases: ConformanceCase[] = [
  {
    id: "verified.neutral-messages",
    title: "deployed with the suite's verifier: messages a trusted sender delivers run as ever",
    needs: ["messages", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [{ input: batch("one", "fail"), expect: { messages: { redelivered: ["msg-2"] }, logs: [] } }],
  },
  {
    id: "verified.gcp-trusted",
    title: "a Pub/Sub push and an Eventarc CloudEvent with a trusted token run, with no log line",
    needs: ["messages", "storage", "native:gcp-http", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [
      {
        input: sent(PUSH_ENVELOPE, { ...push, ...bearer(TRUSTED_TOKEN) }),
        expect: { messages: { redelivered: [] }, event: pushedMessage, logs: [] },
      },
      {
        input: sent("gcp/storage-object-data.json", { ...finalized, ...bearer(TRUSTED_TOKEN) }),
        expect: { outcome: { ok: true }, event: finalizedObject, logs: [] },
      },
    ],
  },
  {
    id: "verified.gcp-refused",
    title:
      "a delivery without a token, with an untrusted one or from a caller not allowed is answered 401/403 before it is even parsed (a malformed one too), with one warning",
    needs: ["native:gcp-http", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [
      { input: sent(PUSH_ENVELOPE, push), expect: refused("pubsub-push", 401, ...NO_TOKEN) },
      {
        input: sent("gcp/storage-object-data.json", { ...finalized, ...bearer("forged") }),
        expect: refused("cloudevent", 401, ...UNTRUSTED),
      },
      { input: sent(PUSH_ENVELOPE, { ...push, authorization: TRUSTED_TOKEN }), expect: refused("pubsub-push", 401, ...UNTRUSTED) },
      {
        input: sent(PUSH_ENVELOPE, { ...push, ...bearer(FORBIDDEN_TOKEN) }),
        expect: refused("pubsub-push", 403, "forbidden-caller", "the caller is not allowed"),
      },
      {
        input: sent(PUSH_ENVELOPE, push, { message: { data: "not*base64!", messageId: "m1" } }),
        expect: refused("pubsub-push", 401, ...NO_TOKEN),
      },
    ],
  },
  {
    id: "verified.gcp-verifier-fails",
    title: "a verifier that throws fails the delivery closed: 500, one error line, the handler never runs",
    needs: ["native:gcp-http", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [
      { input: sent(PUSH_ENVELOPE, { ...push, ...bearer(FAILING_TOKEN) }), expect: verifierFailed("pubsub-push") },
      { input: sent("gcp/storage-object-data.json", { ...finalized, ...bearer(FAILING_TOKEN) }), expect: verifierFailed("cloudevent") },
    ],
  },
  {
    id: "verified.gcp-checked-once",
    title: "each delivery is verified exactly once: a single-use token runs its delivery, and is refused when used again",
    needs: ["messages", "native:gcp-http", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [
      {
        input: sent(PUSH_ENVELOPE, { ...push, ...bearer(`${SINGLE_USE_PREFIX}1`) }),
        expect: { messages: { redelivered: [] }, event: pushedMessage, logs: [] },
      },
      { input: sent(PUSH_ENVELOPE, { ...push, ...bearer(`${SINGLE_USE_PREFIX}1`) }), expect: refused("pubsub-push", 401, ...REPLAYED) },
    ],
  },
  {
    id: "verified.plain-http",
    title: "plain HTTP requests are not deliveries: served without a token, and a token is never checked",
    needs: ["http", "verified-deliveries", "logs"],
    deploy: verified,
    // echo: the event derived from the request, answered as JSON.
    steps: [
      { input: plainRequest({}), expect: { logs: [] } },
      { input: plainRequest(bearer(FAILING_TOKEN)), expect: { logs: [] } },
    ],
  },
  {
    id: "verified.push-agent-http",
    title:
      "a POST from Google's push agent is checked as the push it claims to be, before its body is read: refused without a token, plain HTTP with one",
    needs: ["http", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [
      { input: pushAgentRequest("text/plain", "not an envelope"), expect: refused("pubsub-push", 401, ...NO_TOKEN) },
      // echo: the event derived from the request, answered as JSON.
      { input: pushAgentRequest("text/plain", "not an envelope", bearer(TRUSTED_TOKEN)), expect: { logs: [] } },
    ],
  },
  {
    id: "verified.gcp-background",
    title:
      "a 1st gen background event, known only by its body, is read first and then verified once: trusted runs, refused and unverifiable are answered before the handler; a malformed one is answered 400 unverified",
    needs: ["storage", "native:gcp-background", "verified-deliveries", "logs"],
    deploy: verified,
    steps: [
      {
        input: sent(STORAGE_BACKGROUND, { "content-type": "application/json", ...bearer(TRUSTED_TOKEN) }),
        expect: { outcome: { ok: true }, event: backgroundObject, logs: [] },
      },
      { input: sent(STORAGE_BACKGROUND, { "content-type": "application/json" }), expect: refused("body-detected event", 401, ...NO_TOKEN) },
      {
        input: sent(STORAGE_BACKGROUND, { "content-type": "application/json", ...bearer(FAILING_TOKEN) }),
        expect: verifierFailed("body-detected event"),
      },
      {
        input: sent(STORAGE_BACKGROUND, { "content-type": "application/json", ...bearer(`${SINGLE_USE_PREFIX}2`) }),
        expect: { outcome: { ok: true }, event: backgroundObject, logs: [] },
      },
      {
        input: sent(STORAGE_BACKGROUND, { "content-type": "application/json", ...bearer(`${SINGLE_USE_PREFIX}2`) }),
        expect: refused("body-detected event", 401, ...REPLAYED),
      },
      // The event is known only once its body is read: a malformed one is refused as malformed, whoever sent it.
      {
        input: sent(
          PUBSUB_BACKGROUND,
          { "content-type": "application/json" },
          { data: { "@type": "type.googleapis.com/google.pubsub.v1.PubsubMessage", data: "not*base64!" } },
        ),
        expect: {
          events: [],
          response: jsonResponse(400, { error: "Pub/Sub message data is not valid base64" }),
          logs: [
            logLine("warn", "rejected a malformed event delivery", { status: 400, reason: "Pub/Sub message data is not valid base64" }),
          ],
        },
      },
    ],
  },
];
