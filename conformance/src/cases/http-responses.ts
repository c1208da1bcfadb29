import { BEHAVIOUR_HEADER } from "../app.ts";
import { SIZE_HEADER } from "../app-aws.ts";
import { RESPONSE_LIMIT_BYTES } from "../types.ts";
import { GENERIC_500, loggedError, logLine, SERVER_KEEP_ALIVE, TEXT_TYPE } from "./_expect.ts";
import { DRAINING } from "./drain.ts";
import type { CaseStep, ConformanceCase, StepExpectation } from "./types.ts";

const get = { kind: "http" as const, request: { method: "GET", path: "/result", headers: { host: "example.test" } } };

const resultCase = (behaviour: string, title: string, expect: StepExpectation): ConformanceCase => ({
  id: `http.result.${behaviour}`,
  title,
  needs: ["http"],
  steps: [{ input: get, behaviour, expect }],
});

const COOKIE_A = "a=1; Path=/; HttpOnly";
const COOKIE_B = "b=2; Path=/; Secure";
/** Every attribute a browser reads, and a deletion. */
const COOKIE_FULL =
  "session=a%20b; Domain=example.test; Path=/app; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax";
const COOKIE_GONE = "old=; Path=/; Max-Age=0";

/** Results the adapter must turn into exactly what the handler meant: Fetch `Response`s, bodyless answers, cookies. */
export const httpResponseCases: ConformanceCase[] = [
  resultCase("response-text", "a Fetch Response with a text body: status, headers and body as given", {
    response: {
      status: 201,
      headers: { "content-type": TEXT_TYPE, "x-from": "response" },
      cookies: [],
      bodyText: "from a Response, ünïcödé",
    },
  }),
  resultCase("response-binary", "a Fetch Response with bytes arrives byte for byte", {
    response: { status: 200, headers: { "content-type": "application/octet-stream" }, cookies: [], bodyBase64: "AAEC/f7/" },
  }),
  resultCase("response-cookies", "a Fetch Response with two set-cookie headers: both arrive, in order (getSetCookie)", {
    response: { status: 200, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A, COOKIE_B], bodyText: "ok" },
  }),
  resultCase("cookie-attributes", "a cookie with every attribute, and a deletion, arrive as meant", {
    response: { status: 200, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_FULL, COOKIE_GONE], bodyText: "ok" },
  }),
  resultCase("untyped-text", "a string body without content-type gets none added", {
    response: { status: 200, headers: { "x-a": "1" }, bodyText: "no type given" },
  }),
];

/** Answers that never carry a body (RFC 9110 §9.3.2, §15.3.5, §15.4.5), whatever the result holds. */
export const bodylessCases: ConformanceCase[] = [
  resultCase("no-content-with-body", "a 204 result that holds a body answers 204 without it", {
    response: { status: 204, headers: { "x-a": "1" }, bodyText: "" },
  }),
  resultCase("not-modified", "a 304 keeps its headers and drops the body the result held", {
    response: { status: 304, headers: { etag: '"v1"' }, bodyText: "" },
  }),
  resultCase("reset-content-with-body", "a 205 keeps its headers and drops the body the result held", {
    response: { status: 205, headers: { "x-a": "1" }, bodyText: "" },
  }),
  resultCase("response-no-content", "a Fetch Response of 204 answers 204 with its headers, no body and no content-length", {
    response: { status: 204, headers: { "x-a": "1", "content-length": { $absent: true } }, bodyText: "" },
  }),
  resultCase("response-reset-content", "a Fetch Response of 205 answers 205 with its headers and no body", {
    response: { status: 205, headers: { "x-a": "1" }, bodyText: "" },
  }),
  resultCase("response-not-modified", "a Fetch Response of 304 keeps its headers, no body", {
    response: { status: 304, headers: { etag: '"v1"' }, bodyText: "" },
  }),
  resultCase("response-empty", "a Fetch Response of 200 without a body answers 200 with an empty body", {
    response: { status: 200, headers: { "x-a": "1" }, bodyText: "" },
  }),
  {
    id: "http.request.head-response",
    title: "the answer to HEAD of a Fetch Response result has its status and headers, and no body",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "HEAD", path: "/result", headers: { host: "example.test" } } },
        behaviour: "response-text",
        expect: {
          response: {
            status: 201,
            headers: { "content-type": TEXT_TYPE, "x-from": "response", "content-length": { $absent: true } },
            bodyText: "",
          },
        },
      },
    ],
  },
  {
    id: "http.request.head",
    title: "the answer to HEAD has the status and headers a GET gets, and no body",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "HEAD", path: "/result", headers: { host: "example.test" } } },
        behaviour: "text",
        expect: {
          response: { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: "" },
        },
      },
    ],
  },
];

