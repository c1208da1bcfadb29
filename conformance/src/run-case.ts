import { readFile } from "node:fs/promises";
import { BEHAVIOUR_HEADER } from "./app.ts";
import type { CaseStep, ConformanceCase, FixtureInput } from "./cases/types.ts";
import { checkStep } from "./check-step.ts";
import { deliverStep } from "./deliveries.ts";
import { deliveryModel } from "./harness-module.ts";
import { fixturesRoot } from "./paths.ts";
import type { CaseInput, ConformanceHarness, HarnessInstance } from "./types.ts";

/** The outcome of one case on one harness. */
export interface CaseResult {
  id: string;
  status: "pass" | "fail" | "skip";
  /** Why it failed or was skipped. */
  message?: string;
}

/** Reads a fixture from `conformance/fixtures` as JSON. */
export async function loadFixture(path: string): Promise<unknown> {
  return JSON.parse(await readFile(new URL(path, fixturesRoot), "utf8"));
}

async function resolveInput(step: CaseStep): Promise<CaseInput> {
  const input = step.input;
  if (input.kind === "fixture" && (input as FixtureInput).http !== undefined) {
    const fixture = input as FixtureInput & { http: NonNullable<FixtureInput["http"]> };
    const text = await readFile(new URL(fixture.fixture, fixturesRoot), "utf8");
    const body =
      fixture.patch === undefined ? text : JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), ...fixture.patch });
    const { method = "POST", path = "/", headers } = fixture.http;
    return { kind: "native", event: { method, path, headers, body } };
  }
  if (input.kind === "fixture") {
    const fixture = input as FixtureInput;
    const event = (await loadFixture(fixture.fixture)) as Record<string, unknown>;
    return { kind: "native", event: { ...event, ...fixture.patch } };
  }
  if (input.kind === "http" && step.behaviour !== undefined) {
    return { kind: "http", request: { ...input.request, headers: { ...input.request.headers, [BEHAVIOUR_HEADER]: step.behaviour } } };
  }
  return input;
}

const LOG_WAIT_MS = 3000;
/** After the expected lines are in, how long an extra line gets to show up (it would fail the step). */
const LOG_GRACE_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseLine(line: string): unknown {
  // JSON allows U+2028/U+2029 raw, but log pipelines split lines there: an adapter must escape them.
  if (/[\u2028\u2029]/.test(line)) return `(unescaped U+2028/U+2029: a log pipeline splits this line) ${line}`;
  try {
    return JSON.parse(line);
  } catch {
    return `(not JSON) ${line}`;
  }
}

/** The lines logged since `before`, once `count` of them are in (or the wait is over), plus any that follow shortly. */
async function logsSince(instance: HarnessInstance, before: number, count: number): Promise<unknown[]> {
  const read = async () => ((await instance.logs?.()) ?? []).slice(before);
  const until = Date.now() + LOG_WAIT_MS;
  while ((await read()).length < count && Date.now() < until) await sleep(10);
  await sleep(LOG_GRACE_MS);
  return (await read()).map(parseLine);
}

/** Why `testCase` does not apply to `harness` (the capabilities it lacks, with the harness's reasons), or undefined when it does. */
export function skipReason(harness: ConformanceHarness, testCase: ConformanceCase): string | undefined {
  const missing = testCase.needs.filter((need) => !harness.capabilities.has(need));
  if (missing.length === 0) return undefined;
  const reasons = missing.map((need) => {
    const why = harness.lacks?.[need];
    return why === undefined ? need : `${need}: ${why}`;
  });
  return `needs ${reasons.join("; ")}`;
}

/** Runs one case on a fresh instance of the harness: every step's deliveries, recorded events, logs and outputs checked. */
export async function runCase(harness: ConformanceHarness, testCase: ConformanceCase): Promise<CaseResult> {
  const skip = skipReason(harness, testCase);
  if (skip !== undefined) return { id: testCase.id, status: "skip", message: skip };
  const model = deliveryModel(harness);
  let instance: HarnessInstance | undefined;
  try {
    instance = await harness.start();
    for (const [index, step] of testCase.steps.entries()) {
      const seenBefore = (await instance.recorded()).length;
      const expectedLogs = step.expect.logs;
      const logsBefore = expectedLogs === undefined ? 0 : ((await instance.logs?.()) ?? []).length;
      const deliveries = await deliverStep(instance, model, await resolveInput(step));
      const recorded = (await instance.recorded()).slice(seenBefore);
      const logs = expectedLogs === undefined ? undefined : await logsSince(instance, logsBefore, expectedLogs.length);
      const problems = checkStep(harness, model, { step, deliveries, recorded, logs });
      if (problems.length > 0) {
        const prefix = testCase.steps.length > 1 ? `step ${index + 1}: ` : "";
        return { id: testCase.id, status: "fail", message: prefix + problems.join("; ") };
      }
    }
    return { id: testCase.id, status: "pass" };
  } catch (error) {
    return { id: testCase.id, status: "fail", message: `threw: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await instance?.close();
  }
}
