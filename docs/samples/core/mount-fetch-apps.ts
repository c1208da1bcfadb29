import { createRouter, defineHandler, fromFetch, HttpError, json } from "@fnport/core";
import { H3 } from "h3";
import { Hono } from "hono";
import { AutoRouter } from "itty-router";

const legacy = new Hono().get("/legacy/report/:year", (c) => c.text(`report ${c.req.param("year")}`));

// h3 answers errors itself: hand an HttpError's answer back (h3 wraps what was thrown in error.cause).
const h3 = new H3({ onError: (error) => (error.cause instanceof HttpError ? error.cause.getResponse() : undefined) }).get(
  "/h3/items/:id",
  (event) => ({ id: event.context.params?.id }),
);

// itty-router's AutoRouter catches errors too: let them through to fnport.
const itty = AutoRouter({
  catch: (error) => {
    throw error;
  },
}).get("/itty/items/:id", ({ params }) => ({ id: params.id }));

const router = createRouter()
  .get("/health", () => json({ ok: true }))
  .mount("/legacy", fromFetch(legacy)) // every method at /legacy and below; Hono sees the whole path
  .mount("/h3", fromFetch(h3))
  .mount("/itty", fromFetch(itty));

export default defineHandler(router.handle);
