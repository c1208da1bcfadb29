// A handler that answers with `fetch(upstream)` itself: the upstream's Response, as Workers hands it back
// (`?manual`: fetched with `encodeResponseBody: "manual"`, its body left encoded).
import { defineHandler } from "@fnport/core";
import { type WorkerHandlers, worker } from "../../src/index.ts";

const handlers: WorkerHandlers<{ UPSTREAM: string }> = worker(
  defineHandler<undefined, { UPSTREAM: string }>((event, ctx) => {
    if (event.kind !== "http") return undefined;
    const init = event.query.manual === undefined ? {} : ({ encodeResponseBody: "manual" } as RequestInit);
    return fetch(`${ctx.env.UPSTREAM}${event.path}`, init);
  }),
);
export default handlers;
