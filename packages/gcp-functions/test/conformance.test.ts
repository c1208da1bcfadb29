// The GCF harnesses through the suite as vitest tests (`pnpm test`): every applicable case, through the real framework.
import { resolveHarnesses } from "@fnport/conformance";
import { describeConformance } from "@fnport/conformance/vitest";
import harnesses from "./conformance.ts";

describeConformance(await resolveHarnesses(harnesses, "test/conformance.ts"));
