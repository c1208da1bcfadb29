// Raw, answering as fnport does: a null-prototype header record and fnport's content type.
// A function, not an arrow: arrows cannot be constructed (workerd throws "… is not a constructor").
const Rec = function Rec() {} as unknown as new () => Record<string, string>;
Rec.prototype = Object.freeze(Object.create(null));
const json = (status: number, data: unknown): Response => {
  const headers = new Rec();
  headers["content-type"] = "application/json; charset=utf-8";
  return new Response(JSON.stringify(data), { status, headers });
};
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
