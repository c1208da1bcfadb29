// Every test of packages/cloud-run (its unit tests and its conformance tests) and of packages/gcp-functions, whose
// cloudFunction() is toNodeHandler() with options cloudRun() never sets: whole-cloud-run's tests. A part of the
// whole suite, so the share of its mutants they kill is a lower bound of the whole suite's.
import { suiteConfig } from "./_suite-config.ts";

export default suiteConfig("packages/cloud-run", "packages/gcp-functions");
