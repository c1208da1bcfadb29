// What Google sends a Cloud Function for each of the suite's neutral inputs, per deployment, and how
// the function's HTTP answer reads back: the native side of the conformance harness.
import { randomBytes } from "node:crypto";
import type { HttpOutput, HttpRequestSpec, MessageSpec } from "@fnport/conformance";
import type { SignatureType } from "../src/index.ts";
import type { ReceivedResponse, SentRequest } from "./_framework.ts";

const PROJECT = "conformance-project";
const TOPIC: string = `projects/${PROJECT}/topics/conformance`;
const SUBSCRIPTION = `projects/${PROJECT}/subscriptions/conformance`;
const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";
const PUBSUB_MESSAGE = "type.googleapis.com/google.pubsub.v1.PubsubMessage";
const ORDERING_KEY = "conformance-order";

/** A request as Google's front end passes it on, and the request id the function should give it. */
export interface NativeRequest {
  request: SentRequest;
  requestId: string;
}

/**
 * The headers Google adds to every request it forwards: 1st gen an execution id (the function's request
 * id), 2nd gen (a Cloud Run service) a trace; the client's address appended to `x-forwarded-for`.
 */
function googleHeaders(signatureType: SignatureType): { headers: Array<[string, string]>; requestId: string } {
  if (signatureType === "event") {
    const executionId = randomBytes(6).toString("hex");
    return { headers: [["Function-Execution-Id", executionId]], requestId: executionId };
  }
  const traceId = randomBytes(16).toString("hex");
  const spanId = String(randomBytes(6).readUIntBE(0, 6));
  return { headers: [["X-Cloud-Trace-Context", `${traceId}/${spanId};o=1`]], requestId: `${traceId}/${spanId}` };
}

/** The client's address when a request names none: Google's front end always reports one. */
const DEFAULT_CLIENT_IP = "198.51.100.7";

/** The address Google's front end reports for a neutral request (appended to `x-forwarded-for`). */
export function clientIpOf(spec: HttpRequestSpec): string {
  return spec.clientIp ?? DEFAULT_CLIENT_IP;
}

/** A neutral HTTP request as it reaches an HTTP function: headers as sent, the client appended to `x-forwarded-for`. */
export function httpRequest(spec: HttpRequestSpec, signatureType: SignatureType): NativeRequest {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  }
  const google = googleHeaders(signatureType);
  const client = clientIpOf(spec);
  const forwarded = headers.find(([name]) => name.toLowerCase() === "x-forwarded-for");
  if (forwarded) forwarded[1] = `${forwarded[1]}, ${client}`;
  else headers.push(["X-Forwarded-For", client]);
  const body = spec.bodyBase64 !== undefined ? Buffer.from(spec.bodyBase64, "base64") : spec.body;
  return {
    request: {
      method: spec.method,
      path: spec.rawQuery ? `${spec.path}?${spec.rawQuery}` : spec.path,
      headers: [...headers, ...google.headers],
      body,
    },
    requestId: google.requestId,
  };
}

/** A Pub/Sub message as its JSON form carries it (push envelopes, Eventarc's data), with both spellings push sends. */
function pubSubMessage(message: MessageSpec, publishTime: string, ordered: boolean): Record<string, unknown> {
  return {
    data: Buffer.from(message.body).toString("base64"),
    ...(message.attributes === undefined ? {} : { attributes: message.attributes }),
    messageId: message.id,
    message_id: message.id,
    publishTime,
    publish_time: publishTime,
    ...(ordered ? { orderingKey: ORDERING_KEY } : {}),
  };
}

const JSON_HEADERS: Array<[string, string]> = [["Content-Type", "application/json"]];

/**
 * One Pub/Sub message as each deployment receives it: an HTTP function through a push subscription
 * (the wrapped envelope), a 2nd gen event function from Eventarc (a binary-mode CloudEvent whose data is
 * that envelope), a 1st gen event function as a background event (`{ context, data }`, no ordering key).
 */
