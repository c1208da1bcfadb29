// `pnpm hello`: runs the hello app on a few requests through @fnport/core/testing and prints the answers.
import { httpEvent, invoke } from "@fnport/core/testing";
import app from "./app.ts";

const requests = [
  httpEvent({ method: "POST", path: "/hello", body: { name: "Ada" } }),
  httpEvent({ method: "POST", path: "/hello", body: {} }),
  httpEvent({ method: "POST", path: "/hello", body: "{not json", headers: { "content-type": "application/json" } }),
  httpEvent({ method: "POST", path: "/hello", body: { name: 42 } }),
  httpEvent({ method: "GET", path: "/hello" }),
];

for (const request of requests) {
  const response = await invoke(app, request);
  console.log(`${request.method} ${request.path} ${JSON.stringify(await request.text())} -> ${response.status} ${response.text}`);
}
