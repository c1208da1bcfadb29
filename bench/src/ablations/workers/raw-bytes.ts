// Raw, reading the body as fnport does: arrayBuffer() and a TextDecoder instead of text().
const json = (status: number, data: unknown): Response =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json" } });
const utf8 = new TextDecoder();
export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== "/hello" || request.method !== "POST") return json(404, { error: `No route for ${pathname}` });
    let body: { name: string };
    try {
      body = JSON.parse(utf8.decode(new Uint8Array(await request.arrayBuffer())));
    } catch {
      return json(400, { error: "Body is not valid JSON" });
    }
    return json(200, { message: `hello, ${body.name}` });
  },
};
