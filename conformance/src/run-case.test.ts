import { describe, expect, test } from "vitest";
import { fakeHarness } from "../test/fake-harness.ts";
import { allCases } from "./cases/index.ts";
import type { ConformanceCase } from "./cases/types.ts";
import { patched, runCase } from "./run-case.ts";
import { type CaseInput, type ConformanceHarness, DELIVERY_MODELS, type Delivery } from "./types.ts";

const caseById = (id: string): ConformanceCase => {
  const found = allCases.find((testCase) => testCase.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
};
// The neutral messages cases: the native ones need a provider's own events; the fake harness reads no logs.
const messagesCases = allCases.filter(
  (testCase) => testCase.needs.includes("messages") && !testCase.needs.some((need) => need.startsWith("native:") || need === "logs"),
);

/** Counts what a harness was asked to deliver. */
function counting(harness: ConformanceHarness): { harness: ConformanceHarness; inputs: CaseInput[] } {
  const inputs: CaseInput[] = [];
  return {
    inputs,
    harness: {
      ...harness,
      async start() {
        const instance = await harness.start();
        return {
          ...instance,
          deliver(input) {
            inputs.push(input);
            return instance.deliver(input);
          },
        };
      },
    },
  };
}

describe("delivery models", () => {
  test.each(DELIVERY_MODELS)("an honest %s harness passes every messages case", async (model) => {
    const harness = fakeHarness({ model });
    harness.capabilities = new Set([...harness.capabilities, "ordered-messages"]);
    const results = await Promise.all(messagesCases.map((testCase) => runCase(harness, testCase)));
    expect(results.filter((result) => result.status !== "pass")).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(8);
  });

  test("per-message: an adapter that reports every message done is caught", async () => {
    const harness = fakeHarness({ report: () => ({ kind: "messages", failed: [] }) });
    expect(await runCase(harness, caseById("messages.some-fail"))).toEqual({
      id: "messages.some-fail",
      status: "fail",
      message: 'messages: ["msg-1","msg-3"] reported done, but the handler did not finish them: they must be delivered again',
    });
    // Slow messages: reporting before the handler finished is the same mistake.
    expect((await runCase(harness, caseById("messages.slow-messages"))).message).toBe(
      'messages: ["msg-2"] reported done, but the handler did not finish them: they must be delivered again',
    );
  });

  test("per-message: an adapter that fails the whole batch for one failure is caught", async () => {
    const harness = fakeHarness({
      report: (_ids, failed) =>
        failed?.length === 0 ? { kind: "messages", failed: [] } : { kind: "messages", batchFailed: true, error: "x" },
    });
    expect((await runCase(harness, caseById("messages.some-fail"))).message).toBe(
      'messages: ["msg-2"] delivered again, but the handler finished them and the provider can avoid it',
    );
  });

  test("all-or-nothing: a harness that reports part of a batch is refused", async () => {
    const harness = fakeHarness({ model: "all-or-nothing", report: (_ids, failed) => ({ kind: "messages", failed: [...(failed ?? [])] }) });
    expect((await runCase(harness, caseById("messages.some-fail"))).message).toBe(
      'messages: an all-or-nothing provider delivers a batch again whole, but the harness reported only ["msg-1","msg-3"] of ["msg-1","msg-2","msg-3"] as failed',
    );
  });

  test("a harness reporting an id it was not given is refused", async () => {
    const harness = fakeHarness({ report: () => ({ kind: "messages", failed: ["nope"] }) });
    expect((await runCase(harness, caseById("messages.all-succeed"))).message).toBe(
      'messages: the harness reported ["nope"] as failed, but the delivery held ["msg-1","msg-2","msg-3"]',
    );
  });

  test("single: one message per delivery, every recorded event compared", async () => {
    const { harness, inputs } = counting(fakeHarness({ model: "single" }));
    expect(await runCase(harness, caseById("messages.all-succeed"))).toEqual({ id: "messages.all-succeed", status: "pass" });
    expect(inputs.map((input) => (input.kind === "messages" ? input.batch.messages.map((message) => message.id) : []))).toEqual([
      ["msg-1"],
      ["msg-2"],
      ["msg-3"],
    ]);
  });

  test("single: an ordered batch stops at the first message delivered again; the rest count as not done", async () => {
    const fake = fakeHarness({ model: "single" });
    fake.capabilities = new Set([...fake.capabilities, "ordered-messages"]);
    const { harness, inputs } = counting(fake);
    expect(await runCase(harness, caseById("messages.ordered-stops-at-failure"))).toEqual({
      id: "messages.ordered-stops-at-failure",
      status: "pass",
    });
    expect(inputs.length).toBe(2);
  });

  test("single: an adapter that acknowledges a failed message is caught", async () => {
    const harness = fakeHarness({ model: "single", report: () => ({ kind: "messages", failed: [] }) });
    expect((await runCase(harness, caseById("messages.handler-throws"))).message).toBe(
      'messages: ["msg-2"] reported done, but the handler did not finish them: they must be delivered again',
    );
  });

  test("a delivery handled twice is seen even where the case names no event", async () => {
    const result = await runCase(fakeHarness({ twice: true }), caseById("messages.some-fail"));
    expect(result.message).toMatch(/^events: expected 1 recorded, got 2: /);
  });

  test("a message delivered twice is seen: every recorded event is compared", async () => {
    const harness = fakeHarness({ twice: true });
    const result = await runCase(harness, caseById("messages.all-succeed"));
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/^events: expected 1 recorded, got 2: /);
  });
});

