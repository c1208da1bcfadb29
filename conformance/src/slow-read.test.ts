import { describe, expect, test } from "vitest";
import { PRODUCED_PATH } from "./app.ts";
import { LARGE_CHUNK_BYTES } from "./app-streaming.ts";
import { allCases } from "./cases/index.ts";
import type { ConformanceCase } from "./cases/types.ts";
import { runCase } from "./run-case.ts";
import type { ConformanceHarness, HarnessInstance, OpenedResponse } from "./types.ts";

const backpressure = allCases.find((testCase) => testCase.id === "http.stream.backpressure") as ConformanceCase;
const MIB = 1024 * 1024;

interface FakeStream {
  /** How much the producer makes before anything is read (an adapter without backpressure: all of it). */
  eager?: boolean;
  /** Bytes the body has (default: what the case asks). */
  bytes?: number;
  /** A byte offset whose value is wrong. */
  corruptAt?: number;
}

/** A harness whose provider streams the case's body from a producer the reader pulls (or one that runs ahead). */
function fakeStreaming(fake: FakeStream = {}): ConformanceHarness {
  return {
    name: "fake streaming",
    capabilities: new Set(["http", "http:stream-backpressure"]),
    async start(): Promise<HarnessInstance> {
      let produced = 0;
      const instance: HarnessInstance = {
        async deliver(input) {
          if (input.kind !== "http" || input.request.path !== PRODUCED_PATH) throw new Error("only the produced count is delivered");
          const body = Buffer.from(JSON.stringify({ bytes: produced })).toString("base64");
          return { output: { kind: "http", status: 200, headers: {}, cookies: [], bodyBase64: body }, native: null };
        },
        async open(input): Promise<OpenedResponse> {
          const total = fake.bytes ?? Number(new URLSearchParams(input.kind === "http" ? input.request.rawQuery : "").get("bytes"));
          let sent = 0;
          if (fake.eager) produced = total;
          return {
            status: 200,
            async read() {
              if (sent >= total) return undefined;
              const chunk = new Uint8Array(Math.min(LARGE_CHUNK_BYTES, total - sent)).fill((sent / LARGE_CHUNK_BYTES) % 251);
              if (fake.corruptAt !== undefined && fake.corruptAt >= sent && fake.corruptAt < sent + chunk.byteLength) {
                chunk[fake.corruptAt - sent] = 255;
              }
              sent += chunk.byteLength;
              // A pulled producer: one chunk in flight beyond what was read.
              produced = Math.max(produced, Math.min(total, sent + LARGE_CHUNK_BYTES));
              return chunk;
            },
            close: () => undefined,
          };
        },
        recorded: async () => [],
        close: async () => undefined,
      };
      return instance;
    },
  };
}

describe("http.stream.backpressure: a slow client reading 100 MB", { timeout: 20_000 }, () => {
  test("a provider whose producer is pulled by the client passes", async () => {
    expect(await runCase(fakeStreaming(), backpressure)).toEqual({ id: "http.stream.backpressure", status: "pass" });
  });

  test("a producer that runs ahead of the client (no backpressure) fails, with how far it ran", async () => {
    const result = await runCase(fakeStreaming({ eager: true }), backpressure);
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(
      /^backpressure: while the client read nothing the app produced 10[0-9]{7} bytes beyond what it had read \(at most 16777216, plus [0-9]+ the sockets between may hold\)/,
    );
  });

  test("a body cut short or with a wrong byte fails", async () => {
    expect((await runCase(fakeStreaming({ bytes: 2 * MIB }), backpressure)).message).toBe(
      "response body: expected 104857600 bytes, read 2097152; the body ended before the pauses at 52428800 bytes",
    );
    expect((await runCase(fakeStreaming({ corruptAt: 3 * LARGE_CHUNK_BYTES + 8192 }), backpressure)).message).toBe(
      "response body: byte 204800 is not the body's (chunk 3)",
    );
  });

  test("a harness that declares the capability without open() fails the case", async () => {
    const harness = fakeStreaming();
    const start = harness.start.bind(harness);
    harness.start = async () => {
      const { open: _open, ...instance } = await start();
      return instance;
    };
    expect((await runCase(harness, backpressure)).message).toBe(
      "the harness declares http:stream-backpressure, but its instance has no open()",
    );
  });

  test("a slowRead step that names more than the status is a wrong case", async () => {
    const [step] = backpressure.steps;
    const wrong: ConformanceCase = {
      ...backpressure,
      steps: [{ ...(step as NonNullable<typeof step>), expect: { ...step?.expect, logs: [] } }],
    };
    expect((await runCase(fakeStreaming(), wrong)).message).toBe(
      "the case is wrong: http.stream.backpressure: expect: a slowRead step names the response status alone",
    );
  });
});
