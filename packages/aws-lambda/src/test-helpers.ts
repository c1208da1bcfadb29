// Shared by the tests beside the code (not part of the package: see "files" in package.json).
import { readFileSync } from "node:fs";
import { defineHandler, type FnEvent, type HandlerResult, type HttpEvent } from "@fnport/core";
import { encodeBase64 } from "@fnport/core/adapter";
import { statusDescription } from "./http/alb.ts";
import type { LambdaIntegration } from "./http/detect.ts";
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

/** One real request fixture per HTTP integration. */
export const integrationFixtures: Readonly<Record<LambdaIntegration, string>> = {
  "apigw-v1": "apigw-v1-rest-proxy.json",
  "apigw-v2": "apigw-v2-http-api.json",
  alb: "alb-request-single-value-headers.json",
  "alb-multi": "alb-request-multi-value-headers.json",
  "function-url": "function-url-request.json",
};

/** Every HTTP integration, for `describe.each`. */
export const integrations = Object.keys(integrationFixtures) as LambdaIntegration[];

/** What a response carries, neutrally (headers: one value per name). */
export interface ExpectedResponse {
  status: number;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/** The exact native response `integration` must receive for `expected` (at most one cookie on ALB single-value). */
export function nativeResponse(integration: LambdaIntegration, expected: ExpectedResponse): Record<string, unknown> {
  const { status, headers = {}, cookies = [], body = "", isBase64Encoded = false } = expected;
  switch (integration) {
    case "apigw-v1": {
      const out: Record<string, unknown> = { statusCode: status, headers: { ...headers }, body, isBase64Encoded };
      if (cookies.length === 1) (out.headers as Record<string, string>)["set-cookie"] = cookies[0] as string;
      else if (cookies.length > 1) out.multiValueHeaders = { "set-cookie": cookies };
      return out;
    }
    case "apigw-v2":
    case "function-url": {
      const out: Record<string, unknown> = { statusCode: status, headers: { ...headers }, body, isBase64Encoded };
      if (cookies.length > 0) out.cookies = cookies;
      return out;
    }
    case "alb": {
      const out: Record<string, string> = { ...headers };
      if (cookies.length > 1) throw new Error("nativeResponse: one cookie at most on ALB single-value");
      if (cookies.length === 1) out["set-cookie"] = cookies[0] as string;
      return { statusCode: status, statusDescription: statusDescription(status), headers: out, body, isBase64Encoded };
    }
    case "alb-multi": {
      const multiValueHeaders: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(headers)) multiValueHeaders[name] = [value];
      if (cookies.length > 0) multiValueHeaders["set-cookie"] = cookies;
      return { statusCode: status, statusDescription: statusDescription(status), multiValueHeaders, body, isBase64Encoded };
    }
  }
}
