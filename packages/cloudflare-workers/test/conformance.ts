// The conformance harness module of @fnport/cloudflare-workers (`fnport-conformance --harness` loads it;
// so does conformance.test.ts): the conformance app bundled like wrangler bundles it, run by the real
// workerd runtime through Miniflare; each `start()` is a fresh Miniflare instance, i.e. a cold isolate.
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { Duplex } from "node:stream";
import type {
  Capability,
  CaseInput,
  ConformanceHarness,
  Delivery,
  DeploySpec,
  EventView,
  HarnessInstance,
  HttpOutput,
  HttpRequestSpec,
  MessagesSpec,
  OpenedResponse,
  QueueBatchSpec,
  QueueBodySpec,
} from "@fnport/conformance";
import { BODY_READ_LIMIT_BYTES, openedResponse } from "@fnport/conformance";
import { FLUSH_PATH, RECORDED_PATH } from "@fnport/conformance/app";
import type { Miniflare } from "miniflare";
import { followWorker, mutationEntry, underMutation } from "./_mutation.ts";
import { workersMeter } from "./conformance-meter.ts";
import { bundleSource, collectLines, ORIGIN, startMiniflare } from "./conformance-workerd.ts";

const QUEUE = "conformance";
/** The conformance worker's `timeoutMs` unless a case deploys another (`deploy-timeout`): Workers has none of its own. */
const TIMEOUT_MS = 30_000;

// The conformance app as a Worker module (workers/conformance.ts), bundled from stdin, behind the entry
// mutation testing needs (a plain re-export outside it).
const CONFORMANCE_WORKER = mutationEntry("./workers/conformance.ts");

/** The request for `spec`; the edge's `cf-ray` (the request id) is added unless the spec sends its own. */
function requestInit(spec: HttpRequestSpec, rayId: string): { url: string; init: RequestInit; rayId: string } {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) headers.push([name, one]);
  }
  const sentRay = headers.find(([name]) => name.toLowerCase() === "cf-ray");
  if (sentRay) rayId = sentRay[1];
  else headers.push(["cf-ray", rayId]);
  // The edge sets cf-connecting-ip to the address the client connected from.
  if (spec.clientIp !== undefined) headers.push(["cf-connecting-ip", spec.clientIp]);
  // `manual`: a redirect result is the response under test, not something to follow.
  const init: RequestInit = { method: spec.method, headers, redirect: "manual" };
  if (spec.bodyBase64 !== undefined) init.body = Buffer.from(spec.bodyBase64, "base64");
  else if (spec.body !== undefined) init.body = spec.body;
  const query = spec.rawQuery ? `?${spec.rawQuery}` : "";
  return { url: `${ORIGIN}${spec.path}${query}`, init, rayId };
}

// `mf-*` headers are Miniflare's own (it decodes the edge compression it emulates and says so in
// `MF-Content-Encoding`); the worker never sent them.
const isMiniflareHeader = (name: string): boolean => name.startsWith("mf-");

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A response as it crossed the socket: its header lines, lower-cased, and its body bytes, not decoded. */
interface WireResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Header lines as node's client takes them: a repeated name as an array. */
function outgoingHeaders(headers: Array<[string, string]>): Record<string, string | string[]> {
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const existing = outgoing[name];
    outgoing[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return outgoing;
}

/** Node's raw header list as lines, names lower-cased. */
function headerLines(rawHeaders: string[]): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  for (let i = 0; i < rawHeaders.length; i += 2) lines.push([(rawHeaders[i] as string).toLowerCase(), rawHeaders[i + 1] as string]);
  return lines;
}

/** How long the server end of an upgraded connection may take to close it. */
const WEBSOCKET_CLOSE_MS = 10_000;

/**
 * What the client of an upgraded connection (`workers:websocket`) reads: the server's frames (unmasked, RFC 6455
 * section 5) until its close frame, which is answered with a close of our own. Resolves to the JSON body
 * `{ messages, close: { code, reason } }` of the text messages and the close.
 */