describe("what a harness reads back", () => {
  // Workers' and Cloud Run's harnesses read the recorded events through the app: a failing adapter answers that too.
  test("recorded events that are not a list (a generic 500's JSON) fail the case saying so", async () => {
    const honest = fakeHarness();
    const harness: ConformanceHarness = {
      ...honest,
      async start() {
        const instance = await honest.start();
        return { ...instance, recorded: async () => ({ error: "Internal Server Error" }) as never };
      },
    };
    expect(await runCase(harness, caseById("http.request.query-and-headers"))).toEqual({
      id: "http.request.query-and-headers",
      status: "fail",
      message: `threw: the harness's recorded() gave {"error":"Internal Server Error"}, not a list`,
    });
  });
});

describe("an adapter that answers with another kind of outcome is wrong, not the case", () => {
  /** The honest fake, but every delivery of `kind` answered with `output` and never handed to the app. */
  function answering(kind: CaseInput["kind"], output: Delivery["output"]): ConformanceHarness {
    const honest = fakeHarness();
    return {
      ...honest,
      async start() {
        const instance = await honest.start();
        return { ...instance, deliver: async (input) => (input.kind === kind ? { output, native: output } : instance.deliver(input)) };
      },
    };
  }

  test("an echo step refused before the handler ran: the missing event and the answer, no blame on the case", async () => {
    const refused: Delivery["output"] = { kind: "http", status: 413, headers: {}, cookies: [], bodyBase64: "" };
    expect(await runCase(answering("http", refused), caseById("http.request.query-and-headers"))).toEqual({
      id: "http.request.query-and-headers",
      status: "fail",
      message: `events: expected 1 recorded, got 0: []; response: the handler ran 0 times, so nothing to echo; got ${JSON.stringify(refused)}`,
    });
  });

  test("a message delivery answered as an event: the outcome it gave and the messages it did not report", async () => {
    const result = await runCase(answering("messages", { kind: "event", ok: true }), caseById("messages.all-succeed"));
    expect(result.status).toBe("fail");
    expect(result.message).toContain('an event outcome the step does not expect: {"kind":"event","ok":true}');
    expect(result.message).not.toContain("the case is wrong");
  });
});

