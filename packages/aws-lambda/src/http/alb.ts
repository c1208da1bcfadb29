import type { HttpEvent } from "@fnport/core";
import { createHttpEvent, type EncodedHttpResponse, emptyRecord, isBinaryResponse, mergeHeaders } from "@fnport/core/adapter";
import type { AlbEvent, AlbMultiValueResult, AlbResult, MultiValues, NativeEvent, SingleValues } from "../native-types.ts";
import { bodySource, bodyText, encodedPath } from "./_shared.ts";

/** True for an Application Load Balancer request, in either header mode. */
export function isAlbEvent(event: NativeEvent): event is NativeEvent & AlbEvent {
  return typeof (event.requestContext as { elb?: unknown } | null | undefined)?.elb === "object";
}

/** True when the target group has multi-value headers on: ALB then sends and reads `multiValueHeaders` only. */
export function isAlbMultiValueEvent(event: AlbEvent): boolean {
  return event.multiValueHeaders !== undefined && event.multiValueHeaders !== null;
}

// ALB passes query names and values as the client sent them, still percent-encoded ("the load
// balancer does not decode them", docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html),
// so joining them back gives the raw query string; with multi-value headers off a repeated name keeps its last value.
function rawQuery(single: SingleValues | null | undefined, multi: MultiValues | null | undefined): string {
  let query = "";
  if (multi) {
    for (const name in multi) for (const value of multi[name] ?? []) query += `${query === "" ? "" : "&"}${name}=${value}`;
  } else if (single) {
    for (const name in single) {
      const value = single[name];
      if (value !== undefined) query += `${query === "" ? "" : "&"}${name}=${value}`;
    }
  }
  return query;
}

/**
 * The address that connected to the load balancer: the last `x-forwarded-for` entry, which ALB appends
 * (its default `append` mode; the entries before it are what the client or proxies claimed, and can be
 * forged), without the port ALB adds when `preserve_client_port` is on.
 */
function clientAddress(forwarded: string | undefined): string | undefined {
  if (forwarded === undefined) return undefined;
  const last = forwarded.slice(forwarded.lastIndexOf(",") + 1).trim();
  if (last === "") return undefined;
  if (last.startsWith("[")) {
    const end = last.indexOf("]");
    return end === -1 ? last : last.slice(1, end); // [2001:db8::1]:443
  }
  const colon = last.indexOf(":");
  return colon !== -1 && colon === last.lastIndexOf(":") ? last.slice(0, colon) : last; // 203.0.113.9:443, not an IPv6 address
}

/** The portable request; `ip` is the address that connected to the load balancer (see `clientAddress`). */
export function parseAlb(event: AlbEvent): HttpEvent {
  const headers = mergeHeaders(event.headers, event.multiValueHeaders);
  return createHttpEvent({
    method: event.httpMethod,
    path: encodedPath(event.path),
    rawQuery: rawQuery(event.queryStringParameters, event.multiValueQueryStringParameters),
    headers,
    body: bodySource(event.body, event.isBase64Encoded),
    ip: clientAddress(headers["x-forwarded-for"]),
    raw: event,
  });
}

// ALB wants "<code> <reason phrase>" with a single space, else it answers 502 (aws/aws-lambda-dotnet#507);
// RFC 9110 §15 reason phrases, plus 429.
const REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
};

/** `statusDescription` for a status: `200 OK`, or `<code> Unknown` for one without a standard reason phrase. */
export function statusDescription(status: number): string {
  return `${status} ${REASONS[status] ?? "Unknown"}`;
}

/** Every casing of `set-cookie`, lower case first: `set-cookie`, `Set-cookie`, `sEt-cookie`, ... (512 in all). */
function cookieHeaderName(index: number): string {
  let name = "";
  let bit = 0;
  for (const char of "set-cookie") {
    if (char === "-") name += char;
    else name += (index >> bit++) & 1 ? char.toUpperCase() : char;
  }
  return name;
}

/**
 * The response for ALB with multi-value headers off. ALB keeps one header per name there, so several
 * `set-cookie` values each get a differently cased name, which ALB sends as separate header lines
 * (the known workaround: logandk/serverless-wsgi#11, Kludex/mangum#186).
 */
export function toAlbResult(response: EncodedHttpResponse): AlbResult {
  const binary = isBinaryResponse(response);
  const { headers, cookies } = response;
  if (cookies.length > 512) {
    throw new RangeError(`ALB with multi-value headers off can send at most 512 set-cookie values, got ${cookies.length}`);
  }
  for (let i = 0; i < cookies.length; i++) headers[cookieHeaderName(i)] = cookies[i] as string;
  return {
    statusCode: response.status,
    statusDescription: statusDescription(response.status),
    headers,
    body: bodyText(response.body, binary),
    isBase64Encoded: binary,
  };
}

/** The response for ALB with multi-value headers on: every header in `multiValueHeaders`, which ALB reads alone. */
export function toAlbMultiValueResult(response: EncodedHttpResponse): AlbMultiValueResult {
  const binary = isBinaryResponse(response);
  const multiValueHeaders = emptyRecord<string[]>();
  const { headers, cookies } = response;
  for (const name in headers) multiValueHeaders[name] = [headers[name] as string];
  // ALB may send repeated values to the client in another order (awsdocs/elb-application-load-balancers-user-guide#50).
  if (cookies.length > 0) multiValueHeaders["set-cookie"] = cookies;
  return {
    statusCode: response.status,
    statusDescription: statusDescription(response.status),
    multiValueHeaders,
    body: bodyText(response.body, binary),
    isBase64Encoded: binary,
  };
}
