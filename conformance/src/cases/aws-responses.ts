import type { ConformanceCase, ResponseExpectation } from "./types.ts";

// AWS's real response examples (fixtures/aws/*-response*.json) as expectations: on every adapter the
// answer means what the example means; on Lambda the native response of each integration is exactly
// what the adapter must write for it (packages/aws-lambda/test/response-fixtures.test.ts reads each
// example the way its integration does and holds it to the same meaning).

interface Meaning {
  status: number;
  /** Lower-case names, as the adapter writes them. */
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

/** Every casing of `set-cookie` in the order the adapter uses them for ALB without multi-value headers. */
const ALB_COOKIE_NAMES = ["set-cookie", "Set-cookie", "sEt-cookie", "SEt-cookie"];

/** What each Lambda integration must receive for `meaning` (text bodies: not base64). */
export function lambdaNatives({ status, headers, cookies, body }: Meaning): Record<string, unknown> {
  const text = { body, isBase64Encoded: false };
  const statusDescription = `${status} ${status === 201 ? "Created" : "OK"}`;
  const v1Cookies =
    cookies.length === 1
      ? { headers: { ...headers, "set-cookie": cookies[0] } }
      : cookies.length > 1
        ? { headers, multiValueHeaders: { "set-cookie": cookies } }
        : { headers };
  const v2 = { statusCode: status, headers, ...(cookies.length > 0 ? { cookies } : {}), ...text };
  return {
    "aws-lambda:apigw-v1": { statusCode: status, ...v1Cookies, ...text },
    "aws-lambda:apigw-v2": v2,
    "aws-lambda:function-url": v2,
    "aws-lambda:alb": {
      statusCode: status,
      statusDescription,
      headers: { ...headers, ...Object.fromEntries(cookies.map((cookie, i) => [ALB_COOKIE_NAMES[i], cookie])) },
      ...text,
    },
    "aws-lambda:alb-multi": {
      statusCode: status,
      statusDescription,
      multiValueHeaders: {
        ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
        ...(cookies.length > 0 ? { "set-cookie": cookies } : {}),
      },
      ...text,
    },
  };
}

const response = ({ status, headers, cookies, body }: Meaning): ResponseExpectation => ({ status, headers, cookies, bodyText: body });

const fixtureCase = (fixture: string, title: string, meaning: Meaning): ConformanceCase => ({
  id: `http.result.aws-${fixture}`,
  title,
  needs: ["http"],
  steps: [
    {
      input: { kind: "http", request: { method: "GET", path: "/result", headers: { host: "example.test" } } },
      behaviour: `aws:${fixture}`,
      expect: { response: response(meaning), native: lambdaNatives(meaning) },
    },
  ],
});

/** The meanings of AWS's real response examples, one case each (the fixture's name in the id). */
export const AWS_RESPONSE_MEANINGS: Readonly<Record<string, Meaning>> = {
  "function-url-response": {
    status: 201,
    headers: { "content-type": "application/json", "my-custom-header": "Custom Value" },
    cookies: ["Cookie_1=Value1; Expires=21 Oct 2021 07:48 GMT", "Cookie_2=Value2; Max-Age=78000"],
    body: '{ "message": "Hello, world!" }',
  },
  "apigw-v2-http-api-response": {
    status: 200,
    headers: { "content-type": "application/json" },
    cookies: ["session=abc123; Secure; HttpOnly"],
    body: '{"message":"OK"}',
  },
  "apigw-v1-rest-proxy-response-set-cookie": {
    status: 200,
    headers: { "content-type": "application/json", "x-custom-header": "custom-value" },
    cookies: ["cookie1=value1", "cookie2=value2"],
    body: '{"message":"Hello from Lambda"}',
  },
  "apigw-v1-rest-proxy-response": {
    status: 200,
    headers: {
      accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8",
      "accept-encoding": "gzip, deflate, lzma, sdch, br",
      "accept-language": "en-US,en;q=0.8",
      "cloudfront-forwarded-proto": "https",
      "cloudfront-is-desktop-viewer": "true",
      "cloudfront-is-mobile-viewer": "false",
      "cloudfront-is-smarttv-viewer": "false",
      "cloudfront-is-tablet-viewer": "false",
      "cloudfront-viewer-country": "US",
      host: "wt6mne2s9k.execute-api.us-west-2.amazonaws.com",
      "upgrade-insecure-requests": "1",
      "user-agent":
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.82 Safari/537.36 OPR/39.0.2256.48",
      via: "1.1 fb7cca60f0ecd82ce07790c9c5eef16c.cloudfront.net (CloudFront)",
      "x-amz-cf-id": "nBsWBOrSHMgnaROZJK1wGCZ9PcRcSpq_oSXZNQwQ10OTZL4cimZo3g==",
      "x-forwarded-for": "192.168.100.1, 192.168.1.1",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
    },
    cookies: [],
    body: "Hello World",
  },
  "alb-response": {
    status: 200,
    headers: { "content-type": "application/json" },
    cookies: ["cookie-name=cookie-value;Domain=myweb.com;Secure;HttpOnly", "cookie-name=cookie-value;Expires=May 8, 2019"],
    body: "Hello from Lambda",
  },
};

export const awsResponseCases: ConformanceCase[] = [
  fixtureCase(
    "function-url-response",
    "AWS's Function URL response example: 201, a custom header, two cookies",
    AWS_RESPONSE_MEANINGS["function-url-response"] as Meaning,
  ),
  fixtureCase(
    "apigw-v2-http-api-response",
    "AWS's HTTP API response example: JSON and a cookie",
    AWS_RESPONSE_MEANINGS["apigw-v2-http-api-response"] as Meaning,
  ),
  fixtureCase(
    "apigw-v1-rest-proxy-response-set-cookie",
    "AWS's REST API response example: a custom header and two cookies",
    AWS_RESPONSE_MEANINGS["apigw-v1-rest-proxy-response-set-cookie"] as Meaning,
  ),
  fixtureCase(
    "apigw-v1-rest-proxy-response",
    "AWS's REST API response example: seventeen headers, no content type",
    AWS_RESPONSE_MEANINGS["apigw-v1-rest-proxy-response"] as Meaning,
  ),
  fixtureCase(
    "alb-response",
    "AWS's ALB response example: JSON and two cookies of one name",
    AWS_RESPONSE_MEANINGS["alb-response"] as Meaning,
  ),
];
