// A small in-process harness on core's runner for the suite's own tests, with knobs that make it wrong
// in the ways the suite must catch.
import { createHttpEvent, createMessagesEvent, createRunner, requireAllDone } from "@fnport/core/adapter";
import { createConformanceApp } from "../src/app.ts";
import type { Capability, ConformanceHarness, Delivery, DeliveryModel, HarnessInstance, MessagesOutput } from "../src/types.ts";

export interface FakeOptions {
  name?: string;
  model?: DeliveryModel;
  /** Replaces how a delivery's outcome is reported (the failed ids the runner returned, or the throw). */
  report?: (ids: string[], failed: readonly string[] | undefined, threw: boolean) => MessagesOutput;
  /** Rewrites the cookies on the way out (a provider that takes structured cookies writes its own lines). */
  cookies?: (cookies: string[]) => string[];
  /** Delivers every message twice. */
  twice?: boolean;
  structuredCookies?: boolean;
}

function honest(model: DeliveryModel, ids: string[], failed: readonly string[] | undefined, threw: boolean): MessagesOutput {
  if (threw || failed === undefined) return { kind: "messages", batchFailed: true, error: "threw" };
  if (model === "per-message") return { kind: "messages", failed: [...failed] };
  try {
    requireAllDone(failed);
    return { kind: "messages", failed: [] };
  } catch {
    return model === "single" ? { kind: "messages", failed: ids } : { kind: "messages", batchFailed: true, error: "failed" };
  }
}

export function fakeHarness(options: FakeOptions = {}): ConformanceHarness {
  const model = options.model ?? "per-message";
  const capabilities: Capability[] = ["http", "messages", `delivery:${model}`];
  const harness: ConformanceHarness = {
    name: options.name ?? `fake (${model})`,
    capabilities: new Set(capabilities),
    provider: "fake",
    messageSource: "fake",
    async start(): Promise<HarnessInstance> {
      const { app, recorded } = createConformanceApp();
      const runner = createRunner(app, { provider: "fake", write: () => {} });
      const init = { env: {} };
      return {
        async deliver(input): Promise<Delivery> {
          if (input.kind === "http") {
            const { request } = input;
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = String(value);
            const event = createHttpEvent({
              method: request.method,
              path: request.path,
              rawQuery: request.rawQuery,
              headers,
              body: request.body,
              raw: request,
            });
            const response = await runner.http(event, init);
            const body = response.body === null ? "" : Buffer.from(response.body).toString("base64");
            const cookies = options.cookies ? options.cookies(response.cookies) : response.cookies;
            return {
              output: { kind: "http", status: response.status, headers: response.headers, cookies, bodyBase64: body },
              native: response,
            };
          }
          if (input.kind !== "messages") throw new Error(`fake cannot deliver ${input.kind}`);
          const ids = input.batch.messages.map((message) => message.id);
          const run = async () => {
            const event = createMessagesEvent({
              source: "fake",
              ordered: input.batch.ordered,
              messages: input.batch.messages.map((message) => ({
                id: message.id,
                body: message.body,
                publishedAt: new Date(message.publishedAt),
                raw: message,
              })),
              raw: input,
            });
            try {
              const failed = await runner.messages(event, init);
              return (options.report ?? ((i, f, t) => honest(model, i, f, t)))(ids, failed, false);
            } catch {
              return (options.report ?? ((i, f, t) => honest(model, i, f, t)))(ids, undefined, true);
            }
          };
          if (options.twice) await run();
          const output = await run();
          return { output, native: output };
        },
        recorded: async () => recorded,
        close: async () => {},
      };
    },
  };
  if (options.structuredCookies) harness.structuredCookies = true;
  return harness;
}
