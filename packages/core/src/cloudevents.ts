// The CloudEvents 1.0 HTTP protocol binding (binary and structured content modes) and the JSON event
// format, parsed into the portable `cloudevent` event. Neutral: no provider's conventions here.
import { decodeBase64 } from "./_base64.ts";
import { parseJsonBody } from "./body.ts";
import { HttpError, InvalidBodyError } from "./errors.ts";
import type { CloudEventEvent } from "./events.ts";
import { emptyRecord } from "./http/headers.ts";
import { isBinaryContentType } from "./http/result.ts";

/** How an HTTP request carries CloudEvents (HTTP protocol binding §3): one event in headers + body, one in a JSON body, or several. */
export type CloudEventMode = "binary" | "structured" | "batched";

/** An HTTP request as the CloudEvents parser needs it: lower-case header names and the whole body. */
export interface CloudEventRequest {
  headers: Readonly<Record<string, string | undefined>>;
  /** The body bytes (or text); empty when there is none. */
  body: Uint8Array | string;
}

const CLOUDEVENTS_MEDIA = /^\s*application\/cloudevents(-batch)?(?:\+([^;\s]*))?/i;
const JSON_MEDIA = /^\s*(?:application\/json|text\/json|[^/;\s]+\/[^;\s]*\+json)\s*(?:;|$)/i;
// RFC 3339 date-time (CloudEvents `time`), checked before `Date` parses it: Date accepts far more, and rolls 02-30 over to March.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt]([01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const CORE_ATTRIBUTES: ReadonlySet<string> = new Set(["specversion", "id", "source", "type", "subject", "time", "datacontenttype"]);
const REQUIRED = ["specversion", "id", "source", "type"] as const;
const utf8 = new TextDecoder();

/** The 13th character of a media type without its leading whitespace (`trimStart()` only when there may be some). */
function cloudEventsLetter(contentType: string): number {
  const first = contentType.charCodeAt(0);
  return first > 32 && first < 127 ? contentType.charCodeAt(12) : contentType.trimStart().charCodeAt(12);
}

/**
 * The content mode of a request, or `undefined` when it carries no CloudEvent. As the binding says, a
 * `content-type` of `application/cloudevents[-batch]+...` decides first; otherwise a `ce-specversion`
 * header means binary mode.
 */
export function cloudEventMode(headers: Readonly<Record<string, string | undefined>>): CloudEventMode | undefined {
  const contentType = headers["content-type"];
  // Every request asks: skip the pattern unless the 13th character is the `c` of `application/cloudevents`
  // (after leading whitespace, which only a value starting with something other than printable ASCII can have).
  if (contentType !== undefined && (cloudEventsLetter(contentType) | 0x20) === 0x63) {
    const match = CLOUDEVENTS_MEDIA.exec(contentType);
    if (match !== null) return match[1] === undefined ? "structured" : "batched";
  }
  return headers["ce-specversion"] === undefined ? undefined : "binary";
}

/** True for JSON media types (`application/json`, `text/json`, `*\/*+json`), with or without parameters. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA.test(contentType);
}

function bodyText(body: Uint8Array | string): string {
  return typeof body === "string" ? body : utf8.decode(body);
}

function bodyBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

/** A binary-mode header value: percent-decoded, as the binding requires of receivers (§3.1.3.2). */
function decodeHeaderValue(name: string, value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidBodyError(`CloudEvent header ${name} is not valid percent-encoding`);
  }
}

function where(mode: "binary" | "structured", attribute: string): string {
  return mode === "binary" ? ` (the ce-${attribute} header)` : "";
}

function requireString(attributes: Record<string, unknown>, name: string, mode: "binary" | "structured"): string {
  const value = attributes[name];
  if (value === undefined) throw new InvalidBodyError(`CloudEvent is missing required attribute "${name}"${where(mode, name)}`);
  if (typeof value !== "string" || value === "") {
    throw new InvalidBodyError(`CloudEvent attribute "${name}" must be a non-empty string${where(mode, name)}`);
  }
  return value;
}

function optionalString(attributes: Record<string, unknown>, name: string, mode: "binary" | "structured"): string | undefined {
  const value = attributes[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") {
    throw new InvalidBodyError(`CloudEvent attribute "${name}" must be a non-empty string${where(mode, name)}`);
  }
  return value;
}

/** An RFC 3339 timestamp as a `Date`; anything else (including a day the month does not have) is a 400. */
function parseTimestamp(text: string): Date {
  const match = RFC3339.exec(text);
  if (match !== null) {
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    // A day the month does not have (00, 02-30, up to 99) rolls into another month, as does a month of 00 or 13 to 99.
    const calendar = new Date(Date.UTC(year, month - 1, day));
    const time = new Date(text);
    if (calendar.getUTCMonth() === month - 1 && !Number.isNaN(time.getTime())) return time;
  }
  throw new InvalidBodyError(`CloudEvent attribute "time" is not an RFC 3339 timestamp: ${JSON.stringify(text)}`);
}

