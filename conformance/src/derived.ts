// The events a neutral input must make, derived from the input itself: every field of the portable
// view, so that a case that names no event still checks all of it. Written apart from core (a second
// reading of the same rules), so that a mistake in core's parsing does not move both sides at once.

import { BEHAVIOUR_HEADER } from "./app.ts";
import { BODY_UNREAD_BEHAVIOURS } from "./app-hostile.ts";
import type { Expected } from "./cases/types.ts";
import type { CaseInput, ConformanceHarness, Delivery, HttpRequestSpec, MessagesSpec } from "./types.ts";

function decodeQueryComponent(text: string): string {
  const spaced = text.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** `query` (first value of each name) and `queryAll` of a raw query string. */
function queryViews(rawQuery: string): { query: Record<string, string>; queryAll: Record<string, string[]> } {
  const queryAll: Record<string, string[]> = {};
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? "" : decodeQueryComponent(part.slice(eq + 1));
    const values = queryAll[name] ?? [];
    values.push(value);
    queryAll[name] = values;
  }
  const query = Object.fromEntries(Object.entries(queryAll).map(([name, values]) => [name, values[0] as string]));
  return { query, queryAll };
}

/** The cookies of `cookie` header values: the first value of a name wins, pairs without a name are skipped. */
function cookieView(values: string[]): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of values.flatMap((value) => value.split(";"))) {
    const eq = pair.indexOf("=");
    const name = eq === -1 ? "" : pair.slice(0, eq).trim();
    if (name === "" || Object.hasOwn(cookies, name)) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}

const REPEATED_JOIN =
  "RFC 9110 joins a repeated field with a comma; Fetch and multi-value maps write a space after it, payload 2.0 (HTTP APIs, Function URLs) does not";

/** The request headers the app sees: lower-case names, a repeated one joined (`cookie` with `; `). */
function headerView(spec: HttpRequestSpec): { headers: Record<string, Expected>; cookies: string[] } {
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    const key = name.toLowerCase();
    lists[key] = [...(lists[key] ?? []), ...(Array.isArray(value) ? value : [value])];
  }
  const headers: Record<string, Expected> = {};
  for (const [name, values] of Object.entries(lists)) {
    if (name === "cookie") headers[name] = values.join("; ");
    else if (values.length === 1) headers[name] = values[0];
    else headers[name] = { $oneOf: [values.join(", "), values.join(",")], because: REPEATED_JOIN };
  }
  return { headers, cookies: lists.cookie ?? [] };
}

/** The portable view of the HTTP event a neutral request makes. */
export function httpEventOf(spec: HttpRequestSpec, delivery: Delivery): Record<string, Expected> {
  const rawQuery = spec.rawQuery ?? "";
  const { headers, cookies } = headerView(spec);
  const bytes = spec.bodyBase64 !== undefined ? Buffer.from(spec.bodyBase64, "base64") : Buffer.from(spec.body ?? "", "utf8");
  const behaviour = spec.headers?.[BEHAVIOUR_HEADER];
  const view: Record<string, Expected> = {
    kind: "http",
    method: spec.method,
    path: spec.path,
    rawQuery,
    ...queryViews(rawQuery),
    headers,
    cookies: cookieView(cookies),
  };
  const ip = spec.clientIp ?? delivery.clientIp;
  if (ip !== undefined) view.ip = ip;
  if (typeof behaviour !== "string" || !BODY_UNREAD_BEHAVIOURS.has(behaviour)) {
    view.text = new TextDecoder().decode(bytes);
    view.bytesBase64 = bytes.toString("base64");
  }
  return view;
}

/** The portable view of the `messages` event a neutral batch makes on `harness`. */
export function messagesEventOf(batch: MessagesSpec, harness: ConformanceHarness): Record<string, Expected> {
  const attributes = harness.capabilities.has("message-attributes");
  return {
    kind: "messages",
    source: harness.messageSource,
    ordered: batch.ordered === true,
    messages: batch.messages.map((message) => ({
      kind: "message",
      id: message.id,
      text: message.body,
      attributes: attributes ? { ...message.attributes } : {},
      attempt: 1,
      publishedAt: message.publishedAt,
    })),
  };
}

/** The event a neutral input makes on `harness` (undefined for a native one: the case names it). */
export function derivedEvent(input: CaseInput, harness: ConformanceHarness, delivery: Delivery): Record<string, Expected> | undefined {
  switch (input.kind) {
    case "http":
      return httpEventOf(input.request, delivery);
    case "messages":
      return messagesEventOf(input.batch, harness);
    case "schedule": {
      const view: Record<string, Expected> = { kind: "schedule", scheduledTime: input.scheduledTime };
      if (harness.capabilities.has("schedule-cron")) view.cron = input.cron;
      if (harness.capabilities.has("schedule-name")) view.name = input.name;
      return view;
    }
    default:
      return undefined;
  }
}
