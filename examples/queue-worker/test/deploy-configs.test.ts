// The deploy configurations, checked offline: template.yaml against AWS's resource specification, service.yaml
// against the Knative schema, and the timeouts against the entries. wrangler.toml is read by wrangler itself in
// workers.test.ts, and bundled by `wrangler deploy --dry-run` in CI.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkGcpBuild, checkKnativeService, checkTemplate, gcloudDeployments, parseTemplate } from "@fnport/example-harness";
import { CLOUD_RUN_BANNER } from "@fnport/example-harness/runtimes";
import { expect, test } from "vitest";
import { parse } from "yaml";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), "utf8");
const timeoutMsOf = (entry: string) => Number(/timeoutMs: ([\d_]+)/.exec(read(entry))?.[1]?.replaceAll("_", ""));

test("template.yaml fits AWS's resource specification; the queue reports batch item failures to the function", () => {
  const text = read("template.yaml");
  expect(checkTemplate(text)).toEqual([]);
  // biome-ignore lint/suspicious/noExplicitAny: read field by field after checkTemplate.
  const { Resources: resources } = parseTemplate(text) as { Resources: Record<string, any> };
  expect(resources.PaymentsMapping.Properties).toMatchObject({
    EventSourceArn: { "Fn::GetAtt": ["PaymentsQueue", "Arn"] },
    FunctionName: { Ref: "PaymentsFunction" },
    FunctionResponseTypes: ["ReportBatchItemFailures"],
  });
  const fn = resources.PaymentsFunction.Properties;
  expect([fn.Handler, fn.Timeout, fn.Environment.Variables.TABLE]).toEqual(["lambda.handler", 30, { Ref: "StateTable" }]);
  // AWS: a queue's visibility timeout at least 6 times the function's timeout.
  expect(resources.PaymentsQueue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Timeout);
});

test("service.yaml fits the Knative Serving schema; its timeout is src/cloud-run.ts's; the Dockerfile bundles as the test does", () => {
  const text = read("service.yaml");
  expect(checkKnativeService(text)).toEqual([]);
  const { spec } = parse(text) as { spec: { template: { spec: { timeoutSeconds: number } } } };
  expect(spec.template.spec.timeoutSeconds * 1000).toBe(timeoutMsOf("src/cloud-run.ts"));
  expect(read("Dockerfile")).toContain(`"--banner:js=${CLOUD_RUN_BANNER}"`);
});

test("the README's gcloud lines are valid `gcloud functions deploy` commands for src/gcf.ts as gcp-build bundles it", () => {
  const { deployments, problems } = gcloudDeployments(read("README.md"));
  expect(problems).toEqual([]);
  expect(deployments.map((deployment) => [deployment.name, deployment.trigger, deployment.flags.retry])).toEqual([
    ["payments", { topic: "payments" }, true],
    ["payments-http", { http: true }, undefined],
  ]);
  const registered = /cloudFunction\(\s*"([^"]+)"/.exec(read("src/gcf.ts"))?.[1];
  for (const deployment of deployments) {
    expect([deployment.entryPoint, Object.keys(deployment.env), deployment.timeoutSeconds]).toEqual([registered, ["REDIS_URL"], 30]);
  }
  expect(read("src/gcf.ts")).toContain("env.REDIS_URL");
  checkGcpBuild(JSON.parse(read("package.json")));
});

test("every provider gets the same 30 s timeout", () => {
  expect([timeoutMsOf("src/worker.ts"), timeoutMsOf("src/cloud-run.ts")]).toEqual([30_000, 30_000]);
});
