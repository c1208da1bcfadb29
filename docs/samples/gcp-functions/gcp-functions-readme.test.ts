// Runs the samples of packages/gcp-functions/README.md on the real Functions Framework: the entry files
// register their functions on import; the framework's own test server serves each by its name.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { expect, test } from "vitest";
import "./index.ts";
import "./verify.ts";

async function serve(name: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = getTestServer(name);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test("index.ts registers hello: an HTTP request reaches the app", async () => {
  const hello = await serve("hello");
  try {
    const response = await fetch(`${hello.url}/a%20b`);
    expect([response.status, await response.text()]).toEqual([200, '{"path":"/a%20b"}']);
  } finally {
    await hello.close();
  }
});

test("verify.ts registers orders: a push to eventPath without Google's token is refused, other paths are plain http", async () => {
  const orders = await serve("orders");
  try {
    const push = await fetch(`${orders.url}/_events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)",
      },
      body: JSON.stringify({ message: { data: "aGk=", messageId: "1" }, subscription: "projects/p/subscriptions/s" }),
    });
    expect([push.status, await push.text()]).toEqual([401, '{"error":"Unauthorized"}']);
    const page = await fetch(`${orders.url}/orders`);
    expect([page.status, await page.text()]).toEqual([200, '{"path":"/orders"}']);
  } finally {
    await orders.close();
  }
});