/** The length an adapter that frames its answers writes (`http:content-length`), whatever the handler claimed. */
export const contentLengthCases: ConformanceCase[] = [
  {
    id: "http.response.content-length",
    title:
      "an empty body (a Response's, a result's, a 205's) goes with content-length 0, a body with its own length, a 204 or 304 with none",
    needs: ["http", "http:content-length"],
    steps: [
      ["response-empty", 200, "0"],
      ["response-reset-content", 205, "0"],
      ["reset-content-with-body", 205, "0"],
      ["empty-result", 200, "0"],
      ["claimed-length", 200, "3"],
      ["claimed-chunked", 200, "3"],
      ["no-content-claimed", 204, undefined],
      ["not-modified-claimed", 304, undefined],
      ["response-no-content-claimed", 204, undefined],
    ].map(([behaviour, status, length]) => ({
      input: get,
      behaviour: behaviour as string,
      expect: {
        response: {
          status: status as number,
          headers: { "x-a": "1", "content-length": length === undefined ? { $absent: true } : (length as string) },
          bodyText: length === "3" ? "abc" : "",
        },
      },
    })),
  },
  {
    id: "http.response.fetched-decoded",
    title:
      "a fetched Response of a gzip upstream (its body decoded by fetch) goes out without the upstream's content-encoding and compressed length",
    needs: ["http", "http:content-length"],
    steps: [
      {
        input: get,
        behaviour: "fetched-gzip",
        expect: {
          response: {
            status: 200,
            headers: { "x-a": "1", "content-type": "text/plain", "content-length": { $absent: true } },
            bodyText: "decoded by fetch",
          },
        },
      },
    ],
  },
  {
    id: "http.response.content-length-head",
    title:
      "the answer to HEAD of a result has no content-length (its body is dropped before its length is known: RFC 9110 §9.3.2 allows that), but a 205's is 0, as its GET's",
    needs: ["http", "http:content-length"],
    steps: [
      ["reset-content-with-body", 205, "0"],
      ["empty-result", 200, undefined],
      ["text", 200, undefined],
    ].map(([behaviour, status, length]) => ({
      input: { kind: "http" as const, request: { method: "HEAD", path: "/result", headers: { host: "example.test" } } },
      behaviour: behaviour as string,
      expect: {
        response: {
          status: status as number,
          headers: {
            ...(behaviour === "text" ? { "content-type": TEXT_TYPE } : { "x-a": "1" }),
            "content-length": length === undefined ? { $absent: true } : (length as string),
          },
          bodyText: "",
        },
      },
    })),
  },
];

/** An answer keeps the client's connection, until the instance is told to stop (`http:drain`). */
export const drainCases: ConformanceCase[] = [
  {
    id: "http.response.connection-close-while-draining",
    title:
      "an answer keeps the client's connection open; once the instance is told to stop, an answer to a request it was running says connection: close, and it exits 0",
    needs: ["http", "http:drain"],
    steps: [
      {
        input: get,
        behaviour: "text",
        expect: {
          keepAlive: "open",
          response: {
            status: 200,
            headers: { "content-type": TEXT_TYPE, connection: "keep-alive", "keep-alive": SERVER_KEEP_ALIVE },
            bodyText: "plain text, ünïcödé",
          },
        },
      },
      {
        input: get,
        behaviour: "slow-text",
        expect: {
          keepAlive: "drain",
          response: { status: 200, headers: { "content-type": TEXT_TYPE, connection: "close" }, bodyText: "answered while draining" },
          // Where the adapter logs its drain (`logs:drain`); it finished what ran, so it exits 0 (`instance-exit`).
          logs: [DRAINING],
          exitCode: 0,
        },
      },
    ],
  },
  {
    id: "http.response.own-framing-headers",
    title:
      "a Fetch Response's own connection, keep-alive and transfer-encoding headers (a proxied response's) do not reach the client: the server frames the answer and holds the connection itself",
    needs: ["http", "http:drain"],
    steps: [
      {
        input: get,
        behaviour: "response-framing",
        expect: {
          keepAlive: "open",
          response: {
            status: 200,
            headers: {
              "x-a": "1",
              "content-type": "text/plain;charset=UTF-8",
              "content-length": "3",
              connection: "keep-alive",
              "keep-alive": SERVER_KEEP_ALIVE,
            },
            bodyText: "abc",
          },
        },
      },
    ],
  },
];

