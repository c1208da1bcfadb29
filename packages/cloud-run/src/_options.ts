// The options of toNodeHandler() and cloudRun() checked when they are built, and their defaults: configuration,
// not translation (no delivery carries it: a deployment sets its own limits, as the conformance server sets the
// suite's), so the conformance runs of mutation testing leave this file out; _options.test.ts holds it.
import type { DeliveryVerifier } from "@fnport/core/adapter";

/** Cloud Run's default request timeout (5 minutes). */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Cloud Run's request size limit for HTTP/1 (32 MiB). */
export const DEFAULT_MAX_BODY_BYTES: number = 32 * 1024 * 1024;
/** Cloud Run sends SIGKILL 10 s after SIGTERM: drain within 9 s by default, so the process still exits on its own. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 9_000;

/** The limits of `toNodeHandler()`, checked, with their defaults; `Infinity` where there is none. */
export interface Limits {
  timeoutMs: number;
  maxBodyBytes: number;
  maxResponseBytes: number;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

/** `timeoutMs`, `maxBodyBytes` and `maxResponseBytes` (at least 1024) as given, or their defaults; a `RangeError` for a value that is not one. */
export function checkedLimits(options: {
  timeoutMs?: number | undefined;
  maxBodyBytes?: number | undefined;
  maxResponseBytes?: number | undefined;
}): Limits {
  const timeoutMs = positive("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxBodyBytes = positive("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const maxResponseBytes = positive("maxResponseBytes", options.maxResponseBytes, Number.POSITIVE_INFINITY);
  // The generic 500 that replaces a body over the limit must itself fit.
  if (maxResponseBytes < 1024) throw new RangeError(`maxResponseBytes must be at least 1024, got ${maxResponseBytes}`);
  return { timeoutMs, maxBodyBytes, maxResponseBytes };
}

/** Whether deliveries become events (default `true`); a `TypeError` for a verifier with nothing to verify. */
export function checkedEvents(events: boolean | undefined, verify: DeliveryVerifier | undefined): boolean {
  const on = events ?? true;
  if (verify !== undefined && !on) throw new TypeError("toNodeHandler(): verify checks event deliveries, and events: false has none");
  return on;
}

/** The `eventPath` option as a set of paths, `undefined` for every path; a `TypeError` for a path without its leading `/`. */
export function checkedEventPaths(paths: string | readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (paths === undefined) return undefined;
  const allowed = new Set(typeof paths === "string" ? [paths] : paths);
  for (const path of allowed)
    if (typeof path !== "string" || !path.startsWith("/"))
      throw new TypeError(`toNodeHandler(): eventPath must start with "/", got ${JSON.stringify(path)}`);
  return allowed;
}

/** The port `cloudRun()` listens on: `value`, else `$PORT` (`envPort`), else 8080; a `RangeError` for one that is not a port. */
export function listenPort(value: number | undefined, envPort: string | undefined): number {
  const port = value ?? (envPort === undefined || envPort === "" ? 8080 : Number(envPort));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`cloudRun(): port must be an integer from 0 to 65535, got ${value ?? envPort}`);
  return port;
}
