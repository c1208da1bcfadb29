// The store suite: what every `KeyValueStore` must do, checked on its real backend. Each check keeps
// its keys under its own prefix, so checks and runs never see each other's keys.
import {
  ifAbsent,
  ifAbsentConcurrent,
  increment,
  incrementConcurrent,
  refusesAtomic,
  ttl,
  update,
  updateConcurrent,
  versions,
} from "./_checks-atomic.ts";
import { basics, declares, jsonValues, keys, largeValue, listPaging, refusesBadArguments, refusesNonJson, signal } from "./_checks-data.ts";
import type { StoreCheck } from "./_types.ts";

export { stringOfJsonBytes } from "./_assert.ts";
export type { StoreCheck, StoreCheckContext } from "./_types.ts";

/** Every check, in the order they run. */
export const storeChecks: readonly StoreCheck[] = [
  declares,
  basics,
  jsonValues,
  keys,
  largeValue,
  refusesNonJson,
  refusesBadArguments,
  ttl,
  ifAbsent,
  ifAbsentConcurrent,
  versions,
  increment,
  incrementConcurrent,
  update,
  updateConcurrent,
  listPaging,
  signal,
  refusesAtomic,
];
