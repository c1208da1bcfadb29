export { bundleServer, CLOUD_RUN_BANNER, cloudRunRuntime, googleDeliveries, startServer } from "./cloud-run.ts";
export { bundleFunction, type CloudFunctionsDeployment, cloudFunctionsRuntime, deploymentFromGcloud } from "./gcp-functions.ts";
export { lambdaRuntime } from "./lambda.ts";
export { collectLines, eventually, jsonLines } from "./lines.ts";
export type { Answer, ClientRequest, Instance, QueueMessage, Runtime } from "./types.ts";
export { bundleWorker, workersRuntime, wranglerConfig } from "./workers.ts";
