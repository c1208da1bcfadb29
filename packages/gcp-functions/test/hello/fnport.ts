// The meter's fnport hello: the suite's hello app registered with cloudFunction(), as a deployment's entry file.
import { helloApp } from "@fnport/conformance/hello";
import { cloudFunction } from "../../src/index.ts";

/** Registers the hello under `name` (the meter's in-process copy takes a name of its own). */
export function register(name: string): void {
  cloudFunction(name, helloApp);
}

register("hello");
