// test/conformance.test.ts: the same cases as vitest tests
import { resolveHarnesses } from "@fnport/conformance";
import { describeConformance } from "@fnport/conformance/vitest";
import harnesses from "./conformance.ts";

describeConformance(await resolveHarnesses(harnesses));
