// Raw, reading the body as bytes and decoding short ASCII in JS (no TextDecoder call).
const json = (status: number, data: unknown): Response =>
  new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json" } });
const utf8 = new TextDecoder();
function decode(bytes: Uint8Array): string {
  if (bytes.length <= 64) {
    let s = "";
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (b >= 0x80) return utf8.decode(bytes);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return utf8.decode(bytes);
}
export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== "/hello" || request.method !== "POST") return json(404, { error: `No route for ${pathname}` });
    let body: { name: string };
    try {
      body = JSON.parse(decode(new Uint8Array(await request.arrayBuffer())));
    } catch {
      return json(400, { error: "Body is not valid JSON" });
    }
    return json(200, { message: `hello, ${body.name}` });
  },
};
