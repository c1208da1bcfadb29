// What only a Cloud Functions deployment sees: Firebase Analytics and Remote Config background events (real
// payloads), requests that reach an event-triggered deployment without being an event, and request bodies
// the platform inflates before the function runs.
import { jsonResponse, logLine } from "./_expect.ts";
import { fixtureJson } from "./_fixtures.ts";
import type { CaseStep, ConformanceCase, Expected } from "./types.ts";

const ANALYTICS = "gcp/firebase-analytics-legacy-background.json";
const REMOTE_CONFIG = "gcp/firebase-remote-config-legacy-background.json";
const analytics = fixtureJson<{ eventId: string; data: Record<string, unknown> }>(ANALYTICS);
const remoteConfig = fixtureJson<{ data: Record<string, unknown> }>(REMOTE_CONFIG);
const ANALYTICS_SOURCE = "//firebaseanalytics.googleapis.com/projects/my-project-id";
/** The analytics fixture's timestamp (nanoseconds) as a portable time holds it: whole milliseconds. */
const ANALYTICS_TIME = "2020-12-03T00:26:41.321Z";

/** The CloudEvent of the analytics fixture (Google's mapping: `google.firebase.analytics.log.v1.written`), with `replace`. */
const analyticsEvent = (replace: Record<string, Expected> = {}): Expected => ({
  kind: "cloudevent",
  id: analytics.eventId,
  source: `${ANALYTICS_SOURCE}/apps/com.example.exampleapp`,
  type: "google.firebase.analytics.log.v1.written",
  subject: "events/session_start",
  time: ANALYTICS_TIME,
  dataContentType: "application/json",
  data: analytics.data,
  extensions: {},
  ...replace,
});

const remoteConfigEvent: Expected = {
  kind: "cloudevent",
  id: "4087a7d9-4c27-42f1-8a06-1f17b2d5fe49",
  source: "//firebaseremoteconfig.googleapis.com/projects/sample-project",
  type: "google.firebase.remoteconfig.remoteConfig.v1.updated",
  time: "2020-11-16T16:35:33.592Z",
  dataContentType: "application/json",
  data: remoteConfig.data,
  extensions: {},
};

/** A step: `fixture` patched, recorded as `event` and done. */
const mapped = (fixture: string, patch: Record<string, unknown> | undefined, event: Expected): CaseStep => ({
  input: patch === undefined ? { kind: "fixture", fixture } : { kind: "fixture", fixture, patch },
  expect: { outcome: { ok: true }, event },
});

/** A malformed delivery: answered 400 before the handler runs, with the reason, and logged once as a warning. */
const malformed = (kind: string, reason: Expected) => ({
  events: [],
  response: jsonResponse(400, { error: reason }),
  logs: [logLine("warn", `rejected a malformed ${kind} delivery`, { status: 400, reason })],
});

/** What an event-triggered deployment answers a request that is no event. */
const notAnEvent = (what: string) =>
  malformed(
    "event",
    `An event-triggered function (signature type cloudevent) takes background events or CloudEvents; this request has ${what} and no ce-* headers`,
  );

/** A POST to an event-triggered deployment with `headers` and `body`, as it arrives (no ce-* headers, not from Google's push agent). */
const post = (headers: Record<string, string>, body?: string): CaseStep["input"] => ({
  kind: "native",
  event: body === undefined ? { method: "POST", path: "/", headers } : { method: "POST", path: "/", headers, body },
});

const TEXT = "hello, inflated body";
/** `TEXT` compressed as each encoding writes it (node's zlib, default levels). */
const COMPRESSED: ReadonlyArray<readonly [string, string]> = [
  ["gzip", "H4sIAAAAAAAAA8tIzcnJ11HIzEvLSSxJTVFIyk+pBACyKUdrFAAAAA=="],
  ["deflate", "eJzLSM3JyddRyMxLy0ksSU1RSMpPqQQATawHdg=="],
  ["br", "GxMA+KXS3FKQQSTJGS6SqZzurgI="],
];

