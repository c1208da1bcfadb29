// The meter's streamed fnport hello: the suite's streamed hello app behind cloudRun() (listening on $PORT; it prints the port it got).
import { streamedHelloApp } from "@fnport/conformance/hello";
import { cloudRun } from "../../src/index.ts";

await cloudRun(streamedHelloApp, { host: process.env.HOST });
