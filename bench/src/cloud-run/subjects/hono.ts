// Hono on its Node.js server.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono().post("/hello", async (c) => {
  const { name } = await c.req.json<{ name: string }>();
  return c.json({ message: `hello, ${name}` });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST as string });
