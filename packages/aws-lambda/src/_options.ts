// The options of `lambda()` checked when the handler is built: configuration, not translation (no delivery
// carries it), so the conformance runs of mutation testing leave this file out; lambda.test.ts and
// http/stream.test.ts hold it.
import { httpProcessors } from "./http/detect.ts";
import type { StreamingIntegration } from "./http/stream.ts";

/** The integrations the `stream` option may list. */
const STREAMING_INTEGRATIONS: readonly StreamingIntegration[] = ["function-url", "apigw-v1"];

/** A `TypeError` for an `integration` no processor has, or a `stream` that is neither a boolean nor a list of integrations that stream. */
export function checkOptions(integration: unknown, stream: unknown): void {
  if (integration !== undefined && !Object.hasOwn(httpProcessors, integration as PropertyKey)) {
    throw new TypeError(
      `lambda(): unknown integration ${JSON.stringify(integration)}; use one of ${Object.keys(httpProcessors).join(", ")}`,
    );
  }
  if (stream === undefined || typeof stream === "boolean") return;
  if (!Array.isArray(stream) || stream.length === 0 || stream.some((name) => !STREAMING_INTEGRATIONS.includes(name))) {
    throw new TypeError(
      `lambda(): stream must be true or a list of ${STREAMING_INTEGRATIONS.map((name) => `"${name}"`).join(", ")}, got ${JSON.stringify(stream)}`,
    );
  }
}
