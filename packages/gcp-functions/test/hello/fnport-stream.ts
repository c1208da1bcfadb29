// The meter's streamed fnport hello: the suite's streamed hello app registered with cloudFunction().
import { streamedHelloApp } from "@fnport/conformance/hello";
import { cloudFunction } from "../../src/index.ts";

/** Registers the streamed hello under `name`. */
export function register(name: string): void {
  cloudFunction(name, streamedHelloApp);
}
