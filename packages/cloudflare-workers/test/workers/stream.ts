// A test worker whose results stream: chunks as produced, an empty stream, a failure mid-way, a large body.
import { defineHandler, json } from "@fnport/core";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
// Chunks the large body has produced so far, read by /produced while a slow client holds it back.
let produced = 0;

async function* parts(...texts: string[]): AsyncGenerator<string> {
  for (const text of texts) {
    await pause(5);
    yield text;
  }
}

async function* failing(): AsyncGenerator<string> {
  yield "first;";
  await pause(5);
  throw new Error("the upstream broke");
}

async function* large(chunks: number): AsyncGenerator<Uint8Array> {
  produced = 0;
  for (let index = 0; index < chunks; index++) {
    produced++;
    yield new Uint8Array(64 * 1024).fill(index % 251);
  }
}

const app = defineHandler((event) => {
  if (event.kind !== "http") return undefined;
  switch (event.path) {
    case "/chunks":
      return {
        status: 201,
        headers: { "content-type": "text/plain; charset=utf-8" },
        cookies: ["a=1; Path=/", "b=2"],
        body: parts("one;", "two;", "three"),
      };
    case "/empty":
      return { status: 202, headers: { "x-empty": "yes" }, cookies: ["e=1"], body: parts() };
    case "/fail":
      return { headers: { "content-type": "text/plain" }, body: failing() };
    case "/large":
      return { headers: { "content-type": "application/octet-stream" }, body: large(Number(event.query.chunks ?? "160")) };
    case "/produced":
      return json({ produced });
    default:
      return {
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("readable"));
            controller.close();
          },
        }),
      };
  }
});

const handlers: WorkerHandlers = worker(app);
export default handlers;
