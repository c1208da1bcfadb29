// The deploy configurations, checked offline: template.yaml against AWS's resource specification, service.yaml
// against the Knative schema, and what each must agree on with the entries (the timeout, the store, the triggers).
// wrangler.toml is read by wrangler itself in workers.test.ts, and bundled by `wrangler deploy --dry-run` in CI.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkGcpBuild, checkKnativeService, checkTemplate, gcloudDeployments, parseTemplate } from "@fnport/example-harness";
import { CLOUD_RUN_BANNER } from "@fnport/example-harness/runtimes";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), "utf8");
/** The `timeoutMs` an entry passes to its adapter. */
const timeoutMsOf = (entry: string) => Number(/timeoutMs: ([\d_]+)/.exec(read(entry))?.[1]?.replaceAll("_", ""));

describe("template.yaml (AWS SAM)", () => {
  const text = read("template.yaml");
  // biome-ignore lint/suspicious/noExplicitAny: a parsed template is checked by checkTemplate, then read field by field.
  const { Resources: resources } = parseTemplate(text) as { Resources: Record<string, any> };

  test("fits AWS's resource specification: types, properties, values, references", () => {
    expect(checkTemplate(text)).toEqual([]);
  });

  test("one function for HTTP, the import queue with ReportBatchItemFailures and the nightly schedule; its store the table", () => {
    const fn = resources.TodosFunction.Properties;
    expect([fn.Handler, fn.Runtime, fn.Timeout, fn.Environment.Variables.TODOS_TABLE]).toEqual([
      "lambda.handler",
      "nodejs20.x",
      10,
      { Ref: "TodosTable" },
    ]);
    expect(resources.TodosFunction.Metadata.BuildProperties.EntryPoints).toEqual(["src/lambda.ts"]);
    expect(fn.Events).toEqual({
      Http: { Type: "HttpApi", Properties: { PayloadFormatVersion: "2.0" } },
      Nightly: { Type: "Schedule", Properties: { Schedule: "cron(0 3 * * ? *)" } },
    });
    expect(resources.ImportsMapping.Properties).toMatchObject({
      EventSourceArn: { "Fn::GetAtt": ["ImportQueue", "Arn"] },
      FunctionName: { Ref: "TodosFunction" },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    expect(resources.TodosTable.Properties.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
  });
});

describe("service.yaml (Cloud Run) and the Dockerfile", () => {
  const text = read("service.yaml");

  test("fits the Knative Serving schema", () => {
    expect(checkKnativeService(text)).toEqual([]);
  });

  test("its request timeout is the one src/cloud-run.ts gives cloudRun(), and REDIS_URL picks the store", () => {
    const { spec } = parse(text) as {
      spec: { template: { spec: { timeoutSeconds: number; containers: Array<{ env: Array<{ name: string; value: string }> }> } } };
    };
    expect(spec.template.spec.timeoutSeconds * 1000).toBe(timeoutMsOf("src/cloud-run.ts"));
    expect(spec.template.spec.containers[0]?.env.map((variable) => variable.name)).toEqual(["REDIS_URL", "GOOGLE_CLOUD_PROJECT"]);
  });

  test("the Dockerfile bundles src/cloud-run.ts the way cloud-run.test.ts runs it", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toContain("npx esbuild src/cloud-run.ts --bundle --minify --platform=node --target=node20 --format=esm");
    expect(dockerfile).toContain(`"--banner:js=${CLOUD_RUN_BANNER}"`);
    expect(dockerfile).toContain('CMD ["node", "server.mjs"]');
  });
});

test("the README's gcloud lines are valid `gcloud functions deploy` commands for src/gcf.ts as gcp-build bundles it", () => {
  const { deployments, problems } = gcloudDeployments(read("README.md"));
  expect(problems).toEqual([]);
  expect(deployments.map((deployment) => [deployment.name, deployment.trigger, deployment.flags.retry])).toEqual([
    ["todos", { http: true }, undefined],
    ["todos-import", { topic: "todos-import" }, true],
  ]);
  const registered = /cloudFunction\(\s*"([^"]+)"/.exec(read("src/gcf.ts"))?.[1];
  for (const deployment of deployments) {
    expect([deployment.entryPoint, Object.keys(deployment.env), deployment.timeoutSeconds]).toEqual([registered, ["REDIS_URL"], 10]);
  }
  expect(read("src/gcf.ts")).toContain("env.REDIS_URL");
  checkGcpBuild(JSON.parse(read("package.json")));
});

test("every provider gets the same 10 s timeout: the Lambda function's, the worker's timeoutMs, Cloud Run's", () => {
  expect([timeoutMsOf("src/worker.ts"), timeoutMsOf("src/cloud-run.ts")]).toEqual([10_000, 10_000]);
});
