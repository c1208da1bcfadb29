// Every test of packages/gcp-functions (its unit tests and its conformance tests): whole-gcp-functions's tests. A part of the
// whole suite, so the share of its mutants they kill is a lower bound of the whole suite's.
import { suiteConfig } from "./_suite-config.ts";

export default suiteConfig("packages/gcp-functions");
