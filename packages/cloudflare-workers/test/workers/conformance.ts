// The conformance app as a Worker, as the harness runs it (conformance.ts).
import { BODY_READ_LIMIT_BYTES, createConformanceApp } from "@fnport/conformance/app";
import { type WorkerHandlers, worker } from "../../src/index.ts";

/**
 * The deployment's `timeoutMs`, which the harness sets when it bundles this worker (esbuild's `define`), as each
 * deployment fixes its own: Workers has no wall-clock limit, the suite holds the one the adapter sets.
 */
declare const CONFORMANCE_TIMEOUT_MS: number;

const handlers: WorkerHandlers = worker(createConformanceApp().app, {
  timeoutMs: CONFORMANCE_TIMEOUT_MS,
  maxBodyBytes: BODY_READ_LIMIT_BYTES,
});
export default handlers;
