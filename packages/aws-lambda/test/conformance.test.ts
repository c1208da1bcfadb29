// Every Lambda harness of conformance.ts through the suite, as vitest tests (`pnpm test`).
import { resolveHarnesses } from "@fnport/conformance";
import { describeConformance } from "@fnport/conformance/vitest";
import harnesses from "./conformance.ts";

describeConformance(await resolveHarnesses(harnesses, "packages/aws-lambda/test/conformance.ts"));