describe("cookies", () => {
  // A provider that takes cookies as objects writes its own Set-Cookie lines: attribute order and case vary.
  const respell = (cookies: string[]) =>
    cookies.map((cookie) => {
      const [pair, ...attributes] = cookie.split("; ");
      return [pair, ...attributes.reverse().map((attribute) => attribute.toLowerCase())].join("; ");
    });

  test("are compared exactly, unless the harness says its provider takes structured cookies", async () => {
    const exact = await runCase(fakeHarness({ cookies: respell }), caseById("http.result.two-cookies"));
    expect(exact.message).toBe(
      'response.cookies[0]: expected "a=1; Path=/; HttpOnly", got "a=1; httponly; path=/"; response.cookies[1]: expected "b=2; Path=/; Secure", got "b=2; secure; path=/"',
    );
    const byMeaning = fakeHarness({ cookies: respell, structuredCookies: true });
    expect(await runCase(byMeaning, caseById("http.result.two-cookies"))).toEqual({ id: "http.result.two-cookies", status: "pass" });
    expect(await runCase(byMeaning, caseById("http.result.cookie-attributes"))).toEqual({
      id: "http.result.cookie-attributes",
      status: "pass",
    });
  });

  test("by meaning still catches a lost attribute", async () => {
    const dropHttpOnly = (cookies: string[]) => cookies.map((cookie) => cookie.replace("; HttpOnly", ""));
    const result = await runCase(fakeHarness({ cookies: dropHttpOnly, structuredCookies: true }), caseById("http.result.two-cookies"));
    expect(result.message).toBe("response.cookies (by meaning)[0].httpOnly: expected true, got undefined");
  });
});

describe("patched fixtures", () => {
  const fixture = { Records: [{ s3: { object: { key: "a", sequencer: "s" } } }], top: 1 };

  test("a JSON pointer replaces that value, a plain key the top-level one; the fixture itself is untouched", () => {
    expect(patched(fixture, { "/Records/0/s3/object/key": "b", top: 2 })).toEqual({
      Records: [{ s3: { object: { key: "b", sequencer: "s" } } }],
      top: 2,
    });
    expect(fixture.Records[0]?.s3.object.key).toBe("a");
  });

  test("undefined removes the key (a pointer or a top-level one)", () => {
    const result = patched(fixture, { "/Records/0/s3/object/sequencer": undefined, top: undefined }) as Record<string, unknown>;
    expect(result).toStrictEqual({ Records: [{ s3: { object: { key: "a" } } }] });
    expect("top" in result).toBe(false);
  });

  test("a pointer through a missing object is an error in the case", () => {
    expect(() => patched(fixture, { "/Records/3/s3": "x" })).toThrow("patch /Records/3/s3: 3 is not an object or array in the fixture");
  });
});

describe("deploy", () => {
  const noContent = (deploy: ConformanceCase["deploy"], needs: ConformanceCase["needs"]): ConformanceCase => ({
    id: "deploy.sample",
    title: "a sample",
    needs,
    ...(deploy === undefined ? {} : { deploy }),
    steps: [
      { input: { kind: "http", request: { method: "GET", path: "/" } }, behaviour: "no-content", expect: { response: { status: 204 } } },
    ],
  });

  test("start() gets the case's deploy spec", async () => {
    const fake = fakeHarness();
    const seen: unknown[] = [];
    const harness: ConformanceHarness = {
      ...fake,
      capabilities: new Set([...fake.capabilities, "deploy-env", "tenant-id"]),
      start(deploy) {
        seen.push(deploy);
        return fake.start();
      },
    };
    const deploy = { env: { A: "1" }, tenantId: "t" };
    expect(await runCase(harness, noContent(deploy, ["http", "deploy-env", "tenant-id"]))).toEqual({ id: "deploy.sample", status: "pass" });
    expect(await runCase(harness, noContent(undefined, ["http"]))).toEqual({ id: "deploy.sample", status: "pass" });
    expect(seen).toEqual([deploy, undefined]);
  });

  test("a case that deploys with env or a tenant needs the capability for it", async () => {
    const harness = fakeHarness();
    expect((await runCase(harness, noContent({ env: { A: "1" } }, ["http"]))).message).toBe(
      "the case is wrong: deploy.sample: sets deploy.env, so it needs deploy-env",
    );
    expect((await runCase(harness, noContent({ tenantId: "t" }, ["http"]))).message).toBe(
      "the case is wrong: deploy.sample: sets deploy.tenantId, so it needs tenant-id",
    );
    expect((await runCase(harness, noContent({ timeoutMs: 1000 }, ["http"]))).message).toBe(
      "the case is wrong: deploy.sample: sets deploy.timeoutMs, so it needs deploy-timeout",
    );
    expect((await runCase(harness, noContent({ verifiedDeliveries: true }, ["http"]))).message).toBe(
      "the case is wrong: deploy.sample: sets deploy.verifiedDeliveries (true), so it needs verified-deliveries",
    );
    expect((await runCase(harness, noContent({ region: "x" } as never, ["http"]))).message).toBe(
      'the case is wrong: deploy.sample: deploy: unknown key "region"',
    );
  });
});

