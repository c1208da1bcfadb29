export type { SignatureType } from "./_deployment.ts";
export { type BackgroundEvent, type BackgroundEventContext, backgroundCloudEvent, isBackgroundEvent } from "./background-events.ts";
export { type CloudFunctionHandler, type CloudFunctionOptions, cloudFunction } from "./cloud-function.ts";
