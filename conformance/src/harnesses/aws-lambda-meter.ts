import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type BundleSize, bundle } from "../bundle.ts";
import { repoRoot } from "../paths.ts";
import type { MeterHarness } from "../types.ts";

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

const helloEntry = new URL("examples/hello/src/lambda.ts", repoRoot);
const rawEntry = new URL("conformance/src/harnesses/raw/hello-lambda.ts", repoRoot);

/** The request both hellos answer: an HTTP API (v2) POST /hello. */
const helloEvent = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/hello",
  rawQueryString: "",
  headers: { "content-type": "application/json", host: "meter.execute-api.us-east-1.amazonaws.com" },
  requestContext: {
    accountId: "123456789012",
    apiId: "meter",
    domainName: "meter.execute-api.us-east-1.amazonaws.com",
    http: { method: "POST", path: "/hello", protocol: "HTTP/1.1", sourceIp: "198.51.100.7", userAgent: "meter" },
    requestId: "meter",
    routeKey: "$default",
    stage: "$default",
    time: "01/Jan/2026:00:00:00 +0000",
    timeEpoch: 1767225600000,
  },
  body: '{"name":"meter"}',
  isBase64Encoded: false,
};

const lambdaContext = {
  awsRequestId: "meter",
  functionName: "hello",
  getRemainingTimeInMillis: () => 30_000,
};

// A fresh process imports the bundle, answers one request, prints the status and exits.
const coldScript = `
const { handler } = await import(process.argv[1]);
const result = await handler(${JSON.stringify(helloEvent)}, { awsRequestId: "cold", getRemainingTimeInMillis: () => 30000 });
process.stdout.write(String(result.statusCode) + "\\n");
`;

function coldRun(file: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--input-type=module", "-e", coldScript, fileURLToPath(file)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("\n")) {
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (output.trim() !== "200") reject(new Error(`cold hello answered ${output.trim()}`));
        else resolve(elapsed);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!output.includes("\n")) reject(new Error(`cold hello exited with ${code} before answering`));
    });
  });
}

/** Cold: a fresh node process from spawn to the first response. Warm: in-process invocations of the bundle. */
export function lambdaMeter(): MeterHarness {
  let bundles: Promise<{ fnport: { file: URL; size: BundleSize }; raw: { file: URL; size: BundleSize } }> | undefined;
  const handlers = new Map<string, LambdaHandler>();
  const ready = () => {
    bundles ??= Promise.all([bundle(helloEntry, "lambda-fnport", "node", ["node"]), bundle(rawEntry, "lambda-raw", "node", ["node"])]).then(
      ([fnport, raw]) => ({ fnport, raw }),
    );
    return bundles;
  };
  return {
    async cold(which) {
      return coldRun((await ready())[which].file);
    },
    async warm(which, count) {
      let handler = handlers.get(which);
      if (!handler) {
        handler = ((await import((await ready())[which].file.href)) as { handler: LambdaHandler }).handler;
        handlers.set(which, handler);
      }
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) await handler(helloEvent, lambdaContext);
      return Number(process.hrtime.bigint() - started);
    },
    async bundleSizes() {
      const { fnport, raw } = await ready();
      return { fnport: fnport.size, raw: raw.size };
    },
  };
}