export const gcpFunctionsCases: ConformanceCase[] = [
  {
    id: "cloudevent.fixture.gcp-background-firebase-analytics",
    title:
      "a 1st gen Firebase Analytics event.log: the app in the source, the event name the subject; without an app id the source is the project",
    needs: ["cloudevent", "native:gcp-background"],
    steps: [
      mapped(ANALYTICS, undefined, analyticsEvent()),
      // The real event without userDim.appInfo (functions-framework-dotnet's firebase-analytics-no-app-id.json).
      mapped(
        "gcp/firebase-analytics-legacy-background-no-app-id.json",
        undefined,
        (() => {
          const { appInfo: _appInfo, ...userDim } = analytics.data.userDim as Record<string, unknown>;
          return analyticsEvent({ source: ANALYTICS_SOURCE, data: { ...analytics.data, userDim } });
        })(),
      ),
      mapped(
        ANALYTICS,
        { "/data/userDim": undefined },
        analyticsEvent({ source: ANALYTICS_SOURCE, data: { eventDim: analytics.data.eventDim } }),
      ),
      mapped(ANALYTICS, { data: null }, analyticsEvent({ source: ANALYTICS_SOURCE, data: null })),
      mapped(
        ANALYTICS,
        { "/data/userDim/appInfo/appId": 7 },
        analyticsEvent({
          source: ANALYTICS_SOURCE,
          data: {
            ...analytics.data,
            userDim: {
              ...(analytics.data.userDim as Record<string, unknown>),
              appInfo: { ...(analytics.data.userDim as Record<string, Record<string, unknown>>).appInfo, appId: 7 },
            },
          },
        }),
      ),
    ],
  },
  {
    id: "malformed.gcp-background-firebase-analytics",
    title: "a Firebase Analytics event whose resource names no event answers 400 naming it",
    needs: ["native:gcp-background", "logs"],
    steps: [
      ["projects/my-project-id/events", "firebaseanalytics.googleapis.com"],
      ["projects/my-project-id/events/session_start/more", "firebaseanalytics.googleapis.com"],
      ["x/projects/my-project-id/events/session_start", "firebaseanalytics.googleapis.com"],
    ].map(([resource, service]) => ({
      input: { kind: "fixture" as const, fixture: ANALYTICS, patch: { resource } },
      expect: malformed("event", `A ${service} background event's resource is not in Google's form: ${JSON.stringify(resource)}`),
    })),
  },
  {
    id: "cloudevent.fixture.gcp-background-firebase-remote-config",
    title: "a 1st gen Firebase Remote Config update is google.firebase.remoteconfig.remoteConfig.v1.updated from the project",
    needs: ["cloudevent", "native:gcp-background"],
    steps: [
      mapped(REMOTE_CONFIG, undefined, remoteConfigEvent),
      // The type as Google's mapping table writes it (functions-framework-conformance, docs/mapping.md).
      mapped(REMOTE_CONFIG, { "/context/eventType": "providers/firebase.remoteConfig/remoteconfig.update" }, remoteConfigEvent),
      // Only an analytics event's data names an app in its source; a resource service that is no string names none.
      mapped(
        REMOTE_CONFIG,
        { "/data/userDim": { appInfo: { appId: "com.example.app" } } },
        {
          ...(remoteConfigEvent as Record<string, unknown>),
          data: { ...remoteConfig.data, userDim: { appInfo: { appId: "com.example.app" } } },
        },
      ),
      mapped(
        REMOTE_CONFIG,
        { "/context/resource/service": 5, "/context/eventType": "providers/firebase.remoteConfig/remoteconfig.update" },
        { ...(remoteConfigEvent as Record<string, unknown>), source: "projects/sample-project" },
      ),
    ],
  },
  {
    id: "malformed.gcp-event-trigger-not-an-event",
    title:
      "a request to an event-triggered deployment that is no event (no body, a body that is not JSON, JSON that is no event) answers 400 saying what it has",
    needs: ["event-trigger", "native:gcp-http", "logs"],
    steps: [
      { input: post({}), expect: notAnEvent("no body") },
      { input: post({ "content-type": "application/json" }, ""), expect: notAnEvent("no body") },
      { input: post({ "content-type": "text/plain" }, "hello"), expect: notAnEvent("a text/plain body") },
      {
        input: post({ "content-type": "application/x-www-form-urlencoded" }, "a=1"),
        expect: notAnEvent("a application/x-www-form-urlencoded body"),
      },
      { input: post({}, "hello"), expect: notAnEvent("a untyped body") },
      // JSON the framework's own parser does not take (a +json type) reaches the function as sent: a scalar is no event either.
      ...[
        ["null", "a null"],
        ["7", "a number"],
        ['"event"', "a string"],
      ].map(([body, what]) => ({
        input: post({ "content-type": "application/vnd.example+json" }, body),
        expect: malformed(
          "event",
          `An event-triggered function (signature type cloudevent) takes background events ({ context, data }) or CloudEvents; this body is ${what}`,
        ),
      })),
      {
        input: post({ "content-type": "application/json" }, '{"hello":"world"}'),
        expect: malformed(
          "event",
          'An event-triggered function (signature type cloudevent) takes background events ({ context, data }) or CloudEvents; this body is an object with "hello"',
        ),
      },
    ],
  },
  {
    id: "messages.gcp-event-trigger-bare-push",
    title: "a bare Pub/Sub push envelope (the emulator pushing straight to an event-triggered function) is one message",
    needs: ["event-trigger", "messages", "native:gcp-http"],
    steps: [
      {
        input: { kind: "fixture", fixture: "gcp/pubsub-push-envelope.json", http: { headers: { "content-type": "application/json" } } },
        expect: {
          messages: { redelivered: [] },
          event: {
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
                publishedAt: "2021-02-05T04:06:14.109Z",
              },
            ],
          },
        },
      },
    ],
  },
  {
    id: "http.body.inflated",
    title:
      "a compressed request body the platform inflates reaches the function decoded, described by its own headers (no content-encoding, its length)",
    needs: ["http", "http:inflated-body"],
    steps: [
      ...COMPRESSED.map(
        ([encoding, bodyBase64]): CaseStep => ({
          input: {
            kind: "http",
            request: {
              method: "POST",
              path: "/",
              headers: { host: "example.test", "content-type": "text/plain", "content-encoding": encoding },
              bodyBase64,
            },
          },
          expect: {
            event: {
              headers: { "content-type": "text/plain", "content-encoding": { $absent: true }, "content-length": String(TEXT.length) },
              text: TEXT,
              bytesBase64: Buffer.from(TEXT).toString("base64"),
            },
          },
        }),
      ),
      // A body without a content type is one the platform does not parse, so it does not inflate it either: as sent.
      {
        input: {
          kind: "http",
          request: {
            method: "POST",
            path: "/",
            headers: { host: "example.test", "content-encoding": "gzip" },
            bodyBase64: COMPRESSED[0]?.[1] as string,
          },
        },
        expect: {},
      },
      // Identity is no encoding: the body and its headers stay as sent, whatever the case of its name.
      {
        input: {
          kind: "http",
          request: {
            method: "POST",
            path: "/",
            headers: { host: "example.test", "content-type": "text/plain", "content-encoding": "Identity" },
            body: TEXT,
          },
        },
        expect: {
          event: { headers: { "content-type": "text/plain", "content-encoding": "Identity", "content-length": String(TEXT.length) } },
        },
      },
    ],
  },
];
