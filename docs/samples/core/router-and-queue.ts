import { createRouter, defineHandler, forEachMessage, json } from "@fnport/core";

interface Deps {
  counts: Map<string, number>; // a real app keeps state in a store (see "State")
}

const router = createRouter<Deps>().get("/counts/:name", (event, ctx) => json({ count: ctx.deps.counts.get(event.params.name) ?? 0 }));

export default defineHandler({
  init: (): Deps => ({ counts: new Map() }),
  handle(event, ctx) {
    switch (event.kind) {
      case "http":
        return router.handle(event, ctx);
      case "messages":
        return forEachMessage(event, async (message) => {
          const name = await message.text();
          ctx.deps.counts.set(name, (ctx.deps.counts.get(name) ?? 0) + 1);
        });
      default:
        ctx.log.info("ignored", { kind: event.kind });
    }
  },
});
