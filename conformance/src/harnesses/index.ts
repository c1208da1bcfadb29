import type { ConformanceHarness } from "../types.ts";
import { lambdaHarness } from "./aws-lambda.ts";

/** Every built-in adapter's harness, in matrix order. */
export async function builtinHarnesses(): Promise<ConformanceHarness[]> {
  const { workersHarness } = await import("./cloudflare-workers.ts");
  return [
    lambdaHarness(),
    lambdaHarness("apigw-v1"),
    lambdaHarness("apigw-v2"),
    lambdaHarness("alb"),
    lambdaHarness("alb-multi"),
    lambdaHarness("function-url"),
    workersHarness(),
  ];
}