/** Checks the required and typed attributes (nulls already dropped); returns `time` parsed. */
function checkAttributes(attributes: Record<string, unknown>, mode: "binary" | "structured"): Date | undefined {
  for (const name of REQUIRED) requireString(attributes, name, mode);
  if (attributes.specversion !== "1.0") {
    throw new InvalidBodyError(`Unsupported CloudEvents specversion ${JSON.stringify(attributes.specversion)}: only 1.0 is supported`);
  }
  const timeText = optionalString(attributes, "time", mode);
  const time = timeText === undefined ? undefined : parseTimestamp(timeText);
  optionalString(attributes, "subject", mode);
  optionalString(attributes, "datacontenttype", mode);
  return time;
}

/** The portable event from checked attributes and the data. */
function toCloudEvent(attributes: Record<string, unknown>, time: Date | undefined, data: unknown, raw: unknown): CloudEventEvent {
  const extensions = emptyRecord<unknown>();
  for (const name in attributes) if (!CORE_ATTRIBUTES.has(name)) extensions[name] = attributes[name];
  return {
    kind: "cloudevent",
    id: attributes.id as string,
    source: attributes.source as string,
    type: attributes.type as string,
    subject: attributes.subject as string | undefined,
    time,
    dataContentType: attributes.datacontenttype as string | undefined,
    data,
    extensions,
    raw,
  };
}

/** Binary-mode data: JSON parsed, other text as a string, anything else (or no content-type) as bytes; an empty body is no data. */
function binaryData(body: Uint8Array | string, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  if (contentType === undefined) return bodyBytes(body);
  if (isJsonContentType(contentType)) return parseJsonBody(bodyText(body));
  return isBinaryContentType(contentType) ? bodyBytes(body) : bodyText(body);
}

/** A binary-mode event: every `ce-*` header is an attribute, `content-type` is `datacontenttype`, the body is the data. */
export function parseBinaryCloudEvent(request: CloudEventRequest): CloudEventEvent {
  const attributes = emptyRecord<unknown>();
  for (const name in request.headers) {
    if (name.length > 3 && name.startsWith("ce-")) {
      const value = request.headers[name];
      if (value !== undefined) attributes[name.slice(3)] = decodeHeaderValue(name, value);
    }
  }
  const contentType = request.headers["content-type"];
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  // Attributes first: a missing id is reported before a body that does not parse.
  const time = checkAttributes(attributes, "binary");
  const data = binaryData(request.body, contentType);
  return toCloudEvent(attributes, time, data, { ...attributes, data });
}

/** A structured-mode event: the body is one event in the JSON format (`data`, or `data_base64` for bytes). */
export function parseStructuredCloudEvent(request: CloudEventRequest): CloudEventEvent {
  const parsed = parseJsonBody(bodyText(request.body));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new InvalidBodyError("A structured CloudEvent must be a JSON object");
  }
  const attributes = emptyRecord<unknown>();
  const event = parsed as Record<string, unknown>;
  // A null attribute is an absent one (JSON format §2.4).
  for (const name in event) if (name !== "data" && name !== "data_base64" && event[name] !== null) attributes[name] = event[name];
  const time = checkAttributes(attributes, "structured");
  const hasData = event.data !== undefined && event.data !== null;
  const base64 = event.data_base64;
  let data: unknown = hasData ? event.data : undefined;
  if (base64 !== undefined && base64 !== null) {
    if (hasData) throw new InvalidBodyError('A CloudEvent has either "data" or "data_base64", not both');
    if (typeof base64 !== "string") throw new InvalidBodyError('CloudEvent "data_base64" must be a base64 string');
    try {
      data = decodeBase64(base64);
    } catch {
      throw new InvalidBodyError('CloudEvent "data_base64" is not valid base64');
    }
  }
  return toCloudEvent(attributes, time, data, parsed);
}

/**
 * Parses the CloudEvent an HTTP request carries, in binary or structured mode, into the portable
 * `cloudevent` event. A malformed event (missing or empty `id`, `source`, `type`, `specversion`, a
 * `time` that is not RFC 3339, invalid JSON or base64) is an `InvalidBodyError` (400) naming the
 * problem; batched mode and formats other than JSON are a 415; a request without a CloudEvent is a 400.
 */
export function parseCloudEvent(request: CloudEventRequest): CloudEventEvent {
  const mode = cloudEventMode(request.headers);
  if (mode === "binary") return parseBinaryCloudEvent(request);
  if (mode === "batched") {
    throw new HttpError(415, "Batched CloudEvents (application/cloudevents-batch+json) are not supported: deliver one event per request");
  }
  if (mode === "structured") {
    // Structured mode means the pattern matched this content type.
    const format = (CLOUDEVENTS_MEDIA.exec(request.headers["content-type"] as string) as RegExpExecArray)[2]?.toLowerCase();
    if (format !== "json") {
      throw new HttpError(
        415,
        `Structured CloudEvents in ${format === undefined || format === "" ? "application/cloudevents" : `application/cloudevents+${format}`} are not supported: use application/cloudevents+json`,
      );
    }
    return parseStructuredCloudEvent(request);
  }
  throw new InvalidBodyError("Not a CloudEvent: no ce-specversion header, and the content-type is not application/cloudevents+json");
}
