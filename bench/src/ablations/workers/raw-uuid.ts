// Raw, plus what fnport's runner adds per request that might cost in workerd: a random UUID and a Date.now().
const json = (status: number, data: unknown): Response =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json" } });
// Kept on globalThis so the bundler keeps the work (a Worker module may export handlers only).
const keep = globalThis as { sink?: unknown };
export default {
  async fetch(request: Request): Promise<Response> {
    keep.sink = [crypto.randomUUID(), request.headers.get("content-length"), request.headers.get("cf-ray"), request.bodyUsed];
    const { pathname } = new URL(request.url);
    if (pathname !== "/hello" || request.method !== "POST") return json(404, { error: `No route for ${pathname}` });
    let body: { name: string };
    try {
      body = JSON.parse(await request.text());
    } catch {
      return json(400, { error: "Body is not valid JSON" });
    }
    return json(200, { message: `hello, ${body.name}` });
  },
};
