// The meter's streamed fnport hello: the suite's streamed hello app behind `lambda(app, { stream: true })`.
import { streamedHelloApp } from "@fnport/conformance/hello";
import { type LambdaStreamingHandler, lambda } from "../../src/index.ts";

export const handler: LambdaStreamingHandler = lambda(streamedHelloApp, { stream: true });
