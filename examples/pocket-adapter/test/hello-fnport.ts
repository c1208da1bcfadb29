// The meter's fnport hello: the suite's hello app behind pocket(), answering HELLO_REQUEST.
import { HELLO_REQUEST, helloApp } from "@fnport/conformance/hello";
import type { PocketRequest } from "../src/native.ts";
import { pocket } from "../src/pocket.ts";

const fn = pocket(helloApp);
const request: PocketRequest = {
  id: "meter",
  method: HELLO_REQUEST.method,
  target: HELLO_REQUEST.path,
  headers: Object.entries(HELLO_REQUEST.headers),
  body: new TextEncoder().encode(HELLO_REQUEST.body),
  deadline: Date.now() + 3_600_000,
};
const utf8 = new TextDecoder();

export async function hello(): Promise<{ status: number; body: string }> {
  const response = await fn.http(request);
  return { status: response.status, body: response.body === null ? "" : utf8.decode(response.body) };
}
