// The backpressure check: a large streamed body read by a slow client, and how far ahead of that client the
// app's producer ran, as the app itself counts it.
import { readFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { PRODUCED_PATH } from "./app.ts";
import { LARGE_CHUNK_BYTES } from "./app-streaming.ts";
import type { SlowReadExpectation } from "./cases/types.ts";
import type { CaseInput, HarnessInstance, OpenedResponse } from "./types.ts";

/** Every how many bytes the body's content is checked (each chunk of 64 KiB is checked 16 times). */
const SAMPLE_EVERY = 4096;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A node response as an `OpenedResponse` (for a harness that reads over a socket): each `read()` takes what
 * node has received, and between reads node stops reading the socket once its own buffer is full.
 */
export function openedResponse(response: IncomingMessage): OpenedResponse {
  const chunks = response[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return {
    status: response.statusCode ?? 0,
    async read() {
      const step = await chunks.next();
      return step.done === true ? undefined : new Uint8Array(step.value.buffer, step.value.byteOffset, step.value.byteLength);
    },
    close: () => response.destroy(),
  };
}

/** Where the kernel's socket buffers are not known: what macOS and Windows grow a TCP connection's to, rounded up. */
const UNKNOWN_SOCKET_BUFFERS = 32 * 1024 * 1024;

/**
 * The most a TCP connection between the producer and the client can hold in the kernel: the receive buffer's
 * and the send buffer's ceilings (Linux autotunes both up to `tcp_rmem` and `tcp_wmem`'s last value, and a
 * client that reads fast between pauses gets there). A slow client's producer may run that far ahead too.
 */
export async function socketBufferBytes(): Promise<number> {
  const ceiling = async (name: string): Promise<number> =>
    Number((await readFile(`/proc/sys/net/ipv4/${name}`, "utf8")).trim().split(/\s+/).at(-1));
  try {
    const bytes = (await ceiling("tcp_rmem")) + (await ceiling("tcp_wmem"));
    return Number.isFinite(bytes) ? bytes : UNKNOWN_SOCKET_BUFFERS;
  } catch {
    return UNKNOWN_SOCKET_BUFFERS;
  }
}

/** How much of its `stream-large` body the app says it has produced, asked through another request. */
async function producedBytes(instance: HarnessInstance): Promise<number> {
  const { output } = await instance.deliver({
    kind: "http",
    request: { method: "GET", path: PRODUCED_PATH, headers: { host: "example.test" } },
  });
  if (output.kind !== "http" || output.status !== 200) throw new Error(`${PRODUCED_PATH} answered ${JSON.stringify(output)}`);
  const { bytes } = JSON.parse(Buffer.from(output.bodyBase64, "base64").toString("utf8")) as { bytes: unknown };
  if (typeof bytes !== "number") throw new Error(`${PRODUCED_PATH} answered no byte count`);
  return bytes;
}

/** The offset of the first sampled byte of `chunk` (read from `offset` on) that is not the body's, or undefined. */
function wrongByte(chunk: Uint8Array, offset: number): number | undefined {
  for (let at = (SAMPLE_EVERY - (offset % SAMPLE_EVERY)) % SAMPLE_EVERY; at < chunk.byteLength; at += SAMPLE_EVERY) {
    if (chunk[at] !== Math.floor((offset + at) / LARGE_CHUNK_BYTES) % 251) return offset + at;
  }
  return undefined;
}

/**
 * Opens `input` on `instance`, reads its body as `expect` says (pausing at each of `pausesAt`), and returns every
 * way it differs: the status, the length and content of the body, and the producer running too far ahead.
 */
export async function checkSlowRead(
  instance: HarnessInstance,
  input: CaseInput,
  status: number | undefined,
  expect: SlowReadExpectation,
): Promise<string[]> {
  if (instance.open === undefined) return ["the harness declares http:stream-backpressure, but its instance has no open()"];
  const opened = await instance.open(input);
  const problems: string[] = [];
  if (status !== undefined && opened.status !== status) problems.push(`response.status: expected ${status}, got ${opened.status}`);
  const pauses = [...expect.pausesAt].sort((a, b) => a - b);
  let read = 0;
  let wrong: number | undefined;
  let ahead = 0;
  try {
    for (;;) {
      const chunk = await opened.read();
      if (chunk === undefined) break;
      wrong ??= wrongByte(chunk, read);
      // What one read hands over was held by the client already: only what came before counts as read.
      const consumed = read;
      read += chunk.byteLength;
      while (pauses.length > 0 && read >= (pauses[0] as number)) {
        pauses.shift();
        await sleep(expect.pauseMs);
        ahead = Math.max(ahead, (await producedBytes(instance)) - consumed);
      }
    }
  } catch (error) {
    opened.close();
    problems.push(`the body failed after ${read} bytes: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (read !== expect.bytes) problems.push(`response body: expected ${expect.bytes} bytes, read ${read}`);
  if (wrong !== undefined) problems.push(`response body: byte ${wrong} is not the body's (chunk ${Math.floor(wrong / LARGE_CHUNK_BYTES)})`);
  if (pauses.length > 0) problems.push(`the body ended before the pauses at ${pauses.join(", ")} bytes`);
  const sockets = await socketBufferBytes();
  if (ahead > expect.maxAheadBytes + sockets) {
    problems.push(
      `backpressure: while the client read nothing the app produced ${ahead} bytes beyond what it had read (at most ${expect.maxAheadBytes}, plus ${sockets} the sockets between may hold): a slow client makes the function buffer the body`,
    );
  }
  if (process.env.FNPORT_SLOW_READ_DEBUG) console.log(`slow read: ${read} bytes, producer at most ${ahead} bytes ahead`);
  return problems;
}
