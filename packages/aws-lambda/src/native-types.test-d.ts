// The hand-written native types checked against @types/aws-lambda: every official event is one this
// adapter reads, every result it writes is one the official types accept.
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  EventBridgeEvent as AwsEventBridgeEvent,
  S3Event as AwsS3Event,
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  LambdaFunctionURLEvent,
  LambdaFunctionURLResult,
  ScheduledEvent,
  SNSEvent,
  SQSBatchResponse,
  SQSEvent,
} from "aws-lambda";
import { describe, expectTypeOf, test } from "vitest";
import type {
  AlbEvent,
  AlbMultiValueResult,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  BatchResponse,
  DynamoDbStreamEvent,
  EventBridgeEvent,
  KinesisEvent,
  LambdaContext,
  S3Event,
  SnsEvent,
  SqsEvent,
} from "./native-types.ts";

describe("official events are events this adapter reads", () => {
  test("HTTP", () => {
    expectTypeOf<APIGatewayProxyEvent>().toExtend<ApiGatewayV1Event>();
    expectTypeOf<APIGatewayProxyEventV2>().toExtend<ApiGatewayV2Event>();
    expectTypeOf<LambdaFunctionURLEvent>().toExtend<ApiGatewayV2Event>();
    expectTypeOf<ALBEvent>().toExtend<AlbEvent>();
  });

  test("batches and notifications", () => {
    expectTypeOf<SQSEvent>().toExtend<SqsEvent>();
    expectTypeOf<SNSEvent>().toExtend<SnsEvent>();
    expectTypeOf<AwsS3Event>().toExtend<S3Event>();
    expectTypeOf<KinesisStreamEvent>().toExtend<KinesisEvent>();
    expectTypeOf<DynamoDBStreamEvent>().toExtend<DynamoDbStreamEvent>();
    expectTypeOf<ScheduledEvent>().toExtend<EventBridgeEvent>();
    expectTypeOf<AwsEventBridgeEvent<"OrderPurchased", { id: number }>>().toExtend<EventBridgeEvent>();
  });

  test("context", () => {
    expectTypeOf<Context>().toExtend<LambdaContext>();
  });
});

describe("results this adapter writes are results the official types accept", () => {
  test("HTTP", () => {
    expectTypeOf<ApiGatewayV1Result>().toExtend<APIGatewayProxyResult>();
    expectTypeOf<ApiGatewayV2Result>().toExtend<APIGatewayProxyStructuredResultV2>();
    expectTypeOf<ApiGatewayV2Result>().toExtend<LambdaFunctionURLResult>();
    expectTypeOf<AlbResult>().toExtend<ALBResult>();
    expectTypeOf<AlbMultiValueResult>().toExtend<ALBResult>();
  });

  test("partial batch responses", () => {
    expectTypeOf<BatchResponse>().toExtend<SQSBatchResponse>();
    expectTypeOf<BatchResponse>().toExtend<KinesisStreamBatchResponse>();
    expectTypeOf<BatchResponse>().toExtend<DynamoDBBatchResponse>();
  });

  test("a v1 result carries no cookies field (API Gateway REST answers 502 to one)", () => {
    expectTypeOf<ApiGatewayV1Result>().not.toHaveProperty("cookies");
  });
});
