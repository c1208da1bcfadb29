// Shared by the tests beside the code (not part of the package: see "files" in package.json).
import { readFileSync } from "node:fs";
import { defineHandler, type FnEvent, type HandlerResult, type HttpEvent } from "@fnport/core";
import { encodeBase64 } from "@fnport/core/adapter";
import { type LambdaOptions, lambda } from "./lambda.ts";
import type { LambdaContext } from "./native-types.ts";

/** A real AWS event from `conformance/fixtures/aws`, parsed fresh for each call. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../../conformance/fixtures/aws/${name}`, import.meta.url), "utf8"));
}

/** A Lambda context like the Node.js runtime's, with 30 s left. */
export function lambdaContext(requestId = "c0ffee00-0000-4000-8000-000000000001", remainingMs = 30_000): LambdaContext {
  return {
    awsRequestId: requestId,
    functionName: "fnport-test",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:fnport-test",
    getRemainingTimeInMillis: () => remainingMs,
  };
}

/** Runs `event` through `lambda()` with a handler that records the portable events it receives and returns `result`. */
export async function deliver(
  event: unknown,
  options: LambdaOptions = {},
  result: HandlerResult = undefined,
): Promise<{ events: FnEvent[]; output: unknown }> {
  const events: FnEvent[] = [];
  const handler = lambda(
    defineHandler((received) => {
      events.push(received);
      return result;
    }),
    options,
  );
  const output = await handler(event, lambdaContext());
  return { events, output };
}

/** The first event a delivery recorded, as an `http` event. */
export async function deliverHttp(event: unknown, options: LambdaOptions = {}): Promise<HttpEvent> {
  const { events } = await deliver(event, options);
  const received = events[0];
  if (received?.kind !== "http") throw new Error(`expected an http event, got ${received?.kind}`);
  return received;
}

/** Every portable field of an HTTP request as plain data (bodies as text and base64). */
export async function httpView(event: HttpEvent): Promise<Record<string, unknown>> {
  const queryAll: Record<string, string[]> = {};
  for (const name of Object.keys(event.query)) queryAll[name] = event.queryAll(name);
  return {
    method: event.method,
    path: event.path,
    rawQuery: event.rawQuery,
    query: { ...event.query },
    queryAll,
    headers: { ...event.headers },
    cookies: { ...event.cookies },
    ip: event.ip,
    text: await event.text(),
    bytesBase64: encodeBase64(await event.bytes()),
  };
}

/** A handler for `lambda()` that answers every event with `respond(event)`. */
export function answering(respond: (event: FnEvent) => HandlerResult | Promise<HandlerResult>): ReturnType<typeof lambda> {
  return lambda(defineHandler((event) => respond(event)));
}

/** A messages event as plain data: source, order and each message's portable fields. */
export async function messagesView(event: FnEvent | undefined): Promise<Record<string, unknown>> {
  if (event?.kind !== "messages") throw new Error(`expected a messages event, got ${event?.kind}`);
  const messages = [];
  for (const message of event.messages) {
    messages.push({
      id: message.id,
      text: await message.text(),
      attributes: { ...message.attributes },
      attempt: message.attempt,
      publishedAt: message.publishedAt?.toISOString(),
    });
  }
  return { source: event.source, ordered: event.ordered, messages };
}
