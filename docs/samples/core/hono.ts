import { contextOf, defineHandler, fromFetch, HttpError } from "@fnport/core";
import { Hono } from "hono";

const audited: string[] = []; // stands in for an audit log

async function audit(id: string): Promise<void> {
  audited.push(id); // work that may finish after the response
}

const app = new Hono().get("/todos/:id", (c) => {
  const ctx = contextOf(c.req.raw); // fnport's context: log, requestId, deps, env, signal, ...
  const id = c.req.param("id");
  if (id === "0") throw new HttpError(404, "No todo 0"); // → 404 {"error":"No todo 0"}, no onError needed
  ctx.log.info("reading todo", { id }); // one JSON line with the request id
  c.executionCtx.waitUntil(audit(id)); // ctx.waitUntil
  return c.json({ id, requestId: ctx.requestId });
});

export default defineHandler(fromFetch(app));