/** The client address: where the provider says the client connected from, never what the client claims. */
export const clientIpCases: ConformanceCase[] = [
  {
    id: "http.request.client-ip",
    title: "event.ip is the address the client connected from",
    needs: ["http", "client-ip"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/", headers: { host: "example.test" }, clientIp: "203.0.113.9" } },
        expect: { event: { ip: "203.0.113.9" } },
      },
    ],
  },
  {
    id: "http.request.client-ip-not-spoofed",
    title: "an x-forwarded-for the client sent itself does not change event.ip",
    needs: ["http", "client-ip"],
    steps: [
      {
        input: {
          kind: "http",
          request: { method: "GET", path: "/", headers: { host: "example.test", "x-forwarded-for": "10.6.6.6" }, clientIp: "203.0.113.9" },
        },
        expect: { event: { ip: "203.0.113.9" } },
      },
    ],
  },
  {
    id: "http.request.client-ip-forwarded-forms",
    title:
      "a client's own x-forwarded-for of one character, or ending in an empty entry, does not change event.ip (the harness's address for the request)",
    needs: ["http", "client-ip"],
    steps: [
      {
        input: {
          kind: "http",
          request: { method: "GET", path: "/", headers: { host: "example.test", "x-forwarded-for": "7" }, clientIp: "203.0.113.9" },
        },
        expect: { event: { ip: "203.0.113.9" } },
      },
      // No clientIp: a proxy in front appends the address it saw, and without one (a client reaching the server
      // directly) the last entry stays empty and the address is the connection's: either way the harness's.
      {
        input: { kind: "http", request: { method: "GET", path: "/", headers: { host: "example.test", "x-forwarded-for": "10.6.6.6," } } },
        expect: {},
      },
    ],
  },
];

/** Request targets only a client reaching the server directly may send, and the query of the root path. */
export const requestTargetCases: ConformanceCase[] = [
  {
    id: "http.request.asterisk-form",
    title: "OPTIONS * (asterisk-form): event.path is `*`, with no query",
    needs: ["http", "http:asterisk-form"],
    steps: [{ input: { kind: "http", request: { method: "OPTIONS", path: "*", headers: { host: "example.test" } } }, expect: {} }],
  },
  {
    id: "http.request.user-agents",
    title: "a GET from Google's APIs-Google agent, and a POST with a JSON body from any other agent, are plain HTTP",
    needs: ["http"],
    steps: [
      {
        input: {
          kind: "http",
          request: {
            method: "GET",
            path: "/",
            headers: { host: "example.test", "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)" },
          },
        },
        expect: {},
      },
      {
        input: {
          kind: "http",
          request: {
            method: "POST",
            path: "/",
            headers: { host: "example.test", "user-agent": "curl/8.0", "content-type": "application/json" },
            body: '{"message":{"data":"aGk=","messageId":"1"}}',
          },
        },
        expect: {},
      },
    ],
  },
  {
    id: "http.request.root-query-with-slashes",
    title: "a query of the root path may hold `/` (`/?next=/a/b`): the path stays `/`, the query is whole",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/", rawQuery: "next=/a/b", headers: { host: "example.test" } } },
        expect: {
          event: {
            path: "/",
            rawQuery: {
              $oneOf: ["next=/a/b", "next=%2Fa%2Fb"],
              because:
                "API Gateway's REST API hands over decoded query parameters only: the adapter rebuilds the query, `/` percent-encoded",
            },
          },
        },
      },
    ],
  },
];

/** The providers whose adapters refuse a response over `maxResponseBytes`: the error names the one it ran on (`ctx.provider`). */
const RESPONSE_LIMIT_PROVIDERS = ["cloud-run", "gcp-functions"];

/** A text body of `size` bytes of `x`, the `sized` behaviour. */
function sizedRequest(size: number): CaseStep["input"] {
  return {
    kind: "http",
    request: { method: "GET", path: "/sized", headers: { host: "example.test", [BEHAVIOUR_HEADER]: "sized", [SIZE_HEADER]: String(size) } },
  };
}

/** A response body over the deployed limit is refused before it is sent; one of exactly the limit goes out. */
export const responseLimitCases: ConformanceCase[] = [
  {
    id: "http.response.over-limit",
    title: "a response body of exactly the limit goes out; one byte more is a generic 500 and one line naming the size and the limit",
    needs: ["http", "http:response-limit", "logs"],
    steps: [
      {
        input: sizedRequest(RESPONSE_LIMIT_BYTES),
        expect: { response: { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: "x".repeat(RESPONSE_LIMIT_BYTES) }, logs: [] },
      },
      {
        input: sizedRequest(RESPONSE_LIMIT_BYTES + 1),
        expect: {
          response: GENERIC_500,
          logs: [
            logLine("error", "http response could not be encoded for the provider", {
              error: {
                $oneOf: RESPONSE_LIMIT_PROVIDERS.map((provider) =>
                  loggedError(
                    "RangeError",
                    `The response is ${RESPONSE_LIMIT_BYTES + 1} bytes, over the ${RESPONSE_LIMIT_BYTES}-byte limit of ${provider} (maxResponseBytes): send less, or a link to the content`,
                  ),
                ),
                because: "the message names the provider the adapter ran on (ctx.provider)",
              },
            }),
          ],
        },
      },
    ],
  },
];
