import { GENERIC_500, JSON_TYPE, jsonResponse, loggedError, logLine, TEXT_TYPE } from "./_expect.ts";
import type { ConformanceCase, StepExpectation } from "./types.ts";

const request = { kind: "http" as const, request: { method: "GET", path: "/result", headers: { host: "example.test" } } };

const resultCase = (behaviour: string, title: string, expect: StepExpectation): ConformanceCase => ({
  id: `http.result.${behaviour}`,
  title,
  needs: ["http"],
  steps: [{ input: request, behaviour, expect }],
});

const COOKIE_A = "a=1; Path=/; HttpOnly";
const COOKIE_B = "b=2; Path=/; Secure";

// Lambda, exactly: each integration has its own place for several cookies, and a field it does not
// know is an error at the gateway (`cookies` on REST APIs is a 502).
const textOk = { statusCode: 200, body: "ok", isBase64Encoded: false };
const nativeTwoCookies = {
  "aws-lambda:apigw-v1": { ...textOk, headers: { "content-type": TEXT_TYPE }, multiValueHeaders: { "set-cookie": [COOKIE_A, COOKIE_B] } },
  "aws-lambda:apigw-v2": { ...textOk, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A, COOKIE_B] },
  "aws-lambda:function-url": { ...textOk, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A, COOKIE_B] },
  // Single-value ALB keeps one value per key, but header names are case-insensitive: one spelling per cookie.
  "aws-lambda:alb": {
    ...textOk,
    statusDescription: "200 OK",
    headers: { "content-type": TEXT_TYPE, "set-cookie": COOKIE_A, "Set-cookie": COOKIE_B },
  },
  "aws-lambda:alb-multi": {
    ...textOk,
    statusDescription: "200 OK",
    multiValueHeaders: { "content-type": [TEXT_TYPE], "set-cookie": [COOKIE_A, COOKIE_B] },
  },
};
// One cookie: a plain set-cookie header where the integration has one (REST, ALB), cookies[] on payload 2.0.
const nativeOneCookie = {
  "aws-lambda:apigw-v1": { ...textOk, headers: { "content-type": TEXT_TYPE, "set-cookie": COOKIE_A } },
  "aws-lambda:apigw-v2": { ...textOk, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A] },
  "aws-lambda:function-url": { ...textOk, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A] },
  "aws-lambda:alb": { ...textOk, statusDescription: "200 OK", headers: { "content-type": TEXT_TYPE, "set-cookie": COOKIE_A } },
  "aws-lambda:alb-multi": {
    ...textOk,
    statusDescription: "200 OK",
    multiValueHeaders: { "content-type": [TEXT_TYPE], "set-cookie": [COOKIE_A] },
  },
};
const binaryOk = { statusCode: 200, body: "AAEC/f7/", isBase64Encoded: true };
const octetHeaders = { headers: { "content-type": "application/octet-stream" } };
const nativeBinary = {
  "aws-lambda:apigw-v1": { ...binaryOk, ...octetHeaders },
  "aws-lambda:apigw-v2": { ...binaryOk, ...octetHeaders },
  "aws-lambda:function-url": { ...binaryOk, ...octetHeaders },
  "aws-lambda:alb": { ...binaryOk, ...octetHeaders, statusDescription: "200 OK" },
  "aws-lambda:alb-multi": {
    ...binaryOk,
    multiValueHeaders: { "content-type": ["application/octet-stream"] },
    statusDescription: "200 OK",
  },
};

