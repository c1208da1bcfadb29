// The streamed hello's baseline on Lambda: a streaming handler written by hand (the prelude, 8 null bytes, then the
// same two chunks with the same pause), as `awslambda.HttpResponseStream.from` would write them.
import { STREAMED_HELLO } from "@fnport/conformance/hello";
import type { LambdaResponseStream } from "../../src/index.ts";

const prelude = JSON.stringify({ statusCode: STREAMED_HELLO.status, headers: STREAMED_HELLO.headers });

export async function handler(_event: unknown, responseStream: LambdaResponseStream): Promise<void> {
  responseStream.write(prelude);
  responseStream.write(new Uint8Array(8));
  responseStream.write(STREAMED_HELLO.chunks[0]);
  await new Promise((resolve) => setTimeout(resolve, STREAMED_HELLO.pauseMs));
  responseStream.write(STREAMED_HELLO.chunks[1]);
  await new Promise<void>((resolve) => responseStream.end(resolve));
}
