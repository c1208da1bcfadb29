// Core's own unit tests (the packages/core project of the root config): whole-core's tests and the CI sample's.
// A part of the whole suite, so the share of core mutants it kills is a lower bound of the whole suite's.
import { suiteConfig } from "./_suite-config.ts";

export default suiteConfig("packages/core");
