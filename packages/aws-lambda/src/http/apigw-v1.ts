import type { HttpEvent } from "@fnport/core";
import { buildQuery, createHttpEvent, type EncodedHttpResponse, isBinaryResponse, mergeHeaders } from "@fnport/core/adapter";
import type { ApiGatewayV1Event, ApiGatewayV1Result, NativeEvent } from "../native-types.ts";
import { bodySource, bodyText, encodedPath, reencodedPath } from "./_shared.ts";

/** True for an API Gateway REST API (or HTTP API payload 1.0) proxy request. */
export function isApiGatewayV1Event(event: NativeEvent): event is NativeEvent & ApiGatewayV1Event {
  const context = event.requestContext as { elb?: unknown } | null | undefined;
  return typeof event.httpMethod === "string" && typeof context === "object" && context !== null && context.elb === undefined;
}

/**
 * The portable request. `path` is the event's `path`: without the stage on the default execute-api
 * endpoint (the stage is in `requestContext.path`), with the base path behind a custom domain. A REST
 * API passes it as sent; an HTTP API's payload 1.0 (`version: "1.0"`, which REST events lack) decoded.
 */
export function parseApiGatewayV1(event: ApiGatewayV1Event): HttpEvent {
  return createHttpEvent({
    method: event.httpMethod,
    path: event.version === "1.0" ? reencodedPath(event.path) : encodedPath(event.path),
    // REST APIs hand over decoded parameters only; the raw query string is rebuilt from every value.
    rawQuery: buildQuery(event.queryStringParameters, event.multiValueQueryStringParameters),
    headers: () => mergeHeaders(event.headers, event.multiValueHeaders),
    body: bodySource(event.body, event.isBase64Encoded),
    ip: event.requestContext.identity?.sourceIp ?? undefined,
    raw: event,
  });
}

/**
 * The proxy response. Several `set-cookie` values go in `multiValueHeaders` (merged with `headers` by
 * API Gateway); nothing else is added: an unknown field such as `cookies` makes REST APIs answer 502.
 */
export function toApiGatewayV1Result(response: EncodedHttpResponse): ApiGatewayV1Result {
  const binary = isBinaryResponse(response);
  const { headers, cookies } = response;
  const result: ApiGatewayV1Result = {
    statusCode: response.status,
    headers,
    body: bodyText(response.body, binary),
    isBase64Encoded: binary,
  };
  if (cookies.length === 1) headers["set-cookie"] = cookies[0] as string;
  else if (cookies.length > 1) result.multiValueHeaders = { "set-cookie": cookies };
  return result;
}
