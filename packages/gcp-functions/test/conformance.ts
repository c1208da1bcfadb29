// The conformance harness module of @fnport/gcp-functions: `fnport-conformance --harness test/conformance.ts`.
// It plays Google: the suite's neutral inputs become the HTTP requests each deployment receives, sent to
// the real Functions Framework (its own test server, the Express app its CLI runs, on a loopback port)
// serving `cloudFunction()`. One registration, three deployments: an HTTP trigger, a 2nd gen event
// trigger (Eventarc) and a 1st gen event trigger (background events), each told what it is the way one
// deployment is: options of `cloudFunction()`, Google's environment, the framework's command line.
import { Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Capability,
  type CaseInput,
  type ConformanceHarness,
  type Delivery,
  type DeploySpec,
  type HarnessInstance,
  TRUSTED_TOKEN,
} from "@fnport/conformance";
import { conformanceVerifier, createConformanceApp } from "@fnport/conformance/app";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { cloudFunction, type SignatureType } from "../src/index.ts";
import { open, send } from "./_framework.ts";
import { gcpFunctionsMeter } from "./conformance-meter.ts";
import {
  backgroundDelivery,
  clientIpOf,
  googleDelivery,
  httpOutput,
  httpRequest,
  type NativeRequest,
  nativeAnswer,
  pubSubDelivery,
  schedulerDelivery,
} from "./conformance-native.ts";

/** The function's timeout (`--timeout`), as the deployment would set it. */
const TIMEOUT_MS = 60_000;
/** The shape of `Delivery.native`: the HTTP answer the function gave (status, header lines, body text). */
const FORMAT = "gcp-functions:http";
let registrations = 0;

/**
 * How the deployment tells the function what it is: `options` of `cloudFunction()`, the environment Google's
 * 2nd gen runtime sets (`CLOUD_RUN_TIMEOUT_SECONDS`), or the framework's command line (`--signature-type`).
 */
type ConfiguredBy = "options" | "environment" | "command line";

interface GcfHarnessOptions {
  name: string;
  signatureType: SignatureType;
  capabilities: Capability[];
  lacks: Partial<Record<Capability, string>>;
  configuredBy: ConfiguredBy;
  withMeter?: boolean;
}

/** Where Google's buildpacks install the framework the deployment starts (its CLI, `functions-framework --target=NAME`). */
const FRAMEWORK_CLI = "/workspace/node_modules/.bin/functions-framework";

/**
 * Runs `register` in the process the deployment starts: `argv` its command line and `env` set while
 * `cloudFunction()` reads them (it does at registration), both restored after.
 */
