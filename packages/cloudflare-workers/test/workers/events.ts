// A test worker for `queue` and `scheduled`: it records what the handler saw; `fetch` reads the record
// back (`/recorded`) or sends messages to its own queue (`/send`, producer → consumer through the runtime).
import { defineHandler, forEachMessage, json, type Message } from "@fnport/core";
import { encodeBase64 } from "@fnport/core/adapter";
import { type WorkerHandlers, worker } from "../../src/index.ts";

interface QueueProducer {
  send(body: unknown, options?: { contentType?: "text" | "bytes" | "json" | "v8" }): Promise<void>;
}

interface Env {
  GREETING: string;
  QUEUE?: QueueProducer;
}

let initCalls = 0;
const recorded: unknown[] = [];

async function readMessage(message: Message) {
  let json: unknown;
  try {
    json = await message.json();
  } catch (error) {
    json = `(not JSON) ${(error as Error).message}`;
  }
  return {
    id: message.id,
    text: await message.text(),
    bytesBase64: encodeBase64(await message.bytes()),
    json,
    attempt: message.attempt,
    publishedAt: message.publishedAt?.toISOString(),
    rawType: Object.prototype.toString.call((message.raw as { body: unknown }).body),
  };
}

const app = defineHandler<{ greeting: string }, Env>({
  init(env) {
    initCalls++;
    return { greeting: env.GREETING };
  },
  async handle(event, ctx) {
    const context = {
      provider: ctx.provider,
      coldStart: ctx.coldStart,
      deadline: ctx.deadline ?? null,
      greeting: ctx.deps.greeting,
      initCalls,
    };
    switch (event.kind) {
      case "http": {
        if (event.path === "/recorded") return json(recorded);
        if (event.path === "/send") {
          const queue = ctx.env.QUEUE;
          if (!queue) throw new Error("no QUEUE binding");
          await queue.send("plain text", { contentType: "text" });
          await queue.send({ n: 1, list: ["a"] }, { contentType: "json" });
          await queue.send(new Uint8Array([0, 1, 254, 255]), { contentType: "bytes" });
          await queue.send(
            new Map<string, unknown>([
              ["when", new Date(Date.UTC(2026, 0, 2))],
              ["big", 12n],
            ]),
            { contentType: "v8" },
          );
          return json({ sent: 4 });
        }
        return json(context);
      }
      case "messages": {
        const messages = await Promise.all(event.messages.map(readMessage));
        recorded.push({ kind: event.kind, source: event.source, ordered: event.ordered, messages, context });
        if (messages.some((message) => message.text === "throw-batch")) throw new Error("batch handler threw");
        if (messages.some((message) => message.text === "lambda-shape")) return { batchItemFailures: [{ itemIdentifier: "m1" }] } as never;
        return forEachMessage(
          event,
          async (message) => {
            if ((await message.text()) === "fail") throw new Error("failed on purpose");
          },
          { onError: () => {} },
        );
      }
      case "schedule":
        recorded.push({ kind: event.kind, scheduledTime: event.scheduledTime.toISOString(), cron: event.cron ?? null, context });
        if (event.cron === "0 0 * * *") throw new Error("scheduled handler threw");
        if (event.cron === "1 1 1 1 1") ctx.waitUntil(Promise.reject(new Error("background work failed")));
        return undefined;
      default:
        throw new Error(`unexpected ${event.kind}`);
    }
  },
});

const handlers: WorkerHandlers<Env> = worker(app);
export default handlers;
