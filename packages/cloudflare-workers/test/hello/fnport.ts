// The meter's fnport hello: the suite's hello app behind `worker()`, as `export default worker(app)` deploys it.
import { helloApp } from "@fnport/conformance/hello";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const handlers: WorkerHandlers = worker(helloApp);
export default handlers;
