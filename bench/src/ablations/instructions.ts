// `node --conditions=source --import tsx bench/src/ablations/instructions.ts [node|ff]:FILE...`: the instructions
// a server subject spends per request, counted with `valgrind --tool=callgrind` (repeatable on a busy machine,
// where wall time is not). Each subject is bundled as the bench bundles it and started under callgrind; after
// WARM POSTs of /hello (autocannon, 10 keep-alive connections), WINDOWS times the counters are zeroed, COUNT
// more are answered and the counters dumped (`callgrind_control`): instructions per warm request, the
// server's whole process (node, V8, libuv, GC) but not the kernel. Medians over windows and RUNS processes.
// `node:FILE` listens on $PORT; `ff:FILE` registers `hello` with the Functions Framework, run by its CLI.
// Env: COUNT (default 2000), WARM (default 1000), WINDOWS (default 2), RUNS (default 1); KEEP=1 keeps the dumps
// (`callgrind_annotate FILE` then shows where the instructions go: V8's builtins and node's C++ by name, JIT code as ???).
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { bundle, outDir } from "../bundle.ts";
import { firstAnswer, HOST, type Launch, launchArgs, stop } from "../cloud-run/servers.ts";
import { HELLO_BODY } from "../hello.ts";
import { type Counted, countDump } from "./_callgrind-dump.ts";

const COUNT = Number(process.env.COUNT ?? 2000);
const WARM = Number(process.env.WARM ?? 1000);
const RUNS = Number(process.env.RUNS ?? 1);
const WINDOWS = Number(process.env.WINDOWS ?? 2);

/** POSTs /hello `amount` times; resolves with how many were answered 2xx (a loaded machine may drop a few connections). */
async function send(port: number, amount: number): Promise<number> {
  if (amount === 0) return 0;
  const result = await autocannon({
    url: `http://${HOST}:${port}/hello`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: HELLO_BODY,
    connections: 10,
    amount,
    timeout: 120,
  });
  const answered = result["2xx"];
  if (result.non2xx > 0 || answered < amount * 0.99)
    throw new Error(`${answered}/${amount} answered, ${result.errors} errors, ${result.non2xx} non-2xx`);
  return answered;
}

// vgdb names its pipes after $USER and $HOST, and the server gets HOST=127.0.0.1: so does callgrind_control.
const vgdbPrefix = `--vgdb-prefix=/tmp/fnport-callgrind-${process.pid}`;

const callgrindControl = (option: string, pid: number): Promise<void> =>
  new Promise((done, fail) => {
    const control = spawn("callgrind_control", [vgdbPrefix, option, String(pid)], { stdio: "ignore", env: { ...process.env, HOST } });
    control.once("exit", (code) => (code === 0 ? done() : fail(new Error(`callgrind_control ${option} exited with ${code}`))));
  });

// Optimizing on the main thread, and collecting garbage there: under callgrind a background compiler gets
// so little time that code is still being optimized thousands of requests in, differently in every run.
const V8_FLAGS = process.env.V8_FLAGS === undefined ? ["--single-threaded"] : process.env.V8_FLAGS.split(" ").filter(Boolean);

/** The counts in a dump, once callgrind has written it (`callgrind_control` returns before it does). */
async function dumpedCounts(dump: string): Promise<Counted> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const counted = countDump(await readFile(dump, "utf8").catch(() => ""));
    if (counted !== undefined) {
      if (process.env.KEEP === undefined) await rm(dump);
      else process.stderr.write(`  kept ${dump}\n`);
      return counted;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`callgrind wrote no totals to ${dump}`);
}

/**
 * Starts the subject under callgrind, answers WARM requests, then WINDOWS times: zeroes the counters
 * (`callgrind_control -z`), answers COUNT requests and dumps (`-d`); the instructions per request of each window.
 */
async function instructionsPerRequest(kind: Launch, file: URL, windows: number): Promise<Counted[]> {
  // Below the ephemeral range: a server of another process started meanwhile cannot take it (valgrind starts slowly).
  const port = 20_000 + Math.floor(Math.random() * 10_000);
  const out = fileURLToPath(new URL(`callgrind-${process.pid}-${port}.out`, outDir));
  const child = spawn(
    "valgrind",
    ["--tool=callgrind", vgdbPrefix, `--callgrind-out-file=${out}`, process.execPath, ...V8_FLAGS, ...launchArgs(kind, file, port)],
    {
      env: { ...process.env, PORT: String(port), HOST, NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const pid = child.pid as number;
  const values: Counted[] = [];
  try {
    await firstAnswer(file.pathname, child, port, 300_000);
    await send(port, WARM);
    for (let window = 1; window <= windows; window++) {
      await callgrindControl("-z", pid);
      const answered = await send(port, COUNT);
      await callgrindControl("-d", pid);
      const { total, served } = await dumpedCounts(`${out}.${window}`);
      values.push({ total: total / answered, served: served / answered });
    }
  } finally {
    await stop(child);
    await rm(out, { force: true });
  }
  return values;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const specs = process.argv.slice(2).map((arg) => {
  const colon = arg.indexOf(":");
  const kind = arg.slice(0, colon);
  if (kind !== "node" && kind !== "ff") throw new Error(`expected node:FILE or ff:FILE, got ${arg}`);
  return {
    label: arg,
    kind: (kind === "ff" ? "functions-framework" : "node") as Launch,
    entry: pathToFileURL(resolve(arg.slice(colon + 1))),
  };
});
const built = await Promise.all(
  specs.map((s, i) =>
    bundle(s.entry, `instructions-${process.pid}-${i}`, { platform: "node", conditions: ["node"], externalPackages: true }),
  ),
);
process.stderr.write(
  `callgrind: ${WARM} warm-up requests, then ${WINDOWS} windows of ${COUNT} counted ones, per subject and run (${RUNS})\n`,
);
const perRequest = new Map<string, Counted[]>(specs.map((s) => [s.label, []]));
for (let run = 0; run < RUNS; run++) {
  for (const [i, s] of specs.entries()) {
    const file = (built[i] as { file: URL }).file;
    const values = await instructionsPerRequest(s.kind, file, WINDOWS);
    perRequest.get(s.label)?.push(...values);
    const shown = values.map((v) => `${Math.round(v.served)} (${Math.round(v.total)} with the compiler)`);
    process.stderr.write(`  ${s.label}: ${shown.join(", ")} instructions/request\n`);
  }
}
const [first] = specs;
const medianOf = (label: string, pick: (c: Counted) => number): number => median((perRequest.get(label) as Counted[]).map(pick));
process.stdout.write(`${"subject".padEnd(64)} instr/req without the compiler (with it)\n`);
for (const s of specs) {
  const served = medianOf(s.label, (c) => c.served);
  const total = medianOf(s.label, (c) => c.total);
  const ratio = first === undefined ? 1 : served / medianOf(first.label, (c) => c.served);
  process.stdout.write(`${s.label.padEnd(64)} ${String(Math.round(served)).padStart(8)} ×${ratio.toFixed(3)}  (${Math.round(total)})\n`);
}
