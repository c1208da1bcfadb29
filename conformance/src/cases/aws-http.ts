import { BEHAVIOUR_HEADER } from "../app.ts";
import { FILL_HEADER, numberedCookies, SIZE_HEADER, STREAM_HEADER } from "../app-aws.ts";
import { STREAM_FAILED } from "../app-streaming.ts";
import { GENERIC_500, loggedError, logLine, TEXT_TYPE } from "./_expect.ts";
import { httpFixtureCases } from "./http-fixtures.ts";
import type { CaseStep, ConformanceCase } from "./types.ts";

// AWS-specific HTTP cases on the real request fixtures: a path a test event may hold that no client can
// send (escaped, never passed on raw), and the response payload limits of Lambda's integrations.

type View = Record<string, unknown> & { headers: Record<string, string> };

/** The portable view of a real fixture, as its own `http.fixture.*` case holds it. */
function fixtureView(name: string): View {
  const view = httpFixtureCases.find((testCase) => testCase.id === `http.fixture.${name}`)?.steps[0]?.expect.event;
  if (view === undefined) throw new Error(`no http.fixture.${name} case`);
  return view as View;
}

// ---- paths

/** A fixture whose path is `sent`: the app sees `path`. */
function pathStep(fixture: string, pathKey: string, sent: string, path: string, patch: Record<string, unknown> = {}): CaseStep {
  return {
    input: { kind: "fixture", fixture: `aws/${fixture}.json`, patch: { ...patch, [pathKey]: sent } },
    expect: { event: { ...fixtureView(fixture), path } },
  };
}

/** Paths a test event may hold, kept where encoded and escaped where not; as sent, and as the app sees them. */
const AS_SENT: ReadonlyArray<[string, string]> = [
  ["/a b/ü😀", "/a%20b/%C3%BC%F0%9F%98%80"],
  ["/%zz", "/%25zz"],
  ["/%zz/%41", "/%25zz/%41"],
  ["/%4z", "/%254z"],
  // A lone surrogate cannot be UTF-8: it becomes U+FFFD, as the WHATWG URL parser makes it.
  ["/x\uD800y\uDC00/😀", "/x%EF%BF%BDy%EF%BF%BD/%F0%9F%98%80"],
];
/** Paths an integration decoded once (HTTP APIs, payload 1.0): everything that is not a path character is encoded again, `%` too. */
const DECODED: ReadonlyArray<[string, string]> = [
  ["/a b/100%/ü😀", "/a%20b/100%25/%C3%BC%F0%9F%98%80"],
  ["/x\uD800y/\uDC00", "/x%EF%BF%BDy/%EF%BF%BD"],
];

const pathCase = (id: string, title: string, need: ConformanceCase["needs"][number], steps: CaseStep[]): ConformanceCase => ({
  id,
  title,
  needs: ["http", need],
  steps,
});

// ---- payload limits

/** Lambda's limit on a synchronous response (6 MB) and ALB's on a Lambda target's response (1 MB), in bytes of response JSON. */
const LAMBDA_LIMIT = 6 * 1024 * 1024;
const ALB_LIMIT = 1024 * 1024;

type Integration = "apigw-v1" | "apigw-v2" | "alb" | "alb-multi" | "function-url";

/** The native response of `text(body)` on each integration (what the limit is measured on). */
function nativeText(integration: Integration, body: string): Record<string, unknown> {
  const base = { statusCode: 200, body, isBase64Encoded: false };
  if (integration === "apigw-v1" || integration === "apigw-v2" || integration === "function-url") {
    return { ...base, headers: { "content-type": TEXT_TYPE } };
  }
  if (integration === "alb") return { ...base, statusDescription: "200 OK", headers: { "content-type": TEXT_TYPE } };
  return { ...base, statusDescription: "200 OK", multiValueHeaders: { "content-type": [TEXT_TYPE] } };
}

const bytesOf = (native: unknown): number => new TextEncoder().encode(JSON.stringify(native)).byteLength;

type HeaderFields = ReadonlyArray<"headers" | "multiValueHeaders">;

