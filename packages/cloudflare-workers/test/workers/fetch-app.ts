// A test worker: fnport's router with a Hono app mounted under /api through fromFetch().
import { contextOf, createRouter, defineHandler, fromFetch, HttpError, json } from "@fnport/core";
import { Hono } from "hono";
import { type WorkerHandlers, worker } from "../../src/index.ts";

interface Env {
  GREETING: string;
}

let waited = false;

const hono = new Hono<{ Bindings: Env }>()
  .get("/api/todos/:id", (c) => {
    const ctx = contextOf(c.req.raw);
    ctx.log.info("reading todo", { id: c.req.param("id") });
    return c.json({ id: c.req.param("id"), requestId: ctx.requestId, greeting: c.env.GREETING, provider: ctx.provider });
  })
  .delete("/api/todos/:id", (c) => {
    throw new HttpError(403, `todo ${c.req.param("id")} is not yours`, { headers: { "x-owner": "someone-else" } });
  })
  .get("/api/wait", (c) => {
    waited = false;
    const log = contextOf(c.req.raw).log;
    c.executionCtx.waitUntil(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          waited = true;
          log.info("background work done");
          resolve();
        }, 100),
      ),
    );
    return c.json({ waited });
  })
  .get("/api/waited", (c) => c.json({ waited }));

const router = createRouter<undefined, Env>()
  .get("/files/:name", (event) => json({ name: event.params.name }))
  .mount("/api", fromFetch<undefined, Env>(hono));

const handlers: WorkerHandlers<Env> = worker(defineHandler<undefined, Env>(router.handle));
export default handlers;
