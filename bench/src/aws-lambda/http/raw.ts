// The baseline: the hello written by hand for an HTTP API (payload 2.0).
type V2Event = { rawPath: string; body?: string; isBase64Encoded: boolean; requestContext: { http: { method: string } } };

const reply = (statusCode: number, data: unknown) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(data),
});

export const handler = async (event: V2Event) => {
  if (event.rawPath !== "/hello") return reply(404, { error: `No route for ${event.rawPath}` });
  if (event.requestContext.http.method !== "POST") return reply(405, { error: "Use POST" });
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
  let body: { name: string };
  try {
    body = JSON.parse(text);
  } catch {
    return reply(400, { error: "Body is not valid JSON" });
  }
  return reply(200, { message: `hello, ${body.name}` });
};
