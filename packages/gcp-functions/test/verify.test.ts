// Issue 15 on Cloud Functions: with `verify`, the deliveries known only by their body (1st gen background
// events, a bare Pub/Sub push envelope) are checked like the ones Google announces in headers, through
// the real Functions Framework, against a JWKS endpoint on a loopback port.
import { readFileSync } from "node:fs";
import { type EventView, eventView } from "@fnport/conformance";
import { defineHandler } from "@fnport/core";
import { oidcVerifier } from "@fnport/oidc";
import { startTestIssuer } from "@fnport/oidc/testing";
import { afterEach, describe, expect, test } from "vitest";
import type { CloudFunctionOptions } from "../src/index.ts";
import { closeAll, logCollector, ownHeaderLines, type ReceivedResponse, send, serveFunction } from "./_framework.ts";

const AUDIENCE = "https://us-central1-my-project.cloudfunctions.net/orders";
const SENDER = "events@my-project.iam.gserviceaccount.com";
const EXECUTION_ID = "4pr3mb3d7v1g";

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  await closeAll();
});

const fixture = (name: string): string => readFileSync(new URL(`../../../conformance/fixtures/gcp/${name}`, import.meta.url), "utf8");

async function start(options: CloudFunctionOptions) {
  const issuer = await startTestIssuer({ audience: AUDIENCE, serviceAccount: SENDER });
  closers.push(() => issuer.close());
  const views: EventView[] = [];
  const log = logCollector();
  const verify = oidcVerifier({ audience: AUDIENCE, serviceAccounts: [SENDER], jwksUrl: issuer.jwksUrl });
  const fn = await serveFunction(
    defineHandler(async (event) => {
      views.push(await eventView(event));
      return event.kind === "http" ? { status: 200, body: "plain http" } : undefined;
    }),
    { verify, write: log.write, ...options },
  );
  return { issuer, port: fn.port, views, log: log.lines };
}

function post(port: number, body: string, token?: string, path = "/"): Promise<ReceivedResponse> {
  const headers: Array<[string, string]> = [
    ["Content-Type", "application/json"],
    ["Function-Execution-Id", EXECUTION_ID],
  ];
  if (token !== undefined) headers.push(["Authorization", `Bearer ${token}`]);
  return send(port, { method: "POST", path, headers, body });
}

const answered = (response: ReceivedResponse): [number, Array<[string, string]>, string] => [
  response.status,
  ownHeaderLines(response),
  response.text,
];
const JSON_TYPE: [string, string] = ["content-type", "application/json; charset=utf-8"];
const loggedLines = (log: Array<Record<string, unknown>>) =>
  log.map((line) => [line.severity, line.message, line.requestId, line.reason, line.status]);

const storageCreated: EventView = {
  kind: "storage",
  action: "created",
  bucket: "some-bucket",
  key: "folder/Test.cs",
  size: 352,
  etag: "CNHZkbuF/ugCEAE=",
  time: "2020-09-29T11:32:00.123Z",
};

describe("verify on an event deployment (background events, known by their body)", () => {
  test("no token: 401 before the handler runs, one warning naming the delivery and why", async () => {
    const { port, views, log } = await start({ signatureType: "event" });
    expect(answered(await post(port, fixture("storage-legacy-background.json")))).toEqual([
      401,
      [["www-authenticate", "Bearer"], JSON_TYPE, ["content-length", "24"]],
      '{"error":"Unauthorized"}',
    ]);
    expect(views).toEqual([]);
    expect(loggedLines(log)).toEqual([
      ["WARNING", "refused a body-detected event delivery: no Authorization header", EXECUTION_ID, "missing-token", 401],
    ]);
  });

  test("a token for another service account: 403, the handler never runs", async () => {
    const { issuer, port, views, log } = await start({ signatureType: "event" });
    const token = await issuer.token({ email: "attacker@evil-project.iam.gserviceaccount.com" });
    const response = await post(port, fixture("pubsub-legacy-background.json"), token);
    expect(answered(response)).toEqual([403, [JSON_TYPE, ["content-length", "21"]], '{"error":"Forbidden"}']);
    expect(views).toEqual([]);
    expect(loggedLines(log)).toEqual([
      [
        "WARNING",
        'refused a body-detected event delivery: the caller "attacker@evil-project.iam.gserviceaccount.com" is not one of the allowed service accounts',
        EXECUTION_ID,
        "email-not-allowed",
        403,
      ],
    ]);
    expect(JSON.stringify(log)).not.toContain(token.split(".")[2]);
  });

  test("a signed delivery runs: 204 and the portable event", async () => {
    const { issuer, port, views, log } = await start({ signatureType: "event" });
    expect(answered(await post(port, fixture("storage-legacy-background.json"), await issuer.token()))).toEqual([204, [], ""]);
    expect(views).toEqual([storageCreated]);
    expect(log).toEqual([]);
  });

  test("a bare Pub/Sub push envelope (the emulator's) on a 2nd gen event deployment is checked too", async () => {
    const { issuer, port, views } = await start({ signatureType: "cloudevent" });
    const envelope = fixture("pubsub-push-envelope.json");
    expect((await post(port, envelope)).status).toBe(401);
    expect(views).toEqual([]);
    expect((await post(port, envelope, await issuer.token())).status).toBe(204);
    expect(views.map((view) => view.kind)).toEqual(["messages"]);
  });

  test("a malformed body is answered 400 before any token is checked (it must be read to be known as a delivery); the handler never runs", async () => {
    const { port, views, log } = await start({ signatureType: "event" });
    const response = await post(port, '{"hello":"world"}');
    expect(response.status).toBe(400);
    expect(views).toEqual([]);
    expect(loggedLines(log).map(([severity, message]) => [severity, message])).toEqual([
      ["WARNING", "rejected a malformed event delivery"],
    ]);
  });

  test("eventPath: a background event elsewhere is plain HTTP, on the path it is checked", async () => {
    const { issuer, port, views } = await start({ signatureType: "event", eventPath: "/_events" });
    const body = fixture("storage-legacy-background.json");
    expect((await post(port, body, undefined, "/_events")).status).toBe(401);
    const elsewhere = await post(port, body, undefined, "/orders");
    expect([elsewhere.status, elsewhere.text]).toEqual([200, "plain http"]);
    expect((await post(port, body, await issuer.token(), "/_events")).status).toBe(204);
    expect(views.map((view) => view.kind)).toEqual(["http", "storage"]);
  });
});

describe("verify on an HTTP deployment", () => {
  test("a JSON body shaped like a background event is plain HTTP: served without a token", async () => {
    const { port, views } = await start({ signatureType: "http" });
    const response = await post(port, fixture("storage-legacy-background.json"));
    expect([response.status, response.text, views.map((view) => view.kind)]).toEqual([200, "plain http", ["http"]]);
  });
});
