import type { KeyValueStore } from "@fnport/core";

/** What a check is given. */
export interface StoreCheckContext {
  store: KeyValueStore;
  /** A prefix no other check or run uses: every key of the check starts with it. */
  prefix: string;
  /** The TTL expiry is checked with, in seconds. */
  ttlSeconds: number;
  /** How long an eventual store may take to show a write, in ms (0 for a strong one). */
  settleMs: number;
}

/** One check of the store suite. */
export interface StoreCheck {
  id: string;
  title: string;
  /** Why the check does not apply to `store`, or undefined when it does. */
  skip?(store: KeyValueStore): string | undefined;
  run(context: StoreCheckContext): Promise<void>;
}
