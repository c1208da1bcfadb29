// The real Functions Framework in this process: `cloudFunction()` registers under a fresh name, the
// framework's own test server (`getTestServer`, the Express app its CLI runs) listens on a loopback
// port, and a node:http client sends exactly what a test says and reads back exactly what came.
import { type Agent, request as httpRequest, type IncomingHttpHeaders, type RequestOptions, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { CloudRunApp } from "@fnport/cloud-run";
import { type OpenedResponse, openedResponse } from "@fnport/conformance";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { type CloudFunctionOptions, cloudFunction } from "../src/index.ts";

export interface SentRequest {
  method?: string;
  path?: string;
  /** `[name, value]` pairs, sent in order (a name may repeat). */
  headers?: Array<[string, string]>;
  body?: string | Uint8Array | undefined;
  agent?: Agent | false;
}

export interface ReceivedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header lines as received: `[name, value, name, value, ...]`. */
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json(): unknown;
  /** The head arrived but the body did not complete: the server cut the connection (a streamed body that failed). */
  cutOff?: boolean;
}

/** The request `sent` describes, to 127.0.0.1:`port` (a `Host` header added unless it names one). */
function requestTo(port: number, sent: SentRequest): RequestOptions {
  const headers = [...(sent.headers ?? [])];
  if (!headers.some(([name]) => name.toLowerCase() === "host")) headers.unshift(["Host", `127.0.0.1:${port}`]);
  return {
    host: "127.0.0.1",
    port,
    method: sent.method ?? "GET",
    path: sent.path ?? "/",
    headers: headers.flat(),
    agent: sent.agent ?? false,
  };
}

/** Sends one request and resolves once its head arrived, the body left for a slow reader. */
export function open(port: number, sent: SentRequest = {}): Promise<OpenedResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(requestTo(port, sent), (response) => resolve(openedResponse(response)));
    request.on("error", reject);
    request.end(sent.body);
  });
}

/** Sends one request to 127.0.0.1:`port` and resolves with the whole response. */
export function send(port: number, sent: SentRequest = {}): Promise<ReceivedResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(requestTo(port, sent), (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      const received = (cutOff: boolean): ReceivedResponse => {
        const body = Buffer.concat(chunks);
        const text = body.toString("utf8");
        return {
          status: response.statusCode ?? 0,
          headers: response.headers,
          rawHeaders: response.rawHeaders,
          body,
          text,
          json: () => JSON.parse(text),
          ...(cutOff ? { cutOff } : {}),
        };
      };
      response.on("end", () => resolve(received(false)));
      response.on("error", () => resolve(received(true)));
    });
    request.on("error", reject);
    request.end(sent.body);
  });
}

/** The response's header lines without the ones Node adds to every response (`date`, `connection`, `keep-alive`). */
export function ownHeaderLines(response: ReceivedResponse): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    const name = (response.rawHeaders[i] as string).toLowerCase();
    if (name !== "date" && name !== "connection" && name !== "keep-alive") lines.push([name, response.rawHeaders[i + 1] as string]);
  }
  return lines;
}

/** A function served by the framework's test server on a loopback port. */
export interface ServedFunction {
  port: number;
  name: string;
  close(): Promise<void>;
}

let functions = 0;
const serving = new Set<ServedFunction>();

/** Registers `app` with `cloudFunction()` under a new name and serves it with the framework's test server. */
export async function serveFunction<Deps, Env>(app: CloudRunApp<Deps, Env>, options: CloudFunctionOptions = {}): Promise<ServedFunction> {
  const name = `fn-test-${++functions}`;
  cloudFunction(name, app, { write: () => {}, env: {}, ...options });
  const server: Server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const served: ServedFunction = {
    port: (server.address() as AddressInfo).port,
    name,
    close: () =>
      new Promise((resolve) => {
        serving.delete(served);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  serving.add(served);
  return served;
}

/** Closes every function a test served (call it in `afterEach`). */
export async function closeAll(): Promise<void> {
  await Promise.all([...serving].map((served) => served.close()));
}

/** A log writer that keeps every line, parsed. */
export function logCollector(): { lines: Array<Record<string, unknown>>; write: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
}