/** Each integration's request fixture and the fields its headers go in (a REST API sends both). */
const FIXTURES: Readonly<Record<Integration, { fixture: string; headers: HeaderFields }>> = {
  "apigw-v1": { fixture: "apigw-v1-rest-proxy", headers: ["headers", "multiValueHeaders"] },
  "apigw-v2": { fixture: "apigw-v2-http-api", headers: ["headers"] },
  alb: { fixture: "alb-request-single-value-headers", headers: ["headers"] },
  "alb-multi": { fixture: "alb-request-multi-value-headers", headers: ["multiValueHeaders"] },
  "function-url": { fixture: "function-url-request", headers: ["headers"] },
};

/** A request through `integration` for a text body of `size` characters of `fill`. */
function sizedStep(
  integration: Integration,
  size: number,
  fill: "x" | "control",
  expect: (body: string) => CaseStep["expect"],
  streamed = false,
): CaseStep {
  const { fixture, headers } = FIXTURES[integration];
  const sent: Record<string, string> = { [BEHAVIOUR_HEADER]: "aws:sized", [SIZE_HEADER]: String(size), [FILL_HEADER]: fill };
  if (streamed) sent[STREAM_HEADER] = "yes";
  const view = fixtureView(fixture);
  const patch = Object.fromEntries(
    headers.flatMap((field) => Object.entries(sent).map(([name, text]) => [`/${field}/${name}`, field === "headers" ? text : [text]])),
  );
  return {
    input: { kind: "fixture", fixture: `aws/${fixture}.json`, patch },
    expect: { event: { ...view, headers: { ...view.headers, ...sent } }, ...expect((fill === "control" ? "\u001f" : "x").repeat(size)) },
  };
}

function overLimit(integration: Integration, size: number, fill: "x" | "control", limit: number, what: string): CaseStep {
  return sizedStep(integration, size, fill, (body) => {
    const bytes = bytesOf(nativeText(integration, body));
    const message = `The response is ${bytes} bytes of Lambda response JSON, over the ${limit}-byte limit of ${what}: send less, or a link to the content`;
    return {
      response: GENERIC_500,
      logs: [logLine("error", "http response could not be encoded for the provider", { error: loggedError("RangeError", message) })],
    };
  });
}

/** The size of a body of `x` whose response JSON is exactly `limit` bytes. */
const sizeAtLimit = (integration: Integration, limit: number): number => limit - bytesOf(nativeText(integration, ""));

/**
 * The limit of `integration`: one byte over is refused. `boundary` adds a body of exactly the limit (it goes
 * out) and one of control characters (six bytes of JSON each) over it: the measuring is the same code on
 * every integration, so the 1 MB ALB cases hold it and the 6 MB one stays quick.
 */
function limitCase(
  integration: Integration,
  limit: number,
  what: string,
  title: string,
  boundary: boolean,
  needs: ConformanceCase["needs"] = [],
): ConformanceCase {
  const atLimit = sizeAtLimit(integration, limit);
  // U+001F is six bytes of JSON (\u001f): a body a sixth of the limit long already passes it.
  const control = Math.ceil((limit - bytesOf(nativeText(integration, ""))) / 6) + 1;
  const over = overLimit(integration, atLimit + 1, "x", limit, what);
  return {
    id: `http.aws-payload-limit.${integration}`,
    title,
    needs: ["http", `native:aws-${integration}`, ...needs],
    steps: boundary
      ? [
          sizedStep(integration, atLimit, "x", (body) => ({
            response: { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: body },
          })),
          over,
          overLimit(integration, control, "control", limit, what),
        ]
      : [over],
  };
}

