// Time to first byte on Lambda's streaming path: each streamed hello runs in this process with a response
// stream that notes when each write arrives (Lambda's runtime relays those writes to the client as they come).
import { Writable } from "node:stream";
import type { MeterHarness } from "@fnport/conformance";
import { STREAMED_HELLO } from "@fnport/conformance/hello";
import type { LambdaResponseStream, LambdaStreamingHandler } from "../src/index.ts";
import { lambdaHttpEvent } from "./conformance-events.ts";

/**
 * Each streamed hello builds its handler when imported, so it is imported when first metered: importing the
 * harness module builds nothing (a handler that threw while built would fail the whole test file, every case
 * with it, rather than the cases that meet the fault).
 */
const handlers: Record<"fnport" | "raw", () => Promise<LambdaStreamingHandler>> = {
  fnport: async () => (await import("./hello/fnport-stream.ts")).handler,
  raw: async () => (await import("./hello/raw-stream.ts")).handler,
};
const event = lambdaHttpEvent("function-url", { method: STREAMED_HELLO.method, path: STREAMED_HELLO.path }, "meter-stream");
const context = { awsRequestId: "meter-stream", functionName: "meter", getRemainingTimeInMillis: () => 30_000 };
const SEPARATOR = Buffer.alloc(8);

/** A response stream that keeps every non-empty write with the time it arrived. */
class TimedStream extends Writable {
  readonly writes: Array<{ bytes: Buffer; at: bigint }> = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    if (chunk.byteLength > 0) this.writes.push({ bytes: chunk, at: process.hrtime.bigint() });
    done();
  }
}

/**
 * One streamed hello: the nanoseconds from the invocation to the write carrying its first body byte; rejects
 * unless the prelude says 200 and that write is the first chunk alone, with the whole body following.
 */
async function firstByte(handler: LambdaStreamingHandler): Promise<number> {
  const out = new TimedStream();
  const started = process.hrtime.bigint();
  await handler(event, out as unknown as LambdaResponseStream, context);
  const written = Buffer.concat(out.writes.map((write) => write.bytes));
  const split = written.indexOf(SEPARATOR);
  const prelude = JSON.parse(written.subarray(0, split).toString("utf8")) as { statusCode?: number };
  let offset = 0;
  const body = out.writes.flatMap(({ bytes, at }) => {
    const from = Math.max(0, split + SEPARATOR.byteLength - offset);
    offset += bytes.byteLength;
    return from < bytes.byteLength ? [{ text: bytes.subarray(from).toString("utf8"), at }] : [];
  });
  const [first] = body;
  if (
    prelude.statusCode !== STREAMED_HELLO.status ||
    first?.text !== STREAMED_HELLO.chunks[0] ||
    body.map((part) => part.text).join("") !== STREAMED_HELLO.chunks.join("")
  ) {
    throw new Error(
      `the streamed hello wrote ${JSON.stringify(written.toString("latin1"))}, not its prelude and ${JSON.stringify(STREAMED_HELLO.chunks)}`,
    );
  }
  return Number(first.at - started);
}

/** The meter's `firstByte` for Lambda's streaming path. */
export const lambdaFirstByte: NonNullable<MeterHarness["firstByte"]> = async (which, count) => {
  let total = 0;
  const handler = await handlers[which]();
  for (let i = 0; i < count; i++) total += await firstByte(handler);
  return total;
};
