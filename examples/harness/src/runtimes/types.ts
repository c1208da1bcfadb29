// What a runtime driver offers an example's tests: the example on one provider's local runtime, started fresh,
// spoken to in neutral terms (HTTP requests, queue messages, a scheduled run) that the driver makes native.

/** An HTTP request as a client sends it. */
export interface ClientRequest {
  method: string;
  path: string;
  body?: string;
}

/** What the client saw: the status, the headers the service sets, and the body (parsed when JSON). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A queue message as a producer sent it. */
export interface QueueMessage {
  id: string;
  body: string;
}

/** The service on one runtime, started fresh. */
export interface Instance {
  http(request: ClientRequest): Promise<Answer>;
  /** Delivers the messages as the provider would and resolves to the ids it would deliver again. */
  messages(messages: QueueMessage[]): Promise<string[]>;
  /** Fires the nightly schedule; rejects when the provider would count the run as failed. */
  schedule(): Promise<void>;
  /** The service's JSON log lines so far, and the request id the provider gave each HTTP request. */
  logs(): Promise<Array<Record<string, unknown>>>;
  requestIds(): string[];
  close(): Promise<void>;
}

export interface Runtime {
  name: string;
  start(): Promise<Instance>;
}
