// Native Lambda inputs the subjects answer, shaped like the real events in conformance/fixtures/aws
// (an HTTP API v2 request with the headers API Gateway adds, and SQS records as SQS delivers them).
import { HELLO_BODY } from "../hello.ts";

/** An HTTP API (payload 2.0) POST /hello with the nine headers a curl client and API Gateway send. */
export const helloEvent = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/hello",
  rawQueryString: "",
  headers: {
    accept: "*/*",
    "content-length": String(HELLO_BODY.length),
    "content-type": "application/json",
    host: "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com",
    "user-agent": "curl/7.58.0",
    "x-amzn-trace-id": "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c",
    "x-forwarded-for": "1.2.3.4",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
  },
  requestContext: {
    accountId: "123456789012",
    apiId: "aaaaaaaaaa",
    domainName: "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com",
    domainPrefix: "aaaaaaaaaa",
    http: { method: "POST", path: "/hello", protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "curl/7.58.0" },
    requestId: "LV7fzho-PHcEJPw=",
    routeKey: "$default",
    stage: "$default",
    time: "21/Apr/2020:15:08:21 +0000",
    timeEpoch: 1587481701067,
  },
  body: HELLO_BODY,
  isBase64Encoded: false,
};

/** The message of the batch whose handler throws. */
export const FAILING_MESSAGE_ID = "9b7e5a40-0000-4000-8000-000000000003";

/** An SQS batch of 10 JSON messages `{"n":0..9}`; every subject fails the one with `n: 3`. */
export const sqsBatchEvent = {
  Records: Array.from({ length: 10 }, (_, n) => ({
    messageId: `9b7e5a40-0000-4000-8000-00000000000${n}`,
    receiptHandle: `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a${n}`,
    body: JSON.stringify({ n, item: `order-${n}` }),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "1545082649183",
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: "1545082649185",
    },
    messageAttributes: {},
    md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-2:123456789012:my-queue",
    awsRegion: "us-east-2",
  })),
};

/** What every SQS subject must answer. */
export const SQS_ANSWER = { batchItemFailures: [{ itemIdentifier: FAILING_MESSAGE_ID }] };

/** A Lambda context as the Node.js runtime passes it. */
export function lambdaContext(requestId: string) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "bench",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench",
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: "/aws/lambda/bench",
    logStreamName: "2026/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
