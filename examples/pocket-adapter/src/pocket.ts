// A fnport adapter for Pocket Functions, built on @fnport/core/adapter alone.
import type { App } from "@fnport/core";
import {
  appendHeader,
  createHttpEvent,
  createMessagesEvent,
  createRunner,
  createScheduleEvent,
  type EncodedHttpResponse,
  emptyRecord,
  forwardedClientAddress,
  type InvocationInit,
  isBodyless,
  type LogWriter,
  parseSetCookie,
  requireAllDone,
  splitRequestTarget,
} from "@fnport/core/adapter";
import type { PocketCookie, PocketFunction, PocketResponse } from "./native.ts";

/** Options of `pocket()`. */
export interface PocketOptions {
  /** Where log lines go (default: `console`). */
  write?: LogWriter | undefined;
}

const utf8 = new TextEncoder();

function toPocketCookie(line: string): PocketCookie {
  const cookie = parseSetCookie(line);
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    expires: cookie.expires?.toUTCString(),
    maxAge: cookie.maxAge,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    sameSite: cookie.sameSite?.toLowerCase() as PocketCookie["sameSite"],
  };
}

function toPocketResponse(response: EncodedHttpResponse, method: string): PocketResponse {
  let body: Uint8Array | null = null;
  // No body for 204/205/304 or a HEAD request, whatever the result holds (RFC 9110).
  if (response.body !== null && !isBodyless(response.status, method)) {
    body = typeof response.body === "string" ? utf8.encode(response.body) : response.body;
  }
  return { status: response.status, headers: response.headers, cookies: response.cookies.map(toPocketCookie), body };
}

/** Runs `app` on Pocket Functions: `export default pocket(app)`. */
export function pocket<Deps, Env>(app: App<Deps, Env>, options: PocketOptions = {}): PocketFunction {
  const runner = createRunner(app, { provider: "pocket", write: options.write });
  const invocation = (requestId: string, deadline: number): InvocationInit => ({ requestId, deadline, env: process.env });

  return {
    async http(request) {
      const headers = emptyRecord<string>();
      for (const [name, value] of request.headers) appendHeader(headers, name, value);
      const { path, rawQuery } = splitRequestTarget(request.target);
      const event = createHttpEvent({
        method: request.method,
        path,
        rawQuery,
        headers,
        body: request.body,
        // Pocket's proxy is the one hop we trust: the entry it appended, never what the client sent.
        ip: forwardedClientAddress(headers["x-forwarded-for"]),
        raw: request,
      });
      return toPocketResponse(await runner.http(event, invocation(request.id, request.deadline)), event.method);
    },

    async queue(delivery) {
      const { message } = delivery;
      const event = createMessagesEvent({
        source: "pocket.queue",
        messages: [
          {
            id: message.id,
            body: message.body,
            attributes: message.attributes,
            attempt: message.deliveryCount,
            publishedAt: new Date(message.enqueuedAt),
            raw: message,
          },
        ],
        raw: delivery,
      });
      try {
        // One message per delivery, so no partial failure: a failed message or a throw means "retry".
        requireAllDone(await runner.messages(event, invocation(delivery.id, delivery.deadline)));
        return "ack";
      } catch {
        return "retry";
      }
    },

    async timer(timer) {
      const event = createScheduleEvent({ scheduledTime: timer.scheduledAt, cron: timer.cron, name: timer.name, raw: timer });
      await runner.event(event, invocation(timer.id, timer.deadline));
    },
  };
}