function readWebSocket(socket: Duplex, head: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    let pending = head;
    let fragments: Buffer[] = [];
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`the server end of the WebSocket did not close within ${WEBSOCKET_CLOSE_MS} ms`)),
      WEBSOCKET_CLOSE_MS,
    );
    const read = (chunk: Buffer): void => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2) {
        const first = pending[0] as number;
        const second = pending[1] as number;
        if ((second & 0x80) !== 0) {
          fail(new Error("the server sent a masked WebSocket frame"));
          return;
        }
        let length = second & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (pending.length < 4) return;
          length = pending.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (pending.length < 10) return;
          length = Number(pending.readBigUInt64BE(2));
          offset = 10;
        }
        if (pending.length < offset + length) return;
        const payload = pending.subarray(offset, offset + length);
        pending = pending.subarray(offset + length);
        const opcode = first & 0x0f;
        if (opcode === 0x8) {
          clearTimeout(timer);
          const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
          // A client's frames are masked: a zero mask leaves the echoed status code as it is.
          socket.end(Buffer.concat([Buffer.from([0x88, 0x80 | Math.min(payload.length, 2), 0, 0, 0, 0]), payload.subarray(0, 2)]));
          resolve(Buffer.from(JSON.stringify({ messages, close: { code, reason: utf8.decode(payload.subarray(2)) } })));
          return;
        }
        if (opcode === 0x1 || opcode === 0x0) {
          fragments.push(payload);
          // FIN: the message is whole.
          if ((first & 0x80) !== 0) {
            messages.push(utf8.decode(Buffer.concat(fragments)));
            fragments = [];
          }
        } else if (opcode !== 0x9 && opcode !== 0xa) {
          fail(new Error(`the server sent a WebSocket frame of opcode ${opcode}, not text`));
          return;
        }
      }
    };
    socket.on("data", read);
    socket.on("error", fail);
    read(Buffer.alloc(0));
  });
}

/** How long a body declared over the limit is held back for the 413 that needs none of it (it comes at once). */
const HOLD_BACK_MS = 10_000;

/**
 * Whether the request declares a body over the limit the conformance worker reads (`content-length`, as given or
 * as the client frames the body): the worker answers 413 without reading it.
 */
function declaresOverLimit(headers: Array<[string, string]>, body: string | Buffer | undefined): boolean {
  if (body === undefined || headers.some(([name]) => name.toLowerCase() === "transfer-encoding")) return false;
  const declared = headers.find(([name]) => name.toLowerCase() === "content-length");
  return Number(declared === undefined ? Buffer.byteLength(body) : declared[1]) > BODY_READ_LIMIT_BYTES;
}

/**
 * Sends the request over a real socket and reads the response as sent: `dispatchFetch` (undici's fetch)
 * would undo a `content-encoding` the worker's bytes carry, and the client under test sees the bytes. An
 * upgraded connection (101) is read as a WebSocket client reads it (`readWebSocket`).
 *
 * A body declared over the limit is held back until the answer comes, as curl holds back a large body: workerd
 * answers 413 without reading it and closes the connection, and body bytes it never read would reset the
 * connection, whose reset can beat the answer to the client. Sent after `HOLD_BACK_MS` without an answer.
 */
async function wireFetch(mf: Miniflare, url: string, init: RequestInit): Promise<WireResponse> {
  const target = new URL(new URL(url).pathname + new URL(url).search, await mf.ready);
  const headers = (init.headers ?? []) as Array<[string, string]>;
  const body = init.body as string | Buffer | undefined;
  const holdBody = declaresOverLimit(headers, body);
  // A held-back body is framed by its content-length, as node's client frames a body written at once.
  const framed: Array<[string, string]> =
    holdBody && !headers.some(([name]) => name.toLowerCase() === "content-length")
      ? [...headers, ["content-length", String(Buffer.byteLength(body ?? ""))]]
      : headers;
  return new Promise((resolve, reject) => {
    let held: NodeJS.Timeout | undefined;
    let bodySent = !holdBody;
    let answered = false;
    const request = httpRequest(target, { method: init.method ?? "GET", headers: outgoingHeaders(framed) }, (response) => {
      answered = true;
      clearTimeout(held);
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: headerLines(response.rawHeaders), body: Buffer.concat(chunks) });
        // The request was never finished: its connection is not one to send another request on.
        if (!bodySent) request.destroy();
      });
      response.on("error", reject);
    });
    request.on("upgrade", (response, socket, head) => {
      readWebSocket(socket, head).then(
        (messages) => resolve({ status: response.statusCode ?? 0, headers: headerLines(response.rawHeaders), body: messages }),
        reject,
      );
    });
    // Once the answer came, a failure to send the rest of the request changes nothing the client gets.
    request.on("error", (error) => {
      clearTimeout(held);
      if (!answered) reject(error);
    });
    if (holdBody) {
      request.flushHeaders();
      held = setTimeout(() => {
        bodySent = true;
        request.end(body);
      }, HOLD_BACK_MS);
    } else request.end(body);
  });
}

