import type { Capability, CaseInput, DeliveryModel } from "../types.ts";

/** A real fixture from `conformance/fixtures`, optionally with top-level fields replaced (to make it malformed). */
export interface FixtureInput {
  kind: "fixture";
  /** Path under `conformance/fixtures`, e.g. `aws/sqs-batch.json`. */
  fixture: string;
  patch?: Record<string, unknown>;
  /**
   * Send the fixture as the body of this HTTP request (`native:gcp-http`): the native input is then
   * `{ method, path, headers, body }`, the body the file as it is (re-serialised when patched).
   */
  http?: { method?: string; path?: string; headers: Record<string, string> };
}

/**
 * An expected value. Plain values are compared exactly (objects: only the keys given), plus matchers:
 * `{ $startsWith }`, `{ $contains: [...] }`, `{ $oneOf: [...] }`, `{ $absent: true }`, `{ $fromDelivery: "requestId" }`, `{ $near: "deadline", within }`.
 */
export type Expected = unknown;

/** Which messages of a step's batch the provider delivers again; every other one must be done. */
export interface Redelivery {
  redelivered: string[];
}

/** The same `Redelivery` for every delivery model, or one per model where they differ. */
export type MessagesExpectation = Redelivery | Readonly<Record<DeliveryModel, Redelivery>>;

/** The outcome a step expects, read neutrally; every field is optional. */
export interface StepExpectation {
  /**
   * The one event the app recorded during this step (exactly one; keys given are compared). With the
   * `single` delivery model a `messages` event is expected once per message delivered, each with its message.
   */
  event?: Expected;
  /** Every event the app recorded during this step, in order: exactly as many as listed. */
  events?: Expected[];
  /** For HTTP: status, headers (keys given), cookies (exact list), body as text / JSON / base64. */
  response?: {
    status?: number;
    headers?: Record<string, Expected>;
    cookies?: string[];
    bodyText?: Expected;
    bodyJson?: Expected;
    bodyBase64?: string;
  };
  /**
   * For batches: the messages the provider delivers again (the rest must be done), read from every
   * delivery of the step. The promise every model keeps: no message the handler did not finish is done;
   * no finished one is delivered again where the provider can avoid it.
   */
  messages?: MessagesExpectation;
  /** For other events: whether the invocation succeeded; `error` matches the failure message. */
  outcome?: { ok: true } | { ok: false; error?: Expected };
  /** The log lines the step wrote, each parsed as JSON: exactly this many, each by the keys given. */
  logs?: Expected[];
  /** The exact native output, by harness name; compared only on the harnesses named. */
  native?: Record<string, unknown>;
}

/** One delivery of a case and what it must produce. */
export interface CaseStep {
  input: CaseInput | FixtureInput;
  /** The HTTP behaviour of the conformance app (sent as the behaviour header on neutral HTTP inputs). */
  behaviour?: string;
  expect: StepExpectation;
}

/** A conformance case: data only. Each runs on a fresh (cold) instance, its steps in order. */
export interface ConformanceCase {
  /** Stable id: `area.what`, e.g. `http.fixture.apigw-v2-http-api`. */
  id: string;
  title: string;
  /** Runs only on harnesses that declare all of these; others report the case as skipped. */
  needs: Capability[];
  steps: CaseStep[];
}
