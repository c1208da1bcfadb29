// What an event deployment (1st gen `event`, 2nd gen `cloudevent`) receives beyond the deliveries
// @fnport/cloud-run already recognises by their headers: background events, known only by their body.
import type { IncomingMessage } from "node:http";
import { fromGoogleCloudEvent, type PubSubPushEnvelope, pubSubMessagesEvent } from "@fnport/cloud-run";
import { type FnEvent, InvalidBodyError } from "@fnport/core";
import { isJsonContentType, parseJsonBody } from "@fnport/core/adapter";
import type { SignatureType } from "./_deployment.ts";
import { isBackgroundEvent, mapBackgroundEvent } from "./background-events.ts";

const who = (signatureType: string): string => `An event-triggered function (signature type ${signatureType})`;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const utf8 = new TextDecoder();

function keysOf(value: unknown): string {
  if (!isRecord(value)) return Array.isArray(value) ? "an array" : `a ${value === null ? "null" : typeof value}`;
  const keys = Object.keys(value).slice(0, 8);
  return keys.length === 0 ? "an empty object" : `an object with ${keys.map((key) => JSON.stringify(key)).join(", ")}`;
}

/**
 * The `delivery` hook of an event deployment: a background event (1st gen, or replayed to 2nd gen) is
 * mapped as Google maps it to a CloudEvent and from there to its portable kind; a bare Pub/Sub push
 * envelope (the Pub/Sub emulator pushing straight to the function, which the framework accepts too) is
 * a message. Anything else is a 400: an event deployment has no plain HTTP callers. HTTP deployments
 * get no hook, so a JSON body shaped like an event stays an ordinary request there.
 */
export function eventDeliveries(
  signatureType: Exclude<SignatureType, "http">,
): (request: IncomingMessage, headers: Readonly<Record<string, string>>, body: Uint8Array) => FnEvent {
  return (_request, headers, body) => {
    const contentType = headers["content-type"];
    if (body.byteLength === 0 || !isJsonContentType(contentType)) {
      const what = body.byteLength === 0 ? "no body" : `a ${contentType ?? "untyped"} body`;
      throw new InvalidBodyError(
        `${who(signatureType)} takes background events or CloudEvents; this request has ${what} and no ce-* headers`,
      );
    }
    const parsed = parseJsonBody(utf8.decode(body));
    if (isBackgroundEvent(parsed)) return fromGoogleCloudEvent(mapBackgroundEvent(parsed));
    if (isRecord(parsed) && isRecord(parsed.message) && typeof parsed.subscription === "string") {
      return pubSubMessagesEvent(parsed as unknown as PubSubPushEnvelope);
    }
    throw new InvalidBodyError(
      `${who(signatureType)} takes background events ({ context, data }) or CloudEvents; this body is ${keysOf(parsed)}`,
    );
  };
}
