// The meter's baseline: the hello written by hand for API Gateway v2, keeping the suite's raw-hello
// contract (the same answers, validated with the same `validateHello`).
import { validateHello } from "@fnport/conformance/hello";
import { helloContext, helloEvent } from "./event.ts";

type V2Event = { rawPath: string; body?: string; isBase64Encoded: boolean; requestContext: { http: { method: string } } };
type V2Result = { statusCode: number; headers: Record<string, string>; body: string };

const reply = (statusCode: number, data: unknown, headers?: Record<string, string>): V2Result => ({
  statusCode,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(data),
});

export const handler = async (event: V2Event, _context: unknown): Promise<V2Result> => {
  if (event.rawPath !== "/hello") return reply(404, { error: `No route for ${event.rawPath}` });
  if (event.requestContext.http.method !== "POST") return reply(405, { error: "Use POST" }, { allow: "POST" });
  let body: unknown;
  try {
    const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
    body = JSON.parse(text);
  } catch (error) {
    return reply(400, { error: `Body is not valid JSON: ${(error as Error).message}` });
  }
  const parsed = validateHello(body);
  if ("issues" in parsed) return reply(400, { error: "Body does not match the schema", issues: parsed.issues });
  return reply(200, { message: `hello, ${parsed.value.name}` });
};

export async function hello(): Promise<{ status: number; body: string }> {
  const result = await handler(helloEvent as V2Event, helloContext);
  return { status: result.statusCode, body: result.body };
}
