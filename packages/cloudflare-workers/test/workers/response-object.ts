// A module wrapping `worker(app).fetch`, as one composing Workers handlers does: it answers with what it got
// back for a handler's own Response (the same object or another, its `cf`), which neither the client nor the
// runtime sees (Cloudflare: `cf` is "only used by consumers of the Response").
import { defineHandler } from "@fnport/core";
import { type WorkerHandlers, worker } from "../../src/index.ts";
import { GZIPPED_HELLO } from "./_gzip.ts";

/** The Response the handler returned last. */
let returned: Response | undefined;

// `cf` is Workers' own ResponseInit member.
const own = (body: string | Uint8Array | null, init: ResponseInit & { cf?: unknown }): Response => {
  returned = new Response(body, init as ResponseInit);
  return returned;
};

const handlers: WorkerHandlers = worker(
  defineHandler<undefined, unknown>((event) => {
    if (event.kind !== "http") return undefined;
    switch (event.path) {
      case "/encoded":
        return own(GZIPPED_HELLO, { headers: { "content-encoding": "gzip" }, cf: { tag: "encoded" } });
      case "/encoded-empty":
        return own(null, { status: 204, headers: { "content-encoding": "gzip" }, cf: { tag: "encoded-empty" } });
      default:
        return own("plain", { status: 202, cf: { tag: "plain" } });
    }
  }),
);

const wrapper: Pick<WorkerHandlers, "fetch"> = {
  async fetch(request, env, ctx) {
    const response = await handlers.fetch(request, env, ctx);
    const cf = (response as { cf?: unknown }).cf ?? null;
    return Response.json({ same: response === returned, status: response.status, cf });
  },
};
export default wrapper;
