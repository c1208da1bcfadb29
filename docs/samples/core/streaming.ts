import { defineHandler } from "@fnport/core";

async function* countdown(from: number): AsyncGenerator<string> {
  for (let n = from; n > 0; n--) {
    yield `data: ${n}\n\n`; // each chunk goes out as it is produced, where the provider streams
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export default defineHandler(() => ({
  headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  cookies: ["seen=1; Path=/"], // sent with the status, before the first chunk
  body: countdown(3), // or a ReadableStream, or a Response with a stream body
}));
