// A client that disconnects, in workerd over a real socket: with the `enable_request_signal` compatibility
// flag it aborts ctx.signal while the body streams; without the flag, or before the response starts, it does not.
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "./_workerd.ts";

const entry = new URL("./workers/disconnect.ts", import.meta.url);

interface Seen {
  aborted: boolean;
  reason?: [string, string];
  ticks: number;
  ended?: string;
}

/** Sends a request on a connection of its own; resolves with the request (to destroy) and its response head. */
async function open(mf: Miniflare, path: string): Promise<{ request: ClientRequest; response: Promise<IncomingMessage> }> {
  const url = new URL(path, await mf.ready);
  const request = httpRequest(url, { agent: false });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.on("response", resolve);
    request.on("error", reject);
  });
  request.end();
  return { request, response };
}

/** The first body chunk of a response. */
const firstChunk = (response: IncomingMessage): Promise<string> =>
  new Promise((resolve) => response.once("data", (chunk: Buffer) => resolve(chunk.toString())));

/** What the worker saw, once `done` holds of it (or after `timeoutMs`). */
async function seenWhen(mf: Miniflare, done: (seen: Seen) => boolean, timeoutMs = 5000): Promise<Seen> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = (await (await mf.dispatchFetch("http://worker.test/seen")).json()) as Seen;
    if (done(seen) || Date.now() > until) return seen;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Opens the ticking stream, reads its first chunk and disconnects; resolves with what the worker saw once its
 * stream stopped (no tick for 300 ms) and the number of ticks then.
 */
async function leaveMidStream(mf: Miniflare): Promise<{ first: string; seen: Seen }> {
  const { request, response } = await open(mf, "/ticks");
  const first = await firstChunk(await response);
  request.destroy();
  let last = -1;
  for (;;) {
    const seen = await seenWhen(mf, () => true);
    if (seen.ticks === last || seen.ticks >= 500) return { first, seen };
    last = seen.ticks;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe("a client that disconnects, in workerd", { timeout: 30_000 }, () => {
  let flagged: Miniflare;
  let plain: Miniflare;

  beforeAll(async () => {
    [{ mf: flagged }, { mf: plain }] = await Promise.all([
      startWorker(entry, { compatibilityFlags: ["enable_request_signal"] }),
      startWorker(entry),
    ]);
  }, 30_000);
  afterAll(async () => {
    await Promise.all([flagged?.dispose(), plain?.dispose()]);
  });

  it("with enable_request_signal: leaving mid-stream aborts ctx.signal, and the body is pulled no more", async () => {
    const { first, seen } = await leaveMidStream(flagged);
    expect(first).toBe("tick 0;");
    expect([seen.aborted, seen.reason]).toEqual([true, ["AbortError", "The client disconnected"]]);
    expect(seen.ticks).toBeLessThan(500);
  });

  it("without the flag: the body is pulled no more, but ctx.signal never fires (pinned)", async () => {
    const { first, seen } = await leaveMidStream(plain);
    expect(first).toBe("tick 0;");
    expect([seen.aborted, seen.reason, seen.ticks < 500]).toEqual([false, undefined, true]);
  });

  it("with the flag, a client that leaves before the response starts does not abort ctx.signal: workerd reports it only once the body streams (pinned)", async () => {
    const { request, response } = await open(flagged, "/late");
    response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    request.destroy();
    const seen = await seenWhen(flagged, (candidate) => candidate.ended !== undefined);
    expect([seen.ended, seen.aborted]).toEqual(["complete", false]);
  });
});
