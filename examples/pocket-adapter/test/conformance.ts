// The conformance harness module of the Pocket adapter: `npx fnport-conformance --harness test/conformance.ts`.
// It plays Pocket Functions: turns the suite's neutral inputs into Pocket's native ones, calls the adapter
// in this process, and reads Pocket's answers back neutrally.
import { randomUUID } from "node:crypto";
import type { ConformanceHarness, Delivery, HarnessInstance, HttpOutput, HttpRequestSpec } from "@fnport/conformance";
import { nodeMeter } from "@fnport/conformance";
import { createConformanceApp } from "@fnport/conformance/app";
import type { PocketCookie, PocketRequest, PocketResponse } from "../src/native.ts";
import { pocket } from "../src/pocket.ts";

const TIMEOUT_MS = 30_000;
/** The client's address when a request names none. */
const DEFAULT_CLIENT_IP = "198.51.100.7";

/** Pocket's front proxy forwards the request and appends the client's address to x-forwarded-for. */
function pocketRequest(spec: HttpRequestSpec, id: string, deadline: number): PocketRequest {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  }
  const client = spec.clientIp ?? DEFAULT_CLIENT_IP;
  const forwarded = headers.find(([name]) => name.toLowerCase() === "x-forwarded-for");
  if (forwarded) forwarded[1] = `${forwarded[1]}, ${client}`;
  else headers.push(["x-forwarded-for", client]);
  const body =
    spec.bodyBase64 !== undefined ? Buffer.from(spec.bodyBase64, "base64") : spec.body !== undefined ? Buffer.from(spec.body) : null;
  const target = spec.rawQuery ? `${spec.path}?${spec.rawQuery}` : spec.path;
  return { id, method: spec.method, target, headers, body, deadline };
}

/** The Set-Cookie line Pocket writes for a cookie. */
function setCookieLine(cookie: PocketCookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path !== undefined) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${cookie.expires}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push("Secure");
  if (cookie.httpOnly) parts.push("HttpOnly");
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join("; ");
}

function httpOutput(response: PocketResponse): HttpOutput {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name.toLowerCase()] = value;
  const bodyBase64 = response.body === null ? "" : Buffer.from(response.body).toString("base64");
  return { kind: "http", status: response.status, headers, cookies: response.cookies.map(setCookieLine), bodyBase64 };
}

function pocketHarness(): ConformanceHarness {
  return {
    name: "pocket (worked example)",
    capabilities: new Set([
      "http",
      "http:body-as-sent",
      "client-ip",
      "repeated-values",
      "messages",
      "delivery:single",
      "message-attributes",
      "schedule",
      "schedule-cron",
      "schedule-name",
      "deadline",
      "logs",
    ]),
    provider: "pocket",
    messageSource: "pocket.queue",
    // The front proxy appends the client's address to the client's own x-forwarded-for.
    providerHeaders: { request: { "x-forwarded-for": "Pocket's front proxy appends the address the request came from" } },
    lacks: {
      storage: "Pocket has no storage trigger",
      cloudevent: "Pocket has no CloudEvents trigger",
      "ordered-messages": "Pocket queues promise no order",
      "native:aws-lambda": "AWS fixtures are Lambda events",
      "http:stream-backpressure": "Pocket takes a response whole (PocketResponse.body is bytes): it cannot stream",
    },
    // Pocket takes cookies as objects: the suite compares them by meaning.
    structuredCookies: true,
    meter: nodeMeter({ fnport: new URL("hello-fnport.ts", import.meta.url), raw: new URL("hello-raw.ts", import.meta.url) }),
    async start(): Promise<HarnessInstance> {
      // A fresh app and adapter: ctx.coldStart is true on the first delivery.
      const { app, recorded } = createConformanceApp();
      const logs: string[] = [];
      const fn = pocket(app, { write: (line) => void logs.push(line) });
      return {
        async deliver(input): Promise<Delivery> {
          const id = randomUUID();
          const deadline = Date.now() + TIMEOUT_MS;
          switch (input.kind) {
            case "http": {
              const response = await fn.http(pocketRequest(input.request, id, deadline));
              const clientIp = input.request.clientIp ?? DEFAULT_CLIENT_IP;
              return { output: httpOutput(response), native: response, format: "pocket:http", requestId: id, deadline, clientIp };
            }
            case "messages": {
              // The suite sends one message per delivery to a `delivery:single` harness.
              const [message] = input.batch.messages;
              if (message === undefined || input.batch.messages.length !== 1) throw new Error("Pocket delivers one message at a time");
              const answer = await fn.queue({
                id,
                queue: "conformance",
                message: {
                  id: message.id,
                  body: message.body,
                  attributes: message.attributes ?? {},
                  deliveryCount: 1,
                  enqueuedAt: message.publishedAt,
                },
                deadline,
              });
              return {
                output: { kind: "messages", failed: answer === "ack" ? [] : [message.id] },
                native: answer,
                format: "pocket:queue",
                requestId: id,
                deadline,
              };
            }
            case "schedule": {
              const timer = { id, name: input.name, cron: input.cron, scheduledAt: input.scheduledTime, deadline };
              try {
                await fn.timer(timer);
                return { output: { kind: "event", ok: true }, native: "done", requestId: id, deadline };
              } catch (error) {
                return { output: { kind: "event", ok: false, error: String(error) }, native: "failed", requestId: id, deadline };
              }
            }
            default:
              throw new Error(`Pocket cannot deliver ${input.kind} inputs`);
          }
        },
        recorded: async () => recorded,
        logs: async () => logs,
        close: async () => {},
      };
    },
  };
}

export default pocketHarness;
