// Every applicable conformance case against a real cloudRun() server process on a loopback port (`pnpm test`).
import { resolveHarnesses } from "@fnport/conformance";
import { describeConformance } from "@fnport/conformance/vitest";
import harness from "./conformance.ts";

describeConformance(await resolveHarnesses(harness, "packages/cloud-run/test/conformance.ts"));
