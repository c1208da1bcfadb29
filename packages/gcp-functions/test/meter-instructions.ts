// `node --conditions=source --import tsx packages/gcp-functions/test/meter-instructions.ts [fnport|raw|LABEL=FILE]...`:
// the conformance meter's warm loop (the framework's test server in the meter's own process, one keep-alive
// connection, one request at a time, `await send()` in turn) counted in instructions with `valgrind
// --tool=callgrind`, which a loaded machine does not disturb as it does CPU time. One process serves every
// hello given (default `raw fnport`; LABEL=FILE registers a variant as hello/*.ts do), bundled as the meter
// bundles them; after WARM requests of each, WINDOWS rounds alternate them, each window preceded by a full
// garbage collection as in the meter (GC_FIRST=0: none), zeroed (`callgrind_control -z`), COUNT requests
// answered, and dumped (`-d`). Printed: instructions per request of the whole process (client and server,
// node, V8, libuv, GC; not the kernel), without V8's optimizing compilers (under callgrind still busy
// thousands of requests in), medians per hello, first one = 1. MODE=cpu: no valgrind, the meter's own
// figure (this process's CPU time per request) window by window instead.
// Env: COUNT (default 2000), WARM (default 3000), WINDOWS (default 3), KEEP=1 keeps the dumps for
// `callgrind_annotate`, V8_FLAGS (default `--single-threaded`), VALGRIND_ARGS (e.g. `--cache-sim=yes`).
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { countDump } from "../../../bench/src/ablations/_callgrind-dump.ts";
import { collectGarbage } from "./_gc.ts";

/** `fnport`, `raw` (the meter's two hellos) or `LABEL=FILE`, a variant entry registering its hello as they do. */
type Spec = string;

