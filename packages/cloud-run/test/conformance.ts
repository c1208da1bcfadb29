// The Cloud Run harness: the conformance app behind cloudRun() in a real server process on a loopback
// port, one fresh process (a cold instance) per case; requests go over HTTP exactly as Google's front end,
// Pub/Sub push and Cloud Scheduler send them, and some HTTP requests as a client reaching the container
// directly does (a local run, Knative without a proxy: no x-forwarded-for, a target in absolute-form).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { Agent, type ClientRequest, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BODY_LIMIT_BYTES,
  type Capability,
  type CaseInput,
  type ConformanceHarness,
  DECLARED_LENGTH_LIMIT_BYTES,
  type Delivery,
  type DeploySpec,
  type EventView,
  FLUSH_PATH,
  type HarnessInstance,
  type HttpOutput,
  type HttpRequestSpec,
  type MessagesSpec,
  type OpenedResponse,
  type Output,
  openedResponse,
  RECORDED_PATH,
  RESPONSE_LIMIT_BYTES,
  TRUSTED_TOKEN,
} from "@fnport/conformance";
import { build } from "esbuild";
import { followServer } from "./_mutation.ts";
import { cloudRunMeter } from "./conformance-meter.ts";

/** cloudRun()'s default request timeout: the deadline the harness reports unless a case deploys another (`deploy-timeout`). */
const TIMEOUT_MS = 300_000;
/** The client's address when a request names none: Google's front end always reports one. */
const DEFAULT_CLIENT_IP = "198.51.100.7";
// Hop-by-hop headers: Google's front end does not pass them on to the client.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding"]);

interface Sent {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body?: Buffer | undefined;
  /** Sent chunked (`Transfer-Encoding: chunked`, in two pieces) instead of with a `Content-Length`. */
  chunked?: boolean;
  /**
   * A body whose declared length is over the limit: the head goes first and the body is held back until the
   * answer arrives (sent after `HOLD_BACK_MS` without one, and reported: `http:body-limit` refuses a declared
   * length before reading the body).
   */
  holdBody?: boolean;
}

/** How long a held-back body waits for the 413 that needs none of it (the answer comes at once). */
const HOLD_BACK_MS = 10_000;

/** Writes the request's body: whole, or (chunked) in two pieces, so it may reach the server in more than one. */
function endRequest(req: ClientRequest, sent: Sent): void {
  if (sent.chunked !== true || sent.body === undefined) {
    req.end(sent.body);
    return;
  }
  const half = Math.floor(sent.body.byteLength / 2);
  req.write(sent.body.subarray(0, half));
  req.end(sent.body.subarray(half));
}

interface Received {
  status: number;
  statusText: string;
  rawHeaders: string[];
  body: Buffer;
  /** The response ended before its message was complete (the server cut the connection mid-body). */
  cutOff?: boolean;
  /** A held-back body (`Sent.holdBody`) had to be sent before an answer came. */
  bodyAwaited?: boolean;
  /** An interim `100 Continue` came for a body declared over the limit (`Expect: 100-continue`, `Sent.holdBody`). */
  continued?: boolean;
}

/** Sends a request on a connection of its own, or of `agent` (a client that keeps its connections: `http:drain`). */
function send(port: number, sent: Sent, agent: Agent | false = false): Promise<Received> {
  return new Promise((resolve, reject) => {
    let held: NodeJS.Timeout | undefined;
    let bodyAwaited = false;
    let continued = false;
    const req = request({ host: "127.0.0.1", port, method: sent.method, path: sent.target, headers: sent.headers.flat(), agent }, (res) => {
      clearTimeout(held);
      const chunks: Buffer[] = [];
      const received = (): Received => ({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? "",
        rawHeaders: res.rawHeaders,
        body: Buffer.concat(chunks),
        ...(bodyAwaited ? { bodyAwaited } : {}),
        ...(continued ? { continued } : {}),
      });
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        resolve(received());
        // A held-back body is never sent: the server closes the connection after its 413.
        if (sent.holdBody === true && !bodyAwaited) req.destroy();
      });
      // The head arrived, the rest did not: a body cut off mid-way (what a streamed body that fails does).
      res.on("error", () => resolve({ ...received(), cutOff: true }));
    });
    req.on("error", reject);
    // A chunked body's size is unknown until it is read: only a declared one over the limit must get no 100.
    req.on("continue", () => {
      continued = sent.holdBody === true;
    });
    if (sent.holdBody === true) {
      req.flushHeaders();
      held = setTimeout(() => {
        bodyAwaited = true;
        endRequest(req, sent);
      }, HOLD_BACK_MS);
    } else endRequest(req, sent);
  });
}

/**
 * Sends a request and leaves (closes the connection) once `running` resolves (the handler runs), before any
 * answer; rejects when an answer came first.
 */
function leave(port: number, sent: Sent, running: () => Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: sent.method, path: sent.target, headers: sent.headers.flat(), agent: false });
    let answered = false;
    req.on("response", () => {
      answered = true;
    });
    req.on("error", () => {}); // the connection this client closes
    req.on("close", () => resolve());
    endRequest(req, sent);
    running().then(() => {
      if (answered) reject(new Error("the app answered before the client could leave"));
      req.destroy();
    }, reject);
  });
}

