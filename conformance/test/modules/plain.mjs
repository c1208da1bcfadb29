// A JavaScript harness module for a tiny all-or-nothing adapter: an object literal, no helper.
import { createMessagesEvent, createRunner, requireAllDone } from "@fnport/core/adapter";
import { createConformanceApp } from "../../src/app.ts";

export default {
  name: "plain js",
  capabilities: new Set(["messages", "delivery:all-or-nothing"]),
  messageSource: "plain",
  async start() {
    const { app, recorded } = createConformanceApp();
    const runner = createRunner(app, { provider: "plain", write: () => {} });
    return {
      async deliver(input) {
        const messages = input.batch.messages.map((message) => ({
          id: message.id,
          body: message.body,
          publishedAt: new Date(message.publishedAt),
          raw: message,
        }));
        try {
          requireAllDone(await runner.messages(createMessagesEvent({ source: "plain", messages, raw: input }), { env: {} }));
          return { output: { kind: "messages", failed: [] }, native: "accepted" };
        } catch (error) {
          return { output: { kind: "messages", batchFailed: true, error: String(error) }, native: "redelivered" };
        }
      },
      recorded: async () => recorded,
      close: async () => {},
    };
  },
};
