// What durableObjectStore sends to StoreDurableObject: one JSON request per operation. Values
// travel as JSON text, already checked by the caller, so the object never parses them.

export type StoreRequest =
  | { op: "get"; key: string }
  | {
      op: "set";
      key: string;
      json: string;
      /** `keep`: keep the key's expiry (update); otherwise ms from now, or null for none. */
      ttlMs: number | null | "keep";
      condition: { absent: true } | { version: string } | null;
    }
  | { op: "delete"; key: string; version: string | null }
  | { op: "increment"; key: string; by: number; ttlMs: number | null }
  | { op: "list"; prefix: string; limit: number; cursor: string | null };

export type StoreReply = { result: unknown } | { error: "not-integer" | "overflow" | "bad-request"; message?: string };

/** An entry as the object stores it under `k:<key>`. */
export interface StoredEntry {
  /** The value's JSON text. */
  j: string;
  /** Version. */
  v: string;
  /** Expiry in epoch ms. */
  x?: number;
}
