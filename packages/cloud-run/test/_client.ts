// A node:http client that sends exactly what a test says (repeated headers, no body framing of its
// own choosing) and reads back exactly what came: the raw header lines and the body bytes.
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { type CloudRunApp, type CloudRunOptions, type CloudRunServer, cloudRun } from "../src/index.ts";

export interface SentRequest {
  method?: string;
  path?: string;
  /** `[name, value]` pairs, sent in order (a name may repeat). */
  headers?: Array<[string, string]>;
  body?: string | Uint8Array;
  agent?: Agent | false;
}

export interface ReceivedResponse {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  /** Header lines as received: `[name, value, name, value, ...]`. */
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json(): unknown;
}

/** Sends one request to 127.0.0.1:`port` and resolves with the whole response. */
export function send(port: number, sent: SentRequest = {}): Promise<ReceivedResponse> {
  // Node's client adds no Host header to headers given as pairs; HTTP/1.1 requires one (Node's server answers 400 without).
  const headers = sent.headers ?? [];
  if (!headers.some(([name]) => name.toLowerCase() === "host")) headers.unshift(["Host", `127.0.0.1:${port}`]);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: sent.method ?? "GET",
        path: sent.path ?? "/",
        headers: headers.flat(),
        agent: sent.agent ?? false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const body = Buffer.concat(chunks);
          const text = body.toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            statusMessage: response.statusMessage ?? "",
            headers: response.headers,
            rawHeaders: response.rawHeaders,
            body,
            text,
            json: () => JSON.parse(text),
          });
        });
        response.on("error", reject);
      },
    );
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

/** Starts a server on an ephemeral loopback port for a test (no signal handlers); close it after. */
export function serve<Deps, Env>(app: CloudRunApp<Deps, Env>, options: CloudRunOptions = {}): Promise<CloudRunServer> {
  return cloudRun(app, { port: 0, host: "127.0.0.1", handleSignals: false, write: () => {}, ...options });
}

/** A log writer that keeps every line, parsed, but the server's own "listening on port N". */
export function logCollector(): { lines: Array<Record<string, unknown>>; write: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    write: (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (!String(parsed.message).startsWith("listening on port ")) lines.push(parsed);
    },
  };
}