/** Sends a request and resolves once its head arrived, the body left for a slow reader. */
function open(port: number, sent: Sent): Promise<OpenedResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, method: sent.method, path: sent.target, headers: sent.headers.flat(), agent: false },
      (res) => resolve(openedResponse(res)),
    );
    req.on("error", reject);
    endRequest(req, sent);
  });
}

/** The variables a project id may come from (README: Cloud Run sets none of them; pass it, or set one). */
const PROJECT_VARIABLES = ["GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GCP_PROJECT"] as const;

/** How an instance is deployed: its project id's variables, and the project id cloudRun() must read from them. */
interface Deployment {
  env: Record<string, string>;
  projectId: string | undefined;
}

/**
 * Every way a project id may be given, and none: an instance is deployed in the one its first input picks
 * (the same in every run). Without a project id (or an empty one) no log line carries a trace field.
 */
function deploymentOf(first: CaseInput): Deployment {
  const deployments: Deployment[] = [
    { env: { GOOGLE_CLOUD_PROJECT: "conformance" }, projectId: "conformance" },
    { env: { GCLOUD_PROJECT: "conformance-gcloud" }, projectId: "conformance-gcloud" },
    { env: { GCP_PROJECT: "conformance-gcp" }, projectId: "conformance-gcp" },
    { env: { GOOGLE_CLOUD_PROJECT: "first", GCLOUD_PROJECT: "second", GCP_PROJECT: "third" }, projectId: "first" },
    { env: { GOOGLE_CLOUD_PROJECT: "" }, projectId: undefined },
    { env: {}, projectId: undefined },
  ];
  const hash = createHash("sha256").update(JSON.stringify(first)).digest().readUInt32BE();
  return deployments[hash % deployments.length] as Deployment;
}
const TRACE_FIELD = "logging.googleapis.com/trace";
const SPAN_FIELD = "logging.googleapis.com/spanId";
const SAMPLED_FIELD = "logging.googleapis.com/trace_sampled";
const ZERO_TRACE = "0".repeat(32);

/**
 * The trace context a request reaches the container with, the request id cloudRun() must give it and the
 * Cloud Logging fields each of its log lines must carry (`undefined`: no request id from the trace, the
 * runner makes a UUID; `{}`: none).
 */
interface Trace {
  headers: Array<[string, string]>;
  requestId: string | undefined;
  fields: Record<string, unknown>;
}

/**
 * The trace headers of a request: Google's front end adds `X-Cloud-Trace-Context` (`TRACE/SPAN;o=FLAG`, the
 * span in decimal) and W3C `traceparent`, and passes on a trace context the client (or an upstream service)
 * sent in either form: every form a request may arrive with, valid or not, the `index`th (modulo their
 * number). The expected request id and log fields are written from the parts generated here, not parsed back.
 */
