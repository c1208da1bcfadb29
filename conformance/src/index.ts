export { BEHAVIOUR_HEADER, type ConformanceApp, createConformanceApp, RECORDED_PATH } from "./app.ts";
export { allCases } from "./cases/index.ts";
export type { CaseStep, ConformanceCase, FixtureInput, StepExpectation } from "./cases/types.ts";
export { type MatchScope, mismatches } from "./compare.ts";
export { type MeterOptions, type MeterReport, measure } from "./meter.ts";
export { type CaseResult, loadFixture, runCase } from "./run-case.ts";
export type {
  Capability,
  CaseInput,
  ConformanceHarness,
  Delivery,
  EventOutput,
  EventView,
  HarnessInstance,
  HttpOutput,
  HttpRequestSpec,
  MessageSpec,
  MessagesOutput,
  MessagesSpec,
  MeterHarness,
  Output,
} from "./types.ts";
export { eventView } from "./view.ts";
