// The meter's baseline: the same hello written by hand on Pocket's native API, validating with validateHello.
import { HELLO_REQUEST, validateHello } from "@fnport/conformance/hello";
import type { PocketRequest, PocketResponse } from "../src/native.ts";

const utf8 = new TextEncoder();
const reply = (status: number, data: unknown, headers?: Record<string, string>): PocketResponse => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8", ...headers },
  cookies: [],
  body: utf8.encode(JSON.stringify(data)),
});

export async function http(request: PocketRequest): Promise<PocketResponse> {
  const path = request.target.split("?")[0];
  if (path !== "/hello") return reply(404, { error: `No route for ${path}` });
  if (request.method !== "POST") return reply(405, { error: "Use POST" }, { allow: "POST" });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(request.body ?? new Uint8Array()));
  } catch (error) {
    return reply(400, { error: `Body is not valid JSON: ${(error as Error).message}` });
  }
  const parsed = validateHello(body);
  if ("issues" in parsed) return reply(400, { error: "Body does not match the schema", issues: parsed.issues });
  return reply(200, { message: `hello, ${parsed.value.name}` });
}

const request: PocketRequest = {
  id: "meter",
  method: HELLO_REQUEST.method,
  target: HELLO_REQUEST.path,
  headers: Object.entries(HELLO_REQUEST.headers),
  body: utf8.encode(HELLO_REQUEST.body),
  deadline: Date.now() + 3_600_000,
};
const decoder = new TextDecoder();

export async function hello(): Promise<{ status: number; body: string }> {
  const response = await http(request);
  return { status: response.status, body: response.body === null ? "" : decoder.decode(response.body) };
}
