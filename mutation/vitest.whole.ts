// The whole test suite (the root config's projects), as the test command of mutation testing, without
// type-level tests: a mutant changes no types worth checking, and tsc would run per mutant.
import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import base from "../vitest.config.ts";

export default mergeConfig(base, {
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: { typecheck: { enabled: false } },
});
