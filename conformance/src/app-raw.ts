import type { FnEvent } from "@fnport/core";
import type { EventView } from "./types.ts";

/**
 * A message whose text is this, or a schedule of this name, is recorded with `raw`: the shape of the provider's
 * own request the adapter hands over (`event.raw`, each `message.raw`), which no portable field shows: its keys,
 * and the names in its `metadata` where it has one (an unwrapped Pub/Sub push's `x-goog-pubsub-*` headers).
 */
export const RAW_MARKER = "conformance-raw";

const keysOf = (value: unknown): string[] => (typeof value === "object" && value !== null ? Object.keys(value) : []);

function shapeOf(raw: unknown): Record<string, unknown> {
  const metadata = typeof raw === "object" && raw !== null ? (raw as { metadata?: unknown }).metadata : undefined;
  return metadata === undefined ? { keys: keysOf(raw) } : { keys: keysOf(raw), metadata: keysOf(metadata) };
}

/** The view of an event the marker names, with the shape of its `raw` (and its messages'); any other as it is. */
export function withRawShape(event: FnEvent, view: EventView): EventView {
  if (event.kind === "messages" && Array.isArray(view.messages) && view.messages.some((message) => message.text === RAW_MARKER)) {
    return { ...view, raw: { ...shapeOf(event.raw), messages: event.messages.map((message) => shapeOf(message.raw)) } };
  }
  if (event.kind === "schedule" && event.name === RAW_MARKER) return { ...view, raw: shapeOf(event.raw) };
  return view;
}
