// The meter's baseline: the hello written by hand on node:http, keeping the suite's raw-hello contract (the
// same answers, validated with the same `validateHello`); it listens on $PORT and prints the port it got.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { validateHello } from "@fnport/conformance/hello";

function reply(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(data);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse, text: string) {
  const path = (req.url ?? "/").split("?", 1)[0];
  if (path !== "/hello") reply(res, 404, { error: `No route for ${path}` });
  else if (req.method !== "POST") reply(res, 405, { error: "Use POST" }, { allow: "POST" });
  else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      reply(res, 400, { error: `Body is not valid JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = validateHello(body);
    if ("issues" in parsed) reply(res, 400, { error: "Body does not match the schema", issues: parsed.issues });
    else reply(res, 200, { message: `hello, ${parsed.value.name}` });
  }
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
