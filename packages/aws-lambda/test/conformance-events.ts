// Native AWS Lambda events built from the suite's neutral inputs, shaped like the real fixtures.
import type { HttpRequestSpec, MessagesSpec } from "@fnport/conformance";

/** The HTTP integrations a Lambda function sits behind. */
export type LambdaIntegration = "apigw-v1" | "apigw-v2" | "alb" | "alb-multi" | "function-url";

/** Every HTTP integration, in the order the matrix shows them. */
export const LAMBDA_INTEGRATIONS: readonly LambdaIntegration[] = ["apigw-v1", "apigw-v2", "alb", "alb-multi", "function-url"];

const ACCOUNT = "123456789012";
/** The client address when a request names none. */
export const DEFAULT_CLIENT_IP = "198.51.100.7";

function headerLists(spec: HttpRequestSpec): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) lists[name] = Array.isArray(value) ? value : [value];
  return lists;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Query pairs decoded (API Gateway) or as sent (ALB). */
function queryLists(rawQuery: string, decodeValues: boolean): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? "" : part.slice(eq + 1);
    const name = decodeValues ? decode(rawName) : rawName;
    const values = lists[name] ?? [];
    values.push(decodeValues ? decode(rawValue) : rawValue);
    lists[name] = values;
  }
  return lists;
}

const lastValues = (lists: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(lists).map(([name, values]) => [name, values.at(-1) ?? ""]));

function body(spec: HttpRequestSpec): { body: string | null; isBase64Encoded: boolean } {
  if (spec.bodyBase64 !== undefined) return { body: spec.bodyBase64, isBase64Encoded: true };
  return { body: spec.body ?? null, isBase64Encoded: false };
}

/** A native HTTP event for `integration` carrying the neutral request. */
export function lambdaHttpEvent(integration: LambdaIntegration, spec: HttpRequestSpec, requestId: string): Record<string, unknown> {
  const rawQuery = spec.rawQuery ?? "";
  const headers = headerLists(spec);
  switch (integration) {
    case "apigw-v2":
    case "function-url": {
      // Payload v2.0: repeated headers comma-joined, cookies moved out of the header into cookies[].
      const single: Record<string, string> = {};
      let cookies: string[] | undefined;
      for (const [name, values] of Object.entries(headers)) {
        if (name.toLowerCase() === "cookie") cookies = values.flatMap((value) => value.split(/;\s*/));
        else single[name.toLowerCase()] = values.join(",");
      }
      const query = queryLists(rawQuery, true);
      // HTTP APIs hand over rawPath percent-decoded; Function URLs keep it as sent (live captures in hotsock/voker#8).
      const rawPath = integration === "apigw-v2" ? decodePath(spec.path) : spec.path;
      return {
        version: "2.0",
        routeKey: "$default",
        rawPath,
        rawQueryString: rawQuery,
        ...(cookies ? { cookies } : {}),
        headers: single,
        ...(rawQuery ? { queryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.join(",")])) } : {}),
        requestContext: {
          accountId: integration === "function-url" ? "anonymous" : ACCOUNT,
          apiId: "conformance",
          domainName:
            integration === "function-url" ? "conformance.lambda-url.us-east-1.on.aws" : "conformance.execute-api.us-east-1.amazonaws.com",
          http: {
            method: spec.method,
            path: rawPath,
            protocol: "HTTP/1.1",
            sourceIp: spec.clientIp ?? DEFAULT_CLIENT_IP,
            userAgent: "conformance",
          },
          requestId,
          routeKey: "$default",
          stage: "$default",
          time: "01/Jan/2026:00:00:00 +0000",
          timeEpoch: 1767225600000,
        },
        ...body(spec),
      };
    }
    case "apigw-v1": {
      const query = queryLists(rawQuery, true);
      return {
        resource: "/{proxy+}",
        path: spec.path, // REST APIs keep the path percent-encoded as sent
        httpMethod: spec.method,
        headers: lastValues(headers),
        multiValueHeaders: headers,
        queryStringParameters: rawQuery ? lastValues(query) : null,
        multiValueQueryStringParameters: rawQuery ? query : null,
        pathParameters: null,
        stageVariables: null,
        requestContext: {
          accountId: ACCOUNT,
          resourceId: "conformance",
          stage: "prod",
          requestId,
          identity: { sourceIp: spec.clientIp ?? DEFAULT_CLIENT_IP, userAgent: "conformance" },
          resourcePath: "/{proxy+}",
          httpMethod: spec.method,
          apiId: "conformance",
          path: `/prod${spec.path}`,
        },
        ...body(spec),
      };
    }
    case "alb":
    case "alb-multi": {
      // ALB passes query names and values as the client sent them, still percent-encoded.
      const query = queryLists(rawQuery, false);
      const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([name, values]) => [name.toLowerCase(), values]));
      // ALB appends the address it received the request from to the client's own x-forwarded-for.
      const sentForwarded = lowerHeaders["x-forwarded-for"]?.join(", ");
      const client = spec.clientIp ?? DEFAULT_CLIENT_IP;
      const withForwarded = { ...lowerHeaders, "x-forwarded-for": [sentForwarded ? `${sentForwarded}, ${client}` : client] };
      const request: Record<string, unknown> = {
        requestContext: {
          elb: { targetGroupArn: `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/conformance/0123456789abcdef` },
        },
        httpMethod: spec.method,
        path: spec.path,
        ...body(spec),
      };
      if (integration === "alb-multi") {
        request.multiValueHeaders = withForwarded;
        request.multiValueQueryStringParameters = query;
      } else {
        request.headers = lastValues(withForwarded);
        request.queryStringParameters = lastValues(query);
      }
      if (request.body === null) request.body = "";
      return request;
    }
  }
}