// RFC 9110 §15's reason phrases (and 429's, RFC 6585): ALB wants `<code> <phrase>` as statusDescription,
// else it answers 502 (aws/aws-lambda-dotnet#507); a code without a standard phrase is `<code> Unknown`.
const REASON_PHRASES: ReadonlyArray<readonly [number, string]> = [
  [200, "OK"],
  [201, "Created"],
  [202, "Accepted"],
  [203, "Non-Authoritative Information"],
  [206, "Partial Content"],
  [299, "Unknown"],
  [300, "Multiple Choices"],
  [301, "Moved Permanently"],
  [302, "Found"],
  [303, "See Other"],
  [307, "Temporary Redirect"],
  [308, "Permanent Redirect"],
  [400, "Bad Request"],
  [401, "Unauthorized"],
  [402, "Payment Required"],
  [403, "Forbidden"],
  [404, "Not Found"],
  [405, "Method Not Allowed"],
  [406, "Not Acceptable"],
  [407, "Proxy Authentication Required"],
  [408, "Request Timeout"],
  [409, "Conflict"],
  [410, "Gone"],
  [411, "Length Required"],
  [412, "Precondition Failed"],
  [413, "Content Too Large"],
  [414, "URI Too Long"],
  [415, "Unsupported Media Type"],
  [416, "Range Not Satisfiable"],
  [417, "Expectation Failed"],
  [421, "Misdirected Request"],
  [422, "Unprocessable Content"],
  [426, "Upgrade Required"],
  [429, "Too Many Requests"],
  [500, "Internal Server Error"],
  [501, "Not Implemented"],
  [502, "Bad Gateway"],
  [503, "Service Unavailable"],
  [504, "Gateway Timeout"],
  [505, "HTTP Version Not Supported"],
];

/** Each status with a body, as the client sees it and as each Lambda integration returns it. */
function statusStep(status: number, phrase: string): ConformanceCase["steps"][number] {
  const body = `status ${status}`;
  const native = { statusCode: status, body, isBase64Encoded: false };
  const statusDescription = `${status} ${phrase}`;
  return {
    input: { kind: "http", request: { method: "GET", path: "/result", rawQuery: `status=${status}`, headers: { host: "example.test" } } },
    behaviour: "status",
    expect: {
      response: { status, headers: { "content-type": TEXT_TYPE }, bodyText: body },
      native: {
        "aws-lambda:apigw-v1": { ...native, headers: { "content-type": TEXT_TYPE } },
        "aws-lambda:apigw-v2": { ...native, headers: { "content-type": TEXT_TYPE } },
        "aws-lambda:function-url": { ...native, headers: { "content-type": TEXT_TYPE } },
        "aws-lambda:alb": { ...native, statusDescription, headers: { "content-type": TEXT_TYPE } },
        "aws-lambda:alb-multi": { ...native, statusDescription, multiValueHeaders: { "content-type": [TEXT_TYPE] } },
      },
    },
  };
}

const statusCodesCase: ConformanceCase = {
  id: "http.result.status-codes",
  title: "every status with a body arrives as that status (on ALB with its reason phrase, which ALB requires)",
  needs: ["http"],
  steps: REASON_PHRASES.map(([status, phrase]) => statusStep(status, phrase)),
};

/** What each kind of handler result becomes on the wire. */
export const httpResultCases: ConformanceCase[] = [
  resultCase("json", "a json() result", {
    response: { status: 201, headers: { "content-type": JSON_TYPE }, cookies: [], bodyText: '{"ok":true,"items":[1,"two",null]}' },
  }),
  resultCase("text", "a text() result with non-ASCII characters", {
    response: { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, bodyText: "plain text, ünïcödé" },
  }),
  resultCase("binary", "a Uint8Array body arrives byte for byte", {
    response: { status: 200, headers: { "content-type": "application/octet-stream" }, bodyBase64: "AAEC/f7/" },
    native: nativeBinary,
  }),
  resultCase("one-cookie", "one set-cookie value arrives", {
    response: { status: 200, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A], bodyText: "ok" },
    native: nativeOneCookie,
  }),
  resultCase("two-cookies", "two set-cookie values both arrive, in order", {
    response: { status: 200, headers: { "content-type": TEXT_TYPE }, cookies: [COOKIE_A, COOKIE_B], bodyText: "ok" },
    native: nativeTwoCookies,
  }),
  resultCase("no-content", "a 204 has no body", { response: { status: 204, bodyText: "" } }),
  resultCase("redirect", "redirect() sets status and location", {
    response: { status: 302, headers: { location: "/elsewhere?x=1" }, bodyText: "" },
  }),
  resultCase("http-error", "an HttpError becomes its status, message and headers (nothing else: no stack)", {
    response: { status: 403, headers: { "content-type": JSON_TYPE, "x-reason": "conformance" }, bodyText: '{"error":"Not for you"}' },
  }),
  resultCase("throw", "a thrown error becomes a generic 500 with no detail, logged once", {
    response: GENERIC_500,
    logs: [logLine("error", "http handler failed", { error: loggedError("Error", "secret internal detail") })],
  }),
  resultCase("invalid-header", "a header name with CR/LF is never sent: 500", {
    response: GENERIC_500,
    logs: [
      logLine("error", "http handler failed", {
        error: loggedError("TypeError", 'Invalid header name in result: "bad\\r\\nname" (RFC 9110 token characters only)'),
      }),
    ],
  }),
];

