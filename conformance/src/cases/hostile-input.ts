import { GENERIC_500, JSON_TYPE, jsonResponse, loggedError, logLine } from "./_expect.ts";
import { publishedAt } from "./messages.ts";
import type { ConformanceCase, StepExpectation } from "./types.ts";

// What an adversarial review found adapters getting wrong (issue 7), held on every adapter: bytes that
// must arrive unchanged, a path decoded once, results of the wrong shape, thrown values, one waitUntil
// policy, one body read one way, and deep JSON.

const get = (path = "/hostile") => ({ kind: "http" as const, request: { method: "GET", path, headers: { host: "example.test" } } });
const post = (body: string) => ({
  kind: "http" as const,
  request: { method: "POST", path: "/hostile", headers: { host: "example.test", "content-type": "application/json" }, body },
});

const one = (
  id: string,
  title: string,
  needs: ConformanceCase["needs"],
  input: ConformanceCase["steps"][number]["input"],
  behaviour: string | undefined,
  expect: StepExpectation,
): ConformanceCase => ({
  id,
  title,
  needs,
  steps: [behaviour === undefined ? { input, expect } : { input, behaviour, expect }],
});

const DEEP = 10_000;
const deepJson = `${'{"a":'.repeat(DEEP)}"\\u00e9"${"}".repeat(DEEP)}`;

export const hostileInputCases: ConformanceCase[] = [
  one(
    "http.response.encoded-bytes",
    "a Response with content-encoding arrives as the bytes given (not re-encoded, not as text)",
    ["http"],
    get(),
    "response-gzip",
    {
      response: {
        status: 200,
        headers: { "content-encoding": "gzip", "content-type": "application/json" },
        bodyBase64: "H4sIAAAAAAACA6tWykjNyclXslIqzy/KSVGqBQDRQQnYEQAAAA==",
      },
    },
  ),
  one("http.response.latin1-bytes", "a Response with Latin-1 text (not UTF-8) arrives byte for byte", ["http"], get(), "response-latin1", {
    response: { status: 200, headers: { "content-type": "text/plain; charset=iso-8859-1" }, bodyBase64: "Y2Fm6Q==" },
  }),
  one(
    "http.response.untyped-bytes",
    "a Response with bytes and no content-type arrives byte for byte, with no type added",
    ["http"],
    get(),
    "response-untyped-bytes",
    {
      response: { status: 200, headers: { "content-type": { $absent: true } }, bodyBase64: "/wD+" },
    },
  ),
  one(
    "http.request.path-decoded-once",
    "event.path decodes exactly once to the path the client sent, where the provider decodes it too",
    ["http"],
    get("/files/a%252F..%252Fsecret"),
    undefined,
    {},
  ),
  one(
    "http.request.to-request-path",
    "toRequest()'s URL has exactly event.path",
    ["http"],
    get("/files/a%252F..%252Fsecret"),
    "to-request-url",
    {
      response: jsonResponse(200, { path: "/files/a%252F..%252Fsecret", requestPath: "/files/a%252F..%252Fsecret" }),
    },
  ),
  one(
    "http.body.request-then-event",
    "a body read through toRequest() cannot be read again through the event: a 500 whose log says so",
    ["http", "logs"],
    post('{"n":1}'),
    "request-then-event",
    {
      response: GENERIC_500,
      logs: [
        logLine("error", "http handler failed", {
          error: loggedError(
            "TypeError",
            "The request body was already read through event.toRequest(): read it there, or through the event",
          ),
        }),
      ],
    },
  ),
  one(
    "http.body.event-then-request",
    "a body read through the event first also reaches toRequest()",
    ["http"],
    post('{"n":1}'),
    "event-then-request",
    {
      response: jsonResponse(200, { viaEvent: '{"n":1}', viaRequest: '{"n":1}' }),
    },
  ),
  one("http.body.deep-json", "JSON nested 10,000 levels deep parses, with a \\u escape in it", ["http"], post(deepJson), "json-depth", {
    response: jsonResponse(200, { depth: DEEP, value: "é" }),
  }),
  one(
    "http.result.unknown-shape",
    "Lambda's { statusCode, body } is a 500 whose log line names the unknown key and the fix",
    ["http", "logs"],
    get(),
    "lambda-shape",
    {
      response: GENERIC_500,
      logs: [
        logLine("error", "http handler failed", {
          error: loggedError(
            "TypeError",
            'Invalid result for an http event: unknown key "statusCode" (fnport names it status). A result has only status, headers, cookies and body; to send data as JSON, return json(data)',
          ),
        }),
      ],
    },
  ),
  one(
    "http.error.revoked-proxy",
    "a revoked Proxy thrown by the handler is a logged generic 500, never a crash",
    ["http", "logs"],
    get(),
    "throw-revoked-proxy",
    {
      response: GENERIC_500,
      logs: [
        logLine("error", "http handler failed", {
          error: "(unreadable thrown value: Cannot perform 'getPrototypeOf' on a proxy that has been revoked)",
        }),
      ],
    },
  ),
  one(
    "http.result.header-array-null",
    "a header array holding null is a 500 naming the header, never a header line",
    ["http", "logs"],
    get(),
    "header-array-null",
    {
      response: GENERIC_500,
      logs: [
        logLine("error", "http handler failed", {
          error: loggedError("TypeError", 'Invalid value for header "x-a" in result: expected a string or a number, got null'),
        }),
      ],
    },
  ),
  ...(
    [
      ["http.result.header-control-char", "a control character in a header value", "header-control-char", "x-a"],
      ["http.result.header-wide-char", "a character above U+00FF in a header value", "header-wide-char", "content-disposition"],
    ] as const
  ).map(([id, what, behaviour, header]) =>
    one(id, `${what} is a 500 naming the header, never a cut connection`, ["http", "logs"], get(), behaviour, {
      response: GENERIC_500,
      logs: [
        logLine("error", "http handler failed", {
          error: loggedError(
            "TypeError",
            `Invalid value for header "${header}" in result: control characters (but tab) and characters above U+00FF are not allowed`,
          ),
        }),
      ],
    }),
  ),
  one(
    "http.error.other-copy",
    "an HttpError made by another copy of @fnport/core keeps its status, and is not logged",
    ["http", "logs"],
    get(),
    "foreign-http-error",
    {
      response: { status: 404, headers: { "content-type": JSON_TYPE }, bodyText: '{"error":"No route"}' },
      logs: [],
    },
  ),
  one(
    "context.wait-until-rejected",
    "a rejected waitUntil promise is logged once with the request id and changes nothing",
    ["http", "logs"],
    get(),
    "wait-until-rejects",
    {
      response: jsonResponse(200, { sent: true }),
      logs: [logLine("error", "waitUntil promise rejected", { error: loggedError("Error", "background work failed") })],
    },
  ),
  {
    id: "messages.ordered-returned-failed",
    title: "an ordered batch whose handler returns { failed: [one] }: that one and every later message are delivered again",
    needs: ["messages", "ordered-messages"],
    steps: [
      {
        input: {
          kind: "messages",
          batch: {
            ordered: true,
            messages: ["ok", "return-failed", "ok", "ok"].map((body, i) => ({ id: `msg-${i + 1}`, body, publishedAt: publishedAt(i + 1) })),
          },
        },
        expect: {
          messages: {
            "per-message": { redelivered: ["msg-2", "msg-3", "msg-4"] },
            single: { redelivered: ["msg-2", "msg-3", "msg-4"] },
            "all-or-nothing": { redelivered: ["msg-1", "msg-2", "msg-3", "msg-4"] },
          },
        },
      },
    ],
  },
];
