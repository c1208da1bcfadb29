import { readFile } from "node:fs/promises";
import { BEHAVIOUR_HEADER } from "./app.ts";
import type { CaseStep, ConformanceCase, FixtureInput } from "./cases/types.ts";
import { checkCase } from "./check-case.ts";
import { checkStep } from "./check-step.ts";
import { CaseError } from "./compare.ts";
import { deliverStep, type StepDeliveries } from "./deliveries.ts";
import { leaveBeforeAnswer, leaveMidResponse } from "./disconnect.ts";
import { deliveryModel } from "./harness-module.ts";
import { fixturesRoot } from "./paths.ts";
import { checkSlowRead } from "./slow-read.ts";
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

/**
 * `value` with `patch` applied: a key starting with `/` is a JSON pointer (RFC 6901) to the value it
 * replaces, any other a top-level key; `undefined` removes the key.
 */
export function patched(value: unknown, patch: Readonly<Record<string, unknown>> = {}): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const [key, replacement] of Object.entries(patch)) {
    if (!key.startsWith("/")) {
      if (replacement === undefined) delete copy[key];
      else copy[key] = replacement;
      continue;
    }
    const parts = key
      .slice(1)
      .split("/")
      .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
    const last = parts.pop() as string;
    let target: unknown = copy;
    for (const part of parts) {
      target = (target as Record<string, unknown> | undefined)?.[part];
      if (typeof target !== "object" || target === null)
        throw new CaseError(`patch ${key}: ${part} is not an object or array in the fixture`);
    }
    if (replacement === undefined) delete (target as Record<string, unknown>)[last];
    else (target as Record<string, unknown>)[last] = replacement;
  }
  return copy;
}

/**
 * What a harness read back (`recorded()`, `logs()`), which must be a list. A harness that reads it through the
 * app gets whatever the app answers: an adapter that fails answers even that request with its generic 500.
 */
async function listRead<T>(what: string, read: Promise<T[]> | undefined): Promise<T[]> {
  if (read === undefined) return [];
  const value: unknown = await read;
  if (!Array.isArray(value)) throw new Error(`the harness's ${what} gave ${JSON.stringify(value)}, not a list`);
  return value as T[];
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
    return { kind: "native", event: patched(await loadFixture(fixture.fixture), fixture.patch) };
  }
  if (input.kind === "http" && step.behaviour !== undefined) {
    return { kind: "http", request: { ...input.request, headers: { ...input.request.headers, [BEHAVIOUR_HEADER]: step.behaviour } } };
  }
  return input;
}

function parseLine(line: string): unknown {
  // JSON allows U+2028/U+2029 raw, but log pipelines split lines there: an adapter must escape them.
  if (/[\u2028\u2029]/.test(line)) return `(unescaped U+2028/U+2029: a log pipeline splits this line) ${line}`;
  try {
    return JSON.parse(line);
  } catch {
    return `(not JSON) ${line}`;
  }
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

/** A `keepAlive` step's one delivery (`http:drain`). */
async function keptAlive(instance: HarnessInstance, input: CaseInput, keepAlive: "open" | "drain"): Promise<StepDeliveries> {
  if (instance.keepAlive === undefined) throw new Error("the harness declares http:drain but its instances have no keepAlive()");
  return { sent: [{ input, delivery: await instance.keepAlive(input, keepAlive === "drain") }], undelivered: [] };
}

/** How an instance told to stop ended (`instance-exit`). */
async function exitCodeOf(instance: HarnessInstance): Promise<number | null> {
  if (instance.exitCode === undefined) throw new Error("the harness declares instance-exit but its instances have no exitCode()");
  return instance.exitCode();
}

/** Runs one case on a fresh instance of the harness: every step's deliveries, recorded events, logs and outputs checked. */
export async function runCase(harness: ConformanceHarness, testCase: ConformanceCase): Promise<CaseResult> {
  const skip = skipReason(harness, testCase);
  if (skip !== undefined) return { id: testCase.id, status: "skip", message: skip };
  const model = deliveryModel(harness);
  const readsLogs = harness.capabilities.has("logs");
  let instance: HarnessInstance | undefined;
  let index = 0;
  const prefix = () => (testCase.steps.length > 1 ? `step ${index + 1}: ` : "");
  try {
    checkCase(testCase);
    instance = await harness.start(testCase.deploy);
    for (const step of testCase.steps) {
      const seenBefore = (await listRead("recorded()", instance.recorded())).length;
      const logsBefore = readsLogs ? (await listRead("logs()", instance.logs?.())).length : 0;
      const input = await resolveInput(step);
      if (step.expect.slowRead !== undefined || step.expect.disconnect !== undefined) {
        const problems =
          step.expect.slowRead !== undefined
            ? await checkSlowRead(instance, input, step.expect.response?.status, step.expect.slowRead)
            : step.expect.disconnect === "before-answer"
              ? await leaveBeforeAnswer(instance, input)
              : await leaveMidResponse(instance, input, step.expect.response?.status);
        const logs = readsLogs ? (await listRead("logs()", instance.logs?.())).slice(logsBefore) : [];
        if (logs.length > 0) problems.push(`logs: expected none, got ${JSON.stringify(logs)}`);
        if (problems.length > 0) return { id: testCase.id, status: "fail", message: prefix() + problems.join("; ") };
        index++;
        continue;
      }
      const from = Date.now();
      const { keepAlive } = step.expect;
      const deliveries = keepAlive === undefined ? await deliverStep(instance, model, input) : await keptAlive(instance, input, keepAlive);
      const recorded = (await listRead("recorded()", instance.recorded())).slice(seenBefore);
      // A stopping instance's lines are compared only where the adapter logs its drain in the suite's words.
      const comparesLogs = readsLogs && (keepAlive !== "drain" || harness.capabilities.has("logs:drain"));
      const logs = comparesLogs ? (await listRead("logs()", instance.logs?.())).slice(logsBefore).map(parseLine) : undefined;
      const exitCode = keepAlive === "drain" && harness.capabilities.has("instance-exit") ? await exitCodeOf(instance) : undefined;
      const problems = checkStep(harness, model, { step, deliveries, recorded, logs, exitCode, during: { from, until: Date.now() } });
      if (problems.length > 0) return { id: testCase.id, status: "fail", message: prefix() + problems.join("; ") };
      index++;
    }
    return { id: testCase.id, status: "pass" };
  } catch (error) {
    if (error instanceof CaseError) return { id: testCase.id, status: "fail", message: `${prefix()}the case is wrong: ${error.message}` };
    return { id: testCase.id, status: "fail", message: `${prefix()}threw: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await instance?.close();
  }
}
