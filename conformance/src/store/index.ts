// @fnport/conformance/store: the store suite for vitest, and everything of `@fnport/conformance/store/checks`.
export * from "./run.ts";
export { type DescribeStoreConformanceOptions, describeStoreConformance } from "./vitest.ts";
