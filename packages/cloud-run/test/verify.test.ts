// Only the provider may deliver an event (issue 15): Google's OIDC tokens verified through the real
// Cloud Run server and through the real Functions Framework (an `http` function on toNodeHandler),
// against a JWKS endpoint on a loopback port with keys the tests generate.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type EventView, eventView } from "@fnport/conformance";
import { type App, defineHandler } from "@fnport/core";
import { oidcVerifier } from "@fnport/oidc";
import { startTestIssuer, type TestIssuer } from "@fnport/oidc/testing";
import { http as registerHttpFunction } from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { SignJWT } from "jose";
import { afterEach, describe, expect, test } from "vitest";
import { type NodeHandlerOptions, toNodeHandler } from "../src/index.ts";
import { logCollector, ownHeaderLines, type ReceivedResponse, send, serve } from "./_client.ts";

const AUDIENCE = "https://orders-abc123-uc.a.run.app";
const PUSHER = "pubsub-push@my-project.iam.gserviceaccount.com";
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

interface Host {
  name: string;
  start(app: App<unknown, unknown>, options: NodeHandlerOptions): Promise<{ port: number; close(): Promise<unknown> }>;
}

const cloudRunHost: Host = {
  name: "Cloud Run server (cloudRun)",
  start: (app, options) => serve(app, options),
};

let functionCount = 0;
const functionsFrameworkHost: Host = {
  name: "Functions Framework (http function on toNodeHandler)",
  async start(app, options) {
    const name = `verified${++functionCount}`;
    const handler = toNodeHandler(app, {
      provider: "gcp-functions",
      rawBody: (request) => (request as { rawBody?: Buffer }).rawBody,
      ...options,
    });
    registerHttpFunction(name, (request, response) => void handler(request, response));
    const server: Server = getTestServer(name);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      port: (server.address() as AddressInfo).port,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  },
};

const cleanUp: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanUp.splice(0).map((close) => close()));
});

/** A running host with verification on, the issuer that signs its tokens, what its handler saw, and its log. */
async function setUp(
  host: Host,
  options: NodeHandlerOptions & { cooldownMs?: number; cacheControl?: string; verifiedTokens?: number } = {},
) {
  const { cooldownMs, cacheControl, verifiedTokens, ...handlerOptions } = options;
  const issuer = await startTestIssuer({ audience: AUDIENCE, serviceAccount: PUSHER, cacheControl });
  cleanUp.push(() => issuer.close());
  const seen: EventView[] = [];
  const app = defineHandler(async (event) => {
    seen.push(await eventView(event));
    if (event.kind === "http") return { status: 200, body: "plain http" };
    return undefined;
  });
  const log = logCollector();
  const verify = oidcVerifier({
    audience: AUDIENCE,
    serviceAccounts: [PUSHER],
    jwksUrl: issuer.jwksUrl,
    ...(cooldownMs === undefined ? {} : { keyRefreshCooldownMs: cooldownMs }),
    ...(verifiedTokens === undefined ? {} : { verifiedTokens }),
  });
  const server = await host.start(app as App<unknown, unknown>, { verify, write: log.write, ...handlerOptions });
  cleanUp.push(() => server.close());
  return { issuer, port: server.port, seen, log: log.lines };
}

const envelope = JSON.stringify({
  message: { data: Buffer.from("order 42").toString("base64"), messageId: "m-1", publishTime: "2026-12-02T10:00:00.000Z" },
  subscription: "projects/my-project/subscriptions/orders-push",
});

/** A Pub/Sub push delivery as Pub/Sub sends it, with `token` (if any) as its bearer token. */
function push(port: number, token: string | undefined, path = "/"): Promise<ReceivedResponse> {
  const headers: Array<[string, string]> = [
    ["Content-Type", "application/json"],
    ["User-Agent", PUSH_AGENT],
  ];
  if (token !== undefined) headers.push(["Authorization", `Bearer ${token}`]);
  return send(port, { method: "POST", path, headers, body: envelope });
}

