// AWS's real response examples (conformance/fixtures/aws/*-response*.json) hold the conformance cases
// built on them: read the way each integration reads a response, an example means exactly what its
// case expects every adapter to answer, and the native response the case wants from our adapter
// means the same (the harness's reader, used on every Lambda delivery, is grounded in them too).
import { allCases, type ConformanceCase, loadFixture } from "@fnport/conformance";
import { describe, expect, test } from "vitest";
import type { LambdaIntegration } from "./conformance-events.ts";
import { readBatchResponse, readLambdaResponse } from "./conformance-read.ts";

function caseOf(id: string): ConformanceCase {
  const found = allCases.find((testCase) => testCase.id === id);
  if (found === undefined) throw new Error(`no conformance case ${id}`);
  return found;
}

/** The neutral output a case's response expectation names (its body as text). */
function expectedOutput(testCase: ConformanceCase) {
  const response = testCase.steps[0]?.expect.response;
  return {
    kind: "http",
    status: response?.status,
    headers: response?.headers,
    cookies: response?.cookies,
    bodyBase64: Buffer.from(String(response?.bodyText)).toString("base64"),
  };
}

const overriddenByMulti = (names: string[]) => names.map((name) => `headers.${name} is overridden by multiValueHeaders`);

const EXAMPLES: Array<{ fixture: string; integration: LambdaIntegration; problems: string[] }> = [
  { fixture: "function-url-response", integration: "function-url", problems: [] },
  {
    fixture: "apigw-v2-http-api-response",
    integration: "apigw-v2",
    problems: ['apigw-v2 ignores multiValueHeaders: {"Set-Cookie":["cookie1=value1"]}'],
  },
  { fixture: "apigw-v1-rest-proxy-response-set-cookie", integration: "apigw-v1", problems: [] },
  {
    fixture: "apigw-v1-rest-proxy-response",
    integration: "apigw-v1",
    // The example sends every header in both maps, and leaves isBase64Encoded out (false): AWS accepts
    // both; our adapter writes one map and always says whether the body is base64.
    problems: [
      "isBase64Encoded is not true or false: undefined",
      ...overriddenByMulti([
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "CloudFront-Forwarded-Proto",
        "CloudFront-Is-Desktop-Viewer",
        "CloudFront-Is-Mobile-Viewer",
        "CloudFront-Is-SmartTV-Viewer",
        "CloudFront-Is-Tablet-Viewer",
        "CloudFront-Viewer-Country",
        "Host",
        "Upgrade-Insecure-Requests",
        "User-Agent",
        "Via",
        "X-Amz-Cf-Id",
        "X-Forwarded-For",
        "X-Forwarded-Port",
        "X-Forwarded-Proto",
      ]),
    ],
  },
  // ALB with multi-value headers on reads multiValueHeaders alone, and ignores the example's other map.
  {
    fixture: "alb-response",
    integration: "alb-multi",
    problems: ['alb-multi ignores headers: {"Set-cookie":"cookies","Content-Type":"application/json"}'],
  },
];

describe("AWS's response examples", () => {
  test.each(EXAMPLES)(
    "$fixture, read as $integration reads it, means what its case expects",
    async ({ fixture, integration, problems }) => {
      const testCase = caseOf(`http.result.aws-${fixture}`);
      const reading = readLambdaResponse(integration, await loadFixture(`aws/${fixture}.json`));
      expect(reading).toEqual({ output: expectedOutput(testCase), problems });
    },
  );

  test.each(EXAMPLES)(
    "the native $integration response the $fixture case wants means the same, with nothing AWS would drop",
    async ({ fixture, integration }) => {
      const testCase = caseOf(`http.result.aws-${fixture}`);
      const native = testCase.steps[0]?.expect.native?.[`aws-lambda:${integration}`];
      expect(readLambdaResponse(integration, native)).toEqual({ output: expectedOutput(testCase), problems: [] });
    },
  );

  test("ALB with multi-value headers off reads the example's headers map alone: one cookie, named in another case", async () => {
    const reading = readLambdaResponse("alb", await loadFixture("aws/alb-response.json"));
    expect(reading).toEqual({
      output: {
        kind: "http",
        status: 200,
        headers: { "content-type": "application/json" },
        cookies: ["cookies"],
        bodyBase64: Buffer.from("Hello from Lambda").toString("base64"),
      },
      problems: [
        'alb ignores multiValueHeaders: {"Set-cookie":["cookie-name=cookie-value;Domain=myweb.com;Secure;HttpOnly","cookie-name=cookie-value;Expires=May 8, 2019"],"Content-Type":["application/json"]}',
      ],
    });
  });

  test("SQS's partial batch response example is exactly what the sqs-partial-failure case wants, and reads as one failed id", async () => {
    const example = await loadFixture("aws/sqs-batch-item-failures-response.json");
    expect(caseOf("messages.fixture.sqs-partial-failure").steps[0]?.expect.native?.["aws-lambda:batch"]).toEqual(example);
    expect(readBatchResponse(example, ["059f36b4-87a3-44ab-83d2-661975830a7d", "2e1424d4-f796-459a-8184-9c92662be6da"])).toEqual({
      output: ["059f36b4-87a3-44ab-83d2-661975830a7d"],
      problems: [],
    });
  });
});

describe("the strict readers", () => {
  const ok = { statusCode: 200, headers: { "content-type": "text/plain" }, body: "hi", isBase64Encoded: false };

  test("a REST API answers 502 to a field it does not know", () => {
    expect(readLambdaResponse("apigw-v1", { ...ok, cookies: ["a=1"] })).toEqual({
      output: { kind: "http", status: 502, headers: {}, cookies: [], bodyBase64: "" },
      problems: ["REST APIs answer 502 to a response with cookies"],
    });
  });

  test("a field another integration ignores, a repeated name, a non-string value, a bad status description are problems", () => {
    expect(readLambdaResponse("apigw-v2", { ...ok, multiValueHeaders: { a: ["1"] } }).problems).toEqual([
      'apigw-v2 ignores multiValueHeaders: {"a":["1"]}',
    ]);
    expect(readLambdaResponse("apigw-v2", { ...ok, headers: { a: "1", A: "2" } }).problems).toEqual([
      "header names repeated in one map (which value wins is not documented): A",
    ]);
    expect(readLambdaResponse("function-url", { ...ok, headers: { n: 1 } }).problems).toEqual(["headers.n is not a string: 1"]);
    expect(readLambdaResponse("alb", { ...ok, statusDescription: "OK" }).problems).toEqual([
      'statusDescription is not "200 <reason>": "OK"',
    ]);
    expect(readLambdaResponse("apigw-v2", { ...ok, isBase64Encoded: true, body: "not base64!" }).problems).toEqual([
      'isBase64Encoded, but the body is not canonical base64: "not base64!"',
    ]);
    expect(readLambdaResponse("apigw-v2", { ...ok, cookies: [] }).problems).toEqual(["cookies is an empty array (leave it out)"]);
  });

  test("a batch response with a stray field, an unknown or repeated id, or a malformed entry is a problem", () => {
    expect(
      readBatchResponse(
        { batchItemFailures: [{ itemIdentifier: "a" }, { itemIdentifier: "a" }, { itemIdentifier: "z" }, { id: "b" }], extra: 1 },
        ["a", "b"],
      ),
    ).toEqual({
      output: ["a", "a", "z"],
      problems: [
        "a batch response has only batchItemFailures, got extra",
        "a is listed twice",
        "z is not an id of the batch (Lambda retries the whole batch)",
        'a batch item failure is exactly { itemIdentifier: string }, got {"id":"b"}',
      ],
    });
  });
});
