// The baseline for the meter: examples/hello written by hand as a Workers module, with the same checks.
import * as z from "zod/mini";

// The same zod/mini schema as examples/hello: the meter's ratios are what fnport adds, not what validation costs.
const HelloSchema = z.object({
  name: z._default(z.string({ error: "name must be a string" }).check(z.minLength(1, "name must not be empty")), "world"),
});

const reply = (status: number, data: unknown, headers?: Record<string, string>): Response =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== "/hello") return reply(404, { error: `No route for ${pathname}` });
    if (request.method !== "POST") return reply(405, { error: "Use POST" }, { allow: "POST" });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return reply(400, { error: "Body is not valid JSON" });
    }
    const parsed = z.safeParse(HelloSchema, body);
    if (!parsed.success) return reply(400, { error: "Body does not match the schema" });
    return reply(200, { message: `hello, ${parsed.data.name}` });
  },
};
