// The options of `worker()` checked when it is built, and their defaults: configuration, not translation (no
// delivery carries it: a deployment sets its own limit, as the conformance worker sets the suite's), so the
// conformance runs of mutation testing leave this file out; _options.test.ts and worker.test.ts hold it.

/** The default of `maxBodyBytes`: 32 MiB, Cloud Run's and Cloud Functions' request limit; an isolate has 128 MB. */
export const DEFAULT_MAX_BODY_BYTES: number = 32 * 1024 * 1024;

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
