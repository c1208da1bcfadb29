// The baseline for the meter: examples/hello written by hand for API Gateway v2, with the same checks.
type V2Event = { rawPath: string; body?: string; isBase64Encoded: boolean; requestContext: { http: { method: string } } };
type V2Result = { statusCode: number; headers: Record<string, string>; body: string };

const reply = (statusCode: number, data: unknown): V2Result => ({
  statusCode,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(data),
});

export const handler = async (event: V2Event): Promise<V2Result> => {
  if (event.rawPath !== "/hello") return reply(404, { error: `No route for ${event.rawPath}` });
  if (event.requestContext.http.method !== "POST") return reply(405, { error: "Use POST" });
  let body: { name?: unknown };
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
    body = JSON.parse(text);
  } catch {
    return reply(400, { error: "Body is not valid JSON" });
  }
  const name = body?.name ?? "world";
  if (typeof name !== "string" || name === "") return reply(400, { error: "Body does not match the schema" });
  return reply(200, { message: `hello, ${name}` });
};
