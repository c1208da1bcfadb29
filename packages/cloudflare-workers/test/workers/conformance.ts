// The conformance app as a Worker, as the harness runs it (conformance.ts).
import { BODY_READ_LIMIT_BYTES, createConformanceApp } from "@fnport/conformance/app";
import { type WorkerHandlers, worker } from "../../src/index.ts";
import { TIMEOUT_MS } from "./conformance-timeout.ts";

const handlers: WorkerHandlers = worker(createConformanceApp().app, { timeoutMs: TIMEOUT_MS, maxBodyBytes: BODY_READ_LIMIT_BYTES });
export default handlers;
