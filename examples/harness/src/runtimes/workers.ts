// Cloudflare Workers in workerd, through Miniflare, as the conformance suite runs it: src/worker.ts bundled
// the way wrangler bundles it, with the bindings, queue consumer and cron wrangler.toml declares (read by
// wrangler itself, so the test runs the configuration that deploys).
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { collectLines, jsonLines } from "./lines.ts";
import type { Answer, ClientRequest, Instance, QueueMessage, Runtime } from "./types.ts";

/** The worker bundled like wrangler does: one ESM file, workerd conditions, workspace packages from `src`. */
export async function bundleWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser", "source"],
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** What wrangler.toml configures: Miniflare options (bindings, Durable Objects, queue consumers), the entry, the crons. */
export function wranglerConfig(path: string) {
  const { main, triggers } = unstable_readConfig({ config: path });
  return { workerOptions: unstable_getMiniflareWorkerOptions(path).workerOptions, main, crons: triggers.crons ?? [] };
}

export function workersRuntime(name: string, wranglerToml: string): Runtime {
  return {
    name,
    async start(): Promise<Instance> {
      const { workerOptions, main, crons } = wranglerConfig(wranglerToml);
      const [queue] = Object.keys(workerOptions.queueConsumers ?? {});
      const [cron] = crons;
      if (main === undefined) throw new Error(`${wranglerToml} has no main`);
      const lines: string[] = [];
      const mf = new Miniflare({
        ...workerOptions,
        modules: true,
        script: await bundleWorker(main),
        handleRuntimeStdio: (stdout: Readable, stderr: Readable) => collectLines(lines, stdout, stderr),
      } as MiniflareOptions);
      const url = await mf.ready;
      const requestIds: string[] = [];
      return {
        async http(request: ClientRequest): Promise<Answer> {
          const ray = `${randomBytes(8).toString("hex")}-SJC`;
          requestIds.push(ray);
          const response = await mf.dispatchFetch(new URL(request.path, url), {
            method: request.method,
            headers: { "content-type": "application/json", "cf-ray": ray },
            body: request.body ?? null,
          });
          return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
        },
        async messages(messages: QueueMessage[]): Promise<string[]> {
          if (queue === undefined) throw new Error(`${wranglerToml} declares no queue consumer`);
          const worker = await mf.getWorker();
          const timestamp = new Date();
          // A producer's `env.QUEUE.send(text)` arrives as the string.
          const result = await worker.queue(
            queue,
            messages.map(({ id, body }) => ({ id, body, timestamp, attempts: 1 })),
          );
          if (result.outcome !== "ok" || result.retryBatch.retry) throw new Error(`the whole batch failed: ${JSON.stringify(result)}`);
          return result.retryMessages.map((retry) => retry.msgId);
        },
        async schedule(): Promise<void> {
          if (cron === undefined) throw new Error(`${wranglerToml} declares no cron trigger`);
          const result = await (await mf.getWorker()).scheduled({ scheduledTime: new Date(), cron });
          if (result.outcome !== "ok") throw new Error(`scheduled outcome: ${result.outcome}\n${lines.join("\n")}`);
        },
        logs: async () => jsonLines(lines),
        requestIds: () => requestIds,
        close: () => mf.dispose(),
      };
    },
  };
}