const pushedMessage: EventView = {
  kind: "messages",
  source: "gcp.pubsub",
  ordered: false,
  messages: [{ kind: "message", id: "m-1", text: "order 42", attributes: {}, attempt: 1, publishedAt: "2026-12-02T10:00:00.000Z" }],
};

const answered = (response: ReceivedResponse): [number, Array<[string, string]>, string] => [
  response.status,
  ownHeaderLines(response),
  response.text,
];
const JSON_TYPE: [string, string] = ["content-type", "application/json; charset=utf-8"];
const UNAUTHORIZED = (challenge = 'Bearer error="invalid_token"') => [
  401,
  [["www-authenticate", challenge], JSON_TYPE, ["content-length", "24"]],
  '{"error":"Unauthorized"}',
];
const FORBIDDEN = [403, [JSON_TYPE, ["content-length", "21"]], '{"error":"Forbidden"}'];
const UNAVAILABLE = [503, [JSON_TYPE, ["content-length", "31"]], '{"error":"Service Unavailable"}'];

const now = (): number => Math.floor(Date.now() / 1000);
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The refusal's one log line: level, message and fields, and that no line anywhere holds the token. */
function refusalLogged(log: Array<Record<string, unknown>>, token: string | undefined) {
  if (token !== undefined) expect(JSON.stringify(log)).not.toContain(token.split(".")[2] || token);
  expect(log).toHaveLength(1);
  const [line] = log as [Record<string, unknown>];
  return { level: line.level, message: line.message, status: line.status, reason: line.reason };
}