/** Sends the request over a real socket and resolves once the head arrived, the body left for a slow reader. */
async function wireOpen(mf: Miniflare, spec: HttpRequestSpec): Promise<OpenedResponse> {
  const { url, init } = requestInit(spec, `${randomBytes(8).toString("hex")}-CONF`);
  const target = new URL(new URL(url).pathname + new URL(url).search, await mf.ready);
  const headers = outgoingHeaders(init.headers as Array<[string, string]>);
  return new Promise((resolve, reject) => {
    const request = httpRequest(target, { method: init.method ?? "GET", headers, agent: false }, (response) =>
      resolve(openedResponse(response)),
    );
    request.on("error", reject);
    request.end(init.body as string | Buffer | undefined);
  });
}

// Header lines the socket adds that the worker never sent (the framing of the response).
const FRAMING_HEADERS: ReadonlySet<string> = new Set(["transfer-encoding", "connection", "keep-alive", "date"]);

function readResponse(response: WireResponse): { output: HttpOutput; native: unknown } {
  const entries = response.headers.filter(([name]) => !isMiniflareHeader(name) && !FRAMING_HEADERS.has(name));
  const headers: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (name !== "set-cookie") headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const bytes = response.body;
  let body: { body: string } | { bodyBase64: string };
  try {
    body = { body: utf8.decode(bytes) };
  } catch {
    body = { bodyBase64: bytes.toString("base64") };
  }
  return {
    output: {
      kind: "http",
      status: response.status,
      headers,
      cookies: entries.filter(([name]) => name === "set-cookie").map(([, value]) => value),
      bodyBase64: bytes.toString("base64"),
    },
    native: { status: response.status, headers: entries, ...body },
  };
}

/** Workers messages carry no attributes: the neutral ones are dropped. */
function queueMessages(batch: MessagesSpec) {
  return batch.messages.map((message) => ({ id: message.id, timestamp: new Date(message.publishedAt), attempts: 1, body: message.body }));
}

/** A structured-clone body of a `native:cloudflare-queue` input (`QueueBodySpec`), as the producer sent it. */
function cloneBody(spec: QueueBodySpec): unknown {
  if (spec.as === undefined) return spec.value;
  const value = spec.value as never;
  switch (spec.as) {
    case "Map":
      return new Map(value);
    case "Set":
      return new Set(value);
    case "Uint8Array":
      return new Uint8Array(value);
    case "Uint16Array":
      return new Uint16Array(value);
    case "ArrayBuffer":
      return new Uint8Array(value).buffer;
    case "DataView": {
      const { bytes, offset, length } = spec.value as { bytes: number[]; offset: number; length: number };
      return new DataView(new Uint8Array(bytes).buffer, offset, length);
    }
    case "BigInt":
      return BigInt(value);
    case "Date":
      return new Date(value);
    case "RegExp": {
      const { source, flags } = spec.value as { source: string; flags: string };
      return new RegExp(source, flags);
    }
    case "Error": {
      const { name, message } = spec.value as { name: string; message: string };
      return name === "RangeError" ? new RangeError(message) : new Error(message);
    }
    case "Object":
      return Object.fromEntries(Object.entries(spec.value as Record<string, QueueBodySpec>).map(([key, one]) => [key, cloneBody(one)]));
    case "Cycle": {
      const cycle: { value: unknown; self?: unknown } = { value: spec.value };
      cycle.self = cycle;
      return cycle;
    }
  }
}

/** A `native:cloudflare-queue` batch as Queues hands it to the Worker. */
function nativeQueueMessages(batch: QueueBatchSpec) {
  return batch.messages.map((message) => ({
    id: message.id,
    timestamp: new Date(message.timestamp),
    attempts: message.attempts,
    body: cloneBody(message.body),
  }));
}

interface QueueResult {
  outcome: string;
  ackAll: boolean;
  retryBatch: { retry: boolean };
  explicitAcks: string[];
  retryMessages: Array<{ msgId: string }>;
}

/**
 * Which messages Queues delivers again, message by message: the ones retried (`retry()`, `retryAll()`).
 * Our adapter settles every message itself, so one it neither acknowledged nor retried (whose fate would
 * follow the invocation's outcome: done if it returned, again if it threw), or both, is a problem.
 */
