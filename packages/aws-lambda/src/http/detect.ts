import type { HttpEvent } from "@fnport/core";
import type { EncodedHttpResponse } from "@fnport/core/adapter";
import type { NativeEvent } from "../native-types.ts";
import { ALB_RESPONSE_LIMIT, LAMBDA_RESPONSE_LIMIT, withPayloadLimit } from "./_payload-limit.ts";
import { isAlbEvent, isAlbMultiValueEvent, parseAlb, toAlbMultiValueResult, toAlbResult } from "./alb.ts";
import { isApiGatewayV1Event, parseApiGatewayV1, toApiGatewayV1Result } from "./apigw-v1.ts";
import { isApiGatewayV2Event, isFunctionUrlEvent, parseApiGatewayV2, toApiGatewayV2Result } from "./apigw-v2.ts";

/** The HTTP integrations a Lambda function can sit behind. */
export type LambdaIntegration = "apigw-v1" | "apigw-v2" | "alb" | "alb-multi" | "function-url";

/** Reads and answers one integration's native HTTP shape. */
export interface HttpProcessor {
  readonly integration: LambdaIntegration;
  /** The cheap type guard for the integration's native request shape. */
  accepts(event: NativeEvent): boolean;
  /** Called only with an event `accepts` took (a method, so each processor names its own event type). */
  parse(event: object): HttpEvent;
  encode(response: EncodedHttpResponse): unknown;
}

const isAlbSingleValueEvent = (event: NativeEvent): boolean => isAlbEvent(event) && !isAlbMultiValueEvent(event);
const isAlbMultiEvent = (event: NativeEvent): boolean => isAlbEvent(event) && isAlbMultiValueEvent(event);

const apigwV1: HttpProcessor = {
  integration: "apigw-v1",
  accepts: isApiGatewayV1Event,
  parse: parseApiGatewayV1,
  encode: withPayloadLimit(toApiGatewayV1Result, LAMBDA_RESPONSE_LIMIT, "a synchronous Lambda response"),
};
const apigwV2: HttpProcessor = {
  integration: "apigw-v2",
  accepts: isApiGatewayV2Event,
  parse: parseApiGatewayV2,
  encode: withPayloadLimit(toApiGatewayV2Result, LAMBDA_RESPONSE_LIMIT, "a synchronous Lambda response"),
};
const alb: HttpProcessor = {
  integration: "alb",
  accepts: isAlbSingleValueEvent,
  parse: parseAlb,
  encode: withPayloadLimit(toAlbResult, ALB_RESPONSE_LIMIT, "an ALB Lambda target's response"),
};
const albMulti: HttpProcessor = {
  integration: "alb-multi",
  accepts: isAlbMultiEvent,
  parse: parseAlb,
  encode: withPayloadLimit(toAlbMultiValueResult, ALB_RESPONSE_LIMIT, "an ALB Lambda target's response"),
};

/** One processor per integration; a Function URL sends and reads the same payload 2.0 as an HTTP API. */
export const httpProcessors: Readonly<Record<LambdaIntegration, HttpProcessor>> = {
  "apigw-v1": apigwV1,
  "apigw-v2": apigwV2,
  alb,
  "alb-multi": albMulti,
  "function-url": { ...apigwV2, integration: "function-url" },
};

/** The processor for a native HTTP event, most common shapes first; undefined for any other event. */
export function detectHttpProcessor(event: NativeEvent): HttpProcessor | undefined {
  if (isApiGatewayV2Event(event)) return apigwV2;
  if (isAlbEvent(event)) return isAlbMultiValueEvent(event) ? albMulti : alb;
  if (isApiGatewayV1Event(event)) return apigwV1;
  return undefined;
}

/** The integration a native HTTP event came through (telling a Function URL from an HTTP API), or undefined. */
export function detectIntegration(event: NativeEvent): LambdaIntegration | undefined {
  if (isApiGatewayV2Event(event)) return isFunctionUrlEvent(event) ? "function-url" : "apigw-v2";
  return detectHttpProcessor(event)?.integration;
}

const DESCRIPTIONS: Readonly<Record<LambdaIntegration, string>> = {
  "apigw-v1": "API Gateway REST API, payload 1.0",
  "apigw-v2": "API Gateway HTTP API, payload 2.0",
  alb: "ALB with multi-value headers off",
  "alb-multi": "ALB with multi-value headers on",
  "function-url": "Lambda Function URL, payload 2.0",
};

/** The error for an HTTP event that does not come through the pinned integration. */
export function integrationMismatch(pinned: LambdaIntegration, seen: LambdaIntegration): Error {
  return new Error(
    `lambda() is pinned to integration "${pinned}" (${DESCRIPTIONS[pinned]}) but received an "${seen}" event (${DESCRIPTIONS[seen]}); ` +
      `change the integration option, or remove it to detect the integration per event`,
  );
}