export const awsHttpCases: ConformanceCase[] = [
  pathCase(
    "http.aws-path.rest-api",
    "a REST API path a client could not send (a space, bare %, non-ASCII, a lone surrogate) reaches the app escaped, the rest as sent",
    "native:aws-apigw-v1",
    AS_SENT.map(([sent, path]) => pathStep("apigw-v1-rest-proxy", "path", sent, path)),
  ),
  pathCase(
    "http.aws-path.alb",
    "an ALB path a client could not send reaches the app escaped, the rest as sent",
    "native:aws-alb",
    AS_SENT.map(([sent, path]) => pathStep("alb-request-single-value-headers", "path", sent, path)),
  ),
  pathCase(
    "http.aws-path.function-url",
    "a Function URL rawPath a client could not send reaches the app escaped, the rest as sent",
    "native:aws-function-url",
    AS_SENT.map(([sent, path]) => pathStep("function-url-request", "rawPath", sent, path)),
  ),
  pathCase(
    "http.aws-path.http-api",
    "an HTTP API rawPath (decoded once) reaches the app encoded again, % included, lone surrogates as U+FFFD",
    "native:aws-apigw-v2",
    DECODED.map(([sent, path]) => pathStep("apigw-v2-http-api", "rawPath", sent, path)),
  ),
  pathCase(
    "http.aws-path.payload-1.0",
    "an HTTP API payload 1.0 path (decoded once) reaches the app encoded again",
    "native:aws-apigw-v1",
    DECODED.map(([sent, path]) => pathStep("apigw-v1-rest-proxy-multivalue", "path", sent, path)),
  ),
  limitCase(
    "apigw-v2",
    LAMBDA_LIMIT,
    "a synchronous Lambda response",
    "a response over Lambda's 6 MB of response JSON is a logged 500 (not the bare 502 AWS would answer)",
    false,
  ),
  limitCase(
    "apigw-v1",
    LAMBDA_LIMIT,
    "a synchronous Lambda response",
    "a buffered REST API response over Lambda's 6 MB of response JSON is a logged 500 (not the bare 502 AWS would answer)",
    false,
    ["native:aws-apigw-v1-buffered"],
  ),
  limitCase(
    "alb",
    ALB_LIMIT,
    "an ALB Lambda target's response",
    "a response over ALB's 1 MB of Lambda response JSON is a logged 500 (not ALB's bare 502); one of exactly 1 MB goes out",
    true,
  ),
  limitCase(
    "alb-multi",
    ALB_LIMIT,
    "an ALB Lambda target's response",
    "ALB with multi-value headers: over 1 MB of response JSON is a logged 500; exactly 1 MB goes out",
    true,
  ),
];

awsHttpCases.push({
  id: "http.aws-stream.kilobytes",
  title: "a streamed body of 64 chunks of 1 KB arrives whole, streamed (Function URL streaming) or buffered",
  needs: ["http", "native:aws-function-url"],
  steps: [
    sizedStep(
      "function-url",
      64 * 1024,
      "x",
      (body) => ({ response: { status: 200, headers: { "content-type": TEXT_TYPE }, bodyText: body } }),
      true,
    ),
  ],
});

awsHttpCases.push({
  id: "http.aws-stream.fails-buffered",
  title: "an HTTP API cannot stream: a streamed body that fails mid-way is a 500 (never a partial 200), logged once",
  needs: ["http", "native:aws-apigw-v2", "logs"],
  steps: [
    {
      input: { kind: "fixture", fixture: "aws/apigw-v2-http-api.json", patch: { [`/headers/${BEHAVIOUR_HEADER}`]: "stream-fails" } },
      expect: {
        event: {
          ...fixtureView("apigw-v2-http-api"),
          headers: { ...fixtureView("apigw-v2-http-api").headers, [BEHAVIOUR_HEADER]: "stream-fails" },
        },
        response: GENERIC_500,
        logs: [
          {
            ...(logLine("error", STREAM_FAILED, { error: loggedError("Error", "the stream's source failed") }) as object),
            message: {
              $oneOf: [STREAM_FAILED, "http handler failed"],
              because:
                "a buffering handler reads the body as part of the handler's result; a streaming one buffering for an HTTP API reads it while sending: one line either way",
            },
          },
        ],
      },
    },
  ],
});

// ---- what a test event may leave out

/** A fixture with fields replaced: the app sees the fixture's view with `change` applied. */
function patchedStep(fixture: string, patch: Record<string, unknown>, change: (view: View) => View): CaseStep {
  return {
    input: { kind: "fixture", fixture: `aws/${fixture}.json`, patch },
    expect: { event: change(structuredClone(fixtureView(fixture))) },
  };
}

function without(view: View, header: string, field?: string): View {
  delete view.headers[header];
  if (field !== undefined) view[field] = { $absent: true };
  return view;
}