/** Request bodies that must be refused cleanly. */
export const httpBodyCases: ConformanceCase[] = [
  {
    id: "http.body.invalid-json",
    title: "invalid JSON answers 400 with the parser's reason",
    needs: ["http", "http:body-as-sent"],
    steps: [
      {
        input: {
          kind: "http",
          request: { method: "POST", path: "/", headers: { host: "example.test", "content-type": "application/json" }, body: "{oops" },
        },
        behaviour: "json-body",
        expect: {
          response: jsonResponse(400, {
            error: {
              $startsWith: "Body is not valid JSON: ",
              because: "the parser's own reason follows, and each JavaScript engine words it its way",
            },
          }),
        },
      },
    ],
  },
  {
    id: "http.body.schema",
    title: "a body failing its schema answers 400 listing path and message",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "POST", path: "/", headers: { host: "example.test" }, body: '{"n":"seven"}' } },
        behaviour: "schema",
        expect: {
          response: jsonResponse(400, { error: "Body does not match the schema", issues: [{ path: "n", message: "Expected a number" }] }),
        },
      },
    ],
  },
  {
    id: "http.body.json",
    title: "a JSON body is parsed; __proto__ keys are dropped",
    needs: ["http"],
    steps: [
      {
        input: {
          kind: "http",
          request: { method: "POST", path: "/", headers: { host: "example.test" }, body: '{"a":[1,2],"__proto__":{"polluted":true}}' },
        },
        behaviour: "json-body",
        expect: { response: { status: 200, headers: { "content-type": JSON_TYPE }, bodyText: '{"received":{"a":[1,2]}}' } },
      },
    ],
  },
  {
    id: "http.body.binary-request",
    title: "a binary request body reaches bytes() unchanged",
    needs: ["http"],
    steps: [
      {
        input: {
          kind: "http",
          request: {
            method: "POST",
            path: "/upload",
            headers: { host: "example.test", "content-type": "application/octet-stream" },
            bodyBase64: "AAEC/f7/",
          },
        },
        expect: { event: { bytesBase64: "AAEC/f7/" } },
      },
    ],
  },
  {
    id: "http.request.query-and-headers",
    title: "encoded path and query values, headers and cookies",
    needs: ["http"],
    steps: [
      {
        input: {
          kind: "http",
          request: {
            method: "GET",
            path: "/a%20b/c",
            rawQuery: "name=J%C3%BCrgen&plus=a+b&empty=",
            headers: { "X-Mixed-Case": "kept", Cookie: "session=abc; theme=dark", host: "example.test" },
          },
        },
        expect: {
          event: {
            path: "/a%20b/c",
            rawQuery: "name=J%C3%BCrgen&plus=a+b&empty=",
            query: { name: "Jürgen", plus: "a b", empty: "" },
            queryAll: { name: ["Jürgen"], plus: ["a b"], empty: [""] },
            headers: { "x-mixed-case": "kept", host: "example.test", cookie: "session=abc; theme=dark" },
            cookies: { session: "abc", theme: "dark" },
          },
        },
      },
    ],
  },
  {
    id: "http.request.repeated-values",
    title: "a repeated query key keeps every value in order; a repeated header arrives joined",
    needs: ["http", "repeated-values"],
    steps: [
      {
        input: {
          kind: "http",
          request: { method: "GET", path: "/", rawQuery: "q=1&q=2&x=y", headers: { host: "example.test", "X-Multi": ["one", "two"] } },
        },
        expect: {
          event: {
            rawQuery: "q=1&q=2&x=y",
            query: { q: "1", x: "y" },
            queryAll: { q: ["1", "2"], x: ["y"] },
            headers: {
              "x-multi": {
                $oneOf: ["one, two", "one,two"],
                because: 'Fetch and multi-value maps join repeated headers with ", "; HTTP APIs and Function URLs with ","',
              },
            },
          },
        },
      },
    ],
  },
  statusCodesCase,
];
