// The conformance tests of packages/gcp-functions alone: a mutant that runs at import (a static one) runs only these.
import { conformanceConfig } from "./_conformance-config.ts";

export default conformanceConfig("packages/gcp-functions");
