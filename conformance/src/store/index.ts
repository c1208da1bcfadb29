// @fnport/conformance/store: the store suite (vitest), its runner and its checks.
export { type StoreCheck, type StoreCheckContext, storeChecks } from "./checks.ts";
export { runStoreConformance, type StoreCheckResult, type StoreFactory, type StoreSuiteOptions } from "./run.ts";
export { type DescribeStoreConformanceOptions, describeStoreConformance } from "./vitest.ts";
