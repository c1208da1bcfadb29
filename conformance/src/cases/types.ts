import type { Capability, CaseInput, DeliveryModel, DeploySpec } from "../types.ts";

/** A real fixture from `conformance/fixtures`, optionally with fields replaced (to make it malformed, or fail a record). */
export interface FixtureInput {
  kind: "fixture";
  /** Path under `conformance/fixtures`, e.g. `aws/sqs-batch.json`. */
  fixture: string;
  /** Replacements: a top-level key, or a JSON pointer such as `/Records/0/body`; `undefined` removes the key. */
  patch?: Record<string, unknown>;
  /**
   * Send the fixture as the body of this HTTP request (`native:gcp-http`): the native input is then
   * `{ method, path, headers, body }`, the body the file as it is (re-serialised when patched).
   */
  http?: { method?: string; path?: string; headers: Record<string, string> };
}

/**
 * An expected value, compared strictly: a plain object has exactly the keys given (an extra key fails;
 * `{}` matches only `{}`), an array exactly the items. Matchers (see `compare.ts`): `{ $absent: true }`,
 * `{ $fromDelivery: "requestId" | "deadline" | "clientIp" }`, and those that let a value vary, each with
 * the reason why: `{ $startsWith, because }`, `{ $contains: [...], because }`, `{ $oneOf: [...], because }`,
 * `{ $near: "deadline", within, because }`. An unknown `$` key is an error in the case.
 */
export type Expected = unknown;

/** Which messages of a step's batch the provider delivers again; every other one must be done. */
export interface Redelivery {
  redelivered: string[];
}

/** The same `Redelivery` for every delivery model, or one per model where they differ. */
export type MessagesExpectation = Redelivery | Readonly<Record<DeliveryModel, Redelivery>>;

/**
 * The whole HTTP response, exactly: `headers` (default none) beside the ones the harness declares its
 * provider adds, `cookies` (default none), and the body as `bodyText`, `bodyJson` (parsed, compared
 * strictly) or `bodyBase64` (default: empty).
 */
export interface ResponseExpectation {
  status: number;
  headers?: Record<string, Expected>;
  cookies?: string[];
  bodyText?: Expected;
  bodyJson?: Expected;
  bodyBase64?: string;
  /** `true`: the body must arrive cut off, never as a complete response (see `HttpOutput.cutOff`). */
  cutOff?: boolean;
  /** The status line's reason phrase (needs `http:status-text`); not compared when absent. */
  statusText?: string;
}

/** How a slow client reads a large streamed body, and how far ahead of it the producer may run. */
export interface SlowReadExpectation {
  bytes: number;
  pausesAt: number[];
  pauseMs: number;
  maxAheadBytes: number;
}

/** The outcome a step expects. What it leaves out is expected empty or derived; see each field. */
export interface StepExpectation {
  /**
   * The one event the app records per delivery. For a neutral input the suite derives the whole event
   * from the input (and the harness's capabilities); the keys given here replace the derived ones. For a
   * native input it is the whole event, recorded exactly once.
   */
  event?: Expected;
  /** Every event the app recorded during this step, in order: exactly these. Required for native inputs that record none (`[]`). */
  events?: Expected[];
  /**
   * The HTTP response. Required wherever a step answers HTTP, except on the `echo` behaviour, which
   * answers 200 with the JSON of exactly the event the app recorded.
   */
  response?: ResponseExpectation;
  /**
   * For batches (required): the messages the provider delivers again (the rest must be done), read from
   * every delivery of the step. The promise every model keeps: no message the handler did not finish is
   * done; no finished one is delivered again where the provider can avoid it.
   */
  messages?: MessagesExpectation;
  /** For other events (required): whether the invocation succeeded; `error` matches the failure message. */
  outcome?: { ok: true } | { ok: false; error: Expected };
  /** On harnesses with `logs`: every line the step wrote, each parsed as JSON, exactly (default: none). */
  logs?: Expected[];
  /**
   * For a large streamed body read by a slow client (`http:stream-backpressure`): the suite opens the response
   * (`HarnessInstance.open`) instead of delivering it, stops reading at each of `pausesAt` (bytes read so far)
   * for `pauseMs`, and then asks the app how much it has produced (a request to `PRODUCED_PATH`): never more
   * than `maxAheadBytes` beyond what was read, plus what the kernel's socket buffers can hold (`socketBufferBytes`). The body must be `bytes` long, chunk `i` of 64 KiB filled with
   * the byte `i % 251`. With it, `response` names the status alone and no other expectation applies.
   */
  slowRead?: SlowReadExpectation;
  /**
   * `true` (with `http:client-disconnect` or `http:client-leaves-stream`): the suite opens the response (`HarnessInstance.open`) instead of
   * delivering it, reads its first piece and goes away (`close()`). With it, `response` names the status alone
   * and no other expectation applies: a later step asks the app what the handler saw. `"before-answer"` (with
   * `http:client-leaves-stream`): the suite sends the request and leaves once the handler runs, before any answer
   * (`HarnessInstance.leave`); no `response` is named.
   */
  disconnect?: true | "before-answer";
  /**
   * With `http:drain`: the request goes on a connection the client means to keep (`HarnessInstance.keepAlive`),
   * and `response.headers` names the answer's `connection` and `keep-alive` headers. `"drain"`: the instance is told to stop while
   * the handler runs, so it is the case's last step; its logs are compared only on harnesses with `logs:drain`
   * (elsewhere the lines of a stopping instance are the provider's own).
   */
  keepAlive?: "open" | "drain";
  /** A `drain` step's: the exit code the instance ends with (default 0), compared on harnesses with `instance-exit`. */
  exitCode?: number;
  /**
   * Exact native outputs by `Delivery.format` (e.g. `aws-lambda:apigw-v2`): compared, as canonical JSON,
   * on deliveries of a format named here; naming one format of a provider requires naming every format
   * of it the step reaches. With several deliveries (one per message), an array of one output each.
   */
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
  /**
   * How the app is deployed for this case: `env` needs `deploy-env`, `tenantId` needs `tenant-id`, `timeoutMs` needs
   * `deploy-timeout`, `noResponseLimit` needs `http:declared-length-limit`, `verifiedDeliveries` needs
   * `verified-deliveries`, `eventPath` needs `deploy-event-path`, `drainTimeoutMs` needs `http:drain-timeout`.
   */
  deploy?: DeploySpec;
  steps: CaseStep[];
}
