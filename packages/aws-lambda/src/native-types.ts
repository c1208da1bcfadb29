// The parts of AWS Lambda's native events, results and context this adapter reads or writes,
// written by hand: `@types/aws-lambda` declares globals, so it only checks these (native-types.test-d.ts).

/** Any event Lambda delivers, before a processor recognises it. */
export type NativeEvent = { readonly [key: string]: unknown };

/** The Lambda context object (the second handler argument). */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName?: string;
  readonly invokedFunctionArn?: string;
  /** The tenant of the invocation, on a function with tenant isolation mode (`PER_TENANT`). */
  readonly tenantId?: string | undefined;
  getRemainingTimeInMillis?(): number;
}

/** Single-value headers or query parameters. */
export type SingleValues = { readonly [name: string]: string | undefined };
/** Multi-value headers or query parameters. */
export type MultiValues = { readonly [name: string]: readonly string[] | undefined };

/** API Gateway REST API (and HTTP API payload 1.0) proxy request. */
export interface ApiGatewayV1Event {
  readonly version?: string;
  readonly resource?: string;
  readonly httpMethod: string;
  readonly path: string;
  readonly headers: SingleValues | null;
  readonly multiValueHeaders: MultiValues | null;
  readonly queryStringParameters: SingleValues | null;
  readonly multiValueQueryStringParameters: MultiValues | null;
  readonly requestContext: {
    readonly requestId?: string;
    readonly stage?: string;
    readonly path?: string;
    readonly identity?: { readonly sourceIp?: string | null } | null;
  };
  readonly body: string | null;
  readonly isBase64Encoded?: boolean;
}

/** API Gateway REST (payload 1.0) proxy response. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** API Gateway HTTP API and Lambda Function URL request (payload 2.0). */
export interface ApiGatewayV2Event {
  readonly version: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: readonly string[];
  readonly headers: SingleValues;
  readonly requestContext: {
    readonly domainName?: string;
    readonly requestId?: string;
    readonly http: { readonly method: string; readonly sourceIp?: string };
  };
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

/** API Gateway HTTP API and Lambda Function URL response (payload 2.0). */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Application Load Balancer request (multi-value headers on: `multiValueHeaders`, off: `headers`). */
export interface AlbEvent {
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } };
  readonly httpMethod: string;
  readonly path: string;
  readonly queryStringParameters?: SingleValues | null | undefined;
  readonly multiValueQueryStringParameters?: MultiValues | null | undefined;
  readonly headers?: SingleValues | undefined;
  readonly multiValueHeaders?: MultiValues | undefined;
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** Application Load Balancer response, multi-value headers off. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

/** Application Load Balancer response, multi-value headers on. */
export interface AlbMultiValueResult {
  statusCode: number;
  statusDescription: string;
  multiValueHeaders: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** SQS event source batch. */
export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

export interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
  readonly attributes: { readonly ApproximateReceiveCount?: string; readonly SentTimestamp?: string };
  readonly messageAttributes?: { readonly [name: string]: { readonly stringValue?: string | undefined } | undefined };
  readonly eventSource: string;
  readonly eventSourceARN: string;
}

/** SNS notification (one record per invocation). */
export interface SnsEvent {
  readonly Records: readonly SnsRecord[];
}

export interface SnsRecord {
  readonly EventSource: string;
  readonly Sns: {
    readonly MessageId: string;
    readonly Message: string;
    readonly Timestamp?: string;
    readonly MessageAttributes?: { readonly [name: string]: { readonly Value?: string } | undefined };
  };
}

/** S3 event notification. */
export interface S3Event {
  readonly Records: readonly S3Record[];
}

export interface S3Record {
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventTime: string;
  readonly awsRegion?: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string; readonly sequencer?: string };
  };
}

/** EventBridge (CloudWatch Events) event, including scheduled rules. */
export interface EventBridgeEvent {
  readonly id: string;
  readonly "detail-type": string;
  readonly source: string;
  readonly account?: string;
  readonly time?: string;
  readonly region?: string;
  readonly resources?: readonly string[];
  readonly detail: unknown;
}

/** Kinesis Data Streams batch. */
export interface KinesisEvent {
  readonly Records: readonly KinesisRecord[];
}

export interface KinesisRecord {
  readonly eventSource: string;
  readonly kinesis: {
    readonly sequenceNumber: string;
    readonly data: string;
    readonly partitionKey?: string;
    readonly approximateArrivalTimestamp?: number;
  };
}

/** DynamoDB Streams batch. */
export interface DynamoDbStreamEvent {
  readonly Records: readonly DynamoDbStreamRecord[];
}

export interface DynamoDbStreamRecord {
  readonly eventSource?: string | undefined;
  readonly eventID?: string | undefined;
  readonly eventName?: string | undefined;
  readonly dynamodb?:
    | {
        readonly SequenceNumber?: string | undefined;
        readonly ApproximateCreationDateTime?: number | undefined;
      }
    | undefined;
}

/** The partial-failure response of SQS, Kinesis and DynamoDB Streams event source mappings. */
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}
