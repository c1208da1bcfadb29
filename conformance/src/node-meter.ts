import { spawn } from "node:child_process";
import { type Bundle, type BundleOptions, bundle } from "./bundle.ts";
import { HELLO_ANSWER } from "./hello.ts";
import type { MeterHarness } from "./types.ts";

/** What a meter entry's `hello()` resolves to: the answer to `HELLO_REQUEST`, read back. */
export interface HelloReply {
  status: number;
  body: string;
}

/** Options of `nodeMeter`. */
export interface NodeMeterOptions {
  /**
   * A module (TypeScript or JavaScript) exporting `hello(): Promise<HelloReply>`, which sends
   * `HELLO_REQUEST` through your adapter running `helloApp` (build the adapter and the native request
   * once, at module level) and reads the answer back.
   */
  fnport: URL | string;
  /** The same for a raw hand-written hello on your provider's native API, validating with `validateHello`. */
  raw: URL | string;
  /** How to bundle both (conditions, ...); each is bundled once, minified, for the `node` platform. */
  bundle?: Omit<BundleOptions, "name" | "platform">;
}

type Which = "fnport" | "raw";
// Meters in one process bundle to one folder: each gets its own file names.
let meters = 0;
type HelloModule = { hello(): Promise<HelloReply> };

function checkReply(which: Which, reply: HelloReply | undefined): void {
  if (reply?.status !== HELLO_ANSWER.status || reply.body !== HELLO_ANSWER.body) {
    throw new Error(
      `the ${which} hello answered ${JSON.stringify(reply)}, not ${JSON.stringify({ status: 200, body: HELLO_ANSWER.body })}`,
    );
  }
}

// A fresh process imports the bundle, answers one hello, prints the reply as one JSON line and exits.
const COLD_SCRIPT = "const m = await import(process.argv[1]); process.stdout.write(JSON.stringify(await m.hello()) + '\\n');";

function coldRun(which: Which, file: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--input-type=module", "-e", COLD_SCRIPT, file.href], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const end = output.indexOf("\n");
      if (end === -1) return;
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        checkReply(which, JSON.parse(output.slice(0, end)) as HelloReply);
        resolve(elapsed);
      } catch (error) {
        reject(error);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!output.includes("\n")) reject(new Error(`the cold ${which} hello exited with ${code} before answering: ${errors.trim()}`));
    });
  });
}

/**
 * The meter for adapters that run in a Node process (Lambda-like, Cloud Functions-like, your own): both
 * entries are bundled like a deployment; cold = a fresh `node` process from spawn until its first
 * `hello()` answered; warm = `hello()` called `count` times in this process. Needs `esbuild`.
 */
export function nodeMeter(options: NodeMeterOptions): MeterHarness {
  let bundles: Promise<Record<Which, Bundle>> | undefined;
  const modules = new Map<Which, HelloModule>();
  const id = ++meters;
  const ready = () => {
    bundles ??= Promise.all([
      bundle(options.fnport, { ...options.bundle, name: `hello-fnport-${id}`, platform: "node" }),
      bundle(options.raw, { ...options.bundle, name: `hello-raw-${id}`, platform: "node" }),
    ]).then(([fnport, raw]) => ({ fnport, raw }));
    return bundles;
  };
  return {
    async cold(which) {
      return coldRun(which, (await ready())[which].file);
    },
    async warm(which, count) {
      let module = modules.get(which);
      if (!module) {
        module = (await import((await ready())[which].file.href)) as HelloModule;
        checkReply(which, await module.hello());
        modules.set(which, module);
      }
      const { hello } = module;
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) await hello();
      return Number(process.hrtime.bigint() - started);
    },
    async bundleSizes() {
      const { fnport, raw } = await ready();
      return { fnport: fnport.size, raw: raw.size };
    },
  };
}
