// Compares what one step of a case produced with what it expects: every delivery, every recorded
// event, every log line, exactly.
import { parseSetCookie } from "@fnport/core/adapter";
import type { CaseStep, Expected, MessagesExpectation, Redelivery, ResponseExpectation } from "./cases/types.ts";
import { CaseError, type MatchScope, mismatches } from "./compare.ts";
import { redeliveredAfter, type StepDeliveries } from "./deliveries.ts";
import { derivedEvent } from "./derived.ts";
import type { ConformanceHarness, DeliveryModel, EventView, HttpOutput } from "./types.ts";

/** What a step produced. */
export interface StepRun {
  step: CaseStep;
  deliveries: StepDeliveries;
  /** Every event the app recorded during the step, oldest first. */
  recorded: EventView[];
  /** The log lines of the step, parsed (on harnesses with `logs`). */
  logs: unknown[] | undefined;
  /** How the instance ended, after a drain step (on harnesses with `instance-exit`). */
  exitCode?: number | null | undefined;
  /** When the step's first delivery started and when its outcome (events, logs) had been read (epoch ms). */
  during: { from: number; until: number };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function bodyText(output: HttpOutput): string {
  return Buffer.from(output.bodyBase64, "base64").toString("utf8");
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Plain JSON (undefined fields dropped, dates as strings), as a recorded view crosses a process boundary. */
const plain = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** A cookie by meaning: its parts, with the expiry as an ISO date (JSON-comparable). */
const cookieMeaning = (line: string): unknown => plain(parseSetCookie(line));

function redeliveryFor(expectation: MessagesExpectation, model: DeliveryModel | undefined): Redelivery | undefined {
  if ("redelivered" in expectation) return expectation as Redelivery;
  return model === undefined ? undefined : (expectation as Record<DeliveryModel, Redelivery>)[model];
}

/** `headers` without the ones the provider adds (declared by the harness), unless `expected` names them. */
function withoutProviderHeaders(
  headers: unknown,
  added: Readonly<Record<string, string>> | undefined,
  expected: Readonly<Record<string, unknown>> | undefined,
): unknown {
  if (added === undefined || typeof headers !== "object" || headers === null) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !Object.hasOwn(added, name) || Object.hasOwn(expected ?? {}, name)));
}

/** An HTTP event view with the provider's own request headers set aside (unless the expectation names them). */
function comparableEvent(actual: EventView | undefined, expected: Expected, harness: ConformanceHarness): unknown {
  if (actual?.kind !== "http") return actual;
  const expectedHeaders = (expected as { headers?: Record<string, unknown> } | undefined)?.headers;
  return { ...actual, headers: withoutProviderHeaders(actual.headers, harness.providerHeaders?.request, expectedHeaders) };
}

/** The events a step expects, in order: `events`, or one per delivery (derived from a neutral input, `event` replacing keys). */
function expectedEvents(run: StepRun, harness: ConformanceHarness): Expected[] {
  const { expect } = run.step;
  if (expect.events !== undefined) return expect.events;
  return run.deliveries.sent.map(({ input, delivery }) => {
    const derived = derivedEvent(input, harness, delivery);
    if (derived === undefined) {
      if (expect.event === undefined) throw new CaseError("a step with a native input names its event (or events: [])");
      return expect.event;
    }
    // A header the provider adds or changes (the harness says which) is compared only where the case names it.
    const added = harness.providerHeaders?.request;
    if (added !== undefined && isRecord(derived.headers)) {
      derived.headers = Object.fromEntries(Object.entries(derived.headers).filter(([name]) => !Object.hasOwn(added, name)));
    }
    if (expect.event === undefined) return derived;
    const named = expect.event as Record<string, unknown>;
    // Headers the case names replace the derived ones of the same name; the rest stay derived.
    const headers = isRecord(named.headers) && isRecord(derived.headers) ? { headers: { ...derived.headers, ...named.headers } } : {};
    return { ...derived, ...named, ...headers };
  });
}

