// Compares what one step of a case produced with what it expects.
import { parseSetCookie } from "@fnport/core/adapter";
import type { CaseStep, MessagesExpectation, Redelivery, StepExpectation } from "./cases/types.ts";
import { type MatchScope, mismatches } from "./compare.ts";
import { redeliveredAfter, type StepDeliveries } from "./deliveries.ts";
import type { ConformanceHarness, DeliveryModel, EventView, HttpOutput } from "./types.ts";

/** What a step produced. */
export interface StepRun {
  step: CaseStep;
  deliveries: StepDeliveries;
  /** Every event the app recorded during the step, oldest first. */
  recorded: EventView[];
  /** The log lines of the step, parsed (only when the step expects logs). */
  logs: unknown[] | undefined;
}

function bodyText(output: HttpOutput): string {
  return Buffer.from(output.bodyBase64, "base64").toString("utf8");
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** A cookie by meaning: its parts, with the expiry as an ISO date (JSON-comparable). */
const cookieMeaning = (line: string): unknown => JSON.parse(JSON.stringify(parseSetCookie(line)));

function redeliveryFor(expectation: MessagesExpectation, model: DeliveryModel | undefined): Redelivery | undefined {
  if ("redelivered" in expectation) return expectation as Redelivery;
  return model === undefined ? undefined : (expectation as Record<DeliveryModel, Redelivery>)[model];
}

/**
 * The events a step expects: `events`, or `event` once (once per delivered message for a single-model
 * batch); without either, one event of the input's kind per delivery of a neutral input, so that a
 * duplicate or a lost delivery never passes unseen.
 */
function expectedEvents(expect: StepExpectation, run: StepRun, model: DeliveryModel | undefined): unknown[] | undefined {
  if (expect.events !== undefined) return expect.events;
  if (expect.event === undefined) {
    const { kind } = run.step.input;
    if (kind !== "http" && kind !== "messages" && kind !== "schedule") return undefined;
    return run.deliveries.sent.map(() => ({ kind }));
  }
  const event = expect.event as Record<string, unknown>;
  if (model !== "single" || run.step.input.kind !== "messages" || !Array.isArray(event.messages)) return [event];
  const byId = new Map(run.step.input.batch.messages.map((message, i) => [message.id, (event.messages as unknown[])[i]]));
  return run.deliveries.sent.map(({ input }) => {
    const id = input.kind === "messages" ? input.batch.messages[0]?.id : undefined;
    return { ...event, messages: [id === undefined ? undefined : byId.get(id)] };
  });
}

function checkMessages(expectation: MessagesExpectation, run: StepRun, model: DeliveryModel | undefined): string[] {
  const expected = redeliveryFor(expectation, model);
  if (expected === undefined) return [`messages: the case has no expectation for the ${model ?? "(undeclared)"} delivery model`];
  const input = run.step.input;
  const allIds =
    input.kind === "messages"
      ? input.batch.messages.map((message) => message.id)
      : run.recorded.flatMap((event) =>
          Array.isArray(event.messages) ? event.messages.map((message: { id?: unknown }) => String(message.id)) : [],
        );
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
  return problems;
}

function checkResponse(
  expect: NonNullable<StepExpectation["response"]>,
  output: HttpOutput,
  harness: ConformanceHarness,
  scope: MatchScope,
): string[] {
  const { bodyText: text, bodyJson, cookies, ...rest } = expect;
  const problems = mismatches(output, rest, scope, "response");
  if (cookies !== undefined) {
    // A provider that takes cookies as objects is held to their meaning, not to one serializer's spelling.
    problems.push(
      ...(harness.structuredCookies
        ? mismatches(output.cookies.map(cookieMeaning), cookies.map(cookieMeaning), scope, "response.cookies (by meaning)")
        : mismatches(output.cookies, cookies, scope, "response.cookies")),
    );
  }
  if (text !== undefined) problems.push(...mismatches(bodyText(output), text, scope, "response.bodyText"));
  if (bodyJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(bodyText(output));
    } catch {
      parsed = `(not JSON) ${bodyText(output)}`;
    }
    problems.push(...mismatches(parsed, bodyJson, scope, "response.bodyJson"));
  }
  return problems;
}

/** Every way `run` differs from what its step expects, one line each. */
export function checkStep(harness: ConformanceHarness, model: DeliveryModel | undefined, run: StepRun): string[] {
  const { expect } = run.step;
  const { sent } = run.deliveries;
  const last = sent.at(-1)?.delivery;
  const scope: MatchScope = { requestId: last?.requestId, deadline: last?.deadline };
  const problems: string[] = [];
  const events = expectedEvents(expect, run, model);
  if (events !== undefined) {
    if (run.recorded.length !== events.length) {
      problems.push(`events: expected ${events.length} recorded, got ${run.recorded.length}: ${JSON.stringify(run.recorded)}`);
    } else {
      events.forEach((expected, i) => {
        problems.push(...mismatches(run.recorded[i], expected, scope, events.length === 1 ? "event" : `events[${i}]`));
      });
    }
  }
  if (expect.response !== undefined) {
    const output = last?.output;
    if (output?.kind !== "http") problems.push(`expected an HTTP response, got ${JSON.stringify(output)}`);
    else problems.push(...checkResponse(expect.response, output, harness, scope));
  }
  if (expect.messages !== undefined) problems.push(...checkMessages(expect.messages, run, model));
  if (expect.outcome !== undefined) problems.push(...mismatches(last?.output, { kind: "event", ...expect.outcome }, scope, "outcome"));
  if (expect.logs !== undefined) problems.push(...mismatches(run.logs, expect.logs, scope, "logs"));
  const native = expect.native?.[harness.name];
  if (native !== undefined) {
    const actual = sent.length === 1 ? sent[0]?.delivery.native : sent.map(({ delivery }) => delivery.native);
    if (canonical(actual) !== canonical(native)) problems.push(`native output: expected ${canonical(native)}, got ${canonical(actual)}`);
  }
  return problems;
}
