// The cold/warm/throughput meter for Cloud Run: the suite's hello app behind cloudRun() (test/hello/fnport.ts)
// and a raw node:http hello (test/hello/raw.ts), each bundled into one file the way examples/hello's
// Dockerfile does and run as its own node process on a loopback port.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { type Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { onFreshConnection, timeToFirstByteRound } from "@fnport/conformance";
import { HELLO_ANSWER as HELLO_ANSWER_SPEC, HELLO_REQUEST } from "@fnport/conformance/hello";
import autocannon from "autocannon";
import { build } from "esbuild";

export type Which = "fnport" | "raw";
type Entry = Which | "fnport-stream" | "raw-stream";

const entries: Record<Entry, string> = {
  fnport: fileURLToPath(new URL("./hello/fnport.ts", import.meta.url)),
  raw: fileURLToPath(new URL("./hello/raw.ts", import.meta.url)),
  "fnport-stream": fileURLToPath(new URL("./hello/fnport-stream.ts", import.meta.url)),
  "raw-stream": fileURLToPath(new URL("./hello/raw-stream.ts", import.meta.url)),
};
const HELLO_BODY = HELLO_REQUEST.body;
const HELLO_ANSWER = HELLO_ANSWER_SPEC.body;
// What Google's front end adds to every request Cloud Run receives; the raw hello ignores them, cloudRun() reads the trace.
const FRONT_END_HEADERS = {
  "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/1;o=1",
  traceparent: "00-105445aa7843bc8bf206b12000100000-0000000000000001-01",
  "x-forwarded-for": "203.0.113.7",
  "x-forwarded-proto": "https",
};

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

/** Bundles an entry as the Dockerfile does (esbuild, one minified ESM file for node); `source` reads the workspace packages' TypeScript. */
async function bundleEntry(which: Entry): Promise<string> {
  // A folder of this process: a shared one would take another checkout's bundle (several run tests on one machine).
  const dir = await mkdtemp(join(tmpdir(), "fnport-cloud-run-"));
  const outfile = join(dir, `cloud-run-${which}.mjs`);
  await build({
    entryPoints: [entries[which]],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    target: "node20",
    format: "esm",
    conditions: ["source"],
    logLevel: "silent",
  });
  return outfile;
}

/** Starts a bundled server on a free loopback port; resolves once it printed the port it listens on. */
function startServer(file: string): Promise<Running> {
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const match = /"port":(\d+)/.exec(output);
      if (match) {
        child.stdout?.off("data", onData);
        child.stdout?.resume(); // keep draining its output
        resolve({ child, port: Number(match[1]), exited });
      }
    };
    child.stdout?.on("data", onData);
    void exited.then((code) => reject(new Error(`${file} exited with ${code} before listening: ${output}`)));
  });
}

/** One `POST /hello`; rejects unless the answer is the hello's. */
function hello(port: number, agent: Agent | false): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/hello",
        agent,
        headers: { ...HELLO_REQUEST.headers, ...FRONT_END_HEADERS, "content-length": HELLO_BODY.length },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () =>
          res.statusCode === 200 && text === HELLO_ANSWER ? resolve() : reject(new Error(`hello answered ${res.statusCode} ${text}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(HELLO_BODY);
  });
}

async function stop(running: Running): Promise<void> {
  running.child.kill("SIGTERM");
  await running.exited;
}

/** The Cloud Run meter: `cold`, `warm` and `throughput` of each hello; `dispose` stops the servers it keeps. */
export interface CloudRunMeter {
  /** A fresh process: from spawn until the first response is back, in ms. */
  cold(which: Which): Promise<number>;
  /** `count` requests one after another over a keep-alive connection of their own (`onFreshConnection`) to a running server, in ns. */
  warm(which: Which, count: number): Promise<number>;
  /** Requests per second a running server answers to autocannon (`connections` at once) for `durationMs`. */
  throughput(which: Which, durationMs: number, connections?: number): Promise<number>;
  /** `count` streamed hellos one after another over a keep-alive connection of their own: summed ns to each first body byte. */
  firstByte(which: Which, count: number): Promise<number>;
  dispose(): Promise<void>;
}

export function cloudRunMeter(): CloudRunMeter {
  const bundles = new Map<Entry, Promise<string>>();
  const servers = new Map<Entry, Promise<Running>>();
  const bundled = (which: Entry): Promise<string> => {
    let file = bundles.get(which);
    if (file === undefined) {
      file = bundleEntry(which);
      bundles.set(which, file);
    }
    return file;
  };
  const running = (which: Entry): Promise<Running> => {
    let server = servers.get(which);
    if (server === undefined) {
      server = bundled(which).then(startServer);
      servers.set(which, server);
    }
    return server;
  };
  return {
    async cold(which) {
      const file = await bundled(which);
      const started = process.hrtime.bigint();
      const server = await startServer(file);
      try {
        await hello(server.port, false);
        return Number(process.hrtime.bigint() - started) / 1e6;
      } finally {
        await stop(server);
      }
    },
    async warm(which, count) {
      const { port } = await running(which);
      return onFreshConnection(
        (agent) => hello(port, agent),
        async (agent) => {
          const started = process.hrtime.bigint();
          for (let i = 0; i < count; i++) await hello(port, agent);
          return Number(process.hrtime.bigint() - started);
        },
      );
    },
    async throughput(which, durationMs, connections = 50) {
      const { port } = await running(which);
      const result = await autocannon({
        url: `http://127.0.0.1:${port}/hello`,
        method: "POST",
        headers: { ...HELLO_REQUEST.headers, ...FRONT_END_HEADERS },
        body: HELLO_BODY,
        connections,
        duration: durationMs / 1000,
      });
      if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
        throw new Error(`throughput of ${which}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
      }
      return result.requests.total / (result.duration as number);
    },
    async firstByte(which, count) {
      return timeToFirstByteRound((await running(`${which}-stream`)).port, count);
    },
    async dispose() {
      const started = [...servers.values()];
      servers.clear();
      await Promise.all(started.map(async (server) => stop(await server)));
    },
  };
}
