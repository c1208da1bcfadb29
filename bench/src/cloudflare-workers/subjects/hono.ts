import { Hono } from "hono";

export default new Hono().post("/hello", async (c) => {
  const { name } = await c.req.json<{ name: string }>();
  return c.json({ message: `hello, ${name}` });
});
