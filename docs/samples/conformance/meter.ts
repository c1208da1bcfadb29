import { nodeMeter } from "@fnport/conformance";

// In your harness module: export default { name, capabilities, meter, start() }
export const meter = nodeMeter({ fnport: new URL("hello-fnport.ts", import.meta.url), raw: new URL("hello-raw.ts", import.meta.url) });