describe("drain steps", () => {
  /** A fake harness whose instances keep connections and report `lines` and `exit` once told to stop. */
  const draining = (capabilities: string[], lines: string[], exit: number | null): ConformanceHarness => {
    const fake = fakeHarness();
    return {
      ...fake,
      capabilities: new Set([...fake.capabilities, "logs", "http:drain", ...capabilities] as never),
      async start() {
        const instance = await fake.start();
        let stopped = false;
        return {
          ...instance,
          keepAlive: async (input, drain) => {
            stopped = drain;
            return instance.deliver(input);
          },
          logs: async () => (stopped ? lines : []),
          exitCode: async () => exit,
        };
      },
    };
  };
  const drainCase = (expect: Record<string, unknown>): ConformanceCase => ({
    id: "drain.sample",
    title: "a sample",
    needs: ["http", "http:drain"],
    steps: [
      {
        input: { kind: "http", request: { method: "GET", path: "/" } },
        behaviour: "no-content",
        expect: { keepAlive: "drain", response: { status: 204 }, ...expect },
      },
    ],
  });
  const line = '{"message":"stopping"}';

  test("a drain step's exit code is compared with instance-exit (default 0), and not without it", async () => {
    expect(await runCase(draining(["instance-exit"], [], 0), drainCase({}))).toEqual({ id: "drain.sample", status: "pass" });
    expect(await runCase(draining(["instance-exit"], [], 1), drainCase({ exitCode: 1 }))).toEqual({ id: "drain.sample", status: "pass" });
    const wrong = await runCase(draining(["instance-exit"], [], null), drainCase({ exitCode: 1 }));
    expect(wrong.status).toBe("fail");
    expect(wrong.message).toContain("exitCode");
    expect(await runCase(draining([], [], null), drainCase({ exitCode: 1 }))).toEqual({ id: "drain.sample", status: "pass" });
  });

  test("a drain step's log lines are compared with logs:drain, and not without it", async () => {
    const unexpected = await runCase(draining(["logs:drain"], [line], 0), drainCase({}));
    expect(unexpected.status).toBe("fail");
    expect(unexpected.message).toContain("stopping");
    expect(await runCase(draining(["logs:drain"], [line], 0), drainCase({ logs: [{ message: "stopping" }] }))).toEqual({
      id: "drain.sample",
      status: "pass",
    });
    expect(await runCase(draining([], [line], 0), drainCase({ logs: [] }))).toEqual({ id: "drain.sample", status: "pass" });
  });

  test("exitCode belongs to a drain step, and a drain timeout needs http:drain-timeout", async () => {
    const open = drainCase({ keepAlive: "open", exitCode: 0 });
    expect((await runCase(draining([], [], 0), open)).message).toBe(
      "the case is wrong: drain.sample: expect: exitCode is a drain step's, an integer",
    );
    expect((await runCase(draining([], [], 0), { ...drainCase({}), deploy: { drainTimeoutMs: 100 } })).message).toBe(
      "the case is wrong: drain.sample: sets deploy.drainTimeoutMs, so it needs http:drain-timeout",
    );
  });
});
