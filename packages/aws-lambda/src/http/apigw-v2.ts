import type { HttpEvent } from "@fnport/core";
import { createHttpEvent, type EncodedHttpResponse, isBinaryResponse, mergeHeaders } from "@fnport/core/adapter";
import type { ApiGatewayV2Event, ApiGatewayV2Result, NativeEvent } from "../native-types.ts";
import { bodySource, bodyText, encodedPath, isPlainPath, reencodedPath } from "./_shared.ts";

/** True for a payload 2.0 request: an API Gateway HTTP API or a Lambda Function URL (same format). */
export function isApiGatewayV2Event(event: NativeEvent): event is NativeEvent & ApiGatewayV2Event {
  return event.version === "2.0" && typeof (event.requestContext as { http?: unknown } | undefined)?.http === "object";
}

/** True when a payload 2.0 request came through a Function URL (its domain is `<id>.lambda-url.<region>.on.aws`). */
export function isFunctionUrlEvent(event: ApiGatewayV2Event): boolean {
  return event.requestContext.domainName?.includes(".lambda-url.") === true;
}

/** `rawPath`, which an HTTP API hands over decoded and a Function URL as sent (told apart only when it matters). */
function v2Path(event: ApiGatewayV2Event): string {
  const raw = event.rawPath;
  if (isPlainPath(raw)) return raw;
  return isFunctionUrlEvent(event) ? encodedPath(raw) : reencodedPath(raw);
}

/** The request headers, built when the handler first reads them. */
function v2Headers(event: ApiGatewayV2Event): Record<string, string> {
  const headers = mergeHeaders(event.headers);
  // Payload 2.0 moves the cookie header into cookies[]; a Function URL may also keep the header: cookies[] wins.
  const cookies = event.cookies;
  if (cookies !== undefined && cookies.length > 0) headers.cookie = cookies.join("; ");
  return headers;
}

/**
 * The portable request; `path` is `rawPath` (it carries the stage name on a named HTTP API stage), which
 * an HTTP API hands over decoded and a Function URL as sent.
 */
export function parseApiGatewayV2(event: ApiGatewayV2Event): HttpEvent {
  const http = event.requestContext.http;
  return createHttpEvent({
    method: http.method,
    path: v2Path(event),
    rawQuery: event.rawQueryString,
    headers: () => v2Headers(event),
    body: bodySource(event.body, event.isBase64Encoded),
    ip: http.sourceIp,
    raw: event,
  });
}

/** The payload 2.0 response: `set-cookie` values in `cookies` (`headers` keeps one value per name). */
export function toApiGatewayV2Result(response: EncodedHttpResponse): ApiGatewayV2Result {
  const binary = isBinaryResponse(response);
  const result: ApiGatewayV2Result = {
    statusCode: response.status,
    headers: response.headers,
    body: bodyText(response.body, binary),
    isBase64Encoded: binary,
  };
  if (response.cookies.length > 0) result.cookies = response.cookies;
  return result;
}