function asDeployed(argv: string[] | undefined, env: Record<string, string>, register: () => void): void {
  const savedArgv = process.argv;
  const savedEnv = Object.keys(env).map((name) => [name, process.env[name]] as const);
  if (argv !== undefined) process.argv = argv;
  Object.assign(process.env, env);
  try {
    register();
  } finally {
    process.argv = savedArgv;
    for (const [name, value] of savedEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function gcfHarness({ name, signatureType, capabilities, lacks, configuredBy, withMeter = false }: GcfHarnessOptions): ConformanceHarness {
  const harness: ConformanceHarness = {
    name,
    capabilities: new Set(capabilities),
    lacks: { ...lacks, "schedule-cron": "Cloud Scheduler's request names the job and the time, not the job's cron expression" },
    provider: "gcp-functions",
    messageSource: "gcp.pubsub",
    providerHeaders: {
      request: {
        host: "every HTTP request names its host",
        "content-length": "the HTTP client frames the body it sends",
        connection: "hop-by-hop: how Google's front end holds its connection to the instance",
        ...(signatureType === "event"
          ? { "function-execution-id": "1st gen names each execution (the request id comes from it)" }
          : { "x-cloud-trace-context": "Google's front end traces every request (the request id comes from it)" }),
        "x-forwarded-for": "Google's front end appends the address the client connected from",
      },
      response: {
        "content-length": "the server frames the body it sends",
      },
    },
    async start(deploy?: DeploySpec): Promise<HarnessInstance> {
      // A fresh app under a fresh name: ctx.coldStart is true on its first delivery.
      const { app, recorded } = createConformanceApp();
      // `verified-deliveries`: the function checks who sends its deliveries, and Google signs the ones it makes of neutral inputs.
      const verifying = deploy?.verifiedDeliveries === true;
      const verify = verifying ? conformanceVerifier() : undefined;
      const signed = (native: NativeRequest): NativeRequest => {
        if (verifying) native.request.headers = [...(native.request.headers ?? []), ["Authorization", `Bearer ${TRUSTED_TOKEN}`]];
        return native;
      };
      const logs: string[] = [];
      const target = `conformance-${++registrations}`;
      const timed = capabilities.includes("deadline");
      const write = (line: string) => void logs.push(line);
      switch (configuredBy) {
        case "options":
          cloudFunction(target, app, {
            // An HTTP function is registered as most are, without the option: the framework's default (http) decides.
            signatureType: signatureType === "http" ? undefined : signatureType,
            write,
            verify,
            ...(timed ? { timeoutMs: TIMEOUT_MS } : {}),
          });
          break;
        case "environment": {
          // The signature type and the timeout as Google's 2nd gen runtime tells them (the framework reads both).
          const env: Record<string, string> = { FUNCTION_SIGNATURE_TYPE: signatureType };
          if (timed) env.CLOUD_RUN_TIMEOUT_SECONDS = String(TIMEOUT_MS / 1000);
          asDeployed(undefined, env, () => cloudFunction(target, app, { write, verify }));
          break;
        }
        case "command line":
          asDeployed([process.execPath, FRAMEWORK_CLI, `--target=${target}`, "--signature-type", signatureType], {}, () =>
            cloudFunction(target, app, { write, verify, ...(timed ? { timeoutMs: TIMEOUT_MS } : {}) }),
          );
          break;
      }
      const server: Server = getTestServer(target);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as AddressInfo).port;
      // Google's front end keeps connections to an instance alive.
      const agent = new Agent({ keepAlive: true });

      async function exchange(native: NativeRequest) {
        const { headers = [], body } = native.request;
        // Google's front end forwards a body with its length (it reads the whole request first), never chunked.
        if (body !== undefined && !headers.some(([header]) => header.toLowerCase() === "content-length")) {
          headers.push(["Content-Length", String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength)]);
        }
        const sentAt = Date.now();
        const response = await send(port, { ...native.request, headers, agent });
        // The deadline starts when the request arrives: somewhere between sending it and the answer.
        const deadlines = timed ? { deadline: sentAt + TIMEOUT_MS, deadlineLatest: Date.now() + TIMEOUT_MS } : {};
        return { response, requestId: native.requestId, format: FORMAT, ...deadlines };
      }

      async function deliver(input: CaseInput): Promise<Delivery> {
        switch (input.kind) {
          case "http": {
            const { response, ...delivery } = await exchange(httpRequest(input.request, signatureType));
            return { output: httpOutput(response), native: nativeAnswer(response), clientIp: clientIpOf(input.request), ...delivery };
          }
          case "messages": {
            // The suite delivers one message at a time to a `delivery:single` harness.
            const [message] = input.batch.messages;
            if (message === undefined || input.batch.messages.length !== 1) throw new Error(`${name} delivers one message per request`);
            const { response, ...delivery } = await exchange(signed(pubSubDelivery(message, input.batch.ordered === true, signatureType)));
            const done = response.status >= 200 && response.status < 300;
            return { output: { kind: "messages", failed: done ? [] : [message.id] }, native: nativeAnswer(response), ...delivery };
          }
          case "schedule": {
            const { response, ...delivery } = await exchange(signed(schedulerDelivery(input.scheduledTime, input.name, signatureType)));
            const ok = response.status >= 200 && response.status < 300;
            return {
              output: ok ? { kind: "event", ok: true } : { kind: "event", ok: false, error: `${response.status} ${response.text}` },
              native: nativeAnswer(response),
              ...delivery,
            };
          }
          case "native": {
            // 1st gen gets background events (`native:gcp-background`); the others Google's HTTP deliveries (`native:gcp-http`).
            const before = recorded.length;
            const sent = signatureType === "event" ? backgroundDelivery(input.event) : googleDelivery(input.event, signatureType);
            const { response, ...delivery } = await exchange(sent);
            const event = recorded[before];
            const ok = response.status >= 200 && response.status < 300;
            const native = nativeAnswer(response);
            // Read back as the trigger reads it: a message done or delivered again, an event done or retried; an
            // answer before the handler ran (a malformed event) as the HTTP answer it is.
            if (event?.kind === "messages") {
              const ids = (event.messages as Array<{ id: string }>).map((message) => message.id);
              return { output: { kind: "messages", failed: ok ? [] : ids }, native, ...delivery };
            }
            if (event !== undefined) {
              const output = ok
                ? { kind: "event" as const, ok: true as const }
                : { kind: "event" as const, ok: false as const, error: response.text };
              return { output, native, ...delivery };
            }
            return { output: httpOutput(response), native, ...delivery };
          }
        }
      }

      return {
        deliver,
        open(input) {
          if (input.kind !== "http") throw new Error(`${name} opens HTTP requests only, not ${input.kind}`);
          return open(port, { ...httpRequest(input.request, signatureType).request, agent });
        },
        recorded: async () => recorded,
        logs: async () => logs,
        close: () =>
          new Promise((resolve) => {
            agent.destroy();
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  };
  if (withMeter) {
    const meter = gcpFunctionsMeter();
    harness.meter = meter;
    harness.dispose = () => meter.close();
  }
  return harness;
}

const AWS = "AWS fixtures are Lambda events";

/** The three deployments of one `cloudFunction()` registration. */
export default function gcpFunctionsHarnesses(): ConformanceHarness[] {
  return [
    gcfHarness({
      name: "gcp-functions (http)",
      signatureType: "http",
      configuredBy: "options",
      capabilities: [
        "http",
        "client-ip",
        "repeated-values",
        "deadline",
        "logs",
        "messages",
        "delivery:single",
        "message-attributes",
        "ordered-messages",
        "schedule",
        "schedule-name",
        "native:gcp-http",
        "http:stream-cut-off",
        "http:stream-backpressure",
        "http:inflated-body",
        "verified-deliveries",
      ],
      lacks: {
        "event-trigger": "an HTTP-triggered function takes plain requests: see the 1st and 2nd gen harnesses",
        "http:body-as-sent":
          "the Functions Framework's body parser answers a JSON body that does not parse (or a bare JSON number or string) 400 Bad Request itself, before any function runs",
        storage: "storage events reach event-triggered functions: see the 1st and 2nd gen harnesses",
        cloudevent: "other events reach event-triggered functions: see the 1st and 2nd gen harnesses",
        "native:aws-lambda": AWS,
        "native:gcp-background": "background events reach 1st gen event-triggered functions only: see the 1st gen harness",
      },
      withMeter: true,
    }),
    gcfHarness({
      name: "gcp-functions (2nd gen events)",
      signatureType: "cloudevent",
      configuredBy: "environment",
      capabilities: [
        "messages",
        "delivery:single",
        "message-attributes",
        "ordered-messages",
        "storage",
        "cloudevent",
        "deadline",
        "logs",
        "native:gcp-http",
        "event-trigger",
        "verified-deliveries",
      ],
      lacks: {
        http: "an Eventarc-triggered function is reached by CloudEvents only: see the http harness",
        schedule: "Cloud Scheduler reaches a 2nd gen event function through a Pub/Sub topic (a message), or an HTTP function directly",
        "native:aws-lambda": AWS,
        "native:gcp-background": "background events reach 1st gen event-triggered functions only: see the 1st gen harness",
      },
    }),
    gcfHarness({
      name: "gcp-functions (1st gen events)",
      signatureType: "event",
      configuredBy: "command line",
      capabilities: [
        "messages",
        "delivery:single",
        "message-attributes",
        "storage",
        "cloudevent",
        "native:gcp-background",
        "logs",
        "event-trigger",
        "verified-deliveries",
      ],
      lacks: {
        http: "a background function is reached by background events only: see the http harness",
        "ordered-messages": "1st gen background events carry no ordering key",
        "native:gcp-http": "1st gen event functions get background events, not Eventarc's CloudEvents: see the 2nd gen harness",
        schedule: "Cloud Scheduler reaches a 1st gen event function through a Pub/Sub topic (a message)",
        deadline: "1st gen's current runtimes expose no timeout (FUNCTION_TIMEOUT_SEC was Node.js 8's): set timeoutMs",
        "native:aws-lambda": AWS,
      },
    }),
  ];
}
