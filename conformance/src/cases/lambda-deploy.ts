// Lambda as deployed: the log level Lambda's advanced logging controls set (AWS_LAMBDA_LOG_LEVEL), a tenant of
// tenant isolation mode, and a function pinned to one HTTP integration that receives another's event.
import { APP_TENANT_FIELD } from "../app.ts";
import { JSON_TYPE, logLine } from "./_expect.ts";
import type { CaseStep, ConformanceCase, Expected } from "./types.ts";

type Level = "debug" | "info" | "warn" | "error";

const request = { kind: "http" as const, request: { method: "GET", path: "/lambda", headers: { host: "example.test" } } };

/** The lines the `log-levels` behaviour writes at or above `lowest`, in order. */
function linesFrom(lowest: Level): Expected[] {
  const levels: Level[] = ["debug", "info", "warn", "error"];
  return levels.slice(levels.indexOf(lowest)).map((level) => logLine(level, `at ${level}`));
}

/**
 * Lambda's advanced logging controls name six levels (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) and hand the
 * function the one chosen as `AWS_LAMBDA_LOG_LEVEL`; `ctx.log` has four, so each maps to the nearest.
 */
const LAMBDA_LEVELS: ReadonlyArray<[string, Level]> = [
  ["TRACE", "debug"],
  ["DEBUG", "debug"],
  ["INFO", "info"],
  ["WARN", "warn"],
  ["ERROR", "error"],
  ["FATAL", "error"],
];

const logLevelCases: ConformanceCase[] = LAMBDA_LEVELS.map(([setting, level]) => ({
  id: `lambda.log-level.${setting.toLowerCase()}`,
  title: `AWS_LAMBDA_LOG_LEVEL=${setting} (Lambda's log level setting): ctx.log writes ${level} and above`,
  needs: ["http", "logs", "native:aws-lambda", "deploy-env"],
  deploy: { env: { AWS_LAMBDA_LOG_LEVEL: setting } },
  steps: [{ input: request, behaviour: "log-levels", expect: { response: { status: 204 }, logs: linesFrom(level) } }],
}));

const envCases: ConformanceCase[] = [
  {
    id: "lambda.env.setting",
    title: "ctx.env holds the function's environment variables, read per invocation",
    needs: ["http", "native:aws-lambda", "deploy-env"],
    deploy: { env: { CONFORMANCE_SETTING: "from the deployment" } },
    steps: [
      {
        input: request,
        behaviour: "env",
        expect: { response: { status: 200, headers: { "content-type": JSON_TYPE }, bodyJson: { setting: "from the deployment" } } },
      },
    ],
  },
];

/**
 * The `tenant` behaviour's answer and line for an invocation of `tenantId`: the tenant names itself in the line
 * (the app's own `tenantId` field cannot replace it); without one, the app's field is written as it gave it.
 */
function tenantStep(tenantId: string | null): CaseStep {
  return {
    input: request,
    behaviour: "tenant",
    expect: {
      response: { status: 200, headers: { "content-type": JSON_TYPE }, bodyJson: { tenantId } },
      logs: [logLine("info", "for the tenant", { tenantId: tenantId ?? APP_TENANT_FIELD })],
    },
  };
}

const tenantCases: ConformanceCase[] = [
  {
    id: "lambda.tenant.named",
    title: "an invocation for a tenant (tenant isolation mode): ctx.tenantId is the tenant, and every log line names it",
    needs: ["http", "logs", "tenant-id"],
    deploy: { tenantId: "tenant-blue" },
    steps: [tenantStep("tenant-blue")],
  },
  {
    id: "lambda.tenant.empty",
    title: "an empty tenant id is no tenant: ctx.tenantId is undefined, and a log line's tenantId is the app's own field",
    needs: ["http", "logs", "tenant-id"],
    deploy: { tenantId: "" },
    steps: [tenantStep(null)],
  },
  {
    id: "lambda.tenant.none",
    title: "an invocation without a tenant: ctx.tenantId is undefined, and a log line's tenantId is the app's own field",
    needs: ["http", "logs", "tenant-id"],
    steps: [tenantStep(null)],
  },
];

const DESCRIPTIONS = {
  "apigw-v1": "API Gateway REST API, payload 1.0",
  "apigw-v2": "API Gateway HTTP API, payload 2.0",
  "function-url": "Lambda Function URL, payload 2.0",
  alb: "ALB with multi-value headers off",
  "alb-multi": "ALB with multi-value headers on",
} as const;
type Integration = keyof typeof DESCRIPTIONS;

/** An event of integration `seen`, refused by a function pinned to `pinned` before any handler runs. */
function foreignStep(pinned: Integration, fixture: string, seen: Integration): CaseStep {
  const message =
    `lambda() is pinned to integration "${pinned}" (${DESCRIPTIONS[pinned]}) but received an "${seen}" event (${DESCRIPTIONS[seen]}); ` +
    "change the integration option, or remove it to detect the integration per event";
  const format = `aws-lambda:${seen}`;
  return {
    input: { kind: "fixture", fixture },
    expect: {
      events: [],
      outcome: {
        ok: false,
        error: { $contains: [pinned, seen], because: "each adapter words its refusal its own way; it names both integrations" },
      },
      native: { [format]: { error: `Error: ${message}` } },
    },
  };
}

const pinnedCases: ConformanceCase[] = [
  {
    id: "lambda.pinned.foreign-http",
    title: "a function pinned to a REST API refuses another integration's HTTP event, naming both, and runs no handler",
    needs: ["native:aws-pinned-apigw-v1"],
    steps: [
      foreignStep("apigw-v1", "aws/apigw-v2-http-api.json", "apigw-v2"),
      foreignStep("apigw-v1", "aws/function-url-request.json", "function-url"),
      foreignStep("apigw-v1", "aws/alb-request-single-value-headers.json", "alb"),
      foreignStep("apigw-v1", "aws/alb-request-multi-value-headers.json", "alb-multi"),
    ],
  },
  {
    id: "lambda.pinned.rest-api-to-alb",
    title: "a function pinned to an ALB with multi-value headers refuses a REST API event, though it has multiValueHeaders too",
    needs: ["native:aws-pinned-alb-multi"],
    steps: [foreignStep("alb-multi", "aws/apigw-v1-rest-proxy.json", "apigw-v1")],
  },
];

/** Cases that deploy Lambda as a case names (log level, environment, tenant) or feed a pinned function a foreign event. */
export const lambdaDeployCases: ConformanceCase[] = [...logLevelCases, ...envCases, ...tenantCases, ...pinnedCases];
