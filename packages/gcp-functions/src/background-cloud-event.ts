// The mapping of background events as exported, for callers holding a body not yet known to be one: it is
// checked first. A delivery never gets here: the event hook checks the body's shape itself before it maps.
import { type CloudEventEvent, InvalidBodyError } from "@fnport/core";
import { isBackgroundEvent, mapBackgroundEvent } from "./background-events.ts";

/**
 * The CloudEvent Google maps a background event to: `id`, `time` and `type` from the context (an event
 * type outside Google's table keeps its own name), `source` `//SERVICE/RESOURCE` with the subject split
 * off for Storage, Firestore and the Firebase services, `datacontenttype` `application/json`, and `data`
 * as sent — for Pub/Sub wrapped as `{ message }` with `messageId` and `publishTime` from the context.
 * `raw` is the background event. A body that is not one throws an `InvalidBodyError` (400).
 */
export function backgroundCloudEvent(body: unknown): CloudEventEvent {
  if (!isBackgroundEvent(body)) {
    throw new InvalidBodyError('A background event is a JSON object with "data" and a context ("eventId", "eventType")');
  }
  return mapBackgroundEvent(body);
}
