// serverless-http around a bare node (req, res) handler, no framework: what the wrapper itself costs.
import type { IncomingMessage, ServerResponse } from "node:http";
import serverless from "serverless-http";

export const handler = serverless((req: IncomingMessage & { body?: Buffer }, res: ServerResponse) => {
  if (req.url !== "/hello" || req.method !== "POST") {
    res.statusCode = 404;
    res.end();
    return;
  }
  const { name } = JSON.parse(String(req.body)) as { name: string };
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ message: `hello, ${name}` }));
});
