// The whole test suite, every project of the root config: `pnpm mutation --whole-suite`, to check whether the
// rest of the suite kills what a whole-* run (a part of it) leaves.
import { suiteConfig } from "./_suite-config.ts";

export default suiteConfig();
