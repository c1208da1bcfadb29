export type { LambdaIntegration } from "./http/detect.ts";
export type { LambdaResponseStream, StreamingIntegration } from "./http/stream.ts";
export {
  type LambdaApp,
  type LambdaHandler,
  type LambdaOptions,
  type LambdaStreamingHandler,
  type LambdaStreamOptions,
  lambda,
} from "./lambda.ts";
export type {
  AlbEvent,
  AlbMultiValueResult,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  BatchResponse,
  DynamoDbStreamEvent,
  DynamoDbStreamRecord,
  EventBridgeEvent,
  KinesisEvent,
  KinesisRecord,
  LambdaContext,
  S3Event,
  S3Record,
  SnsEvent,
  SnsRecord,
  SqsEvent,
  SqsRecord,
} from "./native-types.ts";
