import { emptyRecord, type InvocationInit, type Runner } from "@fnport/core/adapter";
import type { BatchResponse, NativeEvent } from "./native-types.ts";

/** Runs one native non-HTTP event shape: a cheap type guard picks it, `run` returns the native result. */
export interface EventProcessor {
  accepts(event: NativeEvent): boolean;
  /** Called only with an event `accepts` took (a method, so each processor names its own event type). */
  run(runner: Runner, event: object, init: InvocationInit): Promise<unknown>;
}

/** The `eventSource` (`EventSource` for SNS) of the first record of a `Records` batch, if any. */
export function recordSource(event: NativeEvent): unknown {
  const records = event.Records;
  if (!Array.isArray(records)) return undefined;
  const first = records[0] as { eventSource?: unknown; EventSource?: unknown } | null | undefined;
  return first?.eventSource ?? first?.EventSource;
}

/** The partial-batch response of SQS, Kinesis and DynamoDB Streams: the failed ids as `itemIdentifier`s. */
export function toBatchResponse(failed: readonly string[]): BatchResponse {
  const batchItemFailures: Array<{ itemIdentifier: string }> = [];
  for (const itemIdentifier of failed) batchItemFailures.push({ itemIdentifier });
  return { batchItemFailures };
}

/** A date from epoch milliseconds given as a number or a numeric string; undefined when absent or not a number. */
export function dateFromMs(ms: number | string | undefined): Date | undefined {
  if (ms === undefined) return undefined;
  const value = typeof ms === "number" ? ms : Number(ms);
  return Number.isFinite(value) ? new Date(value) : undefined;
}

/**
 * The string values of SQS or SNS message attributes, read by `stringOf` (binary attributes carry none);
 * undefined when there are none.
 */
export function stringAttributes<A>(
  attributes: { readonly [name: string]: A | undefined } | undefined,
  stringOf: (attribute: A) => string | undefined,
): Record<string, string> | undefined {
  let strings: Record<string, string> | undefined;
  for (const name in attributes) {
    const attribute = attributes[name];
    const value = attribute === undefined ? undefined : stringOf(attribute);
    if (value === undefined) continue;
    strings ??= emptyRecord();
    strings[name] = value;
  }
  return strings;
}