/** An SQS event carrying the neutral batch (a `.fifo` queue when the batch is ordered). */
export function sqsEvent(batch: MessagesSpec): Record<string, unknown> {
  const queue = `arn:aws:sqs:us-east-1:${ACCOUNT}:conformance${batch.ordered ? ".fifo" : ""}`;
  return {
    Records: batch.messages.map((message, i) => ({
      messageId: message.id,
      receiptHandle: `handle-${message.id}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: String(Date.parse(message.publishedAt)),
        SenderId: "conformance",
        ApproximateFirstReceiveTimestamp: "1767225600001",
        // A FIFO queue's records carry their group, sequence number and deduplication id.
        ...(batch.ordered
          ? { MessageGroupId: "conformance", SequenceNumber: String(18849496460467696128n + BigInt(i)), MessageDeduplicationId: message.id }
          : {}),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(message.attributes ?? {}).map(([name, value]) => [name, { stringValue: value, dataType: "String" }]),
      ),
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: queue,
      awsRegion: "us-east-1",
    })),
  };
}

/** An SNS notification carrying the one message of a neutral batch (SNS invokes Lambda with one record). */
export function snsEvent(batch: MessagesSpec): Record<string, unknown> {
  const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:conformance`;
  return {
    Records: batch.messages.map((message) => ({
      EventSource: "aws:sns",
      EventVersion: "1.0",
      EventSubscriptionArn: `${topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
      Sns: {
        Type: "Notification",
        MessageId: message.id,
        TopicArn: topic,
        Subject: null,
        Message: message.body,
        Timestamp: message.publishedAt,
        SignatureVersion: "1",
        Signature: "conformance",
        SigningCertUrl: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-conformance.pem",
        UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic}`,
        MessageAttributes: Object.fromEntries(
          Object.entries(message.attributes ?? {}).map(([name, value]) => [name, { Type: "String", Value: value }]),
        ),
      },
    })),
  };
}

/** An EventBridge scheduled-rule event of the rule `name` firing at `scheduledTime`. */
export function scheduledEvent(scheduledTime: string, name: string): Record<string, unknown> {
  return {
    version: "0",
    id: "00000000-0000-0000-0000-000000000000",
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT,
    time: scheduledTime.replace(/\.\d{3}Z$/, "Z"),
    region: "us-east-1",
    resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/${name}`],
    detail: {},
  };
}
