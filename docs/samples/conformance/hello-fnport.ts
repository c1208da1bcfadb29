// The meter's fnport hello for meter.ts: the worked example's (the suite's hello app behind pocket()).
export { hello } from "../../../examples/pocket-adapter/test/hello-fnport.ts";
