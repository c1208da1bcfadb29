// The parts of the Workers KV and Durable Object bindings the stores use, written by hand (see
// native-types.ts for why); store-types.test-d.ts checks the official types are assignable to these.

/** A Workers KV namespace binding (`env.KV`). */
export interface KvNamespaceBinding {
  getWithMetadata(key: string, type: "text"): Promise<{ value: string | null; metadata: unknown }>;
  put(key: string, value: string, options?: { expirationTtl?: number; metadata?: unknown }): Promise<void>;
  delete(key: string): Promise<void>;
  list(options?: {
    prefix?: string | null;
    limit?: number;
    cursor?: string | null;
  }): Promise<{ keys: Array<{ name: string; metadata?: unknown }> } & ({ list_complete: false; cursor: string } | { list_complete: true })>;
}

/** What `fetch` on a Durable Object stub answers (only what the store reads). */
export interface DurableObjectResponse {
  readonly status: number;
  text(): Promise<string>;
}

/** A Durable Object stub (only what the store calls). */
export interface DurableObjectStubLike {
  fetch(input: string, init: { method: string; body: string }): Promise<DurableObjectResponse>;
}

/** A Durable Object namespace binding (`env.STATE`). */
export interface DurableObjectNamespaceBinding<Id = unknown> {
  idFromName(name: string): Id;
  get(id: Id): DurableObjectStubLike;
}

/** The storage of a Durable Object (only what `StoreDurableObject` uses). */
export interface DurableObjectStorageLike {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put(entries: Record<string, unknown>): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list<T = unknown>(options: { prefix?: string; startAfter?: string; end?: string; limit?: number }): Promise<Map<string, T>>;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
}

/** The state a Durable Object's constructor receives (only what `StoreDurableObject` uses). */
export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
}
