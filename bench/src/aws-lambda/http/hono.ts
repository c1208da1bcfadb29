import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

const app = new Hono().post("/hello", async (c) => {
  const { name } = await c.req.json<{ name: string }>();
  return c.json({ message: `hello, ${name}` });
});

export const handler = handle(app);
