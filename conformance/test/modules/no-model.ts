import { fakeHarness } from "../fake-harness.ts";

const harness = fakeHarness({ name: "no model" });
harness.capabilities = new Set(["http", "messages"]);
export default harness;
