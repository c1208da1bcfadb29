// The streamed hello's baseline on Workers: the same two chunks with the same pause, written by hand.
import { STREAMED_HELLO } from "@fnport/conformance/hello";

const encoder = new TextEncoder();

export default {
  fetch(request: Request): Response {
    if (new URL(request.url).pathname !== STREAMED_HELLO.path) return new Response(null, { status: 404 });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode(STREAMED_HELLO.chunks[0]));
        await new Promise((resolve) => setTimeout(resolve, STREAMED_HELLO.pauseMs));
        controller.enqueue(encoder.encode(STREAMED_HELLO.chunks[1]));
        controller.close();
      },
    });
    return new Response(body, { status: STREAMED_HELLO.status, headers: STREAMED_HELLO.headers });
  },
};
