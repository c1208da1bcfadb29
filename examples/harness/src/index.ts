export { parseTemplate } from "./cfn-yaml.ts";
export { checkTemplate } from "./cloudformation.ts";
export { checkKnativeService } from "./knative.ts";
