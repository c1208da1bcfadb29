import { lambdaHarness } from "./harnesses/aws-lambda.ts";
import { workersHarness } from "./harnesses/cloudflare-workers.ts";
import { describeConformance } from "./vitest.ts";

// Every built-in Lambda harness: auto-detection with the real fixtures, and each integration pinned.
describeConformance(lambdaHarness());
for (const integration of ["apigw-v1", "apigw-v2", "alb", "alb-multi", "function-url"] as const) {
  describeConformance(lambdaHarness(integration));
}

// Cloudflare Workers inside workerd (Miniflare 4): every case is a fresh isolate.
describeConformance(workersHarness());
