import { fakeHarness } from "../fake-harness.ts";

// A function export: called once per run.
export default async () => [fakeHarness({ name: "good per-message" }), fakeHarness({ name: "good single", model: "single" })];
