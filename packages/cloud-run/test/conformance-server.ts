// The conformance app behind cloudRun(), as its own server process (bundled by the harness): it listens
// on $PORT and prints its log lines (and the port it got) on stdout, as on Cloud Run.
import { conformanceVerifier, createConformanceApp } from "@fnport/conformance/app";
import { cloudRun } from "../src/index.ts";
import { writeCoverageAtExit } from "./_mutation.ts";

// Under mutation testing: the coverage StrykerJS's instrumented code counted, written at exit.
writeCoverageAtExit();

// The harness deploys with the suite's request and response body limits (`http:body-limit`, `http:response-limit`)
// and, when a case asks for them, a request timeout (`deploy-timeout`), an event path (`deploy-event-path`) and a
// drain timeout (`http:drain-timeout`).
const numberFrom = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));
const maxBodyBytes = numberFrom(process.env.CONFORMANCE_MAX_BODY_BYTES);
const maxResponseBytes = numberFrom(process.env.CONFORMANCE_MAX_RESPONSE_BYTES);
const timeoutMs = numberFrom(process.env.CONFORMANCE_TIMEOUT_MS);
// A case with `deploy.verifiedDeliveries` (`verified-deliveries`): deliveries are checked by the suite's verifier.
const verify = process.env.CONFORMANCE_VERIFIED_DELIVERIES === "1" ? conformanceVerifier() : undefined;
// The path deliveries are events on, when a case deploys one (`deploy-event-path`).
const eventPath = process.env.CONFORMANCE_EVENT_PATH;
const drainTimeoutMs = numberFrom(process.env.CONFORMANCE_DRAIN_TIMEOUT_MS);
const options = { host: "127.0.0.1", maxBodyBytes, maxResponseBytes, timeoutMs, verify, eventPath, drainTimeoutMs };
const server = await cloudRun(createConformanceApp().app, options);
// The harness reads the port from what cloudRun() resolved with (and checks the line it logged says the same).
console.log(`conformance-port ${server.port}`);
