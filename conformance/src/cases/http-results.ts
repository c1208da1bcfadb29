import type { ConformanceCase, StepExpectation } from "./types.ts";

const request = { kind: "http" as const, request: { method: "GET", path: "/result", headers: { host: "example.test" } } };

const resultCase = (behaviour: string, title: string, expect: StepExpectation): ConformanceCase => ({
  id: `http.result.${behaviour}`,
  title,
  needs: ["http"],
  steps: [{ input: request, behaviour, expect }],
});

const JSON_TYPE = "application/json; charset=utf-8";

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
  }),
  resultCase("two-cookies", "two set-cookie values both arrive, in order", {
    response: { status: 200, cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/; Secure"], bodyText: "ok" },
  }),
  resultCase("no-content", "a 204 has no body", { response: { status: 204, bodyText: "" } }),
  resultCase("redirect", "redirect() sets status and location", {
    response: { status: 302, headers: { location: "/elsewhere?x=1" }, bodyText: "" },
  }),
  resultCase("http-error", "an HttpError becomes its status, message and headers", {
    response: { status: 403, headers: { "content-type": JSON_TYPE, "x-reason": "conformance" }, bodyJson: { error: "Not for you" } },
  }),
  resultCase("throw", "a thrown error becomes a generic 500 with no detail", {
    response: { status: 500, headers: { "content-type": JSON_TYPE }, bodyText: '{"error":"Internal Server Error"}' },
  }),
  resultCase("invalid-header", "a header name with CR/LF is never sent: 500", {
    response: { status: 500, headers: { "bad\r\nname": { $absent: true } }, bodyText: '{"error":"Internal Server Error"}' },
  }),
];

/** Request bodies that must be refused cleanly. */
export const httpBodyCases: ConformanceCase[] = [
  {
    id: "http.body.invalid-json",
    title: "invalid JSON answers 400 with the parser's reason",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "POST", path: "/", headers: { "content-type": "application/json" }, body: "{oops" } },
        behaviour: "json-body",
        expect: { response: { status: 400, bodyJson: { error: { $startsWith: "Body is not valid JSON: " } } } },
      },
    ],
  },
  {
    id: "http.body.schema",
    title: "a body failing its schema answers 400 listing path and message",
    needs: ["http"],
    steps: [
      {
        input: { kind: "http", request: { method: "POST", path: "/", body: '{"n":"seven"}' } },
        behaviour: "schema",
        expect: {
          response: {
            status: 400,
            bodyJson: { error: "Body does not match the schema", issues: [{ path: "n", message: "Expected a number" }] },
          },
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
        input: { kind: "http", request: { method: "POST", path: "/", body: '{"a":[1,2],"__proto__":{"polluted":true}}' } },
        behaviour: "json-body",
        expect: { response: { status: 200, bodyText: '{"received":{"a":[1,2]}}' } },
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
          request: { method: "POST", path: "/upload", headers: { "content-type": "application/octet-stream" }, bodyBase64: "AAEC/f7/" },
        },
        expect: { event: { kind: "http", method: "POST", path: "/upload", bytesBase64: "AAEC/f7/" } },
      },
    ],
  },
  {
    id: "http.request.query-and-headers",
    title: "duplicate query keys, encoded values, repeated headers and cookies",
    needs: ["http"],
    steps: [
      {
        input: {
          kind: "http",
          request: {
            method: "GET",
            path: "/a%20b/c",
            rawQuery: "q=1&q=2&name=J%C3%BCrgen&plus=a+b",
            headers: { "X-Multi": ["one", "two"], Cookie: "session=abc; theme=dark", host: "example.test" },
          },
        },
        expect: {
          event: {
            kind: "http",
            method: "GET",
            path: "/a%20b/c",
            rawQuery: "q=1&q=2&name=J%C3%BCrgen&plus=a+b",
            query: { q: "1", name: "Jürgen", plus: "a b" },
            queryAll: { q: ["1", "2"], name: ["Jürgen"], plus: ["a b"] },
            headers: { "x-multi": "one, two", host: "example.test" },
            cookies: { session: "abc", theme: "dark" },
          },
        },
      },
    ],
  },
];
