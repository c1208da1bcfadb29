import { lambdaHttp, lambdaSqs } from "./aws-lambda/suite.ts";
import { cloudRunHttp, gcpFunctionsHttp } from "./cloud-run/suite.ts";
import { workersHttp } from "./cloudflare-workers/suite.ts";
import { routing } from "./routing/suite.ts";
import type { Suite } from "./suite.ts";

/** Every suite `pnpm bench` runs, in order. A new provider or benchmark: a folder and a line here. */
export const suites: Suite[] = [lambdaHttp, lambdaSqs, workersHttp, cloudRunHttp, gcpFunctionsHttp, routing];
