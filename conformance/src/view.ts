import type { FnEvent, Message } from "@fnport/core";
import { encodeBase64 } from "@fnport/core/adapter";
import type { EventView } from "./types.ts";

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

async function messageView(message: Message): Promise<EventView> {
  return {
    kind: "message",
    id: message.id,
    text: await message.text(),
    attributes: { ...message.attributes },
    attempt: message.attempt,
    publishedAt: iso(message.publishedAt),
  };
}

/** Every portable field of an event as plain JSON (bodies read as text and base64, unless `readBody` is false). */
export async function eventView(event: FnEvent, readBody = true): Promise<EventView> {
  switch (event.kind) {
    case "http": {
      const queryAll: Record<string, string[]> = {};
      for (const name of Object.keys(event.query)) queryAll[name] = event.queryAll(name);
      return {
        kind: "http",
        method: event.method,
        path: event.path,
        rawQuery: event.rawQuery,
        query: { ...event.query },
        queryAll,
        headers: { ...event.headers },
        cookies: { ...event.cookies },
        ip: event.ip,
        ...(readBody ? { text: await event.text(), bytesBase64: encodeBase64(await event.bytes()) } : {}),
      };
    }
    case "messages":
      return {
        kind: "messages",
        source: event.source,
        ordered: event.ordered,
        messages: await Promise.all(event.messages.map(messageView)),
      };
    case "storage":
      return {
        kind: "storage",
        action: event.action,
        bucket: event.bucket,
        key: event.key,
        size: event.size,
        etag: event.etag,
        time: iso(event.time),
      };
    case "schedule":
      return { kind: "schedule", scheduledTime: iso(event.scheduledTime), cron: event.cron, name: event.name };
    case "cloudevent":
      return {
        kind: "cloudevent",
        id: event.id,
        source: event.source,
        type: event.type,
        subject: event.subject,
        time: iso(event.time),
        dataContentType: event.dataContentType,
        data: event.data,
        extensions: { ...event.extensions },
      };
  }
}
