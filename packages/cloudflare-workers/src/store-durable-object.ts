import type { StoredEntry, StoreReply, StoreRequest } from "./_store-protocol.ts";
import type { DurableObjectStateLike, DurableObjectStorageLike } from "./store-types.ts";

const ENTRY = "k:";
const EXPIRY = "x:";
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Expiry index keys sort by time: `x:<15-digit epoch ms>:<key>`.
const expiryKey = (expiresAt: number, key: string): string => `${EXPIRY}${String(expiresAt).padStart(15, "0")}:${key}`;

/**
 * The Durable Object behind `durableObjectStore`: export it from your worker and bind it (see the
 * README). It keeps each key as an entry in its storage; a Durable Object runs one storage
 * operation sequence at a time (input gates), so every read-check-write here is atomic. An alarm
 * deletes expired keys; reads never return them in the meantime.
 */
export class StoreDurableObject {
  readonly #storage: DurableObjectStorageLike;

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  async fetch(request: { text(): Promise<string> }): Promise<Response> {
    let reply: StoreReply;
    try {
      reply = await this.#handle(JSON.parse(await request.text()) as StoreRequest);
    } catch (error) {
      reply = { error: "bad-request", message: error instanceof Error ? error.message : String(error) };
    }
    return new Response(JSON.stringify(reply), { headers: { "content-type": "application/json" } });
  }

  /** Deletes the keys whose expiry passed, then waits for the next one. */
  async alarm(): Promise<void> {
    const now = Date.now();
    const due = await this.#storage.list<string>({ prefix: EXPIRY, end: expiryKey(now + 1, ""), limit: 500 });
    const remove: string[] = [];
    for (const [indexKey, key] of due) {
      remove.push(indexKey);
      const entry = await this.#storage.get<StoredEntry>(ENTRY + key);
      if (entry?.x !== undefined && entry.x <= now) remove.push(ENTRY + key);
    }
    if (remove.length > 0) await this.#storage.delete(remove);
    const [next] = await this.#storage.list<string>({ prefix: EXPIRY, limit: 1 });
    if (next !== undefined) await this.#storage.setAlarm(Math.max(now + 1, Number(next[0].slice(EXPIRY.length, EXPIRY.length + 15))));
  }

  async #live(key: string): Promise<StoredEntry | undefined> {
    const entry = await this.#storage.get<StoredEntry>(ENTRY + key);
    return entry?.x !== undefined && entry.x <= Date.now() ? undefined : entry;
  }

  /** Writes `entry` for `key`, replacing `previous`, and keeps the expiry index and alarm in step. */
  async #write(key: string, entry: StoredEntry, previous: StoredEntry | undefined): Promise<void> {
    const changes: Record<string, unknown> = { [ENTRY + key]: entry };
    if (entry.x !== undefined) changes[expiryKey(entry.x, key)] = key;
    if (previous?.x !== undefined && previous.x !== entry.x) await this.#storage.delete([expiryKey(previous.x, key)]);
    await this.#storage.put(changes);
    if (entry.x !== undefined) {
      const alarm = await this.#storage.getAlarm();
      if (alarm === null || alarm > entry.x) await this.#storage.setAlarm(entry.x);
    }
  }

  async #handle(request: StoreRequest): Promise<StoreReply> {
    switch (request.op) {
      case "get": {
        const entry = await this.#live(request.key);
        return { result: entry === undefined ? null : { json: entry.j, version: entry.v } };
      }
      case "set": {
        const { key, condition } = request;
        const previous = await this.#storage.get<StoredEntry>(ENTRY + key);
        const live = previous?.x !== undefined && previous.x <= Date.now() ? undefined : previous;
        if (condition !== null && ("absent" in condition ? live !== undefined : live?.v !== condition.version)) return { result: false };
        const x = request.ttlMs === "keep" ? live?.x : request.ttlMs === null ? undefined : Date.now() + request.ttlMs;
        await this.#write(
          key,
          x === undefined ? { j: request.json, v: crypto.randomUUID() } : { j: request.json, v: crypto.randomUUID(), x },
          previous,
        );
        return { result: true };
      }
      case "delete": {
        const previous = await this.#storage.get<StoredEntry>(ENTRY + request.key);
        if (request.version !== null) {
          const live = previous?.x !== undefined && previous.x <= Date.now() ? undefined : previous;
          if (live?.v !== request.version) return { result: false };
        }
        const remove = [ENTRY + request.key];
        if (previous?.x !== undefined) remove.push(expiryKey(previous.x, request.key));
        await this.#storage.delete(remove);
        return { result: true };
      }
      case "increment": {
        const { key, by } = request;
        const previous = await this.#storage.get<StoredEntry>(ENTRY + key);
        const live = previous?.x !== undefined && previous.x <= Date.now() ? undefined : previous;
        const current: unknown = live === undefined ? 0 : JSON.parse(live.j);
        if (typeof current !== "number" || !Number.isSafeInteger(current)) return { error: "not-integer" };
        const next = current + by;
        if (Math.abs(next) > MAX_SAFE) return { error: "overflow" };
        const x = live === undefined ? (request.ttlMs === null ? undefined : Date.now() + request.ttlMs) : live.x;
        await this.#write(
          key,
          x === undefined ? { j: String(next), v: crypto.randomUUID() } : { j: String(next), v: crypto.randomUUID(), x },
          previous,
        );
        return { result: next };
      }
      case "list": {
        const { prefix, limit, cursor } = request;
        const page = await this.#storage.list<StoredEntry>({
          prefix: ENTRY + prefix,
          limit,
          ...(cursor === null ? {} : { startAfter: ENTRY + cursor }),
        });
        const now = Date.now();
        const keys: string[] = [];
        let last: string | undefined;
        for (const [storageKey, entry] of page) {
          last = storageKey.slice(ENTRY.length);
          if (entry.x === undefined || entry.x > now) keys.push(last);
        }
        return { result: page.size === limit && last !== undefined ? { keys, cursor: last } : { keys } };
      }
      default:
        return { error: "bad-request", message: `unknown operation ${(request as { op: unknown }).op}` };
    }
  }
}
