export { parseTemplate } from "./cfn-yaml.ts";
export { checkTemplate } from "./cloudformation.ts";
export { checkGcpBuild, type GcloudDeployment, gcloudDeployments } from "./gcloud.ts";
export { checkKnativeService } from "./knative.ts";
