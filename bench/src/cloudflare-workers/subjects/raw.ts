// The baseline: the hello written by hand as a Workers module.
const json = (status: number, data: unknown): Response =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json" } });

export default {
  async fetch(request: Request): Promise<Response> {
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
