// Raw node:http that also reads `req.headers` (node builds that object on first read; fnport reads it per request).
import { createServer } from "node:http";

const json = (res: import("node:http").ServerResponse, status: number, data: unknown) => {
  const body = JSON.stringify(data);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
};

export let seen = 0;

createServer((req, res) => {
  seen += Object.keys(req.headers).length;
  if (req.url !== "/hello" || req.method !== "POST") return json(res, 404, { error: `No route for ${req.url}` });
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    let body: { name: string };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return json(res, 400, { error: "Body is not valid JSON" });
    }
    json(res, 200, { message: `hello, ${body.name}` });
  });
}).listen(Number(process.env.PORT), process.env.HOST);