function checkMessages(expectation: MessagesExpectation, run: StepRun, model: DeliveryModel | undefined): string[] {
  const expected = redeliveryFor(expectation, model);
  if (expected === undefined) return [`messages: the case has no expectation for the ${model ?? "(undeclared)"} delivery model`];
  const input = run.step.input;
  const recordedIds = run.recorded.flatMap((event) =>
    Array.isArray(event.messages) ? event.messages.map((message: { id?: unknown }) => String(message.id)) : [],
  );
  // A native batch that names its messages (`QueueBatchSpec`) holds those, even where the app could not read them.
  const nativeMessages = input.kind === "native" ? (input.event as { messages?: unknown } | null)?.messages : undefined;
  const allIds =
    input.kind === "messages"
      ? input.batch.messages.map((message) => message.id)
      : recordedIds.length === 0 && Array.isArray(nativeMessages)
        ? nativeMessages.map((message: { id?: unknown }) => String(message.id))
        : recordedIds;
  const actual = redeliveredAfter(model, run.deliveries, allIds);
  if ("problems" in actual) return actual.problems.map((problem) => `messages: ${problem}`);
  const wanted = new Set(expected.redelivered);
  const got = new Set(actual.redelivered);
  const doneButFailed = allIds.filter((id) => wanted.has(id) && !got.has(id));
  const againButDone = allIds.filter((id) => !wanted.has(id) && got.has(id));
  const problems: string[] = [];
  if (doneButFailed.length > 0) {
    problems.push(
      `messages: ${JSON.stringify(doneButFailed)} reported done, but the handler did not finish them: they must be delivered again`,
    );
  }
  if (againButDone.length > 0) {
    problems.push(`messages: ${JSON.stringify(againButDone)} delivered again, but the handler finished them and the provider can avoid it`);
  }
  const unknown = expected.redelivered.filter((id) => !allIds.includes(id));
  if (unknown.length > 0)
    throw new CaseError(`messages: the case expects ${JSON.stringify(unknown)} delivered again, but the batch holds no such message`);
  return problems;
}

/** The response an `echo` step answers: 200 with the JSON of exactly the event the app recorded. */
function echoResponse(recorded: EventView | undefined): ResponseExpectation {
  return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, bodyJson: plain(recorded) ?? null };
}

function checkResponse(expect: ResponseExpectation, output: HttpOutput, harness: ConformanceHarness, scope: MatchScope): string[] {
  const { status, headers = {}, cookies = [], bodyText: text, bodyJson, bodyBase64, cutOff = false } = expect;
  const bodies = [text, bodyJson, bodyBase64].filter((body) => body !== undefined).length;
  if (bodies > 1) throw new CaseError("response: name the body once (bodyText, bodyJson or bodyBase64)");
  const actualHeaders = withoutProviderHeaders(output.headers, harness.providerHeaders?.response, headers);
  const problems = [
    ...mismatches(output.status, status, scope, "response.status"),
    ...mismatches(actualHeaders, headers, scope, "response.headers"),
    // A body cut off must be expected: never a complete-looking answer where it was cut, nor the reverse.
    ...mismatches(output.cutOff === true, cutOff, scope, "response.cutOff"),
    ...(expect.statusText === undefined ? [] : mismatches(output.statusText, expect.statusText, scope, "response.statusText")),
  ];
  // A provider that takes cookies as objects is held to their meaning, not to one serializer's spelling.
  problems.push(
    ...(harness.structuredCookies
      ? mismatches(output.cookies.map(cookieMeaning), cookies.map(cookieMeaning), scope, "response.cookies (by meaning)")
      : mismatches(output.cookies, cookies, scope, "response.cookies")),
  );
  if (bodyJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bodyText(output));
    } catch {
      parsed = `(not JSON) ${bodyText(output)}`;
    }
    problems.push(...mismatches(parsed, bodyJson, scope, "response.bodyJson"));
  } else if (bodyBase64 !== undefined) problems.push(...mismatches(output.bodyBase64, bodyBase64, scope, "response.bodyBase64"));
  else problems.push(...mismatches(bodyText(output), text ?? "", scope, "response.bodyText"));
  return problems;
}

/** The native outputs a step names, compared on every delivery of a format it names. */
function checkNative(native: Record<string, unknown>, run: StepRun): string[] {
  const providers = new Set(Object.keys(native).map((format) => format.split(":")[0]));
  const byFormat = new Map<string, unknown[]>();
  for (const { delivery } of run.deliveries.sent) {
    if (delivery.format === undefined) continue;
    byFormat.set(delivery.format, [...(byFormat.get(delivery.format) ?? []), delivery.native]);
  }
  const problems: string[] = [];
  for (const [format, outputs] of byFormat) {
    if (!Object.hasOwn(native, format)) {
      if (providers.has(format.split(":")[0])) problems.push(`native output: the case names no expectation for format ${format}`);
      continue;
    }
    const actual = outputs.length === 1 ? outputs[0] : outputs;
    const expected = native[format];
    if (canonical(actual) !== canonical(expected))
      problems.push(`native output (${format}): expected ${canonical(expected)}, got ${canonical(actual)}`);
  }
  return problems;
}