const COUNT = Number(process.env.COUNT ?? 2000);
const WARM = Number(process.env.WARM ?? 3000);
const WINDOWS = Number(process.env.WINDOWS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function entryOf(spec: Spec): { label: string; entry: URL } {
  const equals = spec.indexOf("=");
  if (equals !== -1) return { label: spec.slice(0, equals), entry: pathToFileURL(resolve(spec.slice(equals + 1))) };
  if (spec !== "fnport" && spec !== "raw") throw new Error(`expected fnport, raw or LABEL=FILE, got ${spec}`);
  return { label: spec, entry: new URL(`hello/${spec}.ts`, import.meta.url) };
}

/**
 * The child, under callgrind: serves each hello as the meter does (bundled as deployed, registered, the
 * framework's test server, a keep-alive agent with one socket), warms each, then runs one window per
 * line it reads, saying when each starts and ends. The loop is the meter's `warm()`: `await send()` in turn.
 */
async function child(specs: Spec[]): Promise<void> {
  const { getTestServer } = await import("@google-cloud/functions-framework/testing");
  const { bundleFunction } = await import("./_cli.ts");
  const { send } = await import("./_framework.ts");
  const { HELLO, checkHello } = await import("./conformance-meter.ts");
  const served: Array<{ label: string; port: number; agent: Agent; server: Server; file: string }> = [];
  for (const [i, spec] of specs.entries()) {
    const { label, entry } = entryOf(spec);
    const file = await bundleFunction(entry, `instructions-${i}`);
    const module = (await import(pathToFileURL(file).href)) as { register(name: string): void };
    module.register(`instructions-${i}`);
    const server: Server = getTestServer(`instructions-${i}`);
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    // Under valgrind a pause between windows outlasts node's 5 s default, and a request sent as the server
    // closes its idle connection is cut ("socket hang up"): the same timer per request, longer.
    server.keepAliveTimeout = 600_000;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = (server.address() as AddressInfo).port;
    checkHello(label, await send(port, { ...HELLO, agent }));
    served.push({ label, port, agent, server, file });
  }
  const warm = async (index: number, count: number) => {
    const { port, agent } = served[index] as (typeof served)[number];
    const request = { ...HELLO, agent };
    for (let i = 0; i < count; i++) await send(port, request);
  };
  for (const index of served.keys()) await warm(index, WARM);
  const order = [...served.keys()];
  const cpu = process.env.MODE === "cpu";
  const lines = cpu ? undefined : createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const times: number[][] = served.map(() => []);
  for (let window = 0; window < WINDOWS; window++) {
    for (const index of window % 2 === 0 ? order : [...order].reverse()) {
      // As the meter's warm() does: no window pays for garbage the one before it left.
      if (process.env.GC_FIRST !== "0") collectGarbage();
      if (cpu) {
        // MODE=cpu: no callgrind, the meter's own measure (this process's CPU time), window by window.
        const started = process.cpuUsage();
        await warm(index, COUNT);
        const spent = process.cpuUsage(started);
        times[index]?.push((spent.user + spent.system) / COUNT);
        continue;
      }
      say(`ready ${index}`);
      await lines?.next(); // the counters are zeroed
      await warm(index, COUNT);
      say(`done ${index}`);
      await lines?.next(); // the counters are dumped
    }
  }
  if (cpu) {
    const base = median(times[0] ?? []);
    for (const [index, { label }] of served.entries()) {
      const value = median(times[index] ?? []);
      say(
        `${label.padEnd(16)} ${value.toFixed(1).padStart(8)} µs CPU/request ×${(value / base).toFixed(3)}  [${(times[index] ?? []).map((t) => t.toFixed(0)).join(" ")}]`,
      );
    }
  }
  for (const { agent, server, file } of served) {
    agent.destroy();
    server.closeAllConnections();
    server.close();
    await rm(file, { force: true });
  }
  process.exit(0);
}

async function parent(specs: Spec[]): Promise<void> {
  const labels = specs.map((spec) => entryOf(spec).label);
  const prefix = `--vgdb-prefix=${join(tmpdir(), `fnport-meter-callgrind-${process.pid}`)}`;
  const out = join(tmpdir(), `fnport-meter-callgrind-${process.pid}.out`);
  const v8Flags = (process.env.V8_FLAGS ?? "--single-threaded").split(" ").filter(Boolean);
  const self = fileURLToPath(import.meta.url);
  const running = spawn(
    "valgrind",
    [
      "--tool=callgrind",
      ...(process.env.VALGRIND_ARGS ?? "").split(" ").filter(Boolean),
      prefix,
      `--callgrind-out-file=${out}`,
      process.execPath,
      ...v8Flags,
      ...process.execArgv,
      self,
      "child",
      ...specs,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const pid = running.pid as number;
  const control = (option: string) =>
    new Promise<void>((done, fail) => {
      const spawned = spawn("callgrind_control", [prefix, option, String(pid)], { stdio: "ignore" });
      spawned.once("exit", (code) => (code === 0 ? done() : fail(new Error(`callgrind_control ${option} exited with ${code}`))));
    });
  const perRequest: Array<Array<{ total: number; served: number }>> = specs.map(() => []);
  let dumps = 0;
  for await (const line of createInterface({ input: running.stdout })) {
    const [what, index] = line.split(" ") as [string, string];
    const which = Number(index);
    if (what === "ready") {
      await control("-z");
      running.stdin.write("go\n");
    } else if (what === "done") {
      await control("-d");
      const dump = `${out}.${++dumps}`;
      let counted: { total: number; served: number } | undefined;
      for (let waited = 0; counted === undefined && waited < 120_000; waited += 200) {
        counted = countDump(await readFile(dump, "utf8").catch(() => ""));
        if (counted === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      if (counted === undefined) throw new Error(`callgrind wrote no totals to ${dump}`);
      if (process.env.KEEP === undefined) await rm(dump);
      perRequest[which]?.push({ total: counted.total / COUNT, served: counted.served / COUNT });
      process.stderr.write(
        `  ${labels[which]}: ${Math.round(counted.served / COUNT)} (${Math.round(counted.total / COUNT)} with the compiler)${process.env.KEEP === undefined ? "" : ` ${dump}`}\n`,
      );
      running.stdin.write("next\n");
    }
  }
  await rm(out, { force: true });
  const base = median((perRequest[0] ?? []).map((c) => c.served));
  process.stdout.write(`${"hello".padEnd(16)} instr/request without the compiler (with it), median of ${WINDOWS} windows of ${COUNT}\n`);
  for (const [which, label] of labels.entries()) {
    const served = median((perRequest[which] ?? []).map((c) => c.served));
    const total = median((perRequest[which] ?? []).map((c) => c.total));
    process.stdout.write(
      `${label.padEnd(16)} ${String(Math.round(served)).padStart(8)} ×${(served / base).toFixed(3)}  (${Math.round(total)})\n`,
    );
  }
}

const args = process.argv.slice(2);
if (args[0] === "child" || process.env.MODE === "cpu")
  await child(args[0] === "child" ? args.slice(1) : args.length > 0 ? args : ["raw", "fnport"]);
else await parent(args.length > 0 ? args : ["raw", "fnport"]);