for (const host of [cloudRunHost, functionsFrameworkHost]) {
  describe(`verify through the ${host.name}`, () => {
    test("a valid token: the delivery is handled (204)", async () => {
      const { issuer, port, seen, log } = await setUp(host);
      expect(answered(await push(port, await issuer.token()))).toEqual([204, [], ""]);
      expect(seen).toEqual([pushedMessage]);
      expect(log).toEqual([]);
    });

    test("no token: 401 with WWW-Authenticate: Bearer, the handler never runs, one log line says why", async () => {
      const { port, seen, log } = await setUp(host);
      expect(answered(await push(port, undefined))).toEqual(UNAUTHORIZED("Bearer"));
      expect(seen).toEqual([]);
      expect(refusalLogged(log, undefined)).toEqual({
        level: "warn",
        message: "refused a pubsub-push delivery: no Authorization header",
        status: 401,
        reason: "missing-token",
      });
    });

    const refusals: Array<{
      name: string;
      token: (issuer: TestIssuer) => Promise<string>;
      answer: unknown;
      reason: string;
      message?: (issuer: TestIssuer) => string;
    }> = [
      {
        name: "expired",
        token: (issuer) => issuer.token({ iat: now() - 7200, exp: now() - 3600 }),
        answer: UNAUTHORIZED(),
        reason: "expired",
      },
      { name: "not yet valid", token: (issuer) => issuer.token({ nbf: now() + 3600 }), answer: UNAUTHORIZED(), reason: "not-yet-valid" },
      {
        name: "wrong audience",
        token: (issuer) => issuer.token({ aud: "https://another-service-xyz-uc.a.run.app" }),
        answer: UNAUTHORIZED(),
        reason: "wrong-audience",
        message: () =>
          'refused a pubsub-push delivery: the token\'s audience "https://another-service-xyz-uc.a.run.app" is not the expected one',
      },
      {
        name: "wrong issuer",
        token: (issuer) => issuer.token({ iss: "https://login.example.com" }),
        answer: UNAUTHORIZED(),
        reason: "wrong-issuer",
      },
      {
        name: "wrong email",
        token: (issuer) => issuer.token({ email: "attacker@evil-project.iam.gserviceaccount.com" }),
        answer: FORBIDDEN,
        reason: "email-not-allowed",
        message: () =>
          'refused a pubsub-push delivery: the caller "attacker@evil-project.iam.gserviceaccount.com" is not one of the allowed service accounts',
      },
      {
        name: "email not verified",
        token: (issuer) => issuer.token({ email_verified: false }),
        answer: FORBIDDEN,
        reason: "email-not-verified",
        message: () => `refused a pubsub-push delivery: the caller's email "${PUSHER}" is not verified`,
      },
      {
        name: "alg none",
        token: async () =>
          `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSHER, email_verified: true, iat: now(), exp: now() + 3600 })}.`,
        answer: UNAUTHORIZED(),
        reason: "alg",
        message: () => 'refused a pubsub-push delivery: the token\'s algorithm "none" is not allowed (RS256)',
      },
      {
        name: "HS256 signed with the public key",
        token: (issuer) =>
          new SignJWT({ aud: AUDIENCE, email: PUSHER, email_verified: true })
            .setProtectedHeader({ alg: "HS256", kid: issuer.kid })
            .setIssuer("https://accounts.google.com")
            .setIssuedAt()
            .setExpirationTime("1h")
            .sign(new TextEncoder().encode(JSON.stringify(issuer.publicJwk))),
        answer: UNAUTHORIZED(),
        reason: "alg",
      },
      {
        name: "bad signature (payload swapped under a real signature)",
        token: async (issuer) => {
          const [head, , signature] = (await issuer.token({ email: "someone@gmail.com" })).split(".");
          return `${head}.${b64url({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSHER, email_verified: true, iat: now(), exp: now() + 3600 })}.${signature}`;
        },
        answer: UNAUTHORIZED(),
        reason: "bad-signature",
        message: () => "refused a pubsub-push delivery: the token's signature does not verify",
      },
    ];

    for (const refusal of refusals) {
      test(`${refusal.name}: refused before the handler runs, with a log line saying why and not the token`, async () => {
        const { issuer, port, seen, log } = await setUp(host);
        const token = await refusal.token(issuer);
        expect(answered(await push(port, token))).toEqual(refusal.answer);
        expect(seen).toEqual([]);
        const logged = refusalLogged(log, token);
        expect(logged).toMatchObject({ level: "warn", reason: refusal.reason, status: (refusal.answer as [number])[0] });
        if (refusal.message !== undefined) expect(logged.message).toBe(refusal.message(issuer));
        else expect(logged.message).toMatch(/^refused a pubsub-push delivery: the token/);
      });
    }

    test("an unknown kid triggers one refresh, not one per request", async () => {
      const { issuer, port, seen } = await setUp(host, { cooldownMs: 60_000 });
      // A rotation Google made after this instance fetched: the first token with the new kid refreshes.
      await issuer.rotate({ keepOld: true });
      const before = await issuer.token({}, { kid: "not-listed" });
      const responses = await Promise.all(Array.from({ length: 20 }, () => push(port, before)));
      expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 401));
      expect(issuer.keyFetches).toBe(1);
      expect((await push(port, await issuer.token())).status).toBe(204); // the listed key: no fetch needed
      expect(issuer.keyFetches).toBe(1);
      for (let i = 0; i < 20; i++) expect((await push(port, before)).status).toBe(401);
      expect(issuer.keyFetches).toBe(1);
      expect(seen).toEqual([pushedMessage]);
    });

    test("a rotated key: tokens with the new key are accepted after one refresh", async () => {
      const { issuer, port, seen } = await setUp(host, { cooldownMs: 0 });
      expect((await push(port, await issuer.token())).status).toBe(204);
      await issuer.rotate();
      expect((await push(port, await issuer.token())).status).toBe(204);
      expect(issuer.keyFetches).toBe(2);
      expect(seen).toEqual([pushedMessage, pushedMessage]);
    });

    test("a JWKS endpoint that is down: deliveries refused with 503, the handler never runs", async () => {
      const { issuer, port, seen, log } = await setUp(host);
      issuer.setAvailable(false);
      const token = await issuer.token();
      expect(answered(await push(port, token))).toEqual(UNAVAILABLE);
      expect(seen).toEqual([]);
      expect(refusalLogged(log, token)).toEqual({
        level: "warn",
        message: `refused a pubsub-push delivery: the signing keys could not be fetched from ${issuer.jwksUrl}: the endpoint answered 503`,
        status: 503,
        reason: "keys-unavailable",
      });
    });

    test("1,000 verified deliveries cost one key fetch", async () => {
      const { issuer, port, seen } = await setUp(host, { verifiedTokens: 0 }); // every signature checked
      const token = await issuer.token();
      for (let batch = 0; batch < 50; batch++) {
        const statuses = await Promise.all(Array.from({ length: 20 }, () => push(port, token).then((response) => response.status)));
        expect(statuses).toEqual(Array.from({ length: 20 }, () => 204));
      }
      expect(seen).toHaveLength(1000);
      expect(issuer.keyFetches).toBe(1);
    }, 60_000);

    test("every kind of delivery is verified: forged ones never reach the handler, signed ones do", async () => {
      const { issuer, port, seen } = await setUp(host);
      const token = await issuer.token();
      const deliveries: Array<{ headers: Array<[string, string]>; body: string }> = [
        {
          // Eventarc, binary mode
          headers: [
            ["Content-Type", "application/json"],
            ["ce-id", "1"],
            ["ce-source", "//storage.googleapis.com/projects/_/buckets/b"],
            ["ce-specversion", "1.0"],
            ["ce-type", "google.cloud.storage.object.v1.finalized"],
          ],
          body: JSON.stringify({ bucket: "b", name: "invoice.pdf", size: "3" }),
        },
        {
          // Eventarc / Knative, structured mode
          headers: [["Content-Type", "application/cloudevents+json"]],
          body: JSON.stringify({
            specversion: "1.0",
            id: "2",
            source: "//example/app",
            type: "com.example.thing.done",
            data: { ok: true },
          }),
        },
        {
          // Cloud Tasks
          headers: [
            ["Content-Type", "application/octet-stream"],
            ["X-CloudTasks-TaskName", "task-1"],
            ["X-CloudTasks-QueueName", "orders"],
          ],
          body: "charge 42",
        },
        {
          // Cloud Scheduler
          headers: [
            ["User-Agent", "Google-Cloud-Scheduler"],
            ["X-CloudScheduler", "true"],
            ["X-CloudScheduler-JobName", "nightly"],
            ["X-CloudScheduler-ScheduleTime", "2026-12-02T03:00:00Z"],
          ],
          body: "",
        },
        {
          headers: [
            ["Content-Type", "application/json"],
            ["User-Agent", PUSH_AGENT],
          ],
          body: envelope,
        },
      ];
      for (const delivery of deliveries) {
        const forged = await send(port, { method: "POST", headers: [...delivery.headers], body: delivery.body });
        expect(answered(forged)).toEqual(UNAUTHORIZED("Bearer"));
      }
      expect(seen).toEqual([]);
      for (const delivery of deliveries) {
        const signed = await send(port, {
          method: "POST",
          headers: [...delivery.headers, ["Authorization", `Bearer ${token}`]],
          body: delivery.body,
        });
        expect(signed.status).toBe(204);
      }
      expect(seen.map((view) => view.kind)).toEqual(["storage", "cloudevent", "messages", "schedule", "messages"]);
    });

    test("plain HTTP is not checked: a request without a token is served as http", async () => {
      const { port, seen } = await setUp(host);
      const response = await send(port, { method: "POST", path: "/orders", headers: [["Content-Type", "application/json"]], body: "{}" });
      expect([response.status, response.text]).toEqual([200, "plain http"]);
      expect(seen).toMatchObject([{ kind: "http", method: "POST", path: "/orders" }]);
    });

    test("an event the delivery hook finds by its body is verified too; a body it leaves alone is plain http", async () => {
      const { issuer, port, seen } = await setUp(host, {
        delivery: (_request, headers, body) =>
          headers["x-custom-event"] === undefined
            ? undefined
            : { kind: "cloudevent", id: "c-1", source: "//custom", type: headers["x-custom-event"], data: "", extensions: {}, raw: body },
      });
      const custom = (token?: string) =>
        send(port, {
          method: "POST",
          headers: [
            ["X-Custom-Event", "ping"],
            ...(token === undefined ? [] : ([["Authorization", `Bearer ${token}`]] as Array<[string, string]>)),
          ],
          body: "pong",
        });
      expect(answered(await custom())).toEqual(UNAUTHORIZED("Bearer"));
      expect(seen).toEqual([]);
      expect(answered(await custom(await issuer.token()))).toEqual([204, [], ""]);
      const plain = await send(port, { method: "POST", headers: [["Content-Type", "text/plain"]], body: "hello" });
      expect([plain.status, plain.text]).toEqual([200, "plain http"]);
      expect(seen.map((view) => view.kind)).toEqual(["cloudevent", "http"]);
    });

    test("eventPath: deliveries only on that path; the same headers elsewhere are plain http", async () => {
      const { issuer, port, seen } = await setUp(host, { eventPath: "/_events/pubsub" });
      expect((await push(port, await issuer.token(), "/_events/pubsub?token=abc")).status).toBe(204);
      expect(answered(await push(port, undefined, "/_events/pubsub"))).toEqual(UNAUTHORIZED("Bearer"));
      // The target in absolute-form (a client talking to the container directly) names the same path.
      expect(answered(await push(port, undefined, "http://run.example/_events/pubsub?token=abc"))).toEqual(UNAUTHORIZED("Bearer"));
      const elsewhere = await push(port, undefined, "/orders");
      expect([elsewhere.status, elsewhere.text]).toEqual([200, "plain http"]);
      expect(seen.map((view) => view.kind)).toEqual(["messages", "http"]);
      expect(seen[1]).toMatchObject({ kind: "http", method: "POST", path: "/orders" });
    });
  });
}