export function pubSubDelivery(message: MessageSpec, ordered: boolean, signatureType: SignatureType): NativeRequest {
  const publishTime = message.publishedAt;
  const google = googleHeaders(signatureType);
  let headers: Array<[string, string]>;
  let body: unknown;
  switch (signatureType) {
    case "http":
      headers = [...JSON_HEADERS, ["User-Agent", PUSH_AGENT]];
      body = { message: pubSubMessage(message, publishTime, ordered), subscription: SUBSCRIPTION };
      break;
    case "cloudevent":
      headers = [
        ...JSON_HEADERS,
        ["User-Agent", PUSH_AGENT],
        ["ce-id", message.id],
        ["ce-source", `//pubsub.googleapis.com/${TOPIC}`],
        ["ce-specversion", "1.0"],
        ["ce-type", "google.cloud.pubsub.topic.v1.messagePublished"],
        ["ce-time", publishTime],
      ];
      body = { message: pubSubMessage(message, publishTime, ordered), subscription: SUBSCRIPTION };
      break;
    case "event":
      headers = JSON_HEADERS;
      body = {
        context: {
          eventId: message.id,
          timestamp: publishTime,
          eventType: "google.pubsub.topic.publish",
          resource: { service: "pubsub.googleapis.com", name: TOPIC, type: PUBSUB_MESSAGE },
        },
        data: {
          "@type": PUBSUB_MESSAGE,
          ...(message.attributes === undefined ? {} : { attributes: message.attributes }),
          data: Buffer.from(message.body).toString("base64"),
        },
      };
      break;
  }
  return {
    request: { method: "POST", path: "/", headers: [...headers, ...google.headers], body: JSON.stringify(body) },
    requestId: google.requestId,
  };
}

/** A Cloud Scheduler job whose target is the function's URL (an HTTP function). */
export function schedulerDelivery(scheduledTime: string, jobName: string, signatureType: SignatureType): NativeRequest {
  const google = googleHeaders(signatureType);
  return {
    request: {
      method: "POST",
      path: "/",
      headers: [
        ["User-Agent", "Google-Cloud-Scheduler"],
        ["X-CloudScheduler", "true"],
        ["X-CloudScheduler-JobName", jobName],
        ["X-CloudScheduler-ScheduleTime", scheduledTime],
        ...google.headers,
      ],
    },
    requestId: google.requestId,
  };
}

/** One of Google's HTTP deliveries (`native:gcp-http`: `{ method, path, headers, body }`) as it reaches the function. */
export function googleDelivery(event: unknown, signatureType: SignatureType): NativeRequest {
  const {
    method = "POST",
    path = "/",
    headers = {},
    body = "",
  } = event as {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  };
  const google = googleHeaders(signatureType);
  return { request: { method, path, headers: [...Object.entries(headers), ...google.headers], body }, requestId: google.requestId };
}

/** A background event sent with headers of the case's own (a fixture with `http`: `{ method, path, headers, body }`, the body the event's JSON). */
interface SentBackgroundEvent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const isSentEvent = (event: unknown): event is SentBackgroundEvent =>
  typeof event === "object" &&
  event !== null &&
  typeof (event as SentBackgroundEvent).body === "string" &&
  typeof (event as SentBackgroundEvent).headers === "object";

/**
 * A 1st gen background event (a real fixture) as 1st gen POSTs it to an event function; one a case sends with
 * its own headers (`verified-deliveries`: its `authorization`) goes with exactly those.
 */
export function backgroundDelivery(event: unknown): NativeRequest {
  const google = googleHeaders("event");
  if (isSentEvent(event)) {
    const { method, path, headers, body } = event;
    return { request: { method, path, headers: [...Object.entries(headers), ...google.headers], body }, requestId: google.requestId };
  }
  return {
    request: { method: "POST", path: "/", headers: [...JSON_HEADERS, ...google.headers], body: JSON.stringify(event) },
    requestId: google.requestId,
  };
}

/** Response headers of the node server that Google's front end does not pass on as they are (it dates and frames its own answer). */
const NOT_FORWARDED = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);

/** The function's answer read back neutrally: lower-case headers (repeats joined), every `set-cookie`, the body as base64. */
export function httpOutput(response: ReceivedResponse): HttpOutput {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    const name = (response.rawHeaders[i] as string).toLowerCase();
    const value = response.rawHeaders[i + 1] as string;
    if (name === "set-cookie") cookies.push(value);
    // Node's own date and hop-by-hop headers: Google's front end answers the client with its own.
    else if (!NOT_FORWARDED.has(name)) headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const output: HttpOutput = { kind: "http", status: response.status, headers, cookies, bodyBase64: response.body.toString("base64") };
  if (response.cutOff === true) output.cutOff = true;
  return output;
}

/** The native answer as the provider sees it, for exact comparisons: status, headers in order, body text. */
export function nativeAnswer(response: ReceivedResponse): { status: number; headers: Array<[string, string]>; body: string } {
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    const name = (response.rawHeaders[i] as string).toLowerCase();
    if (!NOT_FORWARDED.has(name)) headers.push([name, response.rawHeaders[i + 1] as string]);
  }
  return { status: response.status, headers, body: response.text };
}
