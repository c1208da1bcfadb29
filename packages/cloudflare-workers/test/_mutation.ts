// Mutation testing reaches into workerd: StrykerJS switches mutants on through a global of the test
// process (`__stryker__`: the active mutant, the current test, the coverage it counts), which a worker
// in workerd does not share. Under Stryker, each test worker is bundled behind a small entry that
// takes the active mutant and test id from this process, and answers `/__stryker__` with the
// coverage it counted, which is merged back here. Outside Stryker none of this runs.
import { afterEach, beforeEach } from "vitest";

interface StrykerNamespace {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

/** A running worker this module talks to: Miniflare's `dispatchFetch`. */
interface Dispatcher {
  dispatchFetch(url: string, init?: { method?: string; body?: string }): Promise<{ text(): Promise<string> }>;
}

const strykerNamespace = (): StrykerNamespace | undefined => (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;

/** True when this process runs under StrykerJS. */
export const underMutation: boolean = strykerNamespace() !== undefined;

const PATH = "/__stryker__";

/** JavaScript to put before a test worker's bundle (esbuild's `banner`): under Stryker, the mutant and the test id, before any module runs. */
export function mutationBanner(): string {
  const ns = strykerNamespace();
  if (ns === undefined) return "";
  return `globalThis.__stryker__ = ${JSON.stringify({ activeMutant: ns.activeMutant, currentTestId: ns.currentTestId })};`;
}

/**
 * The Worker module source that wraps `entry` (a module id esbuild resolves): under Stryker it also
 * answers `/__stryker__` (POST sets the test id, GET returns and resets the coverage); otherwise it is
 * `entry` itself.
 */
export function mutationEntry(entry: string): string {
  const id = JSON.stringify(entry);
  if (!underMutation) return `export * from ${id};\nexport { default } from ${id};\n`;
  return `
import worker from ${id};
export * from ${id};
async function stryker(request) {
  const ns = globalThis.__stryker__;
  if (request.method === "POST") { ns.currentTestId = (await request.text()) || undefined; return new Response(null, { status: 204 }); }
  // Emptied in place: Stryker's counter keeps the object it first found (a new one would count nothing).
  ns.mutantCoverage ??= { static: {}, perTest: {} };
  const coverage = ns.mutantCoverage;
  const counted = { static: coverage.static, perTest: coverage.perTest };
  coverage.static = {};
  coverage.perTest = {};
  return Response.json(counted);
}
export default {
  ...worker,
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === ${JSON.stringify(PATH)}) return stryker(request);
    return worker.fetch(request, env, ctx);
  },
};
`;
}

const live = new Set<Dispatcher>();

function merge(into: Record<string, number>, from: Record<string, number>): void {
  for (const [id, count] of Object.entries(from)) into[id] = (into[id] ?? 0) + count;
}

/** Reads the coverage `worker` counted since the last read into this process's counters. */
async function collect(worker: Dispatcher): Promise<void> {
  const ns = strykerNamespace();
  if (ns === undefined) return;
  const response = await worker.dispatchFetch(`http://stryker.test${PATH}`);
  const counted = JSON.parse(await response.text()) as NonNullable<StrykerNamespace["mutantCoverage"]>;
  ns.mutantCoverage ??= { static: {}, perTest: {} };
  merge(ns.mutantCoverage.static, counted.static);
  const perTest = ns.mutantCoverage.perTest;
  for (const [test, ids] of Object.entries(counted.perTest)) {
    perTest[test] ??= {};
    merge(perTest[test], ids);
  }
}

/** Follows `worker` (started behind `mutationEntry`) until `release` is called: its test id kept current, its coverage read back. */
export function followWorker(worker: Dispatcher): { release(): Promise<void> } {
  if (!underMutation) return { release: async () => {} };
  live.add(worker);
  return {
    async release() {
      if (!live.delete(worker)) return;
      await collect(worker);
    },
  };
}

if (underMutation) {
  // A worker started before the tests of a file (beforeAll) serves several: each gets its own test id.
  beforeEach(async () => {
    const id = strykerNamespace()?.currentTestId ?? "";
    await Promise.all(
      [...live].map(async (worker) => (await worker.dispatchFetch(`http://stryker.test${PATH}`, { method: "POST", body: id })).text()),
    );
  });
  afterEach(async () => {
    await Promise.all([...live].map((worker) => collect(worker)));
  });
}
