// The baseline for the meter: examples/hello written by hand for API Gateway v2, with the same checks.
import * as z from "zod/mini";

// The same zod/mini schema as examples/hello: the meter's ratios are what fnport adds, not what validation costs.
const HelloSchema = z.object({
  name: z._default(z.string({ error: "name must be a string" }).check(z.minLength(1, "name must not be empty")), "world"),
});
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
  let body: unknown;
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
    body = JSON.parse(text);
  } catch {
    return reply(400, { error: "Body is not valid JSON" });
  }
  const parsed = z.safeParse(HelloSchema, body);
  if (!parsed.success) return reply(400, { error: "Body does not match the schema" });
  return reply(200, { message: `hello, ${parsed.data.name}` });
};
