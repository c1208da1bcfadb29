// The conformance harness module of @fnport/cloudflare-workers (`fnport-conformance --harness` loads it;
// so does conformance.test.ts): the conformance app bundled like wrangler bundles it, run by the real
// workerd runtime through Miniflare; each `start()` is a fresh Miniflare instance, i.e. a cold isolate.
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import type {
  Capability,
  CaseInput,
  ConformanceHarness,
  Delivery,
  EventView,
  HarnessInstance,
  HttpOutput,
  HttpRequestSpec,
  MessagesSpec,
} from "@fnport/conformance";
import { RECORDED_PATH } from "@fnport/conformance/app";
import type { Miniflare } from "miniflare";
import { workersMeter } from "./conformance-meter.ts";
import { bundleSource, collectLines, ORIGIN, startMiniflare } from "./conformance-workerd.ts";

const QUEUE = "conformance";

// The conformance app as a Worker module; bundled from stdin (resolved from this folder) so that no entry file is needed.
// With \`timeoutMs\`: Workers has no wall-clock limit of its own, and the suite holds the one the adapter sets.
const TIMEOUT_MS = 30_000;
const CONFORMANCE_WORKER = `
import { createConformanceApp } from "@fnport/conformance/app";
import { worker } from "../src/index.ts";
export default worker(createConformanceApp().app, { timeoutMs: ${TIMEOUT_MS} });
`;

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

/**
 * Sends the request over a real socket and reads the response as sent: `dispatchFetch` (undici's fetch)
 * would undo a `content-encoding` the worker's bytes carry, and the client under test sees the bytes.
 */
async function wireFetch(mf: Miniflare, url: string, init: RequestInit): Promise<WireResponse> {
  const target = new URL(new URL(url).pathname + new URL(url).search, await mf.ready);
  const headers = (init.headers ?? []) as Array<[string, string]>;
  const body = init.body as string | Buffer | undefined;
  return new Promise((resolve, reject) => {
    const outgoing: Record<string, string | string[]> = {};
    for (const [name, value] of headers) {
      const existing = outgoing[name];
      outgoing[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const request = httpRequest(target, { method: init.method ?? "GET", headers: outgoing }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const lines: Array<[string, string]> = [];
        for (let i = 0; i < response.rawHeaders.length; i += 2) {
          lines.push([(response.rawHeaders[i] as string).toLowerCase(), response.rawHeaders[i + 1] as string]);
        }
        resolve({ status: response.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks) });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
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
  const timestamp = new Date();
  return batch.messages.map((message) => ({ id: message.id, timestamp, attempts: 1, body: message.body }));
}

async function deliver(mf: Miniflare, input: CaseInput): Promise<Delivery> {
  switch (input.kind) {
    case "http": {
      const { url, init, rayId } = requestInit(input.request, `${randomBytes(8).toString("hex")}-CONF`);
      const deadline = Date.now() + TIMEOUT_MS;
      const { output, native } = readResponse(await wireFetch(mf, url, init));
      return { output, native, requestId: rayId, deadline };
    }
    case "messages": {
      const result = await (await mf.getWorker()).queue(QUEUE, queueMessages(input.batch));
      const failedBatch = result.retryBatch.retry || result.outcome !== "ok";
      return {
        output: failedBatch
          ? { kind: "messages", batchFailed: true, error: `queue handler outcome: ${result.outcome}` }
          : { kind: "messages", failed: result.retryMessages.map((retry) => retry.msgId) },
        native: result,
      };
    }
    case "schedule": {
      const result = await (await mf.getWorker()).scheduled({ scheduledTime: new Date(input.scheduledTime), cron: input.cron });
      return {
        output:
          result.outcome === "ok"
            ? { kind: "event", ok: true }
            : { kind: "event", ok: false, error: `scheduled handler outcome: ${result.outcome}` },
        native: result,
      };
    }
    case "native":
      throw new Error("unsupported: the Workers harness delivers neutral inputs only (there are no native Workers fixtures)");
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
  ]);
  // Every Miniflare still running (instances not closed by a case, the meter's warm ones): disposed by
  // `dispose()`; on a process exit without it, Miniflare's own exit hook stops their workerd processes.
  const instances = new Set<Miniflare>();
  let script: Promise<string> | undefined;
  const meter = workersMeter(instances);
  return {
    name: "cloudflare-workers",
    capabilities,
    lacks: {
      storage: "Workers has no storage-event trigger; R2 notifications arrive as queue messages",
      cloudevent: "Workers has no CloudEvents trigger",
      "ordered-messages": "Queues promise no order",
      "native:aws-lambda": "AWS fixtures are Lambda events",
    },
    meter,
    async start(): Promise<HarnessInstance> {
      script ??= bundleSource(CONFORMANCE_WORKER, new URL(".", import.meta.url), false);
      const lines: string[] = [];
      const mf = startMiniflare(await script, collectLines(lines));
      instances.add(mf);
      await mf.ready;
      // Reading the record is itself a request to the app: before the first delivery there is nothing to
      // read, and asking would spend the isolate's cold start (and its init) on the harness.
      let delivered = false;
      return {
        deliver(input) {
          delivered = true;
          return deliver(mf, input);
        },
        async recorded() {
          if (!delivered) return [];
          const response = await mf.dispatchFetch(`${ORIGIN}${RECORDED_PATH}`);
          return (await response.json()) as EventView[];
        },
        // Only the JSON lines: workerd may print its own notices on the same streams.
        logs: async () => lines.filter((line) => line.startsWith("{")),
        async close() {
          if (instances.delete(mf)) await mf.dispose();
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
