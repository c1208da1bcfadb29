import type { Logger } from "../logger.ts";
import { isBodyless } from "./fetch-response.ts";
import type { EncodedHttpResponse } from "./result.ts";

/**
 * A body produced while it is sent: a `ReadableStream`, or any async iterable (an async generator, a node
 * `Readable`) of `Uint8Array` chunks or strings (sent as UTF-8).
 */
export type BodyStream = ReadableStream<Uint8Array> | ReadableStream<string> | AsyncIterable<Uint8Array | string>;

/** True for a `ReadableStream` or an async iterable (duck-typed: a stream from another realm counts too). */
export function isBodyStream(value: unknown): value is BodyStream {
  if (typeof value !== "object" || value === null) return false;
  return (
    typeof (value as ReadableStream).getReader === "function" ||
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

/** The message of the one log line written when a streamed body fails after the status went out. */
export const STREAM_FAILED_MESSAGE = "http response body failed while streaming";

const utf8 = new TextEncoder();

function chunkBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return utf8.encode(chunk);
  if (chunk instanceof Uint8Array) return chunk;
  const got = chunk === null ? "null" : ArrayBuffer.isView(chunk) ? chunk.constructor.name : typeof chunk;
  throw new TypeError(`Invalid chunk in a streamed body: expected a Uint8Array or a string, got ${got}`);
}

type Pull = () => Promise<IteratorResult<unknown>>;

/**
 * A streamed response body, read once, in order: `read()` gives each chunk as bytes (strings UTF-8 encoded,
 * empty chunks skipped) and `undefined` at the end. A source that fails, or yields something other than bytes
 * or a string, rejects `read()`; that failure is logged once (with the request id, once the runner has bound
 * the invocation's logger). `cancel()` releases the source (the client left, or the status has no body).
 */
export class ResponseStream implements AsyncIterable<Uint8Array> {
  readonly #source: BodyStream;
  #pull: Pull | undefined;
  #release: ((reason: unknown) => Promise<unknown>) | undefined;
  #log: Logger | undefined;
  #done = false;
  #failed = false;

  constructor(source: BodyStream) {
    this.#source = source;
  }

  /** Where a failure of the source is logged (the runner binds `ctx.log`). */
  logTo(log: Logger): void {
    this.#log = log;
  }

  #open(): Pull {
    const source = this.#source;
    if (typeof (source as ReadableStream).getReader === "function") {
      const reader = (source as ReadableStream<unknown>).getReader();
      this.#release = (reason) => reader.cancel(reason);
      return () => reader.read() as Promise<IteratorResult<unknown>>;
    }
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    this.#release = async () => iterator.return?.();
    return () => iterator.next();
  }

  /** The next chunk as bytes, or `undefined` when the body is complete. */
  async read(): Promise<Uint8Array | undefined> {
    if (this.#done) return undefined;
    this.#pull ??= this.#open();
    try {
      for (;;) {
        const step = await this.#pull();
        if (step.done === true) {
          this.#done = true;
          return undefined;
        }
        const bytes = chunkBytes(step.value);
        if (bytes.byteLength > 0) return bytes;
      }
    } catch (error) {
      this.#done = true;
      this.#fail(error);
      if (error instanceof TypeError && error.message.startsWith("Invalid chunk")) await this.#quietRelease(error);
      throw error;
    }
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#log?.error(STREAM_FAILED_MESSAGE, { error });
  }

  async #quietRelease(reason: unknown): Promise<void> {
    try {
      await this.#release?.(reason);
    } catch {
      // The source is abandoned either way.
    }
  }

  /** Stops reading and releases the source; later reads end the body. Never rejects. */
  async cancel(reason?: unknown): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    if (this.#pull === undefined) {
      // Never read: release without opening a reader on a source nobody will read.
      const source = this.#source as Partial<ReadableStream<unknown>> & Partial<AsyncIterable<unknown>>;
      try {
        if (typeof source.cancel === "function") await source.cancel(reason);
        else await source[Symbol.asyncIterator]?.().return?.();
      } catch {
        // Nothing to report: nobody reads this body.
      }
      return;
    }
    await this.#quietRelease(reason);
  }

  /** True once the source failed (or yielded a chunk that is not bytes or a string). */
  get failed(): boolean {
    return this.#failed;
  }

  /** True once the body ended, failed or was cancelled. */
  get finished(): boolean {
    return this.#done;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      for (let chunk = await this.read(); chunk !== undefined; chunk = await this.read()) yield chunk;
    } finally {
      // A consumer that stops early (`break`, a client that left) releases the source; after the end, nothing to release.
      await this.cancel(new Error("The response body was not read to the end"));
    }
  }

  /** The body as a Fetch `ReadableStream` (for a `Response`): pulled one chunk at a time, cancelled with it. */
  toReadableStream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const chunk = await this.read();
          if (chunk === undefined) controller.close();
          else controller.enqueue(chunk);
        },
        cancel: (reason) => this.cancel(reason),
      },
      { highWaterMark: 0 },
    );
  }
}

/** The errors `collectStream` throws for a body over its limit (the result was too large, the handler did not fail). */
const overLimit = new WeakSet<object>();

/** True for the error of a streamed body that passed the most an integration can buffer. */
export function isBufferLimitError(error: unknown): boolean {
  // `WeakSet.has` is false for a primitive, null and undefined.
  return overLimit.has(error as object);
}

/**
 * Reads a whole streamed body into one `Uint8Array` (for an integration that cannot stream). Past `maxBytes` it
 * stops reading at once, cancels the stream and rejects with a `RangeError` naming the limit.
 */
export async function collectStream(stream: ResponseStream, maxBytes: number = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await stream.read(); chunk !== undefined; chunk = await stream.read()) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await stream.cancel(new RangeError("The streamed body is too large to buffer"));
      const error = new RangeError(
        `The streamed body is over ${maxBytes} bytes, the most this integration can buffer: stream it, or send less`,
      );
      overLimit.add(error);
      throw error;
    }
    chunks.push(chunk);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * A streamed response as the runner hands it over: its failures logged with the invocation's logger; for
 * a status without a body (204, 304, ...) or a `HEAD` request, the stream is released and dropped.
 */
export function boundStream(response: EncodedHttpResponse, method: string, log: Logger): EncodedHttpResponse {
  const stream = response.stream as ResponseStream;
  if (isBodyless(response.status, method)) {
    void stream.cancel();
    return { ...response, stream: undefined };
  }
  stream.logTo(log);
  return response;
}