/**
 * Whether the step names an outcome (an HTTP response, messages delivered again, an event outcome): an adapter
 * that answers with another kind is then wrong, and the step is not.
 */
function expectsOther(expect: CaseStep["expect"]): boolean {
  return expect.response !== undefined || expect.messages !== undefined || expect.outcome !== undefined;
}

/** Every way `run` differs from what its step expects, one line each; throws a `CaseError` when the step's expectation is wrong. */
export function checkStep(harness: ConformanceHarness, model: DeliveryModel | undefined, run: StepRun): string[] {
  const { expect, behaviour } = run.step;
  const { sent } = run.deliveries;
  const last = sent.at(-1)?.delivery;
  const scope: MatchScope = {
    requestId: last?.requestId,
    deadline: last?.deadline,
    deadlineLatest: last?.deadlineLatest,
    clientIp: last?.clientIp,
    provider: harness.provider,
    during: run.during,
  };
  const problems: string[] = sent.flatMap(({ delivery }) => (delivery.problems ?? []).map((problem) => `native output: ${problem}`));

  const events = expectedEvents(run, harness);
  if (run.recorded.length !== events.length) {
    problems.push(`events: expected ${events.length} recorded, got ${run.recorded.length}: ${JSON.stringify(run.recorded)}`);
  } else {
    events.forEach((expected, i) => {
      const actual = comparableEvent(run.recorded[i], expected, harness);
      problems.push(...mismatches(plain(actual), expected, scope, events.length === 1 ? "event" : `events[${i}]`));
    });
  }

  const kinds = new Set(sent.map(({ delivery }) => delivery.output.kind));
  if (kinds.has("http")) {
    const output = last?.output as HttpOutput;
    // An echo step expecting one event answers with it: when the handler ran another number of times (the events
    // line above says so), there is nothing to echo, and the adapter is wrong, not the case.
    const echoes = !expectsOther(expect) && (behaviour ?? "echo") === "echo" && events.length === 1;
    const response = expect.response ?? (echoes && run.recorded.length === 1 ? echoResponse(run.recorded[0]) : undefined);
    if (response !== undefined) problems.push(...checkResponse(response, output, harness, scope));
    else if (echoes)
      problems.push(`response: the handler ran ${run.recorded.length} times, so nothing to echo; got ${JSON.stringify(output)}`);
    else if (!expectsOther(expect)) throw new CaseError("a step answered HTTP names its response (only echo steps may leave it out)");
    else problems.push(`an HTTP response the step does not expect: ${JSON.stringify(output)}`);
  } else if (expect.response !== undefined) problems.push(`expected an HTTP response, got ${JSON.stringify(last?.output)}`);

  if (kinds.has("messages") || (expect.messages !== undefined && run.step.input.kind === "messages")) {
    if (expect.messages !== undefined) problems.push(...checkMessages(expect.messages, run, model));
    else if (!expectsOther(expect)) throw new CaseError("a step that delivers messages names which are delivered again (messages)");
    else problems.push(`a messages outcome the step does not expect: ${JSON.stringify(last?.output)}`);
  } else if (expect.messages !== undefined) problems.push(`expected a messages outcome, got ${JSON.stringify(last?.output)}`);

  if (kinds.has("event")) {
    const { outcome } = expect;
    if (outcome !== undefined)
      for (const { delivery } of sent) problems.push(...mismatches(delivery.output, { kind: "event", ...outcome }, scope, "outcome"));
    else if (!expectsOther(expect)) throw new CaseError("a step that delivers an event names its outcome");
    else problems.push(`an event outcome the step does not expect: ${JSON.stringify(last?.output)}`);
  } else if (expect.outcome !== undefined) problems.push(`expected an event outcome, got ${JSON.stringify(last?.output)}`);

  if (run.logs !== undefined) problems.push(...mismatches(run.logs, expect.logs ?? [], scope, "logs"));
  if (run.exitCode !== undefined) problems.push(...mismatches(run.exitCode, expect.exitCode ?? 0, scope, "exitCode"));
  if (expect.native !== undefined) problems.push(...checkNative(expect.native, run));
  return problems;
}