export function readQueueResult(result: QueueResult, ids: readonly string[]): { failed: string[]; problems: string[] } {
  const failed: string[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    const acked = result.ackAll || result.explicitAcks.includes(id);
    const retried = result.retryBatch.retry || result.retryMessages.some((retry) => retry.msgId === id);
    if (acked && retried) problems.push(`message ${id} was both acknowledged and retried`);
    else if (!acked && !retried) {
      problems.push(
        `message ${id} was neither acknowledged nor retried (outcome ${result.outcome}): the adapter left its fate to the runtime`,
      );
    }
    if (retried || (!acked && result.outcome !== "ok")) failed.push(id);
  }
  const unknown = [...result.explicitAcks, ...result.retryMessages.map((retry) => retry.msgId)].filter((id) => !ids.includes(id));
  if (unknown.length > 0) problems.push(`settled messages the batch does not hold: ${unknown.join(", ")}`);
  return { failed, problems };
}

/** Delivers a batch to the Worker's `queue` handler and reads back, message by message, what it settled. */
async function deliverQueue(
  mf: Miniflare,
  messages: Array<{ id: string; timestamp: Date; attempts: number; body: unknown }>,
): Promise<Delivery> {
  const result = (await (await mf.getWorker()).queue(QUEUE, messages)) as QueueResult;
  const { failed, problems } = readQueueResult(
    result,
    messages.map((message) => message.id),
  );
  return { output: { kind: "messages", failed }, native: result, format: "cloudflare-workers:queue", problems };
}

/** Runs the Worker's `scheduled` handler with this controller and reads back its outcome. */
async function deliverScheduled(mf: Miniflare, scheduledTime: string, cron: string): Promise<Delivery> {
  const result = await (await mf.getWorker()).scheduled({ scheduledTime: new Date(scheduledTime), cron });
  return {
    output:
      result.outcome === "ok"
        ? { kind: "event", ok: true }
        : { kind: "event", ok: false, error: `scheduled handler outcome: ${result.outcome}` },
    native: result,
    format: "cloudflare-workers:scheduled",
  };
}

async function deliver(mf: Miniflare, input: CaseInput, timeoutMs: number): Promise<Delivery> {
  switch (input.kind) {
    case "http": {
      const { url, init, rayId } = requestInit(input.request, `${randomBytes(8).toString("hex")}-CONF`);
      // The deadline starts when the request reaches the worker: somewhere between these two clock reads.
      const sent = Date.now();
      const { output, native } = readResponse(await wireFetch(mf, url, init));
      return {
        output,
        native,
        format: "cloudflare-workers:fetch",
        requestId: rayId,
        deadline: sent + timeoutMs,
        deadlineLatest: Date.now() + timeoutMs,
        // Without an address given, Miniflare reports the socket's: loopback.
        clientIp: input.request.clientIp ?? "127.0.0.1",
      };
    }
    case "messages":
      return deliverQueue(mf, queueMessages(input.batch));
    case "schedule":
      return deliverScheduled(mf, input.scheduledTime, input.cron);
    case "native": {
      // `native:cloudflare-queue`: a Queues batch whose bodies are structured-clone values.
      if ("messages" in (input.event as object)) return deliverQueue(mf, nativeQueueMessages(input.event as QueueBatchSpec));
      // `native:cloudflare-scheduled`: a controller as given.
      const { scheduledTime, cron } = input.event as { scheduledTime: string; cron: string };
      return deliverScheduled(mf, scheduledTime, cron);
    }
  }
}

let flushes = 0;

/**
 * Waits until every line the worker wrote so far is in `lines`: workerd prints through two pipes, so the
 * app writes a mark on both and each pipe's earlier lines are in once its mark is.
 */
