// "Your" store for the store-suite sample: here memoryStore() stands in for a Firestore or Postgres store.
import { type KeyValueStore, memoryStore } from "@fnport/core";

export function myStore(): KeyValueStore & { close?(): Promise<void> } {
  return memoryStore();
}
