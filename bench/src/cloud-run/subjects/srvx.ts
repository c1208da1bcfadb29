// srvx with its FastResponse (a Response that skips the Web Response object on Node).
import { FastResponse, serve } from "srvx";

serve({
  port: Number(process.env.PORT),
  hostname: process.env.HOST as string,
  silent: true,
  async fetch(request) {
    if (new URL(request.url).pathname !== "/hello" || request.method !== "POST") return new FastResponse("Not found", { status: 404 });
    const { name } = (await request.json()) as { name: string };
    return new FastResponse(JSON.stringify({ message: `hello, ${name}` }), { headers: { "content-type": "application/json" } });
  },
});
