// The meter's baseline: the hello written by hand as a Workers module, keeping the suite's raw-hello
// contract (the same answers, validated with the same `validateHello`).
import { validateHello } from "@fnport/conformance/hello";

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
    } catch (error) {
      return reply(400, { error: `Body is not valid JSON: ${(error as Error).message}` });
    }
    const parsed = validateHello(body);
    if ("issues" in parsed) return reply(400, { error: "Body does not match the schema", issues: parsed.issues });
    return reply(200, { message: `hello, ${parsed.value.name}` });
  },
};
