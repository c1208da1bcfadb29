// Google Cloud Functions (2nd gen) as Google runs a Node function: the entry bundled by the example's
// `gcp-build` line, loaded by the Functions Framework's own CLI (package.json `main`), configured by the
// environment Google sets per deployment. One source is deployed twice, as the README's gcloud lines do: an
// HTTP trigger (requests, Cloud Scheduler's HTTP target) and a Pub/Sub trigger (Eventarc CloudEvents, one
// message per delivery, non-2xx = delivered again), both on the same store.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { gcloudDeployments } from "../gcloud.ts";
import { CLOUD_RUN_BANNER, googleDeliveries, startServer } from "./cloud-run.ts";
import { jsonLines } from "./lines.ts";
import type { Instance, QueueMessage, Runtime } from "./types.ts";

/**
 * The example's `gcp-build` line; `outfile` must be inside the example so that the bundle's import of the
 * framework (external, as Google installs it) finds the copy the CLI runs. `source` finds the workspace's TypeScript.
 */
export async function bundleFunction(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: ["@google-cloud/functions-framework"],
    banner: { js: CLOUD_RUN_BANNER },
    conditions: ["source"],
    logLevel: "silent",
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** One deployment: the framework's CLI with the environment Google sets; resolves once it accepts connections. */
async function deploy(bundle: string, target: string, signatureType: "http" | "cloudevent", env: Record<string, string>) {
  const cli = join(dirname(createRequire(bundle).resolve("@google-cloud/functions-framework")), "main.js");
  const port = await freePort();
  const server = await startServer(
    [cli],
    { PORT: String(port), FUNCTION_TARGET: target, FUNCTION_SIGNATURE_TYPE: signatureType, FUNCTION_SOURCE: bundle, ...env },
    () => undefined,
    async () => ((await accepts(port)) ? port : undefined),
  );
  return server;
}

/** Eventarc's delivery of one Pub/Sub message to a 2nd gen function: a binary-mode CloudEvent. */
async function publish(origin: string, topic: string, { id, body }: QueueMessage, requestIds: string[]): Promise<string | undefined> {
  const trace = randomBytes(16).toString("hex");
  requestIds.push(`${trace}/1`);
  const publishTime = new Date().toISOString();
  const response = await fetch(origin, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "ce-id": id,
      "ce-source": `//pubsub.googleapis.com/${topic}`,
      "ce-specversion": "1.0",
      "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
      "ce-time": publishTime,
      "x-cloud-trace-context": `${trace}/1;o=1`,
    },
    body: JSON.stringify({
      message: { data: Buffer.from(body).toString("base64"), messageId: id, publishTime },
      subscription: "projects/my-project/subscriptions/eventarc-us-central1-fnport-example-sub-000",
    }),
  });
  await response.arrayBuffer();
  return response.ok ? undefined : id;
}

export interface CloudFunctionsDeployment {
  /** `--entry-point`: the name the entry registers with `cloudFunction()`. */
  target: string;
  /** `--trigger-topic`, as `projects/PROJECT/topics/NAME`. */
  topic: string;
  /** What Google sets in the function's environment: `--set-env-vars`, and `CLOUD_RUN_TIMEOUT_SECONDS` from `--timeout`. */
  env: () => Record<string, string>;
}

/**
 * The deployment a README's gcloud lines describe: its HTTP-triggered and its topic-triggered function, which
 * must share the entry point, environment and timeout. `local` replaces values of variables the lines set
 * (the Memorystore address by the local redis-server's); a variable they do not set is an error.
 */
export function deploymentFromGcloud(markdown: string, local: () => Record<string, string>): CloudFunctionsDeployment {
  const { deployments, problems } = gcloudDeployments(markdown);
  const http = deployments.find((deployment) => "http" in deployment.trigger);
  const topic = deployments.find((deployment) => "topic" in deployment.trigger);
  if (http === undefined || topic === undefined) problems.push("the README deploys no HTTP-triggered or no topic-triggered function");
  else
    for (const key of ["entryPoint", "env", "timeoutSeconds"] as const)
      if (JSON.stringify(http[key]) !== JSON.stringify(topic[key])) problems.push(`the two deployments differ in ${key}`);
  if (problems.length > 0 || http === undefined || topic === undefined) throw new Error(`gcloud lines: ${problems.join("; ")}`);
  return {
    target: http.entryPoint,
    topic: `projects/my-project/topics/${(topic.trigger as { topic: string }).topic}`,
    env: () => {
      const env = { ...http.env };
      for (const [key, value] of Object.entries(local())) {
        if (!(key in env)) throw new Error(`the gcloud lines do not set ${key}`);
        env[key] = value;
      }
      if (http.timeoutSeconds !== undefined) env.CLOUD_RUN_TIMEOUT_SECONDS = String(http.timeoutSeconds);
      return env;
    },
  };
}

export function cloudFunctionsRuntime(name: string, bundle: () => Promise<string>, deployment: CloudFunctionsDeployment): Runtime {
  return {
    name,
    async start(): Promise<Instance> {
      const source = await bundle();
      const env = deployment.env();
      const [httpTrigger, topicTrigger] = await Promise.all([
        deploy(source, deployment.target, "http", env),
        deploy(source, deployment.target, "cloudevent", env),
      ]);
      const requestIds: string[] = [];
      const google = googleDeliveries(`http://127.0.0.1:${httpTrigger.port}`, requestIds);
      return {
        http: google.http,
        schedule: google.schedule,
        async messages(messages) {
          const origin = `http://127.0.0.1:${topicTrigger.port}/`;
          const again = await Promise.all(messages.map((message) => publish(origin, deployment.topic, message, requestIds)));
          return again.filter((id) => id !== undefined);
        },
        logs: async () => [...jsonLines(httpTrigger.lines), ...jsonLines(topicTrigger.lines)],
        requestIds: () => requestIds,
        close: async () => {
          await Promise.all([httpTrigger.stop(), topicTrigger.stop()]);
        },
      };
    },
  };
}