function trace(index: number, frontEnd: boolean, projectId: string | undefined): Trace {
  const traceId = randomBytes(16).toString("hex");
  let span = randomBytes(8).readBigUInt64BE();
  if (span === 0n) span = 1n;
  const spanHex = span.toString(16).padStart(16, "0");
  const cloud = (value: string): [string, string] => ["X-Cloud-Trace-Context", value];
  const parent = (value: string): [string, string] => ["traceparent", value];
  const fields = (id: string, spanId: string | undefined, sampled: boolean): Record<string, unknown> =>
    projectId === undefined
      ? {}
      : {
          [TRACE_FIELD]: `projects/${projectId}/traces/${id}`,
          ...(spanId === undefined ? {} : { [SPAN_FIELD]: spanId }),
          [SAMPLED_FIELD]: sampled,
        };
  // A span id of a few hex digits: Cloud Logging's has 16, zero-padded.
  const small = 1n + (span % 0xfffn);
  const variants: Array<() => Trace> = [
    // What Google's front end sends: both headers, sampled or not.
    () => ({
      headers: [cloud(`${traceId}/${span};o=1`), parent(`00-${traceId}-${spanHex}-01`)],
      requestId: `${traceId}/${span}`,
      fields: fields(traceId, spanHex, true),
    }),
    () => ({
      headers: [cloud(`${traceId}/${span};o=0`), parent(`00-${traceId}-${spanHex}-00`)],
      requestId: `${traceId}/${span}`,
      fields: fields(traceId, spanHex, false),
    }),
    // A client's own X-Cloud-Trace-Context, in each form Google's documentation allows.
    () => ({ headers: [cloud(`${traceId}/${span}`)], requestId: `${traceId}/${span}`, fields: fields(traceId, spanHex, false) }),
    () => ({ headers: [cloud(`${traceId};o=1`)], requestId: traceId, fields: fields(traceId, undefined, true) }),
    () => ({
      headers: [cloud(`${traceId.toUpperCase()}/${span};o=1`)],
      requestId: `${traceId.toUpperCase()}/${span}`,
      fields: fields(traceId, spanHex, true),
    }),
    () => ({
      headers: [cloud(`${traceId}/${small};o=1`)],
      requestId: `${traceId}/${small}`,
      fields: fields(traceId, small.toString(16).padStart(16, "0"), true),
    }),
    // A span id of 0, and one beyond 64 bits: no span id field.
    () => ({ headers: [cloud(`${traceId}/0;o=1`)], requestId: `${traceId}/0`, fields: fields(traceId, undefined, true) }),
    () => ({
      headers: [cloud(`${traceId}/18446744073709551616;o=0`)],
      requestId: `${traceId}/18446744073709551616`,
      fields: fields(traceId, undefined, false),
    }),
    () => ({
      headers: [cloud(`${traceId}/18446744073709551615;o=1`)],
      requestId: `${traceId}/18446744073709551615`,
      fields: fields(traceId, "ffffffffffffffff", true),
    }),
    // W3C traceparent alone (a request that came through no Google front end: Knative, a local run), sampled by flag bit 0.
    () => ({
      headers: [parent(`00-${traceId}-${spanHex}-01`)],
      requestId: `${traceId}/${spanHex}`,
      fields: fields(traceId, spanHex, true),
    }),
    () => ({
      headers: [parent(`00-${traceId}-${spanHex}-02`)],
      requestId: `${traceId}/${spanHex}`,
      fields: fields(traceId, spanHex, false),
    }),
    () => ({
      headers: [parent(`00-${traceId}-${spanHex}-03`)],
      requestId: `${traceId}/${spanHex}`,
      fields: fields(traceId, spanHex, true),
    }),
    // An X-Cloud-Trace-Context that is not one (malformed, or the all-zero trace id): the trace comes from traceparent.
    () => ({
      headers: [cloud(`${traceId}/${span};o=1;x`), parent(`00-${traceId}-${spanHex}-01`)],
      requestId: `${traceId}/${spanHex}`,
      fields: fields(traceId, spanHex, true),
    }),
    () => ({
      headers: [cloud(`${ZERO_TRACE}/${span};o=1`), parent(`00-${traceId}-${spanHex}-01`)],
      requestId: `${ZERO_TRACE}/${span}`,
      fields: fields(traceId, spanHex, true),
    }),
    // A character before either header's value: not a trace (the pattern is anchored at the start).
    () => ({
      headers: [cloud(`0${traceId}/${span};o=1`), parent(`00-${traceId}-${spanHex}-01`)],
      requestId: `${traceId}/${spanHex}`,
      fields: fields(traceId, spanHex, true),
    }),
    () => ({ headers: [parent(`000-${traceId}-${spanHex}-01`)], requestId: undefined, fields: {} }),
    // No valid trace at all: the runner makes a UUID, and no line carries a trace.
    () => ({ headers: [parent(`00-${ZERO_TRACE}-${spanHex}-01`)], requestId: `${ZERO_TRACE}/${spanHex}`, fields: {} }),
    () => ({ headers: [parent(`00-${traceId.toUpperCase()}-${spanHex}-01`)], requestId: undefined, fields: {} }),
    () => ({
      headers: [cloud(`${traceId.slice(1)}/${span};o=1`), parent(`01-${traceId}-${spanHex}-01-x`)],
      requestId: undefined,
      fields: {},
    }),
    () => ({ headers: [], requestId: undefined, fields: {} }),
  ];
  // Google's senders (Pub/Sub push, Eventarc, Cloud Tasks, Cloud Scheduler) call the service through its front
  // end, which always passes on a valid X-Cloud-Trace-Context: the first nine forms.
  const forms = frontEnd ? variants.slice(0, 9) : variants;
  return (forms[index % forms.length] as () => Trace)();
}

/**
 * The log lines as a case expects them: a line of a traced request (its request id) must carry exactly the
 * trace fields of that request, which are then taken off; a line that lacks them, or has others, keeps them
 * and gains `traceFieldsExpected`, so the strict comparison fails on it. Any other line is left as it is.
 */
