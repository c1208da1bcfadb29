// The whole test suite: every project of the root config.
import { suiteConfig } from "./_suite-config.ts";

export default suiteConfig();