awsHttpCases.push(
  {
    id: "http.aws-fields.alb",
    title: "ALB: no x-forwarded-for means no client address; multiValueHeaders: null is multi-value headers off",
    needs: ["http", "native:aws-alb"],
    steps: [
      patchedStep("alb-request-single-value-headers", { "/headers/x-forwarded-for": undefined }, (view) =>
        without(view, "x-forwarded-for", "ip"),
      ),
      patchedStep("alb-request-single-value-headers", { multiValueHeaders: null }, (view) => view),
    ],
  },
  {
    id: "http.aws-fields.rest-api",
    title: "a REST API request without requestContext.identity has no client address",
    needs: ["http", "native:aws-apigw-v1"],
    steps: [patchedStep("apigw-v1-rest-proxy", { "/requestContext/identity": undefined }, (view) => ({ ...view, ip: { $absent: true } }))],
  },
  {
    id: "http.aws-fields.payload-2.0",
    title: "payload 2.0: an empty cookies[] adds no cookie header; without a domainName the request is an HTTP API's",
    needs: ["http", "native:aws-apigw-v2", "native:aws-function-url"],
    steps: [
      patchedStep("function-url-request", { cookies: [] }, (view) => without(view, "cookie")),
      patchedStep("apigw-v2-http-api", { "/requestContext/domainName": undefined, rawPath: "/a b" }, (view) => ({
        ...view,
        path: "/a%20b",
      })),
    ],
  },
);

// ---- ALB cookies

const cookieStep = (count: number, expect: CaseStep["expect"]): CaseStep => {
  const fixture = "alb-request-single-value-headers";
  const sent = { [BEHAVIOUR_HEADER]: "aws:cookies", [SIZE_HEADER]: String(count) };
  const view = fixtureView(fixture);
  return {
    input: {
      kind: "fixture",
      fixture: `aws/${fixture}.json`,
      patch: Object.fromEntries(Object.entries(sent).map(([name, text]) => [`/headers/${name}`, text])),
    },
    expect: { event: { ...view, headers: { ...view.headers, ...sent } }, ...expect },
  };
};

awsHttpCases.push({
  id: "http.aws-alb-cookies",
  title: "ALB with multi-value headers off sends up to 512 cookies (one casing of set-cookie each), in order; 513 is a logged 500",
  needs: ["http", "native:aws-alb"],
  steps: [
    cookieStep(9, { response: { status: 200, headers: { "content-type": TEXT_TYPE }, cookies: numberedCookies(9), bodyText: "ok" } }),
    cookieStep(512, { response: { status: 200, headers: { "content-type": TEXT_TYPE }, cookies: numberedCookies(512), bodyText: "ok" } }),
    cookieStep(513, {
      response: GENERIC_500,
      logs: [
        logLine("error", "http response could not be encoded for the provider", {
          error: loggedError("RangeError", "ALB with multi-value headers off can send at most 512 set-cookie values, got 513"),
        }),
      ],
    }),
  ],
});

// ---- bodies

/** The view of a fixture whose body is empty. */
const emptyBody = (view: View): View => ({ ...view, text: "", bytesBase64: "" });

awsHttpCases.push(
  {
    id: "http.aws-fields.rest-api-empty-base64",
    title: "a REST API request flagged base64 whose body is null has an empty body",
    needs: ["http", "native:aws-apigw-v1"],
    steps: [patchedStep("apigw-v1-rest-proxy", { body: null, isBase64Encoded: true }, emptyBody)],
  },
  {
    id: "http.aws-fields.function-url-empty-base64",
    title: "a Function URL request flagged base64 without a body has an empty body",
    needs: ["http", "native:aws-function-url"],
    steps: [patchedStep("function-url-request", { body: undefined, isBase64Encoded: true }, emptyBody)],
  },
  {
    id: "http.aws-fields.alb-empty-base64",
    title: "an ALB request flagged base64 whose body is empty has an empty body",
    needs: ["http", "native:aws-alb"],
    steps: [patchedStep("alb-request-single-value-headers", { body: "", isBase64Encoded: true }, emptyBody)],
  },
  {
    id: "http.aws-binary-text",
    title: "a text body with a binary content type goes out as its UTF-8 bytes, base64 where the integration needs it",
    needs: ["http", "native:aws-lambda"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/binary-text", headers: { host: "example.test" } } },
        behaviour: "aws:binary-text",
        expect: { response: { status: 200, headers: { "content-type": "application/octet-stream" }, bodyBase64: "w7wh" } },
      },
    ],
  },
);