function withTraceChecked(line: string, traces: ReadonlyMap<string, Record<string, unknown>>): string {
  if (/[\u2028\u2029]/.test(line)) return line; // the suite refuses it as it is
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return line;
  const record = parsed as Record<string, unknown>;
  const expected = typeof record.requestId === "string" ? traces.get(record.requestId) : undefined;
  if (expected === undefined) return line;
  const traceKeys = [TRACE_FIELD, SPAN_FIELD, SAMPLED_FIELD];
  const present = Object.fromEntries(traceKeys.filter((key) => Object.hasOwn(record, key)).map((key) => [key, record[key]]));
  const same =
    Object.keys(present).length === Object.keys(expected).length &&
    Object.entries(expected).every(([key, value]) => Object.hasOwn(present, key) && present[key] === value);
  const rest = same
    ? Object.fromEntries(Object.entries(record).filter(([key]) => !traceKeys.includes(key)))
    : { ...record, traceFieldsExpected: expected };
  return JSON.stringify(rest).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** How the client's address reaches a request with no `clientIp` of its own and no client-sent `x-forwarded-for`. */
const LOOPBACK_CLIENT_IP = "127.0.0.1";

function httpRequest(spec: HttpRequestSpec, host: string): Sent & { clientIp: string } {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec.headers ?? {}))
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  if (!headers.some(([name]) => name.toLowerCase() === "host")) headers.unshift(["Host", host]);
  // Which way each request goes, by its own bytes (the same in every run).
  const way = createHash("sha256")
    .update(JSON.stringify([spec.method, spec.path, spec.rawQuery ?? "", spec.headers ?? {}, spec.clientIp ?? ""]))
    .digest();
  // Google's front end puts the address the client connected from last in x-forwarded-for. A request that
  // reaches the container directly (a local run, Knative without a proxy in front) has none: the address is
  // the peer's (this loopback client). About one in four of the requests that name no address go that way.
  const forwarded = headers.filter(([name]) => name.toLowerCase() === "x-forwarded-for").map(([, value]) => value);
  // Some requests reach the container only directly: through the front end, an x-forwarded-for always ends in
  // the address it appends (one the client sent ending in an empty entry keeps it empty only without a proxy),
  // and Google's front end does not document passing on an asterisk-form target (`OPTIONS *`).
  const lastEntryEmpty = forwarded.length > 0 && (forwarded.join(",").split(",").at(-1) as string).trim() === "";
  const directOnly = spec.path === "*" || lastEntryEmpty;
  const direct = spec.clientIp === undefined && (directOnly || (forwarded.length === 0 && (way[0] as number) % 4 === 0));
  const clientIp = direct ? LOOPBACK_CLIENT_IP : (spec.clientIp ?? DEFAULT_CLIENT_IP);
  if (!direct) {
    const others = headers.filter(([name]) => name.toLowerCase() !== "x-forwarded-for");
    headers.splice(0, headers.length, ...others, ["X-Forwarded-For", [...forwarded, clientIp].join(", ")]);
  }
  const body =
    spec.bodyBase64 !== undefined ? Buffer.from(spec.bodyBase64, "base64") : spec.body !== undefined ? Buffer.from(spec.body) : undefined;
  // A client that does not know its body's length up front sends it chunked (as an HTTP/2 client's request
  // without one reaches Cloud Run): about half the bodies, by their bytes, so a body always goes the same way.
  // A case that names `transfer-encoding: chunked` gets its body sent so (`http:chunked-request`).
  const named = headers.some(([name, value]) => name.toLowerCase() === "transfer-encoding" && value.toLowerCase() === "chunked");
  const chunked =
    named || (body !== undefined && body.byteLength > 0 && (createHash("sha256").update(body).digest()[0] as number) % 2 === 1);
  if (chunked && !named) headers.push(["Transfer-Encoding", "chunked"]);
  else if (!chunked && body !== undefined) headers.push(["Content-Length", String(body.byteLength)]);
  // A declared length over the limit is refused before the body is read: the body is held back until the answer.
  const holdBody = !chunked && body !== undefined && body.byteLength > BODY_LIMIT_BYTES;
  const query = spec.rawQuery ? `?${spec.rawQuery}` : "";
  let target = spec.path + query;
  // A client talking to the container directly may send the target in absolute-form (`http://host/path?query`,
  // which a server must accept: RFC 9112 §3.2.2): about one in three requests, and every request for the root
  // with a query; the root path without its `/` (`http://host?query`, one in two of those without a query).
  const authority = headers.find(([name]) => name.toLowerCase() === "host")?.[1] ?? host;
  const rootWithQuery = spec.path === "/" && query !== "";
  if (spec.path.startsWith("/") && /^[a-z0-9.-]+(:\d+)?$/i.test(authority) && (rootWithQuery || (way[1] as number) % 3 === 0)) {
    const path = spec.path === "/" && (rootWithQuery || (way[2] as number) % 2 === 0) ? "" : spec.path;
    target = `http://${authority}${path}${query}`;
  }
  return { method: spec.method, target, headers, body, chunked, holdBody, clientIp };
}

/** What a client sees of a request whose connection was cut before any answer (a network error: status 0). */
const NO_ANSWER: Received = { status: 0, statusText: "", rawHeaders: [], body: Buffer.alloc(0), cutOff: true };

/** The hop-by-hop headers a `keepAlive` delivery reports (`http:drain`): whether, and how long, the answer keeps the connection. */
const CONNECTION: ReadonlySet<string> = new Set(["connection", "keep-alive"]);

