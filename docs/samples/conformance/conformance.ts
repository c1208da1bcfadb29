// The harness module conformance.test.ts runs: here, the worked example's (examples/pocket-adapter, docs/adapters.md).
export { default } from "../../../examples/pocket-adapter/test/conformance.ts";
