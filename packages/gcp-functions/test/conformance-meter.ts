// The cold/warm meter for Cloud Functions: the suite's hello behind cloudFunction() beside the same hello
// written by hand as a Functions Framework HTTP function, both bundled as a deployment ships them.
// Cold: a fresh `functions-framework` process, configured through the environment as Google's runtime
// configures an HTTP trigger, from spawn to its first answer, counted in that process's CPU time where
// /proc shows it (else wall time). Warm: requests on one keep-alive connection of the round's own
// (`onFreshConnection`) to the framework's test server in this process, counted in this process's CPU time (the
// server's work and the client's, which is the same for both hellos), each round after a full garbage
// collection: on a shared machine the wall time of a loopback request is mostly waiting for a core, and
// would hide a difference of a few percent. `meter-instructions.ts` counts the same loop in instructions.
import { readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type MeterHarness, onFreshConnection, timeToFirstByteRound } from "@fnport/conformance";
import { HELLO_ANSWER, HELLO_REQUEST } from "@fnport/conformance/hello";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { bundleFunction, firstAnswer, freePort, startFramework } from "./_cli.ts";
import { cpuMs } from "./_cpu.ts";
import { type ReceivedResponse, type SentRequest, send } from "./_framework.ts";
import { collectGarbage } from "./_gc.ts";

type Which = "fnport" | "raw";
type HelloModule = { register(name: string): void };

const ENTRIES: Record<Which, URL> = {
  fnport: new URL("hello/fnport.ts", import.meta.url),
  raw: new URL("hello/raw.ts", import.meta.url),
};
const STREAM_ENTRIES: Record<Which, URL> = {
  fnport: new URL("hello/fnport-stream.ts", import.meta.url),
  raw: new URL("hello/raw-stream.ts", import.meta.url),
};

// What Google's front end adds to every request a 2nd gen function receives: the framework and fnport both read the trace.
/** The request both hellos get (meter-instructions.ts sends it too). */
export const HELLO: SentRequest = {
  method: HELLO_REQUEST.method,
  path: HELLO_REQUEST.path,
  headers: [
    ["Content-Type", HELLO_REQUEST.headers["content-type"]],
    ["X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1"],
    ["traceparent", "00-105445aa7843bc8bf206b12000100000-0000000000000001-01"],
    ["X-Forwarded-For", "203.0.113.7"],
    ["X-Forwarded-Proto", "https"],
  ],
  body: HELLO_REQUEST.body,
};

/** Throws unless `answer` is the hello's answer. */
export function checkHello(which: string, answer: ReceivedResponse): void {
  if (
    answer.status !== HELLO_ANSWER.status ||
    answer.headers["content-type"] !== HELLO_ANSWER.headers["content-type"] ||
    answer.text !== HELLO_ANSWER.body
  ) {
    throw new Error(`the ${which} hello answered ${answer.status} (${answer.headers["content-type"]}) ${answer.text}`);
  }
}

let meters = 0;

/** The meter, and `close()` for the in-process servers its warm runs started. */
export function gcpFunctionsMeter(): MeterHarness & { close(): Promise<void> } {
  const id = ++meters;
  let bundles: Promise<Record<Which, string>> | undefined;
  const ready = () => {
    bundles ??= Promise.all([bundleFunction(ENTRIES.fnport, `hello-fnport-${id}`), bundleFunction(ENTRIES.raw, `hello-raw-${id}`)]).then(
      ([fnport, raw]) => ({ fnport, raw }),
    );
    return bundles;
  };
  const warmServers = new Map<Which, { port: number; server: Server }>();

  async function warmServer(which: Which) {
    let served = warmServers.get(which);
    if (served === undefined) {
      const module = (await import(pathToFileURL((await ready())[which]).href)) as HelloModule;
      const name = `meter-${which}-${id}`;
      module.register(name);
      const server: Server = getTestServer(name);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      // Unref'd: a meter left running never holds the process open.
      server.unref();
      served = { port: (server.address() as AddressInfo).port, server };
      warmServers.set(which, served);
    }
    return served;
  }

  // The streamed hellos run from their source in this process (no bundle: only time to first byte is measured).
  const streamServers = new Map<Which, Promise<{ port: number; server: Server }>>();
  const streamServer = (which: Which) => {
    let served = streamServers.get(which);
    if (served === undefined) {
      served = (async () => {
        const module = (await import(STREAM_ENTRIES[which].href)) as HelloModule;
        const name = `meter-stream-${which}-${id}`;
        module.register(name);
        const server: Server = getTestServer(name);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        server.unref();
        return { port: (server.address() as AddressInfo).port, server };
      })();
      streamServers.set(which, served);
    }
    return served;
  };

  return {
    async firstByte(which, count) {
      return timeToFirstByteRound((await streamServer(which)).port, count);
    },
    async cold(which) {
      const source = (await ready())[which];
      const port = await freePort();
      const started = process.hrtime.bigint();
      const running = startFramework(source, { FUNCTION_TARGET: "hello", FUNCTION_SIGNATURE_TYPE: "http" }, port);
      try {
        const answer = await firstAnswer(running, HELLO);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        // The process's CPU time to its first answer where /proc shows it (steady under load), else wall time.
        const cpu = cpuMs(running.child.pid);
        checkHello(which, answer);
        return cpu ?? elapsed;
      } finally {
        await running.stop();
      }
    },
    async warm(which, count) {
      const { port } = await warmServer(which);
      return onFreshConnection(
        async (agent) => checkHello(which, await send(port, { ...HELLO, agent })),
        async (agent) => {
          const request = { ...HELLO, agent };
          // Rounds of the two hellos alternate in this process: collected first, a round does not pay for the
          // garbage the other hello's round left (a full collection of this process's heap, most of it the
          // harness's own, swung a round's figure by ±5% under callgrind: test/meter-instructions.ts).
          collectGarbage();
          const started = process.cpuUsage();
          for (let i = 0; i < count; i++) await send(port, request);
          const spent = process.cpuUsage(started);
          return (spent.user + spent.system) * 1000;
        },
      );
    },
    async close() {
      for (const { server } of [...warmServers.values(), ...(await Promise.all(streamServers.values()))]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      warmServers.clear();
      streamServers.clear();
      if (bundles !== undefined) for (const file of Object.values(await bundles)) await rm(file, { force: true });
      bundles = undefined;
    },
    async bundleSizes() {
      const files = await ready();
      const size = async (file: string) => {
        const code = await readFile(file);
        return { bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
      };
      return { fnport: await size(files.fnport), raw: await size(files.raw) };
    },
  };
}
