export {
  BEHAVIOUR_HEADER,
  BODY_READ_LIMIT_BYTES,
  type ConformanceApp,
  createConformanceApp,
  FAIL_MARKER,
  FLUSH_PATH,
  PRODUCED_PATH,
  RECORDED_PATH,
} from "./app.ts";
export { type Bundle, type BundleOptions, type BundleSize, bundle } from "./bundle.ts";
export { allCases } from "./cases/index.ts";
export type {
  CaseStep,
  ConformanceCase,
  Expected,
  FixtureInput,
  MessagesExpectation,
  Redelivery,
  SlowReadExpectation,
  StepExpectation,
} from "./cases/types.ts";
export { type MatchScope, mismatches } from "./compare.ts";
export { onFreshConnection } from "./connection.ts";
export { timeToFirstByte, timeToFirstByteRound } from "./first-byte.ts";
export {
  checkHarness,
  deliveryModel,
  HarnessError,
  type HarnessModuleExport,
  loadHarnessModule,
  resolveHarnesses,
} from "./harness-module.ts";
export { type MeterOptions, type MeterReport, measure } from "./meter.ts";
export { type HelloReply, type NodeMeterOptions, nodeMeter } from "./node-meter.ts";
export { type CaseResult, loadFixture, runCase, skipReason } from "./run-case.ts";
export { openedResponse } from "./slow-read.ts";
export {
  BODY_LIMIT_BYTES,
  CAPABILITIES,
  type Capability,
  type CaseInput,
  type ConformanceHarness,
  DECLARED_LENGTH_LIMIT_BYTES,
  DELIVERY_MODELS,
  type Delivery,
  type DeliveryModel,
  type DeploySpec,
  type EventOutput,
  type EventView,
  type HarnessInstance,
  type HttpOutput,
  type HttpRequestSpec,
  type MessageSpec,
  type MessagesOutput,
  type MessagesSpec,
  type MeterHarness,
  type OpenedResponse,
  type Output,
  type QueueBatchSpec,
  type QueueBodySpec,
  RESPONSE_LIMIT_BYTES,
} from "./types.ts";
export {
  conformanceVerifier,
  FAILING_TOKEN,
  FORBIDDEN_TOKEN,
  SINGLE_USE_PREFIX,
  TRUSTED_TOKEN,
  VERIFIER_FAILURE,
} from "./verifier.ts";
export { eventView } from "./view.ts";
