// What both Lambda hellos answer: `HELLO_REQUEST` as an HTTP API (v2) event, and a Lambda context.
import { HELLO_REQUEST } from "@fnport/conformance/hello";

export const helloEvent: Record<string, unknown> = {
  version: "2.0",
  routeKey: "$default",
  rawPath: HELLO_REQUEST.path,
  rawQueryString: "",
  headers: { ...HELLO_REQUEST.headers, host: "meter.execute-api.us-east-1.amazonaws.com" },
  requestContext: {
    accountId: "123456789012",
    apiId: "meter",
    domainName: "meter.execute-api.us-east-1.amazonaws.com",
    http: { method: HELLO_REQUEST.method, path: HELLO_REQUEST.path, protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "meter" },
    requestId: "meter",
    routeKey: "$default",
    stage: "$default",
    time: "01/Jan/2026:00:00:00 +0000",
    timeEpoch: 1767225600000,
  },
  body: HELLO_REQUEST.body,
  isBase64Encoded: false,
};

export const helloContext: { awsRequestId: string; functionName: string; getRemainingTimeInMillis(): number } = {
  awsRequestId: "meter",
  functionName: "hello",
  getRemainingTimeInMillis: () => 30_000,
};