describe("verify options", () => {
  test("verify with events: false is a configuration error", () => {
    const verify = oidcVerifier({ audience: AUDIENCE, serviceAccounts: [PUSHER] });
    expect(() =>
      toNodeHandler(
        defineHandler(() => undefined),
        { verify, events: false },
      ),
    ).toThrow(new TypeError("toNodeHandler(): verify checks event deliveries, and events: false has none"));
  });

  test("an eventPath that is not a path is a configuration error", () => {
    expect(() =>
      toNodeHandler(
        defineHandler(() => undefined),
        { eventPath: "events" },
      ),
    ).toThrow(new TypeError('toNodeHandler(): eventPath must start with "/", got "events"'));
  });

  test("without verify, a forged delivery reaches the handler (what a public service without IAM exposes)", async () => {
    const seen: string[] = [];
    const server = await serve(
      defineHandler((event) => {
        seen.push(event.kind);
      }),
    );
    cleanUp.push(() => server.close());
    expect((await push(server.port, undefined)).status).toBe(204);
    expect(seen).toEqual(["messages"]);
  });

  test("a verifier that throws fails closed: 500, logged, the handler never runs", async () => {
    const seen: string[] = [];
    const log = logCollector();
    const server = await serve(
      defineHandler((event) => {
        seen.push(event.kind);
      }),
      { write: log.write, verify: { verify: () => Promise.reject(new Error("verifier bug")) } },
    );
    cleanUp.push(() => server.close());
    expect(answered(await push(server.port, "x.y.z"))).toEqual([
      500,
      [JSON_TYPE, ["content-length", "33"]],
      '{"error":"Internal Server Error"}',
    ]);
    expect(seen).toEqual([]);
    expect(log.lines).toMatchObject([{ level: "error", message: "could not verify a pubsub-push delivery: the verifier failed" }]);
  });
});
