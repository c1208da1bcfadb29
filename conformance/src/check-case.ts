// A case is data: this checks that data before any harness runs it, so a wrong case fails everywhere
// (a misspelt expectation key, a matcher without its reason) instead of passing where it is skipped.
import type { ConformanceCase } from "./cases/types.ts";
import { CaseError, checkExpected } from "./compare.ts";
import { CAPABILITIES, type Capability, type DeploySpec } from "./types.ts";

const STEP_KEYS: ReadonlySet<string> = new Set(["input", "behaviour", "expect"]);
const EXPECT_KEYS: ReadonlySet<string> = new Set([
  "event",
  "events",
  "response",
  "messages",
  "outcome",
  "logs",
  "native",
  "slowRead",
  "disconnect",
  "keepAlive",
  "exitCode",
]);
const SLOW_READ_KEYS: ReadonlySet<string> = new Set(["bytes", "pausesAt", "pauseMs", "maxAheadBytes"]);
const RESPONSE_KEYS: ReadonlySet<string> = new Set([
  "status",
  "headers",
  "cookies",
  "bodyText",
  "bodyJson",
  "bodyBase64",
  "cutOff",
  "statusText",
]);
/** What a case that sets each `deploy` key needs: the capability, and whether the key takes only `true`. */
const DEPLOY_NEEDS: Readonly<Record<keyof DeploySpec, { needs: Capability; onlyTrue?: true }>> = {
  env: { needs: "deploy-env" },
  tenantId: { needs: "tenant-id" },
  timeoutMs: { needs: "deploy-timeout" },
  eventPath: { needs: "deploy-event-path" },
  noResponseLimit: { needs: "http:declared-length-limit", onlyTrue: true },
  verifiedDeliveries: { needs: "verified-deliveries", onlyTrue: true },
  drainTimeoutMs: { needs: "http:drain-timeout" },
};
const DEPLOY_KEYS: ReadonlySet<string> = new Set(Object.keys(DEPLOY_NEEDS));
const known = new Set<string>(CAPABILITIES);

function unknownKeys(value: object, allowed: ReadonlySet<string>, where: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.has(key));
  if (extra.length > 0) throw new CaseError(`${where}: unknown key ${extra.map((key) => JSON.stringify(key)).join(", ")}`);
}

/** Throws a `CaseError` naming the first thing wrong with `testCase`. */
export function checkCase(testCase: ConformanceCase): void {
  const fail = (problem: string): never => {
    throw new CaseError(`${testCase.id}: ${problem}`);
  };
  for (const need of testCase.needs) if (!known.has(need)) fail(`needs an unknown capability ${JSON.stringify(need)}`);
  if (testCase.steps.length === 0) fail("has no steps");
  const { deploy } = testCase;
  if (deploy !== undefined) {
    unknownKeys(deploy, DEPLOY_KEYS, `${testCase.id}: deploy`);
    for (const [key, { needs, onlyTrue }] of Object.entries(DEPLOY_NEEDS)) {
      const value = deploy[key as keyof DeploySpec];
      if (value === undefined || ((!onlyTrue || value === true) && testCase.needs.includes(needs))) continue;
      fail(`sets deploy.${key}${onlyTrue ? " (true)" : ""}, so it needs ${needs}`);
    }
  }
  testCase.steps.forEach((step, i) => {
    const where = testCase.steps.length > 1 ? `step ${i + 1}` : "expect";
    try {
      unknownKeys(step, STEP_KEYS, `step ${i + 1}`);
      const { expect, input } = step;
      unknownKeys(expect, EXPECT_KEYS, where);
      if (expect.slowRead !== undefined) {
        unknownKeys(expect.slowRead, SLOW_READ_KEYS, "slowRead");
        const others = Object.keys(expect).filter((key) => key !== "slowRead" && key !== "response");
        if (others.length > 0 || Object.keys(expect.response ?? {}).some((key) => key !== "status")) {
          throw new CaseError(`${where}: a slowRead step names the response status alone`);
        }
        if (input.kind !== "http" || !testCase.needs.includes("http:stream-backpressure")) {
          throw new CaseError(`${where}: a slowRead step sends HTTP, and its case needs http:stream-backpressure`);
        }
      }
      if (expect.disconnect === "before-answer") {
        if (Object.keys(expect).length > 1) throw new CaseError(`${where}: a before-answer disconnect step names nothing else`);
        if (input.kind !== "http" || !testCase.needs.includes("http:client-leaves-stream"))
          throw new CaseError(`${where}: a before-answer disconnect step sends HTTP, and its case needs http:client-leaves-stream`);
      } else if (expect.disconnect !== undefined) {
        const others = Object.keys(expect).filter((key) => key !== "disconnect" && key !== "response");
        if (expect.disconnect !== true || others.length > 0 || Object.keys(expect.response ?? {}).some((key) => key !== "status")) {
          throw new CaseError(`${where}: a disconnect step is disconnect: true and names the response status alone`);
        }
        const leaves = testCase.needs.includes("http:client-disconnect") || testCase.needs.includes("http:client-leaves-stream");
        if (input.kind !== "http" || !leaves) {
          throw new CaseError(
            `${where}: a disconnect step sends HTTP, and its case needs http:client-disconnect or http:client-leaves-stream`,
          );
        }
      }
      if (expect.keepAlive !== undefined) {
        if (expect.keepAlive !== "open" && expect.keepAlive !== "drain")
          throw new CaseError(`${where}: keepAlive is "open" or "drain", got ${JSON.stringify(expect.keepAlive)}`);
        if (input.kind !== "http" || !testCase.needs.includes("http:drain"))
          throw new CaseError(`${where}: a keepAlive step sends HTTP, and its case needs http:drain`);
        if (expect.keepAlive === "drain" && i !== testCase.steps.length - 1)
          throw new CaseError(`${where}: a drain step is the case's last (the instance takes nothing after it)`);
      }
      if (expect.exitCode !== undefined && (expect.keepAlive !== "drain" || !Number.isInteger(expect.exitCode)))
        throw new CaseError(`${where}: exitCode is a drain step's, an integer`);
      if (expect.event !== undefined && expect.events !== undefined) throw new CaseError(`${where}: name event or events, not both`);
      if ((input.kind === "native" || input.kind === "fixture") && expect.event === undefined && expect.events === undefined) {
        throw new CaseError(`${where}: a native input names the event it makes (or events: [])`);
      }
      if (expect.event !== undefined) checkExpected(expect.event, "event");
      if (expect.events !== undefined) checkExpected(expect.events, "events");
      if (expect.logs !== undefined) checkExpected(expect.logs, "logs");
      if (expect.outcome !== undefined) checkExpected(expect.outcome, "outcome");
      if (expect.response !== undefined) {
        unknownKeys(expect.response, RESPONSE_KEYS, "response");
        if (typeof expect.response.status !== "number") throw new CaseError("response: status is required");
        if (expect.response.statusText !== undefined && !testCase.needs.includes("http:status-text"))
          throw new CaseError("response: names a statusText, so its case needs http:status-text");
        checkExpected(expect.response, "response");
      }
    } catch (error) {
      if (error instanceof CaseError) fail(error.message);
      throw error;
    }
  });
}
