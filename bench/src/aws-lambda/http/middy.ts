// middy with no middleware: the least a middy hello costs (a body parser middleware would add to it).
import middy from "@middy/core";

type V2Event = { rawPath: string; body?: string; requestContext: { http: { method: string } } };

const reply = (statusCode: number, data: unknown) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(data),
});

export const handler = middy<V2Event>().handler(async (event) => {
  if (event.rawPath !== "/hello" || event.requestContext.http.method !== "POST") return reply(404, { error: "No route" });
  const { name } = JSON.parse(event.body ?? "") as { name: string };
  return reply(200, { message: `hello, ${name}` });
});
