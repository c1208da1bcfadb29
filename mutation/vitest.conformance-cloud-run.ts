// The conformance tests that run packages/cloud-run's code: its own harness (cloudRun() in a server process) and
// Cloud Functions' (cloudFunction() is toNodeHandler() behind the Functions Framework, in-process, with the
// rawBody, requestId and delivery options cloudRun() never sets). A static mutant (one that runs at import) runs all of them.
import { conformanceConfig } from "./_conformance-config.ts";

export default conformanceConfig("packages/cloud-run", "packages/gcp-functions");
