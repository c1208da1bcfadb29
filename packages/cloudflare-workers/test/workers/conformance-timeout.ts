/** The conformance worker's `timeoutMs`: Workers has no wall-clock limit of its own, the suite holds the one the adapter sets. */
export const TIMEOUT_MS = 30_000;
