import { describe, expect, test } from "vitest";
import { fakeHarness } from "../test/fake-harness.ts";
import { checkHarness, deliveryModel, HarnessError, loadHarnessModule, resolveHarnesses } from "./harness-module.ts";
import type { ConformanceHarness } from "./types.ts";

const start = async () => {
  throw new Error("not started in these tests");
};
const harness = (capabilities: string[], extra: Partial<ConformanceHarness> = {}) =>
  ({ name: "h", capabilities: new Set(capabilities), start, ...extra }) as ConformanceHarness;

describe("checkHarness", () => {
  test("accepts a harness with one delivery model for its messages", () => {
    expect(() => checkHarness(harness(["http", "messages", "delivery:single"], { messageSource: "q" }), "m.ts")).not.toThrow();
    expect(deliveryModel(harness(["messages", "delivery:all-or-nothing"]))).toBe("all-or-nothing");
    expect(deliveryModel(harness(["http"]))).toBeUndefined();
  });

  test.each([
    [null, "m.ts: expected a ConformanceHarness object, got null"],
    [{ name: " ", capabilities: new Set(), start }, "m.ts: the harness has no name"],
    [{ name: "h", capabilities: ["http"], start }, 'm.ts: harness "h": capabilities must be a Set of capability names'],
    [{ name: "h", capabilities: new Set(["http"]) }, 'm.ts: harness "h": start() is missing'],
    [
      harness(["http", "websockets"]),
      'm.ts: harness "h": unknown capability "websockets" (the suite knows http, messages, delivery:per-message, delivery:single, delivery:all-or-nothing, storage, schedule, cloudevent, ordered-messages, repeated-values, logs, deadline, client-ip, http:body-as-sent, message-attributes, schedule-cron, schedule-name, native:aws-lambda, native:aws-apigw-v1, native:aws-apigw-v2, native:aws-alb, native:aws-alb-multi, native:aws-function-url, native:gcp-background, native:gcp-http, native:cloudflare-queue, native:cloudflare-scheduled, http:stream-cut-off, http:stream-backpressure, http:body-limit-on-read, http:chunked-request, http:client-disconnect, http:inflated-body, event-trigger, http:body-limit, deploy-env, tenant-id, native:aws-pinned-apigw-v1, native:aws-pinned-alb-multi, workers:websocket, native:aws-apigw-v1-buffered, deploy-timeout, http:asterisk-form, http:response-limit, http:client-leaves-stream, http:declared-length-limit, http:status-text, http:content-length, http:expect-continue, http:drain, verified-deliveries, deploy-event-path, http:drain-timeout, instance-exit, logs:drain)',
    ],
    [
      harness(["http"], { lacks: { queues: "no" } as never }),
      'm.ts: harness "h": unknown capability "queues" (the suite knows http, messages, delivery:per-message, delivery:single, delivery:all-or-nothing, storage, schedule, cloudevent, ordered-messages, repeated-values, logs, deadline, client-ip, http:body-as-sent, message-attributes, schedule-cron, schedule-name, native:aws-lambda, native:aws-apigw-v1, native:aws-apigw-v2, native:aws-alb, native:aws-alb-multi, native:aws-function-url, native:gcp-background, native:gcp-http, native:cloudflare-queue, native:cloudflare-scheduled, http:stream-cut-off, http:stream-backpressure, http:body-limit-on-read, http:chunked-request, http:client-disconnect, http:inflated-body, event-trigger, http:body-limit, deploy-env, tenant-id, native:aws-pinned-apigw-v1, native:aws-pinned-alb-multi, workers:websocket, native:aws-apigw-v1-buffered, deploy-timeout, http:asterisk-form, http:response-limit, http:client-leaves-stream, http:declared-length-limit, http:status-text, http:content-length, http:expect-continue, http:drain, verified-deliveries, deploy-event-path, http:drain-timeout, instance-exit, logs:drain)',
    ],
    [
      harness(["messages"]),
      'm.ts: harness "h": a harness with "messages" declares exactly one delivery model (delivery:per-message, delivery:single or delivery:all-or-nothing), it declares none',
    ],
    [
      harness(["messages", "delivery:single", "delivery:per-message"]),
      'm.ts: harness "h": a harness with "messages" declares exactly one delivery model (delivery:per-message, delivery:single or delivery:all-or-nothing), it declares per-message and single',
    ],
    [harness(["http", "delivery:single"]), 'm.ts: harness "h": declares delivery:single without "messages"'],
    [
      harness(["messages", "delivery:single"]),
      'm.ts: harness "h": a harness with "messages" names the event.source of its batches (messageSource)',
    ],
    [
      harness(["http"], { providerHeaders: { request: { "X-Added": "why" } } }),
      'm.ts: harness "h": providerHeaders.request names headers in lower case, got X-Added',
    ],
    [
      harness(["http"], { providerHeaders: { response: { "x-added": "" } } }),
      'm.ts: harness "h": providerHeaders.response["x-added"] says why the provider adds it',
    ],
  ])("refuses %o", (value, message) => {
    expect(() => checkHarness(value, "m.ts")).toThrow(new HarnessError(message));
  });
});

describe("resolveHarnesses", () => {
  const a = fakeHarness({ name: "a" });
  const b = fakeHarness({ name: "b" });

  test("takes a harness, an array, or a sync or async function returning either", async () => {
    expect(await resolveHarnesses(a)).toEqual([a]);
    expect(await resolveHarnesses([a, b])).toEqual([a, b]);
    expect(await resolveHarnesses(() => a)).toEqual([a]);
    expect(await resolveHarnesses(async () => [a, b])).toEqual([a, b]);
  });

  test("refuses a missing default export, no harness, or two of one name", async () => {
    await expect(resolveHarnesses(undefined, "m.ts")).rejects.toThrow(
      new HarnessError("m.ts has no default export: export default a ConformanceHarness, an array of them, or a function returning either"),
    );
    await expect(resolveHarnesses([], "m.ts")).rejects.toThrow(new HarnessError("m.ts exports no harness (an empty array)"));
    await expect(resolveHarnesses([a, fakeHarness({ name: "a" })], "m.ts")).rejects.toThrow(
      new HarnessError('m.ts: two harnesses are named "a"'),
    );
  });
});

describe("loadHarnessModule", () => {
  test("imports a TypeScript or JavaScript module relative to the working folder", async () => {
    const typescript = await loadHarnessModule("conformance/test/modules/good.ts");
    expect(typescript.map((one) => one.name)).toEqual(["good per-message", "good single"]);
    const javascript = await loadHarnessModule("conformance/test/modules/plain.mjs");
    expect(javascript.map((one) => one.name)).toEqual(["plain js"]);
  });

  test("says what is wrong with a path or a module", async () => {
    await expect(loadHarnessModule("conformance/test/modules/missing.ts")).rejects.toThrow(
      /^--harness conformance\/test\/modules\/missing.ts: no such file \(/,
    );
    await expect(loadHarnessModule("conformance/test/modules/nothing.mjs")).rejects.toThrow(
      "conformance/test/modules/nothing.mjs has no default export: export default a ConformanceHarness, an array of them, or a function returning either",
    );
    await expect(loadHarnessModule("conformance/test/modules/throws.mjs")).rejects.toThrow("this module cannot be imported");
  });
});
