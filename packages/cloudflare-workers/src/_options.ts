// The options of `worker()` checked when it is built: configuration, not translation (no delivery carries
// it), so the conformance runs of mutation testing leave this file out; worker.test.ts holds it.
import { DEFAULT_MAX_BODY_BYTES } from "./fetch.ts";

/** `maxBodyBytes` (default 32 MiB) and `timeoutMs` as given; a `RangeError` for a value that is not one. */
export function checkedOptions(
  maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES,
  timeoutMs?: number,
): { maxBodyBytes: number; timeoutMs: number | undefined } {
  if (!(maxBodyBytes >= 0)) throw new RangeError(`worker(): maxBodyBytes must be a number of bytes, got ${maxBodyBytes}`);
  if (timeoutMs !== undefined && !(timeoutMs > 0)) {
    throw new RangeError(`worker(): timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  return { maxBodyBytes, timeoutMs };
}
