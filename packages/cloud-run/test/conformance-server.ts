// The conformance app behind cloudRun(), as its own server process (bundled by the harness): it listens
// on $PORT and prints its log lines (and the port it got) on stdout, as on Cloud Run.
import { createConformanceApp } from "@fnport/conformance/app";
import { cloudRun } from "../src/index.ts";

await cloudRun(createConformanceApp().app, { host: "127.0.0.1" });