async function flush(mf: Miniflare, lines: string[]): Promise<void> {
  const mark = `conformance-flush-${++flushes}`;
  await (await mf.dispatchFetch(`${ORIGIN}${FLUSH_PATH}?mark=${mark}`)).arrayBuffer();
  const until = Date.now() + 10_000;
  while (lines.filter((line) => line === mark).length < 2) {
    if (Date.now() > until) throw new Error(`workerd did not print ${mark} on stdout and stderr within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Cloudflare Workers on workerd (Miniflare 4): `fetch`, `queue` and `scheduled` of `worker(app)`. */
export default function workersHarness(): ConformanceHarness & { dispose(): Promise<void> } {
  const capabilities = new Set<Capability>([
    "http",
    "http:body-as-sent",
    "client-ip",
    "messages",
    "delivery:per-message",
    "schedule",
    "repeated-values",
    "logs",
    "deadline",
    "schedule-cron",
    "http:stream-backpressure",
    "native:cloudflare-queue",
    "native:cloudflare-scheduled",
    // The conformance worker runs with `maxBodyBytes: BODY_READ_LIMIT_BYTES`.
    "http:body-limit-on-read",
    "http:chunked-request",
    // With the `enable_request_signal` compatibility flag (docs/porting.md).
    "http:client-disconnect",
    // A handler's own 101 Response with a WebSocketPair end (wireFetch reads the upgraded connection).
    "workers:websocket",
    // The conformance worker is bundled with the case's timeoutMs.
    "deploy-timeout",
  ]);
  // Every Miniflare still running (instances not closed by a case, the meter's warm ones): disposed by
  // `dispose()`; on a process exit without it, Miniflare's own exit hook stops their workerd processes.
  const instances = new Set<Miniflare>();
  // One bundle per deployed timeout.
  const scripts = new Map<number, Promise<string>>();
  const meter = workersMeter(instances);
  return {
    name: "cloudflare-workers",
    capabilities,
    provider: "cloudflare-workers",
    messageSource: "cloudflare.queue",
    providerHeaders: {
      request: {
        "accept-encoding": "the edge rewrites accept-encoding to the encodings it decodes itself",
        "cf-connecting-ip": "the edge sets the address the client connected from",
        "cf-ray": "the edge's id of the request (this harness plays the edge and sets it)",
        connection: "hop-by-hop: how the HTTP client holds its connection",
        "content-length": "the HTTP client frames the body it sends",
        "mf-original-hostname": "Miniflare's own, standing in for the edge in front of the worker",
      },
      response: { "content-length": "the runtime frames the body it sends" },
    },
    lacks: {
      "message-attributes": "Queues messages carry a body and no attributes",
      "schedule-name": "Cron Triggers are known by their cron expression alone",
      storage: "Workers has no storage-event trigger; R2 notifications arrive as queue messages",
      cloudevent: "Workers has no CloudEvents trigger",
      "ordered-messages": "Queues promise no order",
      "native:aws-lambda": "AWS fixtures are Lambda events",
      "http:stream-cut-off":
        "workerd ends a response body whose stream failed as if it were complete (cloudflare/workerd#6818); the failure is logged once",
    },
    meter,
    async start(deploy?: DeploySpec): Promise<HarnessInstance> {
      const lines: string[] = [];
      const timeoutMs = deploy?.timeoutMs ?? TIMEOUT_MS;
      const bundled = () =>
        bundleSource(CONFORMANCE_WORKER, new URL(".", import.meta.url), false, { CONFORMANCE_TIMEOUT_MS: String(timeoutMs) });
      let source = scripts.get(timeoutMs);
      if (source === undefined) {
        source = bundled();
        // Bundled per instance under mutation testing: the bundle carries the mutant and the test.
        if (!underMutation) scripts.set(timeoutMs, source);
      }
      // `enable_request_signal`: a client that leaves aborts request.signal (and so ctx.signal).
      const mf = startMiniflare(await source, collectLines(lines), ["enable_request_signal"]);
      instances.add(mf);
      await mf.ready;
      const followed = followWorker(mf);
      // Reading the record is itself a request to the app: before the first delivery there is nothing to
      // read, and asking would spend the isolate's cold start (and its init) on the harness.
      let delivered = false;
      return {
        deliver(input) {
          delivered = true;
          return deliver(mf, input, timeoutMs);
        },
        open(input) {
          if (input.kind !== "http") throw new Error(`the Workers harness opens HTTP requests only, not ${input.kind}`);
          delivered = true;
          return wireOpen(mf, input.request);
        },
        async recorded() {
          if (!delivered) return [];
          const response = await mf.dispatchFetch(`${ORIGIN}${RECORDED_PATH}`);
          return (await response.json()) as EventView[];
        },
        // Only the JSON lines: workerd may print its own notices on the same streams.
        async logs() {
          if (delivered) await flush(mf, lines);
          return lines.filter((line) => line.startsWith("{"));
        },
        async close() {
          if (!instances.delete(mf)) return;
          await followed.release();
          await mf.dispose();
        },
      };
    },
    async dispose() {
      await meter.dispose();
      const running = [...instances];
      instances.clear();
      await Promise.all(running.map((mf) => mf.dispose()));
    },
  };
}
