// The parts of the Workers runtime this adapter reads, written by hand: `@cloudflare/workers-types`
// redeclares globals (Request, Response, ...) and cannot sit beside other types in `src/`.
// `native-types.test-d.ts` checks that the official types are assignable to these.

/** The request headers of an incoming `Request` (only what the adapter reads). */
export interface WorkerRequestHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/** A request body stream (only what the adapter reads). */
export interface WorkerBodyStream {
  getReader(): {
    read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
}

/** The request's `AbortSignal` (only what the adapter reads). */
export interface WorkerRequestSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
}

/** The incoming `Request` of a `fetch` invocation (only what the adapter reads; it is a real Fetch `Request`). */
export interface WorkerRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: WorkerRequestHeaders;
  readonly bodyUsed: boolean;
  readonly body: WorkerBodyStream | null;
  /** Aborted when the client disconnects, with the `enable_request_signal` compatibility flag (never without it). */
  readonly signal?: WorkerRequestSignal;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The third argument of every Workers handler. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}

/** Options of `retry()` and `retryAll()`. */
export interface QueueRetryOptions {
  delaySeconds?: number;
}

/** One message of a Queues batch. */
export interface QueueMessage<Body = unknown> {
  readonly id: string;
  /** When the message was sent. */
  readonly timestamp: Date;
  /** The value the producer sent, deserialised by the runtime (any structured-clone value). */
  readonly body: Body;
  /** 1 on first delivery. */
  readonly attempts: number;
  retry(options?: QueueRetryOptions): void;
  ack(): void;
}

/** The first argument of a `queue` handler. */
export interface MessageBatch<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
  retryAll(options?: QueueRetryOptions): void;
  ackAll(): void;
}

/** The first argument of a `scheduled` handler (a Cron Trigger fired). */
export interface ScheduledController {
  /** Epoch milliseconds. */
  readonly scheduledTime: number;
  /** The cron expression that fired. */
  readonly cron: string;
  noRetry(): void;
}
