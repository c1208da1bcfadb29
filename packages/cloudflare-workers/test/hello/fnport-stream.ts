// The meter's streamed fnport hello: the suite's streamed hello app behind `worker()`.
import { streamedHelloApp } from "@fnport/conformance/hello";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const handlers: WorkerHandlers = worker(streamedHelloApp);
export default handlers;