function readResponse(
  received: Received,
  kept: ReadonlySet<string> = new Set(),
): { output: HttpOutput; native: unknown; problems?: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const lines: Array<[string, string]> = [];
  for (let i = 0; i < received.rawHeaders.length; i += 2) {
    const name = (received.rawHeaders[i] as string).toLowerCase();
    const value = received.rawHeaders[i + 1] as string;
    if (HOP_BY_HOP.has(name) && !kept.has(name)) continue;
    lines.push([name, value]);
    if (name === "set-cookie") cookies.push(value);
    else headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const bodyBase64 = received.body.toString("base64");
  const output: HttpOutput = { kind: "http", status: received.status, headers, cookies, bodyBase64, statusText: received.statusText };
  if (received.cutOff === true) output.cutOff = true;
  const native = { status: received.status, headers: lines, bodyBase64, ...(received.cutOff ? { cutOff: true } : {}) };
  const problems: string[] = [];
  if (received.bodyAwaited === true)
    problems.push(`a body declared over the limit was held back for ${HOLD_BACK_MS} ms with no answer: the server waited to read it`);
  if (received.continued === true && received.status >= 400)
    problems.push(`a 100 Continue came before the ${received.status}: the client was told to send a body the server refused`);
  // Cloud Run refuses an HTTP/1 response that declares a length over 32 MiB (a chunked one has no limit).
  if (Number(headers["content-length"]) > DECLARED_LENGTH_LIMIT_BYTES)
    problems.push(
      `the response declares ${headers["content-length"]} bytes, over Cloud Run's ${DECLARED_LENGTH_LIMIT_BYTES}-byte limit: it refuses it`,
    );
  return problems.length === 0 ? { output, native } : { output, native, problems };
}

const PUSH_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

/** A Pub/Sub push request of one neutral message (the single delivery model: one message per request). */
function pushRequest(batch: MessagesSpec): Sent {
  const [message, ...more] = batch.messages;
  if (message === undefined || more.length > 0) throw new Error(`a Pub/Sub push carries exactly one message, got ${batch.messages.length}`);
  const envelope = {
    subscription: "projects/conformance/subscriptions/conformance",
    message: {
      data: Buffer.from(message.body).toString("base64"),
      attributes: message.attributes ?? {},
      messageId: message.id,
      message_id: message.id,
      publishTime: message.publishedAt,
      ...(batch.ordered ? { orderingKey: "conformance" } : {}),
    },
  };
  const body = Buffer.from(JSON.stringify(envelope));
  return {
    method: "POST",
    target: "/",
    headers: [
      ["Host", "conformance.a.run.app"],
      ["Content-Type", "application/json"],
      ["User-Agent", PUSH_AGENT],
      ["Content-Length", String(body.byteLength)],
    ],
    body,
  };
}

/** A native `native:gcp-http` input (`{ method, path, headers, body }`) as the request Google sends. */
function googleRequest(event: unknown): Sent {
  const {
    method = "POST",
    path = "/",
    headers = {},
    body = "",
  } = event as { method?: string; path?: string; headers?: Record<string, string>; body?: string };
  const bytes = Buffer.from(body);
  return {
    method,
    target: path,
    headers: [["Host", "conformance.a.run.app"], ...Object.entries(headers), ["Content-Length", String(bytes.byteLength)]],
    body: bytes,
  };
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

/**
 * The format of a Google delivery's answer (Pub/Sub push, Eventarc, Cloud Tasks, Cloud Scheduler): its sender
 * reads only the status, but the answer is compared whole where a case names it (`native`).
 */
const DELIVERY_FORMAT = "cloud-run:delivery";

/** A delivery's answer as `DELIVERY_FORMAT` has it: status, headers but the server's `date`, body as text. */
function deliveryAnswer(output: HttpOutput): { status: number; headers: Record<string, string>; cookies: string[]; body: string } {
  const { date: _date, ...headers } = output.headers;
  return { status: output.status, headers, cookies: output.cookies, body: Buffer.from(output.bodyBase64, "base64").toString("utf8") };
}

/** Reads a delivery's answer the way its sender does: a message acknowledged or not, an event done or retried. */
function deliveryOutput(output: HttpOutput, recorded: EventView[]): Output {
  const error = Buffer.from(output.bodyBase64, "base64").toString("utf8");
  const [event] = recorded;
  // Nothing reached the app: answered before the handler (a malformed delivery): the HTTP answer is the outcome.
  if (event === undefined) return output;
  if (event.kind === "messages") {
    const ids = (event.messages as Array<{ id: string }>).map((message) => message.id);
    return { kind: "messages", failed: is2xx(output.status) ? [] : ids };
  }
  return is2xx(output.status) ? { kind: "event", ok: true } : { kind: "event", ok: false, error };
}

/** A Cloud Scheduler HTTP-target request for a neutral schedule input. */
function schedulerRequest(scheduledTime: string, jobName: string): Sent {
  return {
    method: "POST",
    target: "/",
    headers: [
      ["Host", "conformance.a.run.app"],
      ["User-Agent", "Google-Cloud-Scheduler"],
      ["X-CloudScheduler", "true"],
      ["X-CloudScheduler-JobName", jobName],
      ["X-CloudScheduler-ScheduleTime", scheduledTime],
      ["Content-Length", "0"],
    ],
  };
}

const conformanceServer = fileURLToPath(new URL("./conformance-server.ts", import.meta.url));

async function bundleServer(): Promise<string> {
  // A folder of this process: a shared one would take another checkout's bundle (several run tests on one machine).
  const dir = await mkdtemp(join(tmpdir(), "fnport-cloud-run-"));
  const outfile = join(dir, "cloud-run-conformance-server.mjs");
  await build({
    entryPoints: [conformanceServer],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    conditions: ["source"],
    logLevel: "silent",
  });
  return outfile;
}

interface ServerProcess {
  child: ChildProcess;
  /** Under mutation testing, brings back the coverage the process counted (after it exited). */
  collectCoverage(): Promise<void>;
  port: number;
  lines: string[];
  exited: Promise<number | null>;
}

function startServer(file: string, deployment: Deployment, deploy: DeploySpec | undefined): Promise<ServerProcess> {
  const mutation = followServer();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !(PROJECT_VARIABLES as readonly string[]).includes(name)),
  );
  const child = spawn(process.execPath, [file], {
    env: {
      ...inherited,
      ...deployment.env,
      ...mutation.env,
      PORT: "0",
      CONFORMANCE_MAX_BODY_BYTES: String(BODY_LIMIT_BYTES),
      // Cloud Run itself sends a larger body chunked; the option guards a platform that refuses it (Cloud Functions).
      // A case that sends more (`noResponseLimit`) deploys without it.
      ...(deploy?.noResponseLimit === true ? {} : { CONFORMANCE_MAX_RESPONSE_BYTES: String(RESPONSE_LIMIT_BYTES) }),
      // The service's request timeout (`--timeout`), when the case deploys one; else cloudRun()'s default.
      ...(deploy?.timeoutMs === undefined ? {} : { CONFORMANCE_TIMEOUT_MS: String(deploy.timeoutMs) }),
      // The service verifies who sends its deliveries (`verified-deliveries`).
      ...(deploy?.verifiedDeliveries === true ? { CONFORMANCE_VERIFIED_DELIVERIES: "1" } : {}),
      // The one path deliveries are events on, when the case deploys one (`eventPath`).
      ...(deploy?.eventPath === undefined ? {} : { CONFORMANCE_EVENT_PATH: deploy.eventPath }),
      // How long it drains when stopped (`http:drain-timeout`), when the case deploys one; else cloudRun()'s default.
      ...(deploy?.drainTimeoutMs === undefined ? {} : { CONFORMANCE_DRAIN_TIMEOUT_MS: String(deploy.drainTimeoutMs) }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((resolve, reject) => {
    // The server's "listening on port" line and the port cloudRun() resolved with (conformance-server.ts prints it).
    let listening: string | undefined;
    let port: string | undefined;
    const started = (): void => {
      if (listening === undefined || port === undefined) return;
      const problem = listeningProblem(listening, port);
      if (problem === undefined) resolve({ child, port: Number(port), lines, exited, collectCoverage: mutation.collect });
      else {
        child.kill("SIGKILL");
        reject(new Error(problem));
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = "";
      stream?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const served = port === undefined ? /^conformance-port (.*)$/.exec(line) : null;
          if (served) port = served[1] as string;
          else if (listening === undefined && line.includes('"message":"listening on port ')) listening = line;
          else lines.push(line);
          if (served || line === listening) started();
        }
      });
    }
    void exited.then((code) => reject(new Error(`the conformance server exited with ${code} before listening: ${lines.join("\n")}`)));
  });
}

/**
 * What is wrong with the line cloudRun() logs once it listens, exactly as it documents it (its server logger:
 * info, the provider, no request), given the port `cloudRun()` resolved with: undefined when nothing is.
 */
function listeningProblem(line: string, port: string): string | undefined {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `the "listening on port" line is not JSON: ${line}`;
  }
  const expected = {
    level: "info",
    severity: "INFO",
    time: record.time,
    message: `listening on port ${port}`,
    provider: "cloud-run",
    port: Number(port),
  };
  const valid = /^\d+$/.test(port) && typeof record.time === "string" && !Number.isNaN(Date.parse(record.time));
  return valid && JSON.stringify(record) === JSON.stringify(expected)
    ? undefined
    : `cloudRun() resolved with port ${port}, and its "listening on port" line is not ${JSON.stringify(expected)}: ${line}`;
}

const FLUSH_MARK = "conformance-flush-";
let flushes = 0;

/**
 * Waits until every line the server wrote so far is in: it prints through two pipes, so the app writes
 * a mark on both, and each pipe's earlier lines are in once its mark is.
 */
async function flush(server: ServerProcess, host: string): Promise<void> {
  const mark = `${FLUSH_MARK}${++flushes}`;
  await send(server.port, { method: "GET", target: `${FLUSH_PATH}?mark=${mark}`, headers: [["Host", host]] });
  const until = Date.now() + 10_000;
  while (server.lines.filter((line) => line === mark).length < 2) {
    if (Date.now() > until) throw new Error(`the server did not print ${mark} on stdout and stderr within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const capabilities: Capability[] = [
  "http",
  "http:body-as-sent",
  "client-ip",
  "repeated-values",
  "messages",
  "delivery:single",
  "message-attributes",
  "ordered-messages",
  "schedule",
  "schedule-name",
  "storage",
  "cloudevent",
  "logs",
  "deadline",
  "native:gcp-http",
  "http:stream-cut-off",
  "http:stream-backpressure",
  "http:body-limit",
  "http:chunked-request",
  "http:asterisk-form",
  "http:response-limit",
  "deploy-timeout",
  "http:client-leaves-stream",
  "http:declared-length-limit",
  "http:status-text",
  "http:content-length",
  "http:expect-continue",
  "http:drain",
  "verified-deliveries",
  "deploy-event-path",
  "http:drain-timeout",
  "instance-exit",
  "logs:drain",
];

/** The Cloud Run harness (see the module comment). */
export function cloudRunHarness(): ConformanceHarness {
  let bundled: Promise<string> | undefined;
  const meter = cloudRunMeter();
  return {
    name: "cloud-run",
    capabilities: new Set(capabilities),
    provider: "cloud-run",
    messageSource: "gcp.pubsub",
    providerHeaders: {
      request: {
        "content-length": "the HTTP client frames the body it sends",
        "transfer-encoding": "the HTTP client frames the body it sends (chunked when it does not give its length)",
        connection: "hop-by-hop: how the HTTP client holds its connection",
        "x-cloud-trace-context": "Google's front end traces every request (the request id comes from it)",
        traceparent: "Google's front end adds the W3C trace context too",
        "x-forwarded-for": "Google's front end appends the address the client connected from",
      },
      response: {
        date: "the server dates every response",
        "content-length": "the server frames the body it sends",
      },
    },
    lacks: {
      "schedule-cron": "Cloud Scheduler's request names the job and the time, not the job's cron expression",
      "native:aws-lambda": "Cloud Run receives HTTP, not Lambda events",
      "native:gcp-background": "1st gen background events reach Cloud Functions (1st gen) only",
      "delivery:per-message": "Pub/Sub push, Eventarc and Cloud Tasks deliver one message per request (single)",
      "delivery:all-or-nothing": "Pub/Sub push, Eventarc and Cloud Tasks deliver one message per request (single)",
      "http:client-disconnect":
        "ctx.waitUntil work is awaited before the response is sent (Cloud Run gives CPU only while a request is handled): work that waits for the client to leave holds the response back",
    },
    async start(deploy?: DeploySpec): Promise<HarnessInstance> {
      const timeoutMs = deploy?.timeoutMs ?? TIMEOUT_MS;
      bundled ??= bundleServer();
      const file = await bundled;
      // The process starts with the first input, which picks its deployment (deploymentOf).
      let started: Promise<ServerProcess> | undefined;
      let deployment: Deployment | undefined;
      const serverFor = (input: CaseInput): Promise<ServerProcess> => {
        if (started === undefined) {
          deployment = deploymentOf(input);
          started = startServer(file, deployment, deploy);
        }
        return started;
      };
      const hostOf = (server: ServerProcess): string => `127.0.0.1:${server.port}`;
      /** A delivery of a neutral input as its sender makes it: signed by a trusted sender when the service verifies them. */
      const signed = (sent: Sent): Sent => {
        if (deploy?.verifiedDeliveries === true) sent.headers.push(["Authorization", `Bearer ${TRUSTED_TOKEN}`]);
        return sent;
      };
      const recordedViews = async (server: ServerProcess): Promise<EventView[]> => {
        const received = await send(server.port, { method: "GET", target: RECORDED_PATH, headers: [["Host", hostOf(server)]] });
        const views: unknown = JSON.parse(received.body.toString("utf8"));
        // A failing adapter answers this request too (a generic 500): say so rather than fail reading it.
        if (!Array.isArray(views))
          throw new Error(`the app answered ${received.status} to the recorded-events request: ${JSON.stringify(views)}`);
        return views as EventView[];
      };
      /** The recorded views once the app recorded more than `before` events: its handler runs. */
      const untilRecorded = async (server: ServerProcess, before: number): Promise<EventView[]> => {
        for (;;) {
          const views = await recordedViews(server);
          if (views.length > before) return views;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      /** Request id → the trace fields its log lines must carry (see withTraceChecked). */
      const traces = new Map<string, Record<string, unknown>>();
      // The instance's requests take the trace forms in turn, from one its first request picks (the same in every
      // run: a case's requests do not depend on the order cases run in), so a case of many requests meets them all.
      let traceIndex: number | undefined;
      /** Adds the trace headers the request arrives with (unless it names its own) and returns its request id. */
      const traced = (sent: Sent, frontEnd = false): string | undefined => {
        const named = sent.headers.some(([name]) => ["x-cloud-trace-context", "traceparent"].includes(name.toLowerCase()));
        if (named) return undefined;
        // Not the host: it names the port, which differs from run to run.
        const kept = sent.headers.filter(([name]) => name.toLowerCase() !== "host");
        const seed = JSON.stringify([sent.method, sent.target, kept, sent.body?.toString("base64")]);
        traceIndex = traceIndex === undefined ? createHash("sha256").update(seed).digest().readUInt32BE() : traceIndex + 1;
        const { headers, requestId, fields } = trace(traceIndex, frontEnd, deployment?.projectId);
        sent.headers.push(...headers);
        if (requestId !== undefined) traces.set(requestId, fields);
        return requestId;
      };
      /** Sends a delivery (trace headers added) and reads it back by what the app recorded meanwhile. */
      const deliverGoogle = async (server: ServerProcess, sent: Sent): Promise<Delivery> => {
        const requestId = traced(sent, true);
        const before = delivered ? (await recordedViews(server)).length : 0;
        delivered = true;
        const deadline = Date.now() + timeoutMs;
        const { output } = readResponse(await send(server.port, sent));
        const recorded = (await recordedViews(server)).slice(before);
        return {
          output: deliveryOutput(output, recorded),
          native: deliveryAnswer(output),
          format: DELIVERY_FORMAT,
          requestId,
          deadline,
          deadlineLatest: Date.now() + timeoutMs,
        };
      };
      // Asking for the recorded views is an invocation too: before the first delivery there is nothing to
      // ask, and asking would spend the instance's cold start.
      let delivered = false;
      /** What the app recorded before the instance was told to stop (`keepAlive` with `drain`): it takes no request after. */
      let stoppedViews: EventView[] | undefined;
      // The client of `keepAlive` deliveries keeps its connections (idle between requests) until the instance closes them.
      const keeping = new Agent({ keepAlive: true });
      return {
        async deliver(input: CaseInput): Promise<Delivery> {
          const server = await serverFor(input);
          if (input.kind === "messages") return deliverGoogle(server, signed(pushRequest(input.batch)));
          if (input.kind === "native") return deliverGoogle(server, googleRequest(input.event));
          delivered = true;
          if (input.kind === "http") {
            const sent = httpRequest(input.request, hostOf(server));
            const requestId = traced(sent);
            const deadline = Date.now() + timeoutMs;
            return {
              ...readResponse(await send(server.port, sent)),
              format: "cloud-run:http",
              requestId,
              // The deadline starts when the request arrives: somewhere between sending it and the answer.
              deadline,
              deadlineLatest: Date.now() + timeoutMs,
              clientIp: sent.clientIp,
            };
          }
          if (input.kind === "schedule") {
            const sent = signed(schedulerRequest(input.scheduledTime, input.name));
            const requestId = traced(sent, true);
            const { output } = readResponse(await send(server.port, sent));
            const ok = output.status >= 200 && output.status < 300;
            const error = Buffer.from(output.bodyBase64, "base64").toString("utf8");
            return {
              output: ok ? { kind: "event", ok: true } : { kind: "event", ok: false, error },
              native: deliveryAnswer(output),
              format: DELIVERY_FORMAT,
              requestId,
            };
          }
          throw new Error(`the cloud-run harness cannot deliver ${(input as { kind: string }).kind} inputs`);
        },
        async open(input: CaseInput): Promise<OpenedResponse> {
          if (input.kind !== "http") throw new Error(`the cloud-run harness opens HTTP requests only, not ${input.kind}`);
          const server = await serverFor(input);
          delivered = true;
          const sent = httpRequest(input.request, hostOf(server));
          traced(sent);
          return open(server.port, sent);
        },
        async keepAlive(input: CaseInput, drain: boolean): Promise<Delivery> {
          if (input.kind !== "http") throw new Error(`the cloud-run harness keeps HTTP connections only, not ${input.kind}`);
          const server = await serverFor(input);
          const sent = httpRequest(input.request, hostOf(server));
          sent.headers.push(["Connection", "keep-alive"]);
          const requestId = traced(sent);
          const before = delivered ? (await recordedViews(server)).length : 0;
          delivered = true;
          const deadline = Date.now() + timeoutMs;
          // A stopping instance cuts what still runs at its drain timeout: no answer at all (`http:drain-timeout`).
          const answer = drain ? send(server.port, sent, keeping).catch(() => NO_ANSWER) : send(server.port, sent, keeping);
          if (drain) {
            // Cloud Run stops the instance (SIGTERM) while the handler runs.
            stoppedViews = await untilRecorded(server, before);
            server.child.kill("SIGTERM");
          }
          return {
            ...readResponse(await answer, CONNECTION),
            format: "cloud-run:http",
            requestId,
            deadline,
            deadlineLatest: Date.now() + timeoutMs,
            clientIp: sent.clientIp,
          };
        },
        async exitCode(): Promise<number | null> {
          if (started === undefined || stoppedViews === undefined) throw new Error("exitCode(): the instance was not told to stop");
          return (await started).exited;
        },
        async leave(input: CaseInput): Promise<void> {
          if (input.kind !== "http") throw new Error(`the cloud-run harness leaves HTTP requests only, not ${input.kind}`);
          const server = await serverFor(input);
          const before = delivered ? (await recordedViews(server)).length : 0;
          delivered = true;
          const sent = httpRequest(input.request, hostOf(server));
          traced(sent);
          await leave(server.port, sent, () => untilRecorded(server, before));
        },
        async recorded(): Promise<EventView[]> {
          if (stoppedViews !== undefined) return stoppedViews;
          return delivered && started !== undefined ? recordedViews(await started) : [];
        },
        async logs(): Promise<string[]> {
          if (started === undefined) return [];
          const server = await started;
          // A stopped instance has every line in once it exited; a running one is flushed.
          if (stoppedViews !== undefined) await server.exited;
          else if (delivered) await flush(server, hostOf(server));
          return server.lines.filter((line) => !line.startsWith(FLUSH_MARK)).map((line) => withTraceChecked(line, traces));
        },
        async close(): Promise<void> {
          keeping.destroy();
          const server = await started?.catch(() => undefined); // one that never started was reported by its delivery
          if (server === undefined) return;
          server.child.kill("SIGTERM");
          await server.exited;
          await server.collectCoverage();
        },
      };
    },
    meter: {
      cold: (which) => meter.cold(which),
      warm: (which, count) => meter.warm(which, count),
      throughput: (which, durationMs) => meter.throughput(which, durationMs),
      firstByte: (which, count) => meter.firstByte(which, count),
    },
    async dispose() {
      await meter.dispose();
    },
  };
}

const harness: ConformanceHarness = cloudRunHarness();
export default harness;
