// The meter's raw hello for meter.ts: the worked example's (a hand-written Pocket function).
export { hello } from "../../../examples/pocket-adapter/test/hello-raw.ts";
