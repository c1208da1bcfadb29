import { describeConformance } from "@fnport/conformance/vitest";
import harness from "./conformance.ts";

// Every applicable case against a real cloudRun() server process on a loopback port.
describeConformance(harness);
