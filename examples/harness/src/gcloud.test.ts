import { expect, test } from "vitest";
import { checkGcpBuild, gcloudDeployments } from "./gcloud.ts";

const readme = (line: string) => `text\n\n\`\`\`sh\ngcloud pubsub topics create t\n${line}\n\`\`\`\n`;

test("a valid line: continuation joined, flags, trigger, environment and timeout read", () => {
  const { deployments, problems } = gcloudDeployments(
    readme(
      "gcloud functions deploy orders --gen2 --runtime=nodejs22 --source=. \\\n  --entry-point=orders --trigger-topic=jobs --retry --timeout=30s --set-env-vars=A=1,B=x=y",
    ),
  );
  expect(problems).toEqual([]);
  expect(deployments).toEqual([
    {
      name: "orders",
      flags: {
        gen2: true,
        runtime: "nodejs22",
        source: ".",
        "entry-point": "orders",
        "trigger-topic": "jobs",
        retry: true,
        timeout: "30s",
        "set-env-vars": "A=1,B=x=y",
      },
      entryPoint: "orders",
      trigger: { topic: "jobs" },
      env: { A: "1", B: "x=y" },
      timeoutSeconds: 30,
    },
  ]);
});

test("what gcloud or the runtime would refuse is named", () => {
  const { problems } = gcloudDeployments(
    readme("gcloud functions deploy Orders --runtime=nodejs18 --trigger-http --trigger-topic=t --retri --timeout=30 positional"),
  );
  expect(problems).toEqual([
    "Orders: a function name is lower-case letters, digits and hyphens",
    "Orders: gcloud functions deploy has no --retri",
    'Orders: "positional" is not a --flag',
    "Orders: one trigger flag, got 2",
    "Orders: --gen2 (the harness runs 2nd gen deliveries)",
    "Orders: --runtime must be one of nodejs20, nodejs22, nodejs24",
    "Orders: --entry-point names the registered function",
    "Orders: --source is the folder with package.json",
    "Orders: --timeout is a duration like 30s",
  ]);
});

test("checkGcpBuild names what Google's build would miss", () => {
  expect(() => checkGcpBuild({ main: "dist/index.js", scripts: { "gcp-build": "tsc" }, dependencies: {} })).toThrow(
    "package.json: gcp-build is an esbuild line; gcp-build writes main (dist/index.js); an ESM bundle in a .mjs file; the framework stays external; the framework is a dependency; the createRequire banner",
  );
});
