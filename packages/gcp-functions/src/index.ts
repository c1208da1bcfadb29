export type { SignatureType } from "./_deployment.ts";
export { backgroundCloudEvent } from "./background-cloud-event.ts";
export { type BackgroundEvent, type BackgroundEventContext, isBackgroundEvent } from "./background-events.ts";
export { type CloudFunctionHandler, type CloudFunctionOptions, cloudFunction, DEFAULT_MAX_RESPONSE_BYTES } from "./cloud-function.ts";
