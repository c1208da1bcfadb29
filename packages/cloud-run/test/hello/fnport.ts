// The meter's fnport hello: the suite's hello app behind cloudRun(), as a Cloud Run entry deploys it
// (listening on $PORT; it prints the port it got).
import { helloApp } from "@fnport/conformance/hello";
import { cloudRun } from "../../src/index.ts";

await cloudRun(helloApp, { host: process.env.HOST });
