// The Pocket harness through the suite as vitest tests (`pnpm test` in this repository).
import { resolveHarnesses } from "@fnport/conformance";
import { describeConformance } from "@fnport/conformance/vitest";
import harnesses from "./conformance.ts";

describeConformance(await resolveHarnesses(harnesses, "test/conformance.ts"));
