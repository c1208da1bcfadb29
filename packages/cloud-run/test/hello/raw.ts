// The meter's baseline: examples/hello written by hand on node:http, with the same zod/mini schema and the
// same answers, listening on $PORT like the Cloud Run entry; it prints the port it got, as cloudRun() does.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as z from "zod/mini";

const HelloSchema = z.object({
  name: z._default(z.string({ error: "name must be a string" }).check(z.minLength(1, "name must not be empty")), "world"),
});

function reply(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(data);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse, text: string) {
  const path = (req.url ?? "/").split("?", 1)[0];
  if (path !== "/hello") return reply(res, 404, { error: `No route for ${path}` });
  if (req.method !== "POST") return reply(res, 405, { error: "Use POST" }, { allow: "POST" });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return reply(res, 400, { error: `Body is not valid JSON: ${(error as Error).message}` });
  }
  const parsed = z.safeParse(HelloSchema, body);
  if (!parsed.success) return reply(res, 400, { error: "Body does not match the schema" });
  reply(res, 200, { message: `hello, ${parsed.data.name}` });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8")));
});
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST, () => {
  process.stdout.write(`${JSON.stringify({ message: "listening", port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
