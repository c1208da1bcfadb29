// AWS Lambda, in-process, as the conformance suite runs it: the handler called with real-shaped events
// (the suite's captured API Gateway HTTP API, SQS and EventBridge events, patched per request).
import { randomUUID } from "node:crypto";
import { loadFixture } from "@fnport/conformance";
import { vi } from "vitest";
import { jsonLines } from "./lines.ts";
import type { Answer, ClientRequest, Instance, QueueMessage, Runtime } from "./types.ts";

type LambdaHandler = (event: never, context: never) => Promise<unknown>;
type HttpResult = { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };

/** `load` imports the handler once the environment is set, as Lambda loads the module in a new instance. */
export function lambdaRuntime(name: string, load: () => Promise<LambdaHandler>): Runtime {
  return {
    name,
    async start(): Promise<Instance> {
      const handler = await load();
      const [http, sqs, scheduled] = (await Promise.all([
        loadFixture("aws/apigw-v2-http-api.json"),
        loadFixture("aws/sqs-batch.json"),
        loadFixture("aws/eventbridge-scheduled.json"),
      ])) as Array<Record<string, unknown>>;
      const lines: string[] = [];
      const capture = (line: unknown) => void lines.push(String(line));
      const spies = [vi.spyOn(console, "log").mockImplementation(capture), vi.spyOn(console, "error").mockImplementation(capture)];
      const requestIds: string[] = [];
      const invoke = (event: unknown) => {
        const awsRequestId = randomUUID();
        requestIds.push(awsRequestId);
        const context = { awsRequestId, functionName: "todos", getRemainingTimeInMillis: () => 10_000 };
        return handler(event as never, context as never);
      };
      return {
        async http(request: ClientRequest): Promise<Answer> {
          const event = structuredClone(http) as Record<string, unknown> & { requestContext: { http: Record<string, unknown> } };
          Object.assign(event, {
            rawPath: request.path,
            rawQueryString: "",
            headers: { host: "id.execute-api.us-east-1.amazonaws.com", "content-type": "application/json", "user-agent": "curl/8.5.0" },
            body: request.body,
            isBase64Encoded: false,
          });
          for (const field of ["cookies", "queryStringParameters", "pathParameters", "stageVariables"]) delete event[field];
          Object.assign(event.requestContext.http, { method: request.method, path: request.path });
          const result = (await invoke(event)) as HttpResult;
          const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64").toString("utf8") : (result.body ?? "");
          const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
          return { status: result.statusCode, headers, body };
        },
        async messages(messages: QueueMessage[]): Promise<string[]> {
          const [record] = (sqs as { Records: Array<Record<string, unknown>> }).Records;
          const Records = messages.map(({ id, body }) => ({ ...structuredClone(record), messageId: id, body }));
          const result = (await invoke({ Records })) as { batchItemFailures: Array<{ itemIdentifier: string }> };
          return result.batchItemFailures.map((failure) => failure.itemIdentifier);
        },
        async schedule(): Promise<void> {
          await invoke({ ...structuredClone(scheduled), id: randomUUID(), time: new Date().toISOString().replace(/\.\d+Z$/, "Z") });
        },
        logs: async () => jsonLines(lines),
        requestIds: () => requestIds,
        async close() {
          for (const spy of spies) spy.mockRestore();
        },
      };
    },
  };
}
